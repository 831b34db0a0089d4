// End-to-end: dist/ as a static host would serve it, under a sub-path, and the same page offline.
// Every asset URL must be relative (a request outside the sub-path is a 404 and fails the test), and once
// visited, the service worker (app/static/sw.js) must bring the page back with the server gone: it
// loads, infers a dropped file and crawls a folder in the crawl worker, all from its kept copies.
//
// Run from the repository root: `node --test tests/e2e/hosting.test.mjs` after `trunk build --release --offline`.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launchChromium, openApp, poll, serveDist, shared } from './support.mjs';

const PREFIX = '/teams/data/glueprint/';
const CACHE = 'glueprint-shell-v1';
const nestedParquet = path.join(shared, 'data/parquet/nested.parquet');
const salesHive = path.join(shared, 'data/datasets/sales_hive');

/** The paths the service worker keeps, as the page sees them. */
function keptPaths(page) {
  return page.evaluate(async (name) => {
    const cache = await caches.open(name);
    return (await cache.keys()).map((request) => new URL(request.url).pathname);
  }, CACHE);
}

describe('static hosting under a sub-path, and offline once visited', { timeout: 180_000 }, () => {
  let browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it('loads every file relative to the page, then loads and works with the server gone', async () => {
    const requests = [];
    const server = await serveDist({ prefix: PREFIX, requests });
    const base = `http://127.0.0.1:${server.address().port}${PREFIX.replace(/\/$/, '')}`;
    const app = await openApp(browser, base);
    const { page } = app;

    assert.deepEqual(
      requests.filter((p) => !p.startsWith(PREFIX)),
      [],
      'every request stays under the sub-path the page was served from',
    );
    await poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller)), Boolean);
    const kept = await poll(
      () => keptPaths(page),
      (paths) => ['', 'boot.js', 'crawl_worker_loader.js', 'crawl_worker.js', 'crawl_worker_bg.wasm'].every((f) =>
        paths.includes(PREFIX + f),
      ) && paths.some((p) => /glueprint-app-[0-9a-f]+_bg\.wasm$/.test(p)),
    );
    assert.ok(kept.every((p) => p.startsWith(PREFIX)), `only the page's own files are kept: ${kept}`);
    assert.ok(kept.some((p) => /\.css$/.test(p)), `the stylesheet is kept: ${kept}`);

    // The network is gone: the server stops and refuses every connection.
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await page.reload({ waitUntil: 'load' });
    await page.getByTestId('file-input').waitFor({ state: 'attached' });

    await page.getByTestId('file-input').setInputFiles(nestedParquet);
    const card = page.getByTestId('table-card').filter({ hasText: 'nested' });
    await card.getByTestId('column-row').first().waitFor({ state: 'visible' });
    assert.equal(await card.getByTestId('column-row').count(), 6, 'nested.parquet has 6 columns');

    await page.getByTestId('folder-input').setInputFiles(salesHive);
    await page.getByTestId('crawl-panel').waitFor({ state: 'visible' });
    await page.getByTestId('crawl-database').fill('lake');
    await page.getByTestId('crawl-location').fill('s3://bucket/sales_hive/');
    await page.getByTestId('crawl-start').click();
    await page.getByTestId('crawl-outcome').waitFor({ state: 'visible' });
    assert.ok((await page.getByTestId('crawl-table').count()) >= 1, 'the offline crawl found tables');
    app.noErrors();
    await app.context.close();
  });
});
