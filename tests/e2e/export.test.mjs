// End-to-end: the export panel (issue 4). Tables saved from dropped files are exported at table,
// database and catalog scope to every target core has; every downloaded file must be byte-identical to
// the file of the same name that `glueprint export --to TARGET --out-dir DIR` writes for the same files,
// every Glue payload must pass ../shared/tools/glue_validate.py, Copy must put the downloaded text on the
// clipboard, and UpdateTable must be exportable from an older version of a table.
//
// Run from the repository root after `trunk build --release --offline` and `cargo build -p glueprint-cli`:
// `node --test tests/e2e/`.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cli, downloadOf, partitionBackup, importOutcome, poll, repo, shared, useBrowser } from './support.mjs';

const nestedParquet = path.join(shared, 'data/parquet/nested.parquet');
const ordersAvro = path.join(shared, 'data/avro/orders_snappy.avro');
const validator = path.join(shared, 'tools/glue_validate.py');
const out = path.join(repo, 'tests/out/e2e-export');

const DATABASE = 'sales';
const LOCATION = 's3://my-bucket/data/';
const TARGETS = ['glue', 'aws-cli', 'boto3', 'athena', 'terraform', 'cloudformation', 'unity'];

/** The Glue operation a Glue payload file holds, from its name (`glue` and `aws-cli` file names). */
function glueOperation(name) {
  const byName = {
    'create_database.json': 'CreateDatabase',
    'create_table.json': 'CreateTable',
    'batch_create_partition.json': 'BatchCreatePartition',
    'update_table.json': 'UpdateTable',
  };
  if (byName[name]) return byName[name];
  const kind = /^\d{3}-(database|table|partitions)-.*\.json$/.exec(name)?.[1];
  return { database: 'CreateDatabase', table: 'CreateTable', partitions: 'BatchCreatePartition' }[kind];
}

/** What `glueprint export --to target --out-dir DIR` writes for `files`: file name → text, in its order. */
function cliExport(target, files) {
  assert.ok(existsSync(cli), `${cli} is missing: run \`cargo build -p glueprint-cli\` first`);
  const dir = path.join(out, 'cli', `${target}-${files.length}`);
  rmSync(dir, { recursive: true, force: true });
  const printed = execFileSync(
    cli,
    ['export', '--to', target, '-d', DATABASE, '-l', LOCATION, '--out-dir', dir, ...files],
    { cwd: repo, encoding: 'utf8' },
  );
  const names = printed.trim().split('\n').map((p) => path.basename(p));
  assert.ok(names.length > 0, `the CLI wrote no file for ${target}`);
  return new Map(names.map((name) => [name, readFileSync(path.join(dir, name), 'utf8')]));
}

/** Runs glue_validate.py on `text` as a payload of `operation`; fails the test unless it exits 0. */
function validateGlue(operation, name, text) {
  const dir = path.join(out, 'validate');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, text);
  const run = spawnSync('python3', [validator, operation, file], { encoding: 'utf8' });
  assert.equal(run.status, 0, `glue_validate.py ${operation} ${name}:\n${run.stdout}${run.stderr}`);
}

describe('Export panel in Chromium', { timeout: 300_000 }, () => {
  const env = useBrowser();

  before(() => {
    assert.ok(existsSync(nestedParquet), `${nestedParquet} is missing: ../shared must sit beside the repository`);
    assert.ok(existsSync(validator), `${validator} is missing`);
  });
  const openApp = (options) => env.openApp(options);

  /** Drops `files`, sets the database and location on every card and saves each table to the catalog. */
  async function saveTables(page, files) {
    await page.getByTestId('file-input').setInputFiles(files);
    const cards = page.getByTestId('table-card');
    await poll(() => cards.getByTestId('save-table').count(), (n) => n === files.length);
    for (const card of await cards.all()) {
      await card.getByTestId('database-input').fill(DATABASE);
      await card.getByTestId('location-input').fill(LOCATION);
      await card.getByTestId('save-table').click();
      await poll(() => card.getByTestId('action-status').textContent(), (t) => /^Saved as/.test(t.trim()));
    }
    const tables = await poll(
      () => page.getByTestId('catalog-table').count(),
      (n) => n === files.length,
    );
    assert.equal(tables, files.length, 'every table is in the catalog tree');
  }

  /** Opens `database.table` from the catalog tree and returns the export panel of its page. */
  async function tablePanel(page, name) {
    await page.getByTestId('catalog-table').filter({ hasText: new RegExp(`^\\s*${name}\\s*$`) }).first().click();
    const heading = page.getByTestId('page-table-name');
    await poll(() => heading.textContent(), (t) => t.trim() === `${DATABASE}.${name}`);
    return page.getByTestId('table-page').getByTestId('export-panel');
  }

  /**
   * Chooses `target` in `panel`, waits until it lists exactly the CLI's files (in the CLI's order), and
   * downloads each one: the file name, the preview and the text must equal the CLI's. Returns the
   * downloads by name.
   */
  async function downloadsMatchCli(page, panel, target, expected) {
    await panel.getByTestId('export-target').selectOption(target);
    const files = panel.getByTestId('export-file');
    const names = await poll(
      async () => Promise.all((await files.all()).map((f) => f.getAttribute('data-file'))),
      (got) => JSON.stringify(got) === JSON.stringify([...expected.keys()]),
    );
    assert.deepEqual(names, [...expected.keys()], `${target}: the panel offers the CLI's files`);
    const downloads = new Map();
    for (const file of await files.all()) {
      const name = await file.getAttribute('data-file');
      const { filename, text } = await downloadOf(page, () => file.getByTestId('export-download').click());
      assert.equal(filename, name, `${target}: download name`);
      assert.equal(text, expected.get(name), `${target}/${name}: download equals the CLI's file`);
      assert.equal(await file.getByTestId('export-preview').textContent(), text, `${target}/${name}: preview`);
      const operation = glueOperation(name);
      if (operation) validateGlue(operation, `${target}-${name}`, text);
      downloads.set(name, text);
    }
    return downloads;
  }

  it('exports one table to every target exactly as the CLI does, and copies the same text', async () => {
    const { context, page, noErrors } = await openApp({ clipboard: true });
    try {
      await saveTables(page, [nestedParquet]);
      const panel = await tablePanel(page, 'nested');
      let validated = 0;
      for (const target of TARGETS) {
        const expected = cliExport(target, [nestedParquet]);
        const downloads = await downloadsMatchCli(page, panel, target, expected);
        validated += [...downloads.keys()].filter(glueOperation).length;
        // A real export of this table, not two equal empty texts.
        assert.match([...downloads.values()].join('\n'), /nested/, `${target}: exports the table`);

        // Copy puts exactly the downloaded text on the clipboard.
        for (const file of await panel.getByTestId('export-file').all()) {
          const name = await file.getAttribute('data-file');
          await page.evaluate(() => navigator.clipboard.writeText(''));
          await file.getByTestId('export-copy').click();
          const copied = await poll(() => page.evaluate(() => navigator.clipboard.readText()), (t) => t !== '');
          assert.equal(copied, downloads.get(name), `${target}/${name}: clipboard equals the download`);
        }
      }
      // glue (4 files) and aws-cli (database and table request files) were run through the validator.
      assert.equal(validated, 6);
      noErrors();
    } finally {
      await context.close();
    }
  });

  it('exports the whole catalog and one database to every target exactly as the CLI does', async () => {
    const { context, page, noErrors } = await openApp();
    try {
      // Tables are exported in name order: nested, then orders_snappy, as the CLI given them in that order.
      const files = [nestedParquet, ordersAvro];
      await saveTables(page, files);
      const catalogPanel = page.getByTestId('catalog-panel');
      await catalogPanel.getByTestId('open-export').click();
      const panel = catalogPanel.getByTestId('export-panel');
      assert.match(await panel.locator('h3').textContent(), /whole catalog/);
      for (const target of TARGETS) {
        const downloads = await downloadsMatchCli(page, panel, target, cliExport(target, files));
        const all = [...downloads.values()].join('\n');
        assert.match(all, /nested/, `${target}: exports nested`);
        assert.match(all, /orders_snappy/, `${target}: exports orders_snappy`);
      }

      await catalogPanel.getByTestId('export-scope').selectOption(DATABASE);
      const databasePanel = catalogPanel.getByTestId('export-panel');
      await poll(() => databasePanel.locator('h3').textContent(), (t) => t.includes(`database ${DATABASE}`));
      assert.match(await databasePanel.locator('h3').textContent(), new RegExp(`database ${DATABASE}`));
      for (const target of TARGETS) {
        await downloadsMatchCli(page, databasePanel, target, cliExport(target, files));
      }
      noErrors();
    } finally {
      await context.close();
    }
  });

  it('exports stored partitions: BatchCreatePartition in chunks of 100, ADD PARTITION DDL', async () => {
    const { context, page, noErrors } = await openApp();
    try {
      // The app's own backup of a saved table, made partitioned by dt with 250 stored partitions, and
      // imported back: the only way partitions reach the catalog in the browser so far.
      await saveTables(page, [nestedParquet]);
      const { text } = await downloadOf(page, () => page.getByTestId('export-backup').click());
      const backup = JSON.parse(text);
      const days = partitionBackup(backup, DATABASE, LOCATION, 250);
      const file = path.join(out, 'partitioned-backup.json');
      mkdirSync(out, { recursive: true });
      writeFileSync(file, JSON.stringify(backup));
      await page.getByTestId('import-replace').check();
      await page.getByTestId('import-input').setInputFiles(file);
      assert.match(await importOutcome(page), /^Imported 1 table/);

      const panel = await tablePanel(page, 'nested');
      const fileText = async (target, name) => {
        await panel.getByTestId('export-target').selectOption(target);
        const entry = panel.locator(`[data-testid="export-file"][data-file="${name}"]`);
        await entry.waitFor({ state: 'visible' });
        return (await downloadOf(page, () => entry.getByTestId('export-download').click())).text;
      };

      const requests = JSON.parse(await poll(
        () => fileText('glue', 'batch_create_partition.json'),
        (t) => JSON.parse(t).length > 0,
      ));
      assert.deepEqual(requests.map((r) => r.PartitionInputList.length), [100, 100, 50]);
      assert.deepEqual(requests.flatMap((r) => r.PartitionInputList.map((p) => p.Values[0])), days);
      assert.equal(requests[2].PartitionInputList[49].StorageDescriptor.Location, `${LOCATION}dt=day249/`);
      validateGlue('BatchCreatePartition', 'partitions.batch_create_partition.json', JSON.stringify(requests));

      const names = await Promise.all((await panel.getByTestId('export-file').all()).map((f) => f.getAttribute('data-file')));
      assert.equal(names.length, 4, 'the Glue export still has its four files');
      await panel.getByTestId('export-target').selectOption('aws-cli');
      const awsFiles = await poll(
        async () => Promise.all((await panel.getByTestId('export-file').all()).map((f) => f.getAttribute('data-file'))),
        (n) => n.some((name) => name.includes('-partitions-')),
      );
      const partitionFiles = awsFiles.filter((name) => glueOperation(name) === 'BatchCreatePartition');
      assert.equal(partitionFiles.length, 3, awsFiles.join(', '));
      for (const name of partitionFiles) validateGlue('BatchCreatePartition', name, await fileText('aws-cli', name));

      const athena = await fileText('athena', 'athena.sql');
      assert.equal(athena.match(/ADD IF NOT EXISTS/g)?.length, 3, athena);
      assert.equal(athena.match(/PARTITION \(dt = 'day\d{3}'\)/g)?.length, 250);
      assert.doesNotMatch(athena, /MSCK REPAIR TABLE/);
      noErrors();
    } finally {
      await context.close();
    }
  });

  it('exports UpdateTable from an older version of a table', async () => {
    const { context, page, noErrors } = await openApp();
    try {
      await saveTables(page, [nestedParquet]);
      const panel = await tablePanel(page, 'nested');
      await page.getByTestId('column-comment').first().fill('order id');
      await page.getByTestId('save-edits').click();
      const version = page.getByTestId('page-version');
      await poll(() => version.textContent(), (t) => t.trim() === 'version 2');
      assert.equal((await version.textContent()).trim(), 'version 2');

      await panel.getByTestId('export-target').selectOption('glue');
      const updateFile = panel.locator('[data-testid="export-file"][data-file="update_table.json"]');
      const updateTable = async () => {
        await updateFile.waitFor({ state: 'visible' });
        const { text } = await downloadOf(page, () => updateFile.getByTestId('export-download').click());
        validateGlue('UpdateTable', 'update_table.json', text);
        return text;
      };
      const comment = (text) => JSON.parse(text)[0].TableInput.StorageDescriptor.Columns[0].Comment;

      // The current version (2) carries the new comment.
      await poll(updateTable, (t) => comment(t) === 'order id');
      assert.equal(comment(await updateTable()), 'order id');

      // Version 1 is the crawled table: no comment, exactly the CLI's UpdateTable for the file.
      await panel.getByTestId('export-version').selectOption('1');
      const old = await poll(updateTable, (t) => comment(t) === undefined);
      assert.equal(comment(old), undefined);
      assert.equal(old, cliExport('glue', [nestedParquet]).get('update_table.json'));
      noErrors();
    } finally {
      await context.close();
    }
  });
});
