// End-to-end: crawling a folder in the crawl worker. The folder picker gets a dataset tree from
// ../shared/data/datasets/; the page shows progress, the tables and partitions the CLI's `glueprint crawl`
// finds for the same tree, and saves them to the catalog under the re-crawl policy.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { cliCrawl, crawledTables, openApp as openAppIn, poll, shared, startBrowser } from './support.mjs';

const datasets = path.join(shared, 'data/datasets');

describe('Crawling a folder', { timeout: 120_000 }, () => {
  let browser;
  let baseUrl;
  let stop;

  before(async () => {
    ({ browser, baseUrl, stop } = await startBrowser());
  });

  after(async () => {
    await stop?.();
  });

  for (const dataset of ['sales_hive', 'events_plain', 'mixed']) {
    it(`finds in ${dataset} the tables and partitions the CLI finds`, async () => {
      const { context, page, noErrors } = await openAppIn(browser, baseUrl);
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

  it('saves a crawl to the catalog, and a re-crawl reports nothing new', async () => {
    const { context, page, noErrors } = await openAppIn(browser, baseUrl);
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

      // The same folder again: nothing changed, so nothing to save.
      const second = await crawl();
      assert.equal(await page.getByTestId('crawl-save').isDisabled(), true, `findings: ${second}`);
      noErrors();
    } finally {
      await context.close();
    }
  });
});
