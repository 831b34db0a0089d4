// End-to-end: crawling a folder in the crawl worker. The folder picker gets a dataset tree from
// ../shared/data/datasets/; the page shows progress, the tables and partitions the CLI's `glueprint crawl`
// finds for the same tree, and saves them to the catalog under the re-crawl policy.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cliCrawl, cliCrawlRequests, crawledTables, downloadOf, openApp as openAppIn, poll, repo, shared, useBrowser } from './support.mjs';

const datasets = path.join(shared, 'data/datasets');
const smallParquet = path.join(datasets, 'sales_hive/year=2023/month=01/part-0000.parquet');

/**
 * A Hive-partitioned tree of `count` small Parquet files (copies of one 1.4 KB file) under
 * tests/out/many/events: year=2020..2024 / month=01..12, spread evenly. Generated, never committed.
 */
function manyFiles(count) {
  const root = path.join(repo, 'tests/out/many/events');
  rmSync(path.join(repo, 'tests/out/many'), { recursive: true, force: true });
  const folders = [];
  for (let year = 2020; year <= 2024; year++) {
    for (let month = 1; month <= 12; month++) {
      folders.push(path.join(root, `year=${year}`, `month=${String(month).padStart(2, '0')}`));
    }
  }
  for (const folder of folders) mkdirSync(folder, { recursive: true });
  for (let i = 0; i < count; i++) {
    copyFileSync(smallParquet, path.join(folders[i % folders.length], `part-${String(i).padStart(5, '0')}.parquet`));
  }
  return { root, partitions: folders.length };
}

/** Records the longest main-thread task (Long Tasks API) from the page's first script on. */
async function watchLongTasks(context) {
  await context.addInitScript(() => {
    window.__longestTask = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longestTask = Math.max(window.__longestTask, entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
}

describe('Crawling a folder', { timeout: 600_000 }, () => {
  const env = useBrowser();

  for (const dataset of ['sales_hive', 'events_plain', 'mixed']) {
    it(`finds in ${dataset} the tables and partitions the CLI finds`, async () => {
      const { context, page, noErrors } = await openAppIn(env.browser, env.baseUrl);
      try {
        await page.getByTestId('folder-input').setInputFiles(path.join(datasets, dataset));
        await page.getByTestId('crawl-panel').waitFor({ state: 'visible' });
        await page.getByTestId('crawl-database').fill('lake');
        await page.getByTestId('crawl-location').fill(`s3://bucket/${dataset}/`);
        await page.getByTestId('crawl-start').click();
        await page.getByTestId('crawl-outcome').waitFor({ state: 'visible' });
        const counts = (await page.getByTestId('crawl-counts').textContent()).trim();
        assert.match(counts, /^(\d+) of \1 files/);
        assert.deepEqual(await crawledTables(page), cliCrawl(path.join(datasets, dataset), `s3://bucket/${dataset}/`));
        noErrors();
      } finally {
        await context.close();
      }
    });
  }

  it('reads small files together, and files changed or removed after the folder was picked fail alone', async () => {
    // The crawl reads consecutive small files with one composite read (app/src/crawl/grouped_reads.rs);
    // a file changed on disk since it was picked fails that read, and each file of its group is then read
    // alone. A removed file (its size reads 0) is never grouped.
    const root = path.join(repo, 'tests/out/changed/sales_hive');
    rmSync(path.dirname(root), { recursive: true, force: true });
    cpSync(path.join(datasets, 'sales_hive'), root, { recursive: true });
    const changed = 'year=2023/month=01/part-0001.parquet';
    const removed = 'year=2024/month=02/part-0001.parquet';
    const { context, page } = await openAppIn(env.browser, env.baseUrl);
    try {
      await page.getByTestId('folder-input').setInputFiles(root);
      appendFileSync(path.join(root, changed), 'appended');
      rmSync(path.join(root, removed));
      await page.getByTestId('crawl-database').fill('lake');
      await page.getByTestId('crawl-location').fill('s3://bucket/sales_hive/');
      await page.getByTestId('crawl-start').click();
      await page.getByTestId('crawl-outcome').waitFor({ state: 'visible' });
      const errors = (await page.getByTestId('crawl-file-error').allTextContents()).map((t) => t.trim()).sort();
      assert.equal(errors.length, 2, `two files fail: ${errors}`);
      assert.match(errors[0], new RegExp(`^${changed}: .*cannot read the file: .*could not be read`));
      assert.match(errors[1], new RegExp(`^${removed}: .*cannot read the file: .*could not be found`));
      // The other files of their groups were read: the tables are the CLI's for the folder as it is now.
      rmSync(path.join(root, changed));
      assert.deepEqual(await crawledTables(page), cliCrawl(root, 's3://bucket/sales_hive/'));
    } finally {
      await context.close();
    }
  });

  it('saves a crawl to the catalog, and a re-crawl reports nothing new', async () => {
    const { context, page, noErrors } = await openAppIn(env.browser, env.baseUrl);
    try {
      const crawl = async () => {
        await page.getByTestId('folder-input').setInputFiles(path.join(datasets, 'sales_hive'));
        await page.getByTestId('crawl-database').fill('lake');
        await page.getByTestId('crawl-location').fill('s3://bucket/sales_hive/');
        await page.getByTestId('crawl-start').click();
        await page.getByTestId('crawl-outcome').waitFor({ state: 'visible' });
        await page.getByTestId('crawl-review').click();
        await page.getByTestId('crawl-plan').waitFor({ state: 'visible' });
        return (await page.getByTestId('crawl-finding').allTextContents()).map((t) => t.trim());
      };
      const first = await crawl();
      assert.ok(first.some((f) => /sales_hive/.test(f)), `a new table is planned: ${first}`);
      await page.getByTestId('crawl-save').click();
      const status = await poll(
        async () => (await page.getByTestId('crawl-save-status').textContent()).trim(),
        (s) => s !== '',
      );
      assert.equal(status, 'Saved to the catalog.');
      await page.getByTestId('catalog-table').filter({ hasText: /^\s*sales_hive\s*$/ }).first().waitFor();

      // The saved table has the crawl's partitions, and its Glue export is the CLI crawl's requests.
      await page.getByTestId('catalog-table').filter({ hasText: /^\s*sales_hive\s*$/ }).first().click();
      await page.getByTestId('table-page').waitFor({ state: 'visible' });
      const count = await poll(
        async () => (await page.getByTestId('partitions-count').textContent()).trim(),
        (t) => /^4 partitions/.test(t),
      );
      assert.match(count, /^4 partitions/);
      const cli = cliCrawlRequests(path.join(datasets, 'sales_hive'), 's3://bucket/sales_hive/');
      const panel = page.getByTestId('table-page').getByTestId('export-panel');
      await panel.getByTestId('export-target').selectOption('glue');
      const exported = async (name) => {
        const entry = panel.locator(`[data-testid="export-file"][data-file="${name}"]`);
        await entry.waitFor({ state: 'visible' });
        return JSON.parse((await downloadOf(page, () => entry.getByTestId('export-download').click())).text);
      };
      assert.deepEqual(await exported('create_table.json'), cli.CreateTable);
      assert.deepEqual(await exported('batch_create_partition.json'), cli.BatchCreatePartition);

      // The same folder again: nothing changed, so nothing to save.
      const second = await crawl();
      assert.equal(await page.getByTestId('crawl-save').isDisabled(), true, `findings: ${second}`);
      noErrors();
    } finally {
      await context.close();
    }
  });

  it('crawls 10,000 files off the UI thread, cancels within a second, and finishes a second run', async () => {
    const { root, partitions } = manyFiles(10_000);
    const context = await env.browser.newContext();
    await watchLongTasks(context);
    const { page, noErrors } = await openAppIn(env.browser, env.baseUrl, { context });
    try {
      await page.getByTestId('folder-input').setInputFiles(root);
      await page.getByTestId('crawl-panel').waitFor({ state: 'visible' });
      assert.match((await page.getByTestId('crawl-folder').textContent()).trim(), /^events: 10000 files/);

      // Cancel once the worker is well under way: it stops at the next file boundary.
      await page.getByTestId('crawl-start').click();
      const started = await poll(
        async () => Number((await page.getByTestId('crawl-counts').textContent()).split(' ')[0]),
        (done) => done >= 100,
      );
      assert.ok(started >= 100, 'the crawl makes progress');
      const cancelledAt = Date.now();
      await page.getByTestId('crawl-cancel').click();
      await poll(
        async () => (await page.getByTestId('crawl-status').textContent()).trim(),
        (s) => s.startsWith('Cancelled'),
      );
      const cancelMs = Date.now() - cancelledAt;
      assert.equal(await page.getByTestId('crawl-outcome').count(), 0, 'a cancelled crawl shows no tables');

      // The whole crawl, measured.
      const t0 = Date.now();
      await page.evaluate(() => (window.__longestTask = 0));
      await page.getByTestId('crawl-start').click();
      await page.getByTestId('crawl-outcome').waitFor({ state: 'visible', timeout: 300_000 });
      const crawlMs = Date.now() - t0;
      const longestTaskMs = await page.evaluate(() => window.__longestTask);
      assert.match((await page.getByTestId('crawl-counts').textContent()).trim(), /^10000 of 10000 files/);
      assert.deepEqual(await crawledTables(page), {
        events: {
          columns: 'id bigint, name string, amount double',
          keys: 'year, month',
          partitions,
        },
      });
      const report = { files: 10_000, crawlMs, cancelMs, longestMainThreadTaskMs: longestTaskMs };
      mkdirSync(path.join(repo, 'tests/out'), { recursive: true });
      writeFileSync(path.join(repo, 'tests/out/crawl-10k.json'), `${JSON.stringify(report, null, 2)}\n`);
      console.log(`crawl of 10,000 files: ${JSON.stringify(report)}`);
      noErrors();
    } finally {
      await context.close();
      rmSync(path.join(repo, 'tests/out/many'), { recursive: true, force: true });
    }
  });
});
