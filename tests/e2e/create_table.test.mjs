// End-to-end: the built app (dist/, from `trunk build --release --offline`) in Debian's Chromium,
// driven by playwright-core. The app must turn a Parquet file into exactly the CreateTable JSON the CLI
// prints for it, through the download and the copy buttons, and keep working after a bad file.
//
// Run from the repository root: `node --test tests/e2e/` (scripts/test does, after building dist/ and
// target/debug/glueprint). Needs ../shared beside the repository and /usr/bin/chromium.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { cliJson, downloadOf, importOutcome, poll, repo, shared, useBrowser } from './support.mjs';

const nestedParquet = path.join(shared, 'data/parquet/nested.parquet');
const badParquet = path.join(shared, 'data/bad/no_magic.parquet');
const nestedOrc = path.join(shared, 'data/orc/nested.orc');
const ordersAvro = path.join(shared, 'data/avro/orders_snappy.avro');
const csvGz = path.join(shared, 'data/csv/header_comma.csv.gz');
const recordsJsonl = path.join(shared, 'data/json/records.jsonl');
const bomb = path.join(shared, 'data/bad/bomb.csv.gz');


const NESTED_COLUMNS = [
  ['id', 'bigint'],
  ['tags', 'array<string>'],
  ['address', 'struct<street:string,zip:string,geo:struct<lat:double,lon:double>>'],
  ['attrs', 'map<string,int>'],
  ['events', 'array<struct<kind:string,at:bigint>>'],
  ['matrix', 'array<array<bigint>>'],
];

// --- helpers ----------------------------------------------------------------------------------------

/** The element with this test id inside `card` if it has one, else the page's only one. */
async function control(page, card, testId) {
  const inCard = card.getByTestId(testId);
  return (await inCard.count()) > 0 ? inCard.first() : page.getByTestId(testId);
}

/**
 * A dropped card's CreateTable JSON split into the request without its sensitive-data conclusions (the
 * worker samples a dropped file's values as a crawl does; `glueprint infer` reads schemas only) and those
 * conclusions' entity per column.
 */
function withoutPii(text) {
  const request = JSON.parse(text);
  const entities = {};
  for (const column of request.TableInput.StorageDescriptor.Columns) {
    const params = column.Parameters ?? {};
    if (params['glueprint.pii.entity']) entities[column.Name] = params['glueprint.pii.entity'];
    for (const key of Object.keys(params)) {
      if (key.startsWith('glueprint.pii.') || key === 'glueprint.tags') delete params[key];
    }
    if (column.Parameters && Object.keys(params).length === 0) delete column.Parameters;
  }
  return { request, entities };
}

// --- the tests --------------------------------------------------------------------------------------

describe('Glueprint in Chromium', { timeout: 180_000 }, () => {
  const env = useBrowser();

  before(() => {
    assert.ok(existsSync(nestedParquet), `${nestedParquet} is missing: ../shared must sit beside the repository`);
  });
  const openApp = (options) => env.openApp(options);

  /** Waits for the card of table `name` and returns it. */
  async function tableCard(page, name) {
    const card = page
      .getByTestId('table-card')
      .filter({ has: page.getByTestId('table-name').filter({ hasText: new RegExp(`^\\s*${name}\\s*$`) }) });
    await card.first().waitFor({ state: 'visible' });
    assert.equal(await card.count(), 1, `one card for table ${name}`);
    assert.equal((await card.getByTestId('table-name').textContent()).trim(), name);
    return card;
  }

  async function columnsOf(card, expectedCount = NESTED_COLUMNS.length) {
    const rows = card.getByTestId('column-row');
    const read = async () => {
      const out = [];
      for (const row of await rows.all()) {
        out.push([
          (await row.getByTestId('column-name').textContent()).trim(),
          (await row.getByTestId('column-type').textContent()).trim(),
        ]);
      }
      return out;
    };
    return poll(read, (cols) => cols.length >= expectedCount);
  }

  async function setSettings(page, card, database, location) {
    await (await control(page, card, 'database-input')).fill(database);
    await (await control(page, card, 'location-input')).fill(location);
  }

  async function download(page, card) {
    const button = await control(page, card, 'download-json');
    return downloadOf(page, () => button.click());
  }

  it('shows the columns of nested.parquet and downloads the CLI’s exact CreateTable JSON', async () => {
    const { context, page, noErrors } = await openApp();
    try {
      await page.getByTestId('file-input').setInputFiles(nestedParquet);
      const card = await tableCard(page, 'nested');
      assert.deepEqual(await columnsOf(card), NESTED_COLUMNS);

      await setSettings(page, card, 'Sales', 's3://my-bucket/nested');
      const { filename, text } = await download(page, card);
      assert.equal(filename, 'nested.create-table.json');
      const expected = cliJson('Sales', 's3://my-bucket/nested', nestedParquet);
      assert.equal(text, expected);
      // And it is a real payload, not two equal empty strings.
      const payload = JSON.parse(text);
      assert.equal(payload.DatabaseName, 'sales');
      assert.equal(payload.TableInput.Name, 'nested');
      noErrors();
    } finally {
      await context.close();
    }
  });

  it('reports a file without the Parquet magic on its card and keeps working', async () => {
    const { context, page, noErrors } = await openApp();
    try {
      const input = page.getByTestId('file-input');
      await input.setInputFiles(badParquet);
      const fileError = page.getByTestId('file-error').filter({ hasText: 'PAR1' });
      await fileError.first().waitFor({ state: 'visible' });

      await input.setInputFiles(nestedParquet);
      const card = await tableCard(page, 'nested');
      assert.deepEqual(await columnsOf(card), NESTED_COLUMNS);
      assert.equal(await card.getByTestId('file-error').count(), 0, 'the nested card shows no error');

      await setSettings(page, card, 'Sales', 's3://my-bucket/nested');
      const { text } = await download(page, card);
      assert.equal(text, cliJson('Sales', 's3://my-bucket/nested', nestedParquet));
      noErrors();
    } finally {
      await context.close();
    }
  });

  it('copies the same CreateTable JSON to the clipboard', async () => {
    const { context, page, noErrors } = await openApp({ clipboard: true });
    try {
      await page.getByTestId('file-input').setInputFiles(nestedParquet);
      const card = await tableCard(page, 'nested');
      await setSettings(page, card, 'Sales', 's3://my-bucket/nested');
      await page.evaluate(() => navigator.clipboard.writeText(''));

      await (await control(page, card, 'copy-json')).click();
      const copied = await poll(
        () => page.evaluate(() => navigator.clipboard.readText()),
        (text) => text !== '',
      );
      assert.equal(copied, cliJson('Sales', 's3://my-bucket/nested', nestedParquet));
      noErrors();
    } finally {
      await context.close();
    }
  });

  it('rejects a location that is not s3:// and disables the download while it is invalid', async () => {
    const { context, page, noErrors } = await openApp();
    try {
      await page.getByTestId('file-input').setInputFiles(nestedParquet);
      const card = await tableCard(page, 'nested');
      const button = await control(page, card, 'download-json');
      const locationError = await control(page, card, 'location-error');

      await (await control(page, card, 'location-input')).fill('http://x');
      await locationError.waitFor({ state: 'visible' });
      assert.match(await locationError.textContent(), /s3:\/\//);
      assert.equal(await poll(() => button.isDisabled(), (d) => d), true, 'download is disabled');

      await (await control(page, card, 'location-input')).fill('s3://my-bucket/nested');
      assert.equal(await poll(() => button.isEnabled(), (e) => e), true, 'download is enabled again');
      assert.equal(await locationError.isVisible(), false, 'the location error is gone');
      noErrors();
    } finally {
      await context.close();
    }
  });

  it('reads ORC and Avro files dropped together, each with its own table, notes and payload', async () => {
    const { context, page, noErrors } = await openApp();
    try {
      await page.getByTestId('file-input').setInputFiles([nestedOrc, ordersAvro]);

      const orc = await tableCard(page, 'nested');
      assert.deepEqual(await columnsOf(orc), NESTED_COLUMNS);
      await setSettings(page, orc, 'lake', 's3://my-bucket/orc/nested/');
      const orcPayload = await download(page, orc);
      assert.equal(orcPayload.text, cliJson('lake', 's3://my-bucket/orc/nested/', nestedOrc));
      assert.equal(JSON.parse(orcPayload.text).TableInput.Parameters.classification, 'orc');

      const avro = await tableCard(page, 'orders_snappy');
      const columns = await columnsOf(avro, 13);
      assert.deepEqual(columns.slice(0, 5), [
        ['id', 'bigint'],
        ['customer', 'string'],
        ['status', 'string'],
        ['amount', 'decimal(10,2)'],
        ['placed_at', 'timestamp'],
      ]);
      assert.equal(columns.length, 13);
      assert.match(await avro.getByTestId('note').first().textContent(), /snappy/);
      await setSettings(page, avro, 'lake', 's3://my-bucket/avro/orders/');
      const avroPayload = await download(page, avro);
      assert.equal(avroPayload.filename, 'orders_snappy.create-table.json');
      assert.equal(avroPayload.text, cliJson('lake', 's3://my-bucket/avro/orders/', ordersAvro));
      const serde = JSON.parse(avroPayload.text).TableInput.StorageDescriptor.SerdeInfo;
      assert.equal(serde.SerializationLibrary, 'org.apache.hadoop.hive.serde2.avro.AvroSerDe');
      assert.ok(JSON.parse(serde.Parameters['avro.schema.literal']).fields.length === 13);
      noErrors();
    } finally {
      await context.close();
    }
  });

  it('reads a gzip-compressed CSV and a JSON Lines file, and reports the 1 GiB gzip bomb as UNKNOWN', async () => {
    const { context, page, noErrors } = await openApp();
    try {
      await page.getByTestId('file-input').setInputFiles([csvGz, recordsJsonl, bomb]);

      const csv = await tableCard(page, 'header_comma');
      assert.deepEqual(await columnsOf(csv, 5), [
        ['id', 'bigint'],
        ['amount', 'double'],
        ['label', 'string'],
        ['active', 'boolean'],
        ['when', 'string'],
      ]);
      assert.match(await csv.getByTestId('note').first().textContent(), /gzip/);
      await setSettings(page, csv, 'lake', 's3://my-bucket/csv/');
      const csvPayload = await download(page, csv);
      assert.equal(csvPayload.text, cliJson('lake', 's3://my-bucket/csv/', csvGz));
      const params = JSON.parse(csvPayload.text).TableInput.Parameters;
      assert.equal(params.classification, 'csv');
      assert.equal(params.compressionType, 'gzip');
      assert.equal(params['skip.header.line.count'], '1');

      const json = await tableCard(page, 'records');
      assert.deepEqual(await columnsOf(json, 5), [
        ['id', 'int'],
        ['user', 'struct<name:string,age:int,emails:array<string>>'],
        ['score', 'double'],
        ['ok', 'boolean'],
        ['extra', 'struct<nested:struct<deep:array<int>>>'],
      ]);
      await setSettings(page, json, 'lake', 's3://my-bucket/json/');
      const jsonPayload = await download(page, json);
      const { request, entities } = withoutPii(jsonPayload.text);
      assert.deepEqual(request, JSON.parse(cliJson('lake', 's3://my-bucket/json/', recordsJsonl)));
      assert.deepEqual(entities, { user: 'EMAIL' }, 'the e-mail addresses in `user` are flagged');

      const bombCard = await tableCard(page, 'bomb');
      const bombError = bombCard.getByTestId('file-error');
      await bombError.waitFor({ state: 'visible' });
      assert.match(await bombError.textContent(), /UNKNOWN format/);
      noErrors();
    } finally {
      await context.close();
    }
  });
  // --- the catalog: saved in IndexedDB, shared between tabs, versioned, searchable, backed up ---------

  /** Opens the table `database.table` from the catalog tree and waits for its page. */
  async function openTable(page, name) {
    await page.getByTestId('catalog-table').filter({ hasText: new RegExp(`^\\s*${name}\\s*$`) }).first().click();
    await page.getByTestId('table-page').waitFor({ state: 'visible' });
  }

  async function pageVersion(page, expected) {
    const read = async () => (await page.getByTestId('page-version').textContent()).trim();
    const got = await poll(read, (v) => v === expected);
    assert.equal(got, expected);
  }

  async function downloadFrom(page, testId) {
    return (await downloadOf(page, () => page.getByTestId(testId).click())).text;
  }

  it('saves a crawled table, edits it into versions, survives reload, syncs tabs, refuses stale edits, diffs, searches and backs up losslessly', async () => {
    const { context, page, noErrors } = await openApp();
    try {
      await page.getByTestId('file-input').setInputFiles(nestedParquet);
      const card = await tableCard(page, 'nested');
      await columnsOf(card);
      await setSettings(page, card, 'sales', 's3://my-bucket/nested/');
      await card.getByTestId('save-table').click();
      await page.getByTestId('table-page').waitFor({ state: 'visible' });
      assert.equal((await page.getByTestId('page-table-name').textContent()).trim(), 'sales.nested');
      await pageVersion(page, 'version 1');

      // Edit a comment: version 2, caused by an edit.
      await page.getByTestId('column-comment').first().fill('order id');
      await page.getByTestId('save-edits').click();
      await pageVersion(page, 'version 2');
      assert.deepEqual(
        (await page.getByTestId('version-cause').allTextContents()).map((t) => t.trim()),
        ['edit', 'crawl'],
      );

      // Reload: still there.
      await page.reload({ waitUntil: 'load' });
      await openTable(page, 'nested');
      await pageVersion(page, 'version 2');
      assert.equal(await page.getByTestId('column-comment').first().inputValue(), 'order id');

      // A second tab sees the table and saves version 3.
      const other = await context.newPage();
      await other.goto(page.url(), { waitUntil: 'load' });
      await openTable(other, 'nested');
      await pageVersion(other, 'version 2');
      await other.getByTestId('table-description').fill('Orders with nested fields');
      await other.getByTestId('save-edits').click();
      await pageVersion(other, 'version 3');

      // The first tab is told, and its edit based on version 2 is refused, not saved over version 3.
      await page.getByTestId('newer-version').waitFor({ state: 'visible' });
      await page.getByTestId('column-comment').nth(1).fill('stale edit');
      await page.getByTestId('save-edits').click();
      const refusal = page.getByTestId('edit-error');
      await refusal.waitFor({ state: 'visible' });
      assert.match(await refusal.textContent(), /version 3 but this edit was based on version 2/);

      // Diff version 1 against version 2: the comment change.
      await page.getByTestId('diff-from').selectOption('1');
      await page.getByTestId('diff-to').selectOption('2');
      const rows = await poll(() => page.getByTestId('diff-row').allTextContents(), (r) => r.length > 0);
      assert.equal(rows.length, 1, rows.join('\n'));
      assert.match(rows[0], /Comment of column id changed/);

      // Search a nested column name; the hit opens the table at that column.
      await page.getByTestId('search-input').fill('matrix');
      const hit = page.getByTestId('search-hit');
      await hit.first().waitFor({ state: 'visible' });
      assert.equal((await hit.first().textContent()).trim(), 'sales.nested');
      await page.getByTestId('search-input').fill('no-such-thing-anywhere');
      await page.getByTestId('search-empty').waitFor({ state: 'visible' });

      // Backup → replace-import → backup: identical bytes, and the history survives.
      const first = await downloadFrom(page, 'export-backup');
      const backup = JSON.parse(first);
      assert.equal(backup.glueprintBackup, 1);
      assert.equal(backup.tables[0].versions.length, 3);
      const file = path.join(repo, 'tests/out/e2e-backup.json');
      await import('node:fs/promises').then((fs) => fs.mkdir(path.dirname(file), { recursive: true }).then(() => fs.writeFile(file, first)));
      await page.getByTestId('import-replace').check();
      await page.getByTestId('import-input').setInputFiles(file);
      assert.match(await importOutcome(page), /^Imported 1 table/);
      const second = await downloadFrom(page, 'export-backup');
      assert.equal(second, first);

      // Other tab sees the same catalog after the import (it was told to reload).
      await other.getByTestId('catalog-table').first().waitFor({ state: 'visible' });
      noErrors();
    } finally {
      await context.close();
    }
  });
});
