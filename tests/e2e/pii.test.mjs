// End-to-end: sensitive-data detection in the crawl worker. A folder holding pii.parquet is crawled; the
// crawl shows a badge per sensitive column with the Parameters `glueprint crawl` writes, the saved table
// takes a dismissal (a new version) that survives a re-crawl, and no sampled value of the file reaches
// IndexedDB or any export the app offers. A copy of the file with one damaged data page (it makes the
// parquet crate's page decoder panic, which aborts a wasm instance) is crawled next to a sound one: the
// page names the file, starts a fresh worker and finishes the crawl without that file's values. The same
// two files dropped as single files are read by the worker too: the sound card is flagged, the damaged
// one says its sampling crashed and shows its schema, and the page goes on. The saved table's page shows
// the column statistics the crawl measured, the numbers `glueprint stats` gives for the same file, and
// downloads them as an UpdateColumnStatisticsForTable request (validated by scripts/test).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cli as cliBinary, cliCrawlRequests, downloadOf, dumpIndexedDb, poll, repo, shared, useBrowser } from './support.mjs';

const piiParquet = path.join(shared, 'data/parquet/pii.parquet');
/** The sensitive columns of pii.parquet and their entities (as core/tests/pii.rs has them). */
const EXPECTED = { card: 'CREDIT_CARD', contact: 'EMAIL', ip: 'IP_ADDRESS', phone: 'PHONE_NUMBER', ssn: 'USA_SSN' };
/** A byte of a data page of `contact` whose flip makes the page decoder panic (found by a native sweep). */
const DAMAGED_AT = 1123;

/** tests/out/pii/customers/part-0.parquet, and tests/out/pii_damaged/{a,b}.parquet with b damaged. */
function fixtures() {
  const out = path.join(repo, 'tests/out');
  rmSync(path.join(out, 'pii'), { recursive: true, force: true });
  rmSync(path.join(out, 'pii_damaged'), { recursive: true, force: true });
  const customers = path.join(out, 'pii/customers');
  mkdirSync(customers, { recursive: true });
  copyFileSync(piiParquet, path.join(customers, 'part-0.parquet'));
  const damaged = path.join(out, 'pii_damaged/orders');
  mkdirSync(damaged, { recursive: true });
  copyFileSync(piiParquet, path.join(damaged, 'a.parquet'));
  const bytes = readFileSync(piiParquet);
  bytes[DAMAGED_AT] ^= 0x5a;
  writeFileSync(path.join(damaged, 'b.parquet'), bytes);
  return { customers, damaged };
}

/** Every value of pii.parquet's text columns (of 3 characters or more), read with pyarrow. */
function fixtureValues() {
  const script = `
import json, sys, pyarrow.parquet as pq
t = pq.read_table(sys.argv[1])
print(json.dumps(sorted({str(v) for c in t.column_names if c != 'customer_id' for v in t.column(c).to_pylist() if v is not None and len(str(v)) >= 3})))`;
  return JSON.parse(execFileSync('python3', ['-c', script, piiParquet], { encoding: 'utf8' }));
}

/** The text of every file of every export target the table page offers. */
async function allExports(page) {
  const panel = page.getByTestId('table-page').getByTestId('export-panel');
  const targets = await panel.getByTestId('export-target').locator('option').evaluateAll((os) => os.map((o) => o.value));
  assert.ok(targets.length >= 7, `export targets: ${targets}`);
  const texts = {};
  for (const target of targets) {
    await panel.getByTestId('export-target').selectOption(target);
    await panel.getByTestId('export-preview').first().waitFor({ state: 'visible' });
    texts[target] = (await panel.getByTestId('export-preview').allTextContents()).join('\n');
  }
  return texts;
}

async function crawlFolder(page, folder, location) {
  await page.getByTestId('folder-input').setInputFiles(folder);
  await page.getByTestId('crawl-database').fill('lake');
  await page.getByTestId('crawl-location').fill(location);
  await page.getByTestId('crawl-start').click();
  await page.getByTestId('crawl-outcome').waitFor({ state: 'visible' });
}

/** Column name → badge `data-state` on the table page. */
async function pageBadges(page) {
  const badges = {};
  for (const row of await page.getByTestId('page-column').all()) {
    const badge = row.getByTestId('pii-badge');
    if ((await badge.count()) === 1) {
      const name = (await row.getByTestId('page-column-name').textContent()).trim();
      badges[name] = `${await badge.getAttribute('data-entity')} ${await badge.getAttribute('data-state')}`;
    }
  }
  return badges;
}

describe('Sensitive data in the browser', { timeout: 300_000 }, () => {
  const env = useBrowser();

  it('flags the columns the CLI flags, keeps a dismissal across a re-crawl and stores no value', async () => {
    const { customers } = fixtures();
    const values = fixtureValues();
    assert.ok(values.length > 500, `pyarrow read ${values.length} values`);
    const location = 's3://bucket/customers/';
    const { context, page, noErrors } = await env.openApp();
    try {
      // A threshold that is not wholly a number is refused, not half-read (parseFloat reads 0.5abc as 0.5).
      for (const typed of ['0.5abc', 'Infinity', '1.5']) {
        await page.getByTestId('crawl-pii-threshold').fill(typed);
        await page.getByTestId('crawl-start').click();
        assert.match(await page.getByTestId('crawl-form-error').textContent(), /sensitive-data threshold: a share from 0 to 1/);
      }
      await page.getByTestId('crawl-pii-threshold').fill('0.5');
      await crawlFolder(page, customers, location);
      const crawled = {};
      for (const row of await page.getByTestId('crawl-pii-column').all()) {
        const badge = row.getByTestId('pii-badge');
        crawled[(await row.locator('code').textContent()).trim()] = await badge.getAttribute('data-entity');
        assert.equal(await badge.getAttribute('data-state'), 'flagged');
        // The stored share of matching values is read back and shown (0.5 and more, as the threshold asks).
        const [, percent] = (await badge.textContent()).match(/ (\d+)% of sampled values/) ?? [];
        assert.ok(Number(percent) >= 50 && Number(percent) <= 100, await badge.textContent());
      }
      assert.deepEqual(crawled, EXPECTED);

      await page.getByTestId('crawl-review').click();
      await page.getByTestId('crawl-save').click();
      await poll(async () => (await page.getByTestId('crawl-save-status').textContent()).trim(), (s) => s !== '');
      await page.getByTestId('catalog-table').filter({ hasText: /^\s*customers\s*$/ }).first().click();
      await page.getByTestId('table-page').waitFor({ state: 'visible' });

      // The stored table's Glue export is what `glueprint crawl` prints for the same folder, pii Parameters included.
      const cli = cliCrawlRequests(customers, location);
      const cliColumns = cli.CreateTable[0].TableInput.StorageDescriptor.Columns;
      assert.equal(cliColumns.find((c) => c.Name === 'contact').Parameters['glueprint.pii.entity'], 'EMAIL');
      const panel = page.getByTestId('table-page').getByTestId('export-panel');
      await panel.getByTestId('export-target').selectOption('glue');
      const createTable = panel.locator('[data-testid="export-file"][data-file="create_table.json"]');
      const exported = JSON.parse(await createTable.getByTestId('export-preview').textContent());
      assert.deepEqual(exported, cli.CreateTable);

      // Column statistics: the numbers `glueprint stats` computes for the file, shown per column and
      // downloaded as Glue requests for this table.
      const cliStats = JSON.parse(
        execFileSync(cliBinary, ['stats', '--analyzed-time', '0', path.join(customers, 'part-0.parquet')], { encoding: 'utf8' }),
      )[0].Requests.flatMap((r) => r.ColumnStatisticsList);
      const statsPanel = page.getByTestId('column-stats');
      await statsPanel.waitFor({ state: 'visible' });
      const shown = {};
      for (const row of await statsPanel.getByTestId('stats-column').all()) {
        const cell = async (id) => (await row.getByTestId(id).textContent()).trim();
        shown[await row.getAttribute('data-column')] = {
          nulls: Number((await cell('stats-nulls')).split(' ')[0]),
          distinct: await cell('stats-distinct'),
          min: await cell('stats-min'),
          max: await cell('stats-max'),
        };
      }
      assert.deepEqual(Object.keys(shown).sort(), cliStats.map((c) => c.ColumnName).sort());
      for (const column of cliStats) {
        const data = Object.values(column.StatisticsData).find((v) => typeof v === 'object');
        assert.equal(shown[column.ColumnName].nulls, data.NumberOfNulls, column.ColumnName);
        assert.equal(shown[column.ColumnName].distinct, String(data.NumberOfDistinctValues ?? ''), column.ColumnName);
      }
      const id = cliStats.find((c) => c.ColumnName === 'customer_id').StatisticsData.LongColumnStatisticsData;
      assert.deepEqual([shown.customer_id.min, shown.customer_id.max], [String(id.MinimumValue), String(id.MaximumValue)]);
      const { text: statsJson } = await downloadOf(page, () => page.getByTestId('download-column-stats').click());
      const requests = JSON.parse(statsJson);
      writeFileSync(path.join(repo, 'tests/out/e2e-column-statistics.json'), statsJson);
      assert.deepEqual(
        requests.map((r) => [r.DatabaseName, r.TableName]),
        [['lake', 'customers']],
      );
      const withoutTime = (list) => list.map(({ AnalyzedTime, ...rest }) => rest);
      assert.deepEqual(withoutTime(requests[0].ColumnStatisticsList), withoutTime(cliStats));

      // Dismiss `contact`: a new version (an edit) untags it.
      const contact = page.getByTestId('page-column').filter({ hasText: 'contact' });
      await contact.getByTestId('pii-dismiss').click();
      await poll(async () => (await pageBadges(page)).contact, (b) => b === 'EMAIL dismissed');
      assert.equal((await page.getByTestId('version-cause').first().textContent()).trim(), 'edit');
      assert.equal(await contact.getByTestId('column-tags').inputValue(), '');

      // A re-crawl of the same folder keeps the dismissal.
      await crawlFolder(page, customers, location);
      await page.getByTestId('crawl-review').click();
      await page.getByTestId('crawl-plan').waitFor({ state: 'visible' });
      if (!(await page.getByTestId('crawl-save').isDisabled())) {
        await page.getByTestId('crawl-save').click();
        await poll(async () => (await page.getByTestId('crawl-save-status').textContent()).trim(), (s) => s !== '');
      }
      await page.getByTestId('catalog-table').filter({ hasText: /^\s*customers\s*$/ }).first().click();
      const badges = await poll(() => pageBadges(page), (b) => b.contact === 'EMAIL dismissed');
      assert.deepEqual(badges, {
        card: 'CREDIT_CARD flagged',
        contact: 'EMAIL dismissed',
        ip: 'IP_ADDRESS flagged',
        phone: 'PHONE_NUMBER flagged',
        ssn: 'USA_SSN flagged',
      });

      // The catalog's filter finds the table by its sensitive columns.
      await page.getByTestId('sensitive-filter').check();
      const hits = await poll(() => page.getByTestId('search-hit').allTextContents(), (h) => h.length > 0);
      assert.deepEqual(hits.map((h) => h.trim()), ['lake.customers']);
      await page.getByTestId('sensitive-filter').uncheck();

      // No sampled value in the stored catalog or in any export.
      const stored = await dumpIndexedDb(page);
      assert.ok(stored.includes('glueprint.pii.decision'), 'the dump holds the table');
      const exports = await allExports(page);
      for (const value of values) {
        assert.ok(!stored.includes(value), `${value} is stored in IndexedDB`);
        for (const [target, text] of Object.entries(exports)) {
          assert.ok(!text.includes(value), `${value} is in the ${target} export`);
        }
      }
      noErrors();
    } finally {
      await context.close();
    }
  });

  it('goes on after a damaged page crashes the reader, naming the file', async () => {
    const { damaged } = fixtures();
    const { context, page, errors } = await env.openApp();
    try {
      await crawlFolder(page, damaged, 's3://bucket/orders/');
      const failed = (await page.getByTestId('crawl-file-error').allTextContents()).map((t) => t.trim());
      assert.equal(failed.length, 1, `${failed}`);
      assert.match(failed[0], /^b\.parquet: sampling its values crashed the reader/);
      assert.match((await page.getByTestId('crawl-status').textContent()).trim(), /^Done: 1 table/);
      // The sound file's values were sampled: its columns are flagged.
      const entities = await page.getByTestId('crawl-pii-column').getByTestId('pii-badge').evaluateAll((bs) =>
        bs.map((b) => b.getAttribute('data-entity')).sort(),
      );
      assert.deepEqual(entities, Object.values(EXPECTED).sort());
      // The dead worker logged its panic (the decoder's, then its executor's); nothing else went wrong.
      const panics = errors.filter((e) => e.startsWith('console error: panicked at') && e.includes('crawl_worker.js'));
      assert.ok(panics.some((e) => e.includes('/parquet-')), `the parquet crate panicked: ${errors}`);
      assert.deepEqual(errors.filter((e) => !panics.includes(e)), []);
    } finally {
      await context.close();
    }
  });

  it('reads dropped files in the worker: a sound one flagged, a damaged one an error on its card only', async () => {
    const { damaged } = fixtures();
    const { context, page, errors } = await env.openApp();
    try {
      await page.getByTestId('file-input').setInputFiles([path.join(damaged, 'a.parquet'), path.join(damaged, 'b.parquet')]);
      const card = (name) => page.getByTestId('table-card').filter({ hasText: `${name}.parquet` });
      await card('a').getByTestId('save-table').waitFor();
      await card('b').getByTestId('save-table').waitFor();
      // The sound file's columns are flagged as a crawl flags them.
      const badges = await card('a').getByTestId('pii-badge').evaluateAll((bs) =>
        bs.map((b) => `${b.getAttribute('data-entity')} ${b.getAttribute('data-state')}`).sort(),
      );
      assert.deepEqual(badges, Object.values(EXPECTED).map((e) => `${e} flagged`).sort());
      assert.equal(await card('a').getByTestId('file-error').count(), 0);
      // The damaged one crashed its worker while its values were sampled: its card says so and shows the
      // schema read again without values; no badge.
      const error = (await card('b').getByTestId('file-error').textContent()).trim();
      assert.match(error, /^Sampling this file's values crashed the reader/);
      assert.equal(await card('b').getByTestId('column-row').count(), await card('a').getByTestId('column-row').count());
      assert.equal(await card('b').getByTestId('pii-badge').count(), 0);
      assert.equal(await page.getByTestId('dropped-progress').count(), 0, 'no file left to read');

      // Saved, the sound file's table keeps the statistics its sample gave: its page shows every column's.
      await card('a').getByTestId('save-table').click();
      await page.getByTestId('table-page').waitFor({ state: 'visible' });
      const statsColumns = await poll(
        () => page.getByTestId('stats-column').evaluateAll((rows) => rows.map((r) => r.dataset.column)),
        (columns) => columns.length > 0,
      );
      assert.deepEqual(statsColumns, ['customer_id', 'contact', 'phone', 'ssn', 'card', 'ip', 'notes']);
      assert.match(await page.getByTestId('column-stats').textContent(), /From 1 sampled file/);

      // The page goes on: another drop is read (by the fresh worker the retry started).
      await page.getByTestId('file-input').setInputFiles(path.join(damaged, 'a.parquet'));
      await poll(() => page.getByTestId('save-table').count(), (n) => n === 3);
      const panics = errors.filter((e) => e.startsWith('console error: panicked at') && e.includes('crawl_worker.js'));
      assert.ok(panics.some((e) => e.includes('/parquet-')), `the parquet crate panicked: ${errors}`);
      assert.deepEqual(errors.filter((e) => !panics.includes(e)), []);
    } finally {
      await context.close();
    }
  });
});
