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

const MIME = {
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

export function serveDist() {
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://localhost');
      let rel = decodeURIComponent(url.pathname);
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

/** `glueprint infer` of one local file, as JSON text. */
export function cliJson(database, location, file) {
  assert.ok(existsSync(cli), `${cli} is missing: run \`cargo build -p glueprint-cli\` first`);
  return execFileSync(cli, ['infer', '--database', database, '--location', location, file], {
    cwd: repo,
    encoding: 'utf8',
  });
}

/** Starts the dist/ server and Chromium; `stop()` ends both. */
export async function startBrowser() {
  assert.ok(existsSync(path.join(dist, 'index.html')), 'dist/index.html is missing: run `trunk build --release --offline`');
  assert.ok(existsSync(shared), `${shared} is missing: ../shared must sit beside the repository`);
  const server = await serveDist();
  const baseUrl = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
    timeout: TIMEOUT,
  });
  const stop = async () => {
    await browser.close();
    await new Promise((r) => server.close(r));
  };
  return { browser, baseUrl, stop };
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
  await page.goto(`${baseUrl}/`, { waitUntil: 'load' });
  assert.equal(await page.title(), 'Glueprint');
  await page.getByTestId('file-input').waitFor({ state: 'attached' });
  const noErrors = () => assert.deepEqual(errors, [], 'the page reported errors');
  return { context, page, errors, noErrors };
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
