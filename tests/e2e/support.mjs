// Shared by every end-to-end test file: a static server for dist/, Debian's Chromium through
// playwright-core, a fresh app page that collects every error, and small polling helpers.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const dist = path.join(repo, 'dist');
export const shared = path.resolve(repo, '../shared');
export const cli = path.join(repo, 'target/debug/glueprint');
export const TIMEOUT = 30_000;

// --- a tiny static server for dist/ -----------------------------------------------------------------

/** Content types of what the app's servers send (here, and bench/serve.mjs). */
export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * Serves dist/ under `prefix` (a sub-path such as `/team/tools/`, as a static host may put it); anything
 * outside it is 404. `requests`, if given, collects every requested path.
 */
export function serveDist({ prefix = '/', requests = null } = {}) {
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://localhost');
      requests?.push(url.pathname);
      if (!url.pathname.startsWith(prefix)) throw new Error('outside the served prefix');
      let rel = '/' + decodeURIComponent(url.pathname.slice(prefix.length));
      if (rel.endsWith('/')) rel += 'index.html';
      const file = path.join(dist, path.normalize(rel));
      if (!file.startsWith(dist + path.sep)) {
        res.writeHead(403).end();
        return;
      }
      const body = await readFile(file);
      res.writeHead(200, {
        'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
        'Cache-Control': 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

// --- helpers ----------------------------------------------------------------------------------------

/** Calls `read` until `done(value)` holds or the timeout passes; returns the last value either way. */
export async function poll(read, done, timeout = TIMEOUT) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The status that ends the backup import just started: "Imported …" or "Nothing was imported: …", never
 * the "Importing …" in between (nor the outcome of an earlier import, which that replaced).
 */
export function importOutcome(page) {
  return poll(
    async () => (await page.getByTestId('backup-status').textContent()).trim(),
    (t) => /^(Imported|Nothing was imported)/.test(t),
  );
}

/** `glueprint infer` of one local file, as JSON text. */
export function cliJson(database, location, file) {
  assert.ok(existsSync(cli), `${cli} is missing: run \`cargo build -p glueprint-cli\` first`);
  return execFileSync(cli, ['infer', '--database', database, '--location', location, file], {
    cwd: repo,
    encoding: 'utf8',
  });
}

/** How every test (and bench/run.mjs) launches Debian's Chromium: headless, quiet, no network of its own. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Starts the dist/ server and Chromium; `stop()` ends both. */
export async function startBrowser() {
  assert.ok(existsSync(path.join(dist, 'index.html')), 'dist/index.html is missing: run `trunk build --release --offline`');
  assert.ok(existsSync(shared), `${shared} is missing: ../shared must sit beside the repository`);
  const server = await serveDist();
  const baseUrl = `http://127.0.0.1:${server.address().port}`;
  const browser = await launchChromium();
  const stop = async () => {
    await browser.close();
    await new Promise((r) => server.close(r));
  };
  return { browser, baseUrl, stop };
}

/** Debian's Chromium, headless, with no network of its own (no updates, sync or background requests). */
export function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    timeout: TIMEOUT,
  });
}

/**
 * For a `describe` block: starts the server and Chromium before its tests and stops them after. The
 * returned object has `browser`, `baseUrl` and `openApp(options)` once the block's tests run.
 */
export function useBrowser() {
  const env = {};
  before(async () => {
    Object.assign(env, await startBrowser());
    env.openApp = (options) => openApp(env.browser, env.baseUrl, options);
  });
  after(async () => {
    await env.stop?.();
  });
  return env;
}

/**
 * A fresh context and page on the app, with every console error and page error collected.
 * `context` reuses an existing browser context (a second tab sharing its IndexedDB).
 */
export async function openApp(browser, baseUrl, { clipboard = false, context = null } = {}) {
  if (!context) {
    context = await browser.newContext({ acceptDownloads: true });
    if (clipboard) {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
    }
  }
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const errors = [];
  // Chromium asks for /favicon.ico by itself; its 404 is the browser's, not the app's.
  const isFavicon = (url) => new URL(url, baseUrl).pathname === '/favicon.ico';
  page.on('console', (msg) => {
    const where = msg.location()?.url ?? '';
    if (msg.type() === 'error' && !isFavicon(where)) {
      errors.push(`console error: ${msg.text()}${where ? ` (${where})` : ''}`);
    }
  });
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  page.on('response', (res) => {
    if (res.status() >= 400 && !isFavicon(res.url())) errors.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  page.on('requestfailed', (req) => {
    if (!isFavicon(req.url())) errors.push(`request failed: ${req.url()} (${req.failure()?.errorText})`);
  });
  // Every request of the page, its workers and its service worker: none may leave for a place the user
  // did not name (dropped files are read locally; only typed endpoints and pasted URLs are fetched).
  const requests = [];
  context.on('request', (req) => requests.push(req.url()));
  await page.goto(`${baseUrl}/`, { waitUntil: 'load' });
  assert.equal(await page.title(), 'Glueprint');
  await page.getByTestId('file-input').waitFor({ state: 'attached' });
  /** The requests that went elsewhere than the page's own origin and the origins in `allow`. */
  const requestsOutside = (allow = []) => {
    const origins = new Set([baseUrl, ...allow].map((u) => new URL(u).origin));
    return requests.filter((u) => !/^(data|blob):/.test(u) && !origins.has(new URL(u).origin));
  };
  /** No error, and no request to anywhere but the page and the origins the test's user typed (`allow`). */
  const noErrors = ({ allow = [] } = {}) => {
    assert.deepEqual(errors, [], 'the page reported errors');
    assert.deepEqual(requestsOutside(allow), [], 'requests went where the user did not ask');
  };
  return { context, page, errors, noErrors, requestsOutside };
}

/** Every record of every object store of the app's database: `{ store: [[key, value], ...] }`. */
export async function dumpStores(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const request = indexedDB.open('glueprint');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          const names = [...db.objectStoreNames];
          const tx = db.transaction(names, 'readonly');
          const out = {};
          for (const name of names) {
            const store = tx.objectStore(name);
            const keys = store.getAllKeys();
            const values = store.getAll();
            values.onsuccess = () => {
              out[name] = keys.result.map((k, i) => [k, values.result[i]]);
            };
          }
          tx.oncomplete = () => {
            db.close();
            resolve(out);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

/** Every record of every object store of every IndexedDB database of the page, as one JSON text. */
export function dumpIndexedDb(page) {
  return page.evaluate(async () => {
    const dump = {};
    for (const { name } of await indexedDB.databases()) {
      const db = await new Promise((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const store of db.objectStoreNames) {
        dump[`${name}/${store}`] = await new Promise((resolve, reject) => {
          const all = db.transaction(store).objectStore(store).getAll();
          all.onsuccess = () => resolve(all.result);
          all.onerror = () => reject(all.error);
        });
      }
      db.close();
    }
    return JSON.stringify(dump);
  });
}

/** Waits for a download started by `click()` and returns its suggested name and text. */
export async function downloadOf(page, click) {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: TIMEOUT }), click()]);
  const failure = await dl.failure();
  assert.equal(failure, null, `download failed: ${failure}`);
  return { filename: dl.suggestedFilename(), text: await readFile(await dl.path(), 'utf8') };
}

/**
 * Makes the first table of an app backup partitioned by `dt` with `count` stored partitions
 * (`day000`, `day001`, ...) at `location`dt=…/; returns the partition values. A backup is how
 * partitions reach the browser catalog without a crawl.
 */
export function partitionBackup(backup, database, location, count) {
  const table = backup.tables[0].versions[0].table;
  table.partitionKeys = [{ name: 'dt', dataType: 'string', comment: null, parameters: {} }];
  const days = Array.from({ length: count }, (_, i) => `day${String(i).padStart(3, '0')}`);
  backup.partitions = [
    {
      database,
      table: table.name,
      partitions: days.map((day) => ({
        values: [day],
        storage: { ...table.storage, location: `${location}dt=${day}/` },
        parameters: {},
      })),
    },
  ];
  return days;
}

// --- crawls ------------------------------------------------------------------------------------------

/** What `glueprint crawl` makes of folder `dir` at `location`: table name → columns, partition keys, partitions. */
export function cliCrawl(dir, location) {
  const out = cliCrawlRequests(dir, location);
  const tables = {};
  for (const request of out.CreateTable) {
    const t = request.TableInput;
    tables[t.Name] = {
      columns: t.StorageDescriptor.Columns.map((c) => `${c.Name} ${c.Type}`).join(', '),
      keys: t.PartitionKeys.map((k) => k.Name).join(', '),
      partitions: out.BatchCreatePartition.filter((b) => b.TableName === t.Name).reduce(
        (n, b) => n + b.PartitionInputList.length,
        0,
      ),
    };
  }
  return tables;
}

/** `glueprint crawl --database lake --location LOCATION DIR`: {"CreateTable": [...], "BatchCreatePartition": [...]}. */
export function cliCrawlRequests(dir, location) {
  assert.ok(existsSync(cli), `${cli} is missing: run \`cargo build -p glueprint-cli\` first`);
  return JSON.parse(
    execFileSync(cli, ['crawl', '--database', 'lake', '--location', location, dir], { cwd: repo, encoding: 'utf8' }),
  );
}

/** The crawl panel's tables, as {@link cliCrawl} gives them. */
export async function crawledTables(page) {
  const rows = page.getByTestId('crawl-table');
  const tables = {};
  for (const row of await rows.all()) {
    tables[(await row.getByTestId('crawl-table-name').textContent()).trim()] = {
      columns: (await row.getByTestId('crawl-table-columns').textContent()).trim(),
      keys: (await row.getByTestId('crawl-table-keys').textContent()).trim(),
      partitions: Number((await row.getByTestId('crawl-table-partitions').textContent()).trim()),
    };
  }
  return tables;
}

// --- local AWS ----------------------------------------------------------------------------------------

/** A free TCP port on 127.0.0.1 (listened on, then released). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** `moto_server` on a free port of 127.0.0.1; `stop()` ends it. */
export async function startMoto() {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  const up = await poll(
    async () => fetch(`${url}/moto-api/`).then((r) => r.ok, () => false),
    (ok) => ok || proc.exitCode !== null,
  );
  assert.ok(up, `moto_server did not start on port ${port}`);
  const stop = async () => {
    if (proc.exitCode === null) {
      proc.kill();
      await exited;
    }
  };
  return { url, stop };
}
