// End-to-end: untrusted text is shown as text, everywhere. Files, folders, columns, comments, partition
// values, catalog backups and registry schemas carry HTML/script payloads; after every flow, no payload
// has become an element (no <img src=x>, no element with an event handler attribute, no inline script
// run), no request went to the payloads' URLs, and the page shows each payload as the literal text.
//
// Run from the repository root: `node --test tests/e2e/xss.test.mjs` after `trunk build --release --offline`.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { importOutcome, poll, repo, shared, useBrowser } from './support.mjs';

// No '/' in them: they are file and folder names too.
const IMG = '<img src=x onerror=window.__pwned=1>';
const SVG = '<svg onload=window.__pwned=2>';
// Has a '/': only where no file name is made of it.
const SCRIPT = '<script>window.__pwned=3</script>';
const out = path.join(repo, 'tests/out/xss');

/** Asserts no payload became markup or ran, and that `texts` are all in the page's text. */
async function assertInert(page, texts) {
  const found = await page.evaluate(() => ({
    pwned: window.__pwned ?? null,
    images: document.querySelectorAll('img[src="x"], img').length,
    handlers: [...document.querySelectorAll('*')].filter((el) =>
      [...el.attributes].some((a) => a.name.startsWith('on')),
    ).length,
    scripts: [...document.querySelectorAll('script')].filter((s) => !s.src).length,
    text: document.body.innerText,
    values: [...document.querySelectorAll('input, textarea')].map((el) => el.value),
  }));
  assert.equal(found.pwned, null, 'a payload ran');
  assert.equal(found.images, 0, 'a payload became an <img>');
  assert.equal(found.handlers, 0, 'a payload became an event handler attribute');
  assert.equal(found.scripts, 0, 'a payload became an inline <script>');
  for (const text of texts) {
    assert.ok(
      found.text.includes(text) || found.values.some((v) => v.includes(text)),
      `the page shows ${JSON.stringify(text)} as text`,
    );
  }
}

describe('Untrusted text is rendered as text only', { timeout: 240_000 }, () => {
  const env = useBrowser();
  let files;
  let tree;

  before(async () => {
    await rm(out, { recursive: true, force: true });
    await mkdir(out, { recursive: true });
    files = path.join(out, 'files');
    tree = path.join(out, 'tree');
    await mkdir(files, { recursive: true });
    // A Parquet file whose name and column names are payloads (Parquet names are only lower-cased), an Avro
    // file whose field doc is one, a CSV whose header is one, and a "Parquet" file that is not one (its
    // name appears in the error).
    execFileSync(
      'python3',
      [
        '-c',
        `
import sys, pyarrow as pa, pyarrow.parquet as pq, fastavro
img, svg, files, tree = sys.argv[1:5]
pq.write_table(pa.table({img: [1, 2], svg: ["a", "b"]}), f"{files}/{img}.parquet")
schema = {"type": "record", "name": "Order", "doc": svg,
          "fields": [{"name": "id", "type": "long", "doc": img}]}
with open(f"{files}/orders.avro", "wb") as f:
    fastavro.writer(f, fastavro.parse_schema(schema), [{"id": 1}])
with open(f"{files}/{svg}.csv", "w") as f:
    f.write(f"id,\\"{img}\\"\\n1,x\\n")
with open(f"{files}/{img}-broken.parquet", "wb") as f:
    f.write(b"not a parquet file")
`,
        IMG,
        SVG,
        files,
        tree,
      ],
      { stdio: 'inherit' },
    );
    // A Hive-partitioned folder whose partition value is a payload.
    const part = path.join(shared, 'data/datasets/sales_hive/year=2023/month=01/part-0000.parquet');
    for (const value of [IMG, 'plain']) {
      const dir = path.join(tree, `kind=${value}`);
      await mkdir(dir, { recursive: true });
      await copyFile(part, path.join(dir, 'part-0000.parquet'));
    }
  });

  it('dropped files: names, columns, docs and errors', async () => {
    const app = await env.openApp();
    try {
      const { page } = app;
      await page.getByTestId('file-input').setInputFiles([
        path.join(files, `${IMG}.parquet`),
        path.join(files, 'orders.avro'),
        path.join(files, `${SVG}.csv`),
        path.join(files, `${IMG}-broken.parquet`),
      ]);
      await poll(() => page.getByTestId('table-card').count(), (n) => n >= 3);
      await page.getByTestId('file-error').first().waitFor();
      const columns = await page.getByTestId('column-name').allTextContents();
      assert.ok(columns.map((c) => c.trim()).includes(IMG), `the Parquet column keeps its name: ${columns}`);
      await assertInert(page, [IMG, SVG, `${IMG}-broken.parquet`]);
      app.noErrors();
    } finally {
      await app.context.close();
    }
  });

  it('a crawled folder whose partition value is a payload, saved and browsed', async () => {
    const app = await env.openApp();
    try {
      const { page } = app;
      await page.getByTestId('folder-input').setInputFiles(tree);
      await page.getByTestId('crawl-database').fill('lake');
      await page.getByTestId('crawl-location').fill('s3://bucket/tree/');
      await page.getByTestId('crawl-start').click();
      await page.getByTestId('crawl-outcome').waitFor({ state: 'visible' });
      await page.getByTestId('crawl-review').click();
      await page.getByTestId('crawl-save').click();
      await page.getByTestId('catalog-table').first().click();
      await page.getByTestId('partitions-view').waitFor();
      const values = await poll(
        () => page.getByTestId('partition-values').allTextContents(),
        (v) => v.length === 2,
      );
      assert.ok(values.some((v) => v.includes(IMG)), `the partition value is shown: ${values}`);
      await assertInert(page, [IMG]);
      app.noErrors();
    } finally {
      await app.context.close();
    }
  });

  it('a catalog backup whose description, comments, tags and parameters are payloads', async () => {
    const app = await env.openApp();
    try {
      const { page } = app;
      const table = {
        name: 'orders',
        databaseName: 'sales',
        description: IMG,
        columns: [{ name: 'id', dataType: 'bigint', comment: SCRIPT, parameters: { [IMG]: SVG } }],
      };
      // The backup is the app's own export of a hand-made table, with the payloads written into it.
      await page.getByTestId('file-input').setInputFiles(path.join(shared, 'data/parquet/nested.parquet'));
      const card = page.getByTestId('table-card').first();
      await card.getByTestId('location-input').fill('s3://bucket/nested/');
      await card.getByTestId('save-table').click();
      await page.getByTestId('catalog-table').first().waitFor();
      const backup = JSON.parse(
        await page.evaluate(
          () =>
            new Promise((resolve, reject) => {
              const request = indexedDB.open('glueprint');
              request.onerror = () => reject(request.error);
              request.onsuccess = () => {
                const get = request.result.transaction('tables').objectStore('tables').getAll();
                get.onsuccess = () => resolve(get.result[0]);
                get.onerror = () => reject(get.error);
              };
            }),
        ),
      );
      delete backup.format;
      for (const version of backup.versions) {
        version.table.description = table.description;
        const [column] = version.table.storage.columns;
        column.comment = table.columns[0].comment;
        column.parameters = table.columns[0].parameters;
        column.tags = [IMG];
        version.table.parameters = { ...version.table.parameters, [SVG]: IMG };
        version.table.name = 'payloads';
      }
      const file = path.join(out, 'backup.json');
      await writeFile(
        file,
        JSON.stringify({ glueprintBackup: 1, databases: [{ name: backup.versions[0].table.databaseName, parameters: {} }], tables: [backup] }),
      );
      await page.getByTestId('import-input').setInputFiles(file);
      assert.match(await importOutcome(page), /^Imported 1 table/);
      await page.getByTestId('catalog-table').filter({ hasText: /^\s*payloads\s*$/ }).click();
      await page.getByTestId('table-page').waitFor();
      await assertInert(page, [IMG, SCRIPT, SVG]);
      app.noErrors();
    } finally {
      await app.context.close();
    }
  });

  it('registry schemas: a JSON Schema title and a Protobuf comment', async () => {
    const app = await env.openApp();
    try {
      const { page } = app;
      await page.getByTestId('registry-name-input').fill('governance');
      await page.getByTestId('registry-create').click();
      await page.getByTestId('registry-title').filter({ hasText: 'governance' }).waitFor();
      const schemas = [
        ['JSON', 'events', JSON.stringify({ title: IMG, type: 'object', properties: { id: { type: 'integer', description: SVG } } })],
        ['PROTOBUF', 'clicks', `syntax = "proto3";\n// ${IMG}\nmessage Click {\n  // ${SCRIPT}\n  int64 id = 1;\n}\n`],
      ];
      for (const [format, name, definition] of schemas) {
        await page.getByTestId('schema-registry-select').selectOption('governance');
        await page.getByTestId('schema-name-input').fill(name);
        await page.getByTestId('schema-format-select').selectOption(format);
        await page.getByTestId('schema-mode-select').selectOption('BACKWARD');
        await page.getByTestId('schema-definition-input').fill(definition);
        await page.getByTestId('schema-create').click();
        await page.getByTestId('schema-title').filter({ hasText: `governance.${name}` }).waitFor();
        await page.getByTestId('schema-version-view').first().click();
        await page.getByTestId('version-text').waitFor();
        await assertInert(page, format === 'JSON' ? [IMG, SVG] : [IMG, SCRIPT]);
      }
      app.noErrors();
    } finally {
      await app.context.close();
    }
  });
});
