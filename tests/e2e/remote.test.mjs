// End-to-end: crawling remote objects. A moto S3 server runs on 127.0.0.1 behind a counting proxy (every
// request the browser sends, preflights included, is recorded on the server side with its method, Range
// and the bytes answered); tests/e2e/remote_moto.py creates a bucket with a CORS rule for the app's
// origin and one without, uploads the sales_hive dataset and single files, and presigns GET URLs (SigV4).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { cliCrawl, cliJson, crawledTables, openApp, repo, shared, startBrowser, startMoto, TIMEOUT } from './support.mjs';

const KEY_ID = 'AKIAGLUEPRINTTEST';
const SECRET = 'glueprintSecretKeyThatMustNeverLeak0123';

/**
 * A proxy in front of moto that records each request: method, `bucket/key`, Range and Authorization
 * headers, the `X-Amz-Signature` (to look for it in the page afterwards) and the bytes of the answer's body.
 */
function startProxy(target) {
  const log = [];
  const server = http.createServer((req, res) => {
    const { pathname, searchParams } = new URL(req.url, target);
    const entry = {
      method: req.method,
      object: decodeURIComponent(pathname.slice(1)),
      range: req.headers.range ?? null,
      signature: searchParams.get('X-Amz-Signature'),
      authorization: req.headers.authorization ?? null,
      bytes: 0,
    };
    log.push(entry);
    const upstream = http.request(new URL(req.url, target), { method: req.method, headers: req.headers }, (answer) => {
      entry.status = answer.statusCode;
      res.writeHead(answer.statusCode, answer.headers);
      answer.on('data', (chunk) => {
        entry.bytes += chunk.length;
      });
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}`, log, server }));
  });
}

/** The requests of the log for `object` (`bucket/key`). */
const requestsFor = (log, object) => log.filter((r) => r.object === object);

/** Columns of `glueprint infer` for a local file, as the crawl panel shows them. */
function cliColumns(file) {
  const table = JSON.parse(cliJson('lake', 's3://lake/x/', file)).TableInput;
  return table.StorageDescriptor.Columns.map((c) => `${c.Name} ${c.Type}`).join(', ');
}

/** Fails if a secret is in the page's IndexedDB, its text, or the console messages. */
async function assertNowhere(page, messages, secrets) {
  const stored = await dumpIndexedDb(page);
  assert.match(stored, /s3:\/\/lake\//, 'the dump holds the saved tables');
  const text = await page.evaluate(() => document.documentElement.textContent);
  assert.match(text, /s3:\/\/lake\//, 'the page text holds the tables');
  assert.ok(secrets.length > 0 && secrets.every((s) => s.length >= 32), 'secrets to look for');
  for (const secret of secrets) {
    assert.ok(!stored.includes(secret), 'a secret is stored in IndexedDB');
    assert.ok(!text.includes(secret), 'a secret is in the page text');
    assert.ok(!messages.some((m) => m.includes(secret)), 'a secret is in a console message');
  }
}

/** Saves the crawl shown to the catalog and waits for table `name` in the catalog panel. */
async function saveCrawl(page, name) {
  await page.getByTestId('crawl-review').click();
  await page.getByTestId('crawl-save').click();
  await page.getByTestId('catalog-table').filter({ hasText: new RegExp(`^\\s*${name}\\s*$`) }).first().waitFor();
}

/** Every record of every object store of every IndexedDB database of the page, as one JSON text. */
async function dumpIndexedDb(page) {
  return page.evaluate(async () => {
    const request = (r) =>
      new Promise((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    const dump = {};
    for (const { name } of await indexedDB.databases()) {
      const db = await request(indexedDB.open(name));
      for (const store of db.objectStoreNames) {
        const tx = db.transaction(store, 'readonly');
        dump[`${name}/${store}`] = await request(tx.objectStore(store).getAll());
      }
      db.close();
    }
    return JSON.stringify(dump);
  });
}

describe('Crawling S3 objects', { timeout: 180_000 }, () => {
  let browser;
  let baseUrl;
  let stop;
  let moto;
  let proxy;
  let objects;

  before(async () => {
    ({ browser, baseUrl, stop } = await startBrowser());
    moto = await startMoto();
    proxy = await startProxy(moto.url);
    objects = JSON.parse(
      execFileSync(
        'python3',
        [
          path.join(repo, 'tests/e2e/remote_moto.py'),
          ...['--moto', moto.url, '--via', proxy.url, '--origin', baseUrl, '--key-id', KEY_ID, '--secret', SECRET],
        ],
        { encoding: 'utf8' },
      ),
    );
  });

  after(async () => {
    moto?.stop();
    proxy?.server.close();
    await stop?.();
  });

  it('reads pasted Parquet, Avro and CSV URLs in the fewest round trips, keeping no signature', async () => {
    const names = [
      'lake/singles/parquet/flat_snappy.parquet',
      'lake/singles/nested/nested.parquet',
      'lake/singles/avro/orders_deflate.avro',
      'lake/singles/csv/mixed_types.csv',
    ];
    const urls = names.map((n) => objects.urls[n]);
    const signatures = urls.map((u) => new URL(u).searchParams.get('X-Amz-Signature'));
    assert.ok(signatures.every((s) => /^[0-9a-f]{64}$/.test(s)), 'the URLs are SigV4-presigned');
    const messages = [];
    const { context, page, noErrors } = await openApp(browser, baseUrl);
    page.on('console', (msg) => messages.push(msg.text()));
    try {
      proxy.log.length = 0;
      await page.getByTestId('crawl-database').fill('lake');
      await page.getByTestId('crawl-urls').fill(urls.join('\n'));
      await page.getByTestId('crawl-urls-start').click();
      await page.getByTestId('crawl-outcome').waitFor({ state: 'visible' });
      assert.equal(await page.getByTestId('crawl-file-error').count(), 0);

      // One table per folder, named after it, with the CLI's columns and the URL's folder as location.
      const rows = {};
      for (const row of await page.getByTestId('crawl-table').all()) {
        rows[(await row.getByTestId('crawl-table-name').textContent()).trim()] = {
          columns: (await row.getByTestId('crawl-table-columns').textContent()).trim(),
          location: (await row.getByTestId('crawl-table-location').textContent()).trim(),
        };
      }
      const expected = {};
      for (const name of names) {
        const folder = name.split('/').at(-2);
        expected[folder] = { columns: cliColumns(objects.files[name]), location: `s3://lake/singles/${folder}/` };
      }
      assert.deepEqual(rows, expected);

      // Server side: Parquet (size unknown) at most 2 round trips, preflight included; Avro and CSV one
      // plain prefix read, no preflight.
      const report = {};
      for (const name of names) {
        const requests = requestsFor(proxy.log, name);
        report[name] = requests.map((r) => `${r.method} ${r.range ?? ''} ${r.bytes}B`).join('; ');
        if (name.endsWith('.parquet')) {
          assert.ok(requests.length >= 1 && requests.length <= 2, `${name}: ${report[name]}`);
          assert.equal(requests.filter((r) => r.method === 'GET').length, 1, `${name}: ${report[name]}`);
        } else {
          assert.equal(requests.length, 1, `${name}: ${report[name]}`);
          assert.equal(requests[0].method, 'GET');
          assert.match(requests[0].range, /^bytes=0-\d+$/);
        }
      }
      console.log('round trips per object:', JSON.stringify(report, null, 1));

      // Saved to the catalog: the signature and the secret are nowhere in IndexedDB, the page, the console.
      await saveCrawl(page, 'parquet');
      await assertNowhere(page, messages, [...signatures, SECRET]);
      noErrors({ allow: [proxy.url] });
    } finally {
      await context.close();
    }
  });

  it('tells how to configure CORS when a bucket refuses the page', async () => {
    const { context, page } = await openApp(browser, baseUrl);
    try {
      const url = objects.urls['private/hidden/flat_none.parquet'];
      await page.getByTestId('crawl-urls').fill(url);
      await page.getByTestId('crawl-urls-start').click();
      const message = (await page.getByTestId('crawl-file-error').first().textContent({ timeout: TIMEOUT })).trim();
      assert.match(message, /aws s3api put-bucket-cors --bucket private /);
      const json = JSON.parse(message.slice(message.indexOf("'{") + 1, message.indexOf("}'") + 1));
      assert.deepEqual(json, {
        CORSRules: [
          {
            AllowedOrigins: [baseUrl],
            AllowedMethods: ['GET'],
            AllowedHeaders: ['Range'],
            ExposeHeaders: ['Content-Range', 'Content-Length', 'ETag'],
            MaxAgeSeconds: 3000,
          },
        ],
      });
      const signature = new URL(url).searchParams.get('X-Amz-Signature');
      assert.ok(!message.includes(signature), 'the message quotes the signature');
      assert.match(message, new RegExp(`${proxy.url}/private/hidden/flat_none\\.parquet`));
    } finally {
      await context.close();
    }
  });

  it('crawls an S3 prefix listed and read with SigV4 URLs as the CLI crawls the folder', async () => {
    const messages = [];
    const { context, page, noErrors } = await openApp(browser, baseUrl);
    page.on('console', (msg) => messages.push(msg.text()));
    try {
      proxy.log.length = 0;
      await page.getByTestId('crawl-database').fill('lake');
      await page.locator('details.crawl-s3 > summary').click();
      await page.getByTestId('crawl-s3-bucket').fill('lake');
      await page.getByTestId('crawl-s3-prefix').fill('sales_hive');
      await page.getByTestId('aws-region').fill('us-east-1');
      await page.getByTestId('aws-endpoint').fill(proxy.url);
      await page.getByTestId('aws-access-key-id').fill(KEY_ID);
      await page.getByTestId('aws-secret-access-key').fill(SECRET);
      await page.getByTestId('crawl-s3-start').click();
      await page.getByTestId('crawl-outcome').waitFor({ state: 'visible' });
      assert.equal(await page.getByTestId('crawl-file-error').count(), 0);
      const dataset = path.join(shared, 'data/datasets/sales_hive');
      assert.deepEqual(await crawledTables(page), cliCrawl(dataset, 's3://lake/sales_hive/'));

      const uploaded = Object.keys(objects.urls).filter((n) => n.startsWith('lake/sales_hive/'));
      assert.match(
        (await page.getByTestId('crawl-listing').textContent()).trim(),
        new RegExp(`^Listed s3://lake/sales_hive/: ${uploaded.length} objects\\.$`),
      );
      // Server side: presigned ListObjectsV2 GETs, then exactly one plain-range GET per object read and
      // none for the excluded ones; no preflight at all, no Authorization header anywhere.
      const listings = proxy.log.filter((r) => r.object === 'lake/');
      assert.ok(listings.length >= 1 && listings.every((r) => r.method === 'GET' && r.signature), 'listed');
      assert.deepEqual(proxy.log.filter((r) => r.method !== 'GET'), [], 'no preflight');
      assert.deepEqual(proxy.log.filter((r) => r.authorization), [], 'no Authorization header');
      const report = {};
      for (const name of uploaded) {
        const requests = requestsFor(proxy.log, name);
        report[name] = requests.map((r) => `${r.method} ${r.range} ${r.bytes}B`).join('; ');
        const excluded = /\/_SUCCESS$|\.crc$/.test(name);
        assert.equal(requests.length, excluded ? 0 : 1, `${name}: ${report[name]}`);
        if (!excluded) assert.match(requests[0].range, /^bytes=\d+-\d+$/, name);
      }
      console.log('requests per object:', JSON.stringify(report, null, 1));

      await saveCrawl(page, 'sales_hive');
      const signatures = proxy.log.map((r) => r.signature);
      assert.ok(signatures.every((s) => /^[0-9a-f]{64}$/.test(s)), 'every request was presigned');
      await assertNowhere(page, messages, [...signatures, SECRET]);
      noErrors({ allow: [proxy.url] });
    } finally {
      await context.close();
    }
  });
});
