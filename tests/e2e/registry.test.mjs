// End-to-end: the Schema Registry workbench in the built app (dist/) in Debian's Chromium. A reviewer
// creates a registry and schemas, checks new versions (every finding with its kind, location and the
// versions compared), registers accepted ones, records a rejected one as FAILURE only on request, is told
// when a text is an earlier version after normalisation, and finds everything again after a reload.
// Untrusted schema text is shown as text; names Glue refuses are refused as typed.
//
// The issue's flow under BACKWARD_ALL (a file dropped as the first version, a failing candidate's findings
// with their location marked in the text), files refused with a reason (not UTF-8, too long), editing
// descriptions, deleting a schema, diffing two versions, importing a catalog table's Avro schema, and
// exporting the Glue requests (validated against botocore's model) complete it.
//
// Run from the repository root: `node --test tests/e2e/registry.test.mjs` after `trunk build --release --offline`.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { downloadOf, openApp as openAppIn, poll, repo, shared, startBrowser } from './support.mjs';

const XSS = '<img src=x onerror="window.__xss=1">';
const V1 = JSON.stringify({
  type: 'record',
  name: 'Order',
  doc: `Orders ${XSS} placed online`,
  fields: [{ name: 'id', type: 'long' }],
});
const V2 = JSON.stringify({
  type: 'record',
  name: 'Order',
  doc: `Orders ${XSS} placed online`,
  fields: [
    { name: 'id', type: 'long' },
    { name: 'note', type: ['null', 'string'], default: null },
  ],
});
const V3 = JSON.stringify({
  type: 'record',
  name: 'Order',
  doc: `Orders ${XSS} placed online`,
  fields: [
    { name: 'id', type: 'long' },
    { name: 'note', type: ['null', 'string'], default: null },
    { name: 'amount', type: 'double' },
  ],
});
// V2 again, spelled differently: indented, keys reordered, `{"type":"long"}` for "long".
const V2_RESPELLED = `{
  "fields": [
    { "type": { "type": "long" }, "name": "id" },
    { "default": null, "name": "note", "type": [ "null", "string" ] }
  ],
  "doc": ${JSON.stringify(`Orders ${XSS} placed online`)},
  "name": "Order",
  "type": "record"
}`;

describe('Schema Registry workbench', { timeout: 240_000 }, () => {
  let browser;
  let baseUrl;
  let stop;

  before(async () => {
    ({ browser, baseUrl, stop } = await startBrowser());
  });

  after(async () => {
    await stop?.();
  });

  const openApp = (options) => openAppIn(browser, baseUrl, options);

  /** The rows of the open schema's version list as "number status metadata", newest first. */
  async function versions(page) {
    const out = [];
    for (const row of await page.getByTestId('schema-version-row').all()) {
      const cell = async (id) => (await row.getByTestId(id).textContent()).trim();
      out.push(`${await cell('schema-version-number')} ${await cell('schema-version-status')} ${await cell('schema-version-metadata')}`.trim());
    }
    return out;
  }

  async function expectVersions(page, expected) {
    const seen = await poll(() => versions(page), (v) => JSON.stringify(v) === JSON.stringify(expected));
    assert.deepEqual(seen, expected);
  }

  async function createRegistry(page, name) {
    await page.getByTestId('registry-name-input').fill(name);
    await page.getByTestId('registry-create').click();
    await page.getByTestId('registry-title').filter({ hasText: name }).waitFor();
  }

  async function createSchema(page, { registry, name, format, mode, definition }) {
    await page.getByTestId('schema-registry-select').selectOption(registry);
    await page.getByTestId('schema-name-input').fill(name);
    await page.getByTestId('schema-format-select').selectOption(format);
    await page.getByTestId('schema-mode-select').selectOption(mode);
    await page.getByTestId('schema-definition-input').fill(definition);
    await page.getByTestId('schema-create').click();
    await page.getByTestId('schema-title').filter({ hasText: `${registry}.${name}` }).waitFor();
    await expectVersions(page, ['1 AVAILABLE']);
  }

  /** Types `text` as the new version, runs Check and returns the verdict text. */
  async function check(page, text) {
    await page.getByTestId('new-version-input').fill(text);
    await page.getByTestId('check-version').click();
    const verdict = page.getByTestId('check-verdict');
    await verdict.waitFor();
    return (await verdict.textContent()).trim();
  }

  /**
   * Dispatches a drop (or a paste) of one file onto `locator`, as the browser does for a file dragged from
   * the file manager: `text` repeated `repeat` times, or the raw `bytes`.
   */
  async function giveFile(locator, { name, text = '', repeat = 1, bytes = null, event = 'drop' }) {
    await locator.evaluate((el, { name, text, repeat, bytes, event }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes ? new Uint8Array(bytes) : text.repeat(repeat)], name));
      const init = { bubbles: true, cancelable: true };
      el.dispatchEvent(event === 'drop'
        ? new DragEvent('drop', { ...init, dataTransfer: transfer })
        : new ClipboardEvent('paste', { ...init, clipboardData: transfer }));
    }, { name, text, repeat, bytes, event });
  }

  async function findings(page) {
    const out = [];
    for (const item of await page.getByTestId('finding').all()) {
      out.push({
        kind: (await item.getByTestId('finding-kind').textContent()).trim(),
        location: (await item.getByTestId('finding-location').textContent()).trim(),
        message: (await item.getByTestId('finding-message').textContent()).trim(),
        versions: (await item.getByTestId('finding-versions').textContent()).trim(),
      });
    }
    return out;
  }

  it('checks, registers, records FAILURE on request, recognises respellings, and keeps it all over a reload', async () => {
    const { context, page, noErrors } = await openApp();
    try {
      await createRegistry(page, 'governance');

      // Names Glue's pattern refuses are refused as typed, and Create stays disabled.
      await page.getByTestId('schema-definition-input').fill(V1);
      for (const bad of ['orders v1', 'orders/v1', 'ordérs']) {
        await page.getByTestId('schema-name-input').fill(bad);
        const error = page.getByTestId('schema-name-error');
        await error.waitFor();
        assert.match(await error.textContent(), /may use only letters, digits and - _ \$ # \./);
        assert.equal(await page.getByTestId('schema-create').isDisabled(), true, bad);
      }
      await page.getByTestId('schema-name-input').fill('orders-v1.$#_ok');
      assert.equal(await page.getByTestId('schema-name-error').count(), 0);
      assert.equal(await page.getByTestId('schema-create').isDisabled(), false);

      await createSchema(page, { registry: 'governance', name: 'orders', format: 'AVRO', mode: 'BACKWARD', definition: V1 });
      assert.equal((await page.getByTestId('schema-format').textContent()).trim(), 'AVRO');
      assert.equal(await page.getByTestId('schema-view-mode').inputValue(), 'BACKWARD');

      // A compatible v2.
      assert.equal(await check(page, V2), 'ACCEPTED as version 2: compatible with version(s) 1.');
      assert.equal(await page.getByTestId('record-failure').count(), 0);
      await page.getByTestId('register-version').click();
      await expectVersions(page, ['2 AVAILABLE', '1 AVAILABLE']);

      // An incompatible v3: every finding shown, nothing stored until the reviewer records it.
      const verdict = await check(page, V3);
      assert.match(verdict, /^REJECTED as version 3: 1 finding against version\(s\) 2\./);
      assert.deepEqual(await findings(page), [
        {
          kind: 'READER_FIELD_MISSING_DEFAULT_VALUE',
          location: '/fields/2',
          message: 'amount',
          versions: '(version 3 reading data of version 2)',
        },
      ]);
      assert.equal(await page.getByTestId('register-version').count(), 0);
      await expectVersions(page, ['2 AVAILABLE', '1 AVAILABLE']);
      // Another tab reads the store itself: still two versions.
      const other = await openApp({ context });
      await other.page.getByTestId('schema-link').filter({ hasText: 'orders' }).click();
      await expectVersions(other.page, ['2 AVAILABLE', '1 AVAILABLE']);
      await page.getByTestId('record-failure').click();
      await expectVersions(page, ['3 FAILURE', '2 AVAILABLE', '1 AVAILABLE']);
      await expectVersions(other.page, ['3 FAILURE', '2 AVAILABLE', '1 AVAILABLE']);

      // The same text as v2, reformatted: recognised, and nothing to register.
      assert.equal(
        await check(page, V2_RESPELLED),
        'IDENTICAL to version 2 after normalisation: registering it adds nothing.',
      );
      assert.equal(await page.getByTestId('register-version').count(), 0);
      assert.equal(await page.getByTestId('record-failure').count(), 0);
      // The failed v3 is not compared with: v4 = v3 + a default on amount is checked against v2 only.
      const v4 = V3.replace('"type":"double"', '"type":"double","default":0');
      assert.equal(await check(page, v4), 'ACCEPTED as version 4: compatible with version(s) 2.');

      // Metadata on version 2, within Glue's patterns.
      await page.getByTestId('schema-version-view').nth(1).click();
      await page.getByTestId('metadata-key').fill('approved by');
      await page.getByTestId('metadata-value').fill('alice');
      await page.getByTestId('metadata-add').click();
      assert.match(await page.getByTestId('metadata-error').textContent(), /may use only letters/);
      await page.getByTestId('metadata-key').fill('approved-by');
      await page.getByTestId('metadata-add').click();
      await expectVersions(page, ['3 FAILURE', '2 AVAILABLE approved-by=alice', '1 AVAILABLE']);

      // The other tab's view is stale now: its registration is refused with a message.
      assert.match(await check(other.page, v4), /^ACCEPTED as version 4/);
      await page.getByTestId('new-version-input').fill(v4);
      await page.getByTestId('check-version').click();
      await page.getByTestId('register-version').click();
      await expectVersions(page, ['4 AVAILABLE', '3 FAILURE', '2 AVAILABLE approved-by=alice', '1 AVAILABLE']);
      await other.page.getByTestId('register-version').click();
      const refusal = await poll(
        async () => (await other.page.getByTestId('schema-view-status').textContent()).trim(),
        (t) => t !== '',
      );
      assert.match(refusal, /changed since the check|another tab/);
      await expectVersions(other.page, ['4 AVAILABLE', '3 FAILURE', '2 AVAILABLE approved-by=alice', '1 AVAILABLE']);
      other.noErrors();

      await page.reload({ waitUntil: 'load' });
      await page.getByTestId('schema-link').filter({ hasText: 'orders' }).click();
      await expectVersions(page, ['4 AVAILABLE', '3 FAILURE', '2 AVAILABLE approved-by=alice', '1 AVAILABLE']);
      assert.equal(await page.getByTestId('schema-view-mode').inputValue(), 'BACKWARD');
      // A created time is shown for each version.
      for (const created of await page.getByTestId('schema-version-created').allTextContents()) {
        assert.match(created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      }

      // DISABLED refuses new versions with a reason.
      await page.getByTestId('schema-view-mode').selectOption('DISABLED');
      const saved = await poll(
        async () => (await page.getByTestId('schema-view-status').textContent()).trim(),
        (t) => t.startsWith('Compatibility is now DISABLED'),
      );
      assert.equal(saved, 'Compatibility is now DISABLED; earlier versions are not checked again.');
      await page.reload({ waitUntil: 'load' });
      await page.getByTestId('schema-link').filter({ hasText: 'orders' }).click();
      assert.equal(await page.getByTestId('schema-view-mode').inputValue(), 'DISABLED');
      assert.match(await check(page, V2.replace('"long"', '"long","doc":"x"')), /DISABLED: no version may be added after the first/);
      assert.equal(await page.getByTestId('register-version').count(), 0);
      noErrors();
    } finally {
      await context.close();
    }
  });

  it('rejects a breaking JSON Schema change and a breaking Protobuf change with their locations', async () => {
    const { context, page, noErrors } = await openApp();
    try {
      await createRegistry(page, 'events');
      await createSchema(page, {
        registry: 'events',
        name: 'click',
        format: 'JSON',
        mode: 'BACKWARD',
        definition: '{"type":"object","properties":{"id":{"type":"integer"}},"additionalProperties":false}',
      });
      const json = await check(page, '{"type":"object","properties":{"id":{"type":"string"}},"additionalProperties":false}');
      assert.match(json, /^REJECTED as version 2: 1 finding against version\(s\) 1\./);
      const [jsonFinding, ...moreJson] = await findings(page);
      assert.deepEqual(moreJson, []);
      assert.equal(jsonFinding.kind, 'TYPE_CHANGED');
      assert.equal(jsonFinding.location, '#/properties/id');
      await page.getByTestId('discard-version').click();
      assert.equal(await page.getByTestId('check-result').count(), 0);
      await expectVersions(page, ['1 AVAILABLE']);

      await createSchema(page, {
        registry: 'events',
        name: 'order.proto',
        format: 'PROTOBUF',
        mode: 'FULL',
        definition: 'syntax = "proto3";\npackage shop;\nmessage Order { int64 id = 1; string note = 2; }\n',
      });
      const proto = await check(page, 'syntax = "proto3";\npackage shop;\nmessage Order { int64 id = 1; int32 note = 2; }\n');
      assert.match(proto, /^REJECTED as version 2: 2 findings against version\(s\) 1\./);
      assert.deepEqual(
        (await findings(page)).map((f) => `${f.kind} ${f.location} ${f.versions}`),
        [
          'FIELD_SCALAR_KIND_CHANGED #/Order/2 (version 1 reading data of version 2)',
          'FIELD_SCALAR_KIND_CHANGED #/Order/2 (version 2 reading data of version 1)',
        ],
      );
      await page.getByTestId('record-failure').click();
      await expectVersions(page, ['2 FAILURE', '1 AVAILABLE']);

      // A text that is not a schema of the format says why and offers nothing to keep.
      assert.match(await check(page, 'message {'), /^Cannot check: not a valid Protobuf schema at line 1/);
      assert.equal(await page.getByTestId('record-failure').count(), 0);
      noErrors();
    } finally {
      await context.close();
    }
  });

  it('runs the issue flow under BACKWARD_ALL: a dropped first version, findings marked in the text, a reload', async () => {
    const { context, page, noErrors } = await openApp();
    try {
      await createRegistry(page, 'flow');
      const definition = page.getByTestId('schema-definition-input');
      // Files that are not a schema text are refused with a reason, and the text stays as it was.
      await definition.fill('{}');
      await giveFile(definition, { name: 'latin1.avsc', bytes: [0x7b, 0x22, 0xe9, 0x22, 0x7d] });
      assert.match(
        await page.getByTestId('schema-definition-input-error').textContent(),
        /^Not read: latin1\.avsc is not UTF-8 text \(invalid byte at offset 2\)$/,
      );
      await giveFile(definition, { name: 'huge.json', text: 'é', repeat: 170_001, event: 'paste' });
      assert.match(
        await poll(() => page.getByTestId('schema-definition-input-error').textContent(), (t) => t.includes('huge')),
        /^Not read: huge\.json has 170001 characters; a schema definition has at most 170000 characters$/,
      );
      assert.equal(await definition.inputValue(), '{}');
      // A dropped .avsc becomes the first version.
      await giveFile(definition, { name: 'order.avsc', text: V1 });
      await poll(() => definition.inputValue(), (v) => v === V1);
      assert.equal(await page.getByTestId('schema-definition-input-error').count(), 0);
      await page.getByTestId('schema-registry-select').selectOption('flow');
      await page.getByTestId('schema-name-input').fill('orders');
      await page.getByTestId('schema-mode-select').selectOption('BACKWARD_ALL');
      await page.getByTestId('schema-create').click();
      await page.getByTestId('schema-title').filter({ hasText: 'flow.orders' }).waitFor();
      await expectVersions(page, ['1 AVAILABLE']);

      // Versions 2 and 3, each compatible with every earlier one; v3 arrives as a pasted .avsc file.
      assert.equal(await check(page, V2), 'ACCEPTED as version 2: compatible with version(s) 1.');
      await page.getByTestId('register-version').click();
      await expectVersions(page, ['2 AVAILABLE', '1 AVAILABLE']);
      const v3 = V2.replace('"default":null}]', '"default":null},{"name":"channel","type":"string","default":"web"}]');
      const candidate = page.getByTestId('new-version-input');
      await giveFile(candidate, { name: 'order-v3.avsc', text: v3, event: 'paste' });
      await poll(() => candidate.inputValue(), (v) => v === v3);
      await page.getByTestId('check-version').click();
      assert.equal((await page.getByTestId('check-verdict').textContent()).trim(), 'ACCEPTED as version 3: compatible with version(s) 2, 1.');
      await page.getByTestId('register-version').click();
      await expectVersions(page, ['3 AVAILABLE', '2 AVAILABLE', '1 AVAILABLE']);

      // A failing candidate: a field without a default fails against each of the three.
      const failing = v3.replace(']}', ',{"name":"amount","type":"double"}]}');
      assert.match(await check(page, failing), /^REJECTED as version 4: 3 findings against version\(s\) 3, 2, 1\./);
      const found = await findings(page);
      assert.deepEqual(
        found.map((f) => `${f.kind} ${f.location} ${f.message} ${f.versions}`),
        [3, 2, 1].map((n) => `READER_FIELD_MISSING_DEFAULT_VALUE /fields/3 amount (version 4 reading data of version ${n})`),
      );
      // Hovering a finding marks what its location points to in the text it points into: the candidate.
      assert.equal(await page.getByTestId('finding-mark').count(), 0);
      await page.getByTestId('finding').first().hover();
      const mark = page.getByTestId('finding-mark');
      await mark.waitFor();
      assert.equal(await mark.textContent(), '{"name":"amount","type":"double"}');
      assert.equal((await page.getByTestId('finding-source-caption').textContent()).trim(), '/fields/3 in version 4:');
      // Three text nodes around one <mark>: the whole text, unchanged, and no element made from it (comment
      // nodes are Leptos's placeholders, not content).
      const source = page.getByTestId('finding-source');
      assert.equal(await source.textContent(), failing);
      assert.deepEqual(
        await source.evaluate((pre) => [...pre.childNodes].map((n) => n.nodeName).filter((n) => n !== '#comment')),
        ['#text', 'MARK', '#text'],
      );
      assert.equal(await source.locator('img').count(), 0);
      assert.equal(await page.evaluate(() => window.__xss), undefined);
      await page.getByTestId('finding').nth(2).click();
      assert.equal(await mark.textContent(), '{"name":"amount","type":"double"}');
      await page.getByTestId('discard-version').click();

      // The passing one: a default on amount.
      const passing = failing.replace('"type":"double"}', '"type":"double","default":0}');
      assert.equal(await check(page, passing), 'ACCEPTED as version 4: compatible with version(s) 3, 2, 1.');
      await page.getByTestId('register-version').click();
      const all = ['4 AVAILABLE', '3 AVAILABLE', '2 AVAILABLE', '1 AVAILABLE'];
      await expectVersions(page, all);

      await page.reload({ waitUntil: 'load' });
      await page.getByTestId('schema-link').filter({ hasText: 'orders' }).click();
      await expectVersions(page, all);
      assert.equal(await page.getByTestId('schema-view-mode').inputValue(), 'BACKWARD_ALL');
      for (const [nth, text] of [[0, passing], [1, v3], [2, V2], [3, V1]]) {
        await page.getByTestId('schema-version-view').nth(nth).click();
        await poll(() => page.getByTestId('version-text').textContent(), (t) => t === text);
      }
      noErrors();
    } finally {
      await context.close();
    }
  });

  it('edits descriptions, diffs versions, imports catalog tables, exports valid requests and deletes a schema', async () => {
    const { context, page, noErrors } = await openApp();
    try {
      // Two catalog tables: an Avro one (its writer schema is imported) and a Parquet one (built from columns).
      const files = ['avro/orders_null.avro', 'parquet/flat_snappy.parquet'].map((f) => path.join(shared, 'data', f));
      await page.getByTestId('file-input').setInputFiles(files);
      const cards = page.getByTestId('table-card');
      await poll(() => cards.getByTestId('save-table').count(), (n) => n === 2);
      for (const card of await cards.all()) {
        await card.getByTestId('database-input').fill('sales');
        await card.getByTestId('save-table').click();
        await poll(() => card.getByTestId('action-status').textContent(), (t) => /^Saved as/.test(t.trim()));
      }

      await createRegistry(page, 'catalogued');
      // The registry's description, within Glue's 2,048 characters.
      const registryDescription = page.getByTestId('registry-description');
      await registryDescription.getByTestId('description-edit').click();
      await registryDescription.getByTestId('description-input').fill('x'.repeat(2049));
      assert.match(await registryDescription.getByTestId('description-error').textContent(), /at most 2048 characters; this one has 2049/);
      assert.equal(await registryDescription.getByTestId('description-save').isDisabled(), true);
      await registryDescription.getByTestId('description-input').fill('Schemas <b>reviewed</b> before they ship');
      await registryDescription.getByTestId('description-save').click();
      await poll(
        () => registryDescription.getByTestId('description-text').textContent(),
        (t) => t === 'Schemas <b>reviewed</b> before they ship',
      );

      await createSchema(page, { registry: 'catalogued', name: 'orders', format: 'AVRO', mode: 'NONE', definition: V1 });
      const schemaDescription = page.getByTestId('schema-description');
      await schemaDescription.getByTestId('description-edit').click();
      await schemaDescription.getByTestId('description-input').fill('Orders as placed, one per checkout.');
      await schemaDescription.getByTestId('description-save').click();
      await poll(() => page.getByTestId('schema-view-status').textContent(), (t) => t.trim() === 'Description saved.');
      // The text shows the stored description once the catalog has reloaded after the save.
      assert.equal(
        await poll(() => schemaDescription.getByTestId('description-text').textContent(), (t) => t !== ''),
        'Orders as placed, one per checkout.',
      );

      assert.equal(await check(page, V2), 'ACCEPTED as version 2: the mode compares with no earlier version.');
      await page.getByTestId('register-version').click();
      await expectVersions(page, ['2 AVAILABLE', '1 AVAILABLE']);

      // Import the Avro table: its avro.schema.literal, as the crawler stored it.
      await page.getByTestId('import-table').click();
      await page.getByTestId('import-table-select').selectOption('sales.orders_null');
      await page.getByTestId('import-table-go').click();
      const candidate = page.getByTestId('new-version-input');
      const literal = await poll(() => candidate.inputValue(), (v) => v.includes('com.example.sales.Order'));
      assert.equal(JSON.parse(literal).doc, 'An order <b>with</b> markup');
      await page.getByTestId('check-version').click();
      assert.equal((await page.getByTestId('check-verdict').textContent()).trim(), 'ACCEPTED as version 3: the mode compares with no earlier version.');
      await page.getByTestId('register-version').click();
      await expectVersions(page, ['3 AVAILABLE', '2 AVAILABLE', '1 AVAILABLE']);
      // Import the Parquet table: a record of nullable columns, as Hive's AvroSerDe writes it.
      await page.getByTestId('import-table').click();
      await page.getByTestId('import-table-select').selectOption('sales.flat_snappy');
      await page.getByTestId('import-table-go').click();
      const builtText = await poll(() => candidate.inputValue(), (v) => v.includes('flat_snappy'));
      const built = JSON.parse(builtText);
      assert.equal(built.name, 'flat_snappy');
      assert.equal(built.namespace, 'sales');
      assert.equal(built.fields.length, 18);
      assert.deepEqual(built.fields[0], { name: 'id', type: ['null', 'long'], default: null });
      assert.deepEqual(built.fields[8].type, ['null', { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 }]);
      await page.getByTestId('check-version').click();
      assert.match((await page.getByTestId('check-verdict').textContent()).trim(), /^ACCEPTED as version 4/);
      await page.getByTestId('register-version').click();
      await expectVersions(page, ['4 AVAILABLE', '3 AVAILABLE', '2 AVAILABLE', '1 AVAILABLE']);

      // A structural diff of versions 1 and 2: the one field added, by path; a version with itself: none.
      await page.getByTestId('version-diff').locator('summary').click();
      await page.getByTestId('diff-left').selectOption('1');
      await page.getByTestId('diff-right').selectOption('2');
      const rows = async () => {
        const out = [];
        for (const row of await page.getByTestId('diff-row').all()) {
          const cell = async (id) => (await row.getByTestId(id).textContent()).trim();
          out.push(`${await cell('diff-kind')} ${await cell('diff-path')} [${await cell('diff-before')}] [${await cell('diff-after')}]`);
        }
        return out;
      };
      const added = ['added Order.note [] [union[null,string] default null]'];
      assert.deepEqual(await poll(rows, (r) => JSON.stringify(r) === JSON.stringify(added)), added);
      await page.getByTestId('diff-left').selectOption('2');
      await page.getByTestId('diff-right').selectOption('1');
      const removed = ['removed Order.note [union[null,string] default null] []'];
      assert.deepEqual(await poll(rows, (r) => JSON.stringify(r) === JSON.stringify(removed)), removed);
      await page.getByTestId('diff-left').selectOption('1');
      await page.getByTestId('diff-none').waitFor();

      // Export the Glue requests; each download is valid against botocore's model.
      await page.getByTestId('registry-export-toggle').click();
      const exported = page.getByTestId('registry-export');
      const out = path.join(repo, 'tests/out/registry');
      mkdirSync(out, { recursive: true });
      const payloads = {};
      for (const [operation, file] of [
        ['CreateRegistry', 'create_registry.json'],
        ['CreateSchema', 'create_schema.json'],
        ['RegisterSchemaVersion', 'register_schema_version.json'],
      ]) {
        const entry = exported.locator(`[data-file="${file}"]`);
        const { filename, text } = await downloadOf(page, () => entry.getByTestId('export-download').click());
        assert.equal(filename, file);
        writeFileSync(path.join(out, file), text);
        execFileSync('python3', [path.join(shared, 'tools/glue_validate.py'), operation, path.join(out, file)], { stdio: 'pipe' });
        payloads[operation] = JSON.parse(text);
      }
      assert.deepEqual(payloads.CreateRegistry, [{ RegistryName: 'catalogued', Description: 'Schemas <b>reviewed</b> before they ship' }]);
      const [create] = payloads.CreateSchema;
      assert.equal(create.Compatibility, 'NONE');
      assert.equal(create.Description, 'Orders as placed, one per checkout.');
      assert.equal(create.SchemaDefinition, V1);
      assert.deepEqual(
        payloads.RegisterSchemaVersion.map((r) => r.SchemaDefinition),
        // Sent on one line (the model's pattern is single-line): the same JSON without the indentation.
        [V2, literal, JSON.stringify(built)],
      );

      // Descriptions survive a reload.
      await page.reload({ waitUntil: 'load' });
      await page.getByTestId('schema-link').filter({ hasText: 'orders' }).click();
      assert.equal(await page.getByTestId('schema-description').getByTestId('description-text').textContent(), 'Orders as placed, one per checkout.');
      assert.equal(await page.getByTestId('registry-description').getByTestId('description-text').textContent(), 'Schemas <b>reviewed</b> before they ship');
      assert.equal(await page.getByTestId('registry-workbench').locator('b').count(), 0);

      // Deleting the schema takes its versions, after confirmation; the registry stays.
      await page.getByTestId('delete-schema').click();
      assert.equal(
        (await page.getByTestId('confirm-message').textContent()).trim(),
        'Delete schema catalogued.orders with its 4 versions? This cannot be undone.',
      );
      await page.getByTestId('confirm-cancel').click();
      await expectVersions(page, ['4 AVAILABLE', '3 AVAILABLE', '2 AVAILABLE', '1 AVAILABLE']);
      await page.getByTestId('delete-schema').click();
      await page.getByTestId('confirm-yes').click();
      await poll(() => page.getByTestId('schema-view').count(), (n) => n === 0);
      assert.equal(await page.getByTestId('schema-link').count(), 0);
      await page.reload({ waitUntil: 'load' });
      await page.getByTestId('registry-title').filter({ hasText: 'catalogued' }).waitFor();
      assert.equal(await page.getByTestId('schema-link').count(), 0);
      noErrors();
    } finally {
      await context.close();
    }
  });

  it('shows untrusted schema text as text and deletes a registry after confirmation', async () => {
    const { context, page, noErrors } = await openApp();
    try {
      await createRegistry(page, 'untrusted');
      await createSchema(page, { registry: 'untrusted', name: 'orders', format: 'AVRO', mode: 'NONE', definition: V1 });
      await page.getByTestId('schema-version-view').first().click();
      const text = page.getByTestId('version-text');
      await text.waitFor();
      assert.equal(await text.textContent(), V1);
      // The doc as the JSON text spells it (quotes escaped), markup and all.
      assert.ok((await text.textContent()).includes(JSON.stringify(XSS).slice(1, -1)));
      assert.ok((await page.getByTestId('version-canonical').textContent()).includes('<img src=x onerror='));
      const workbench = page.getByTestId('registry-workbench');
      assert.equal(await workbench.locator('img').count(), 0, 'no element was made from the schema text');
      assert.equal(await page.evaluate(() => window.__xss), undefined);

      await page.getByTestId('delete-registry').click();
      assert.equal(
        (await page.getByTestId('confirm-message').textContent()).trim(),
        'Delete registry untrusted with its 1 schema and all their versions? This cannot be undone.',
      );
      await page.getByTestId('confirm-cancel').click();
      assert.equal(await page.getByTestId('registry-title').count(), 1);
      await page.getByTestId('delete-registry').click();
      await page.getByTestId('confirm-yes').click();
      await poll(() => page.getByTestId('registry-title').count(), (n) => n === 0);
      assert.equal(await page.getByTestId('registry-title').count(), 0);
      assert.equal(await page.getByTestId('schema-view').count(), 0);
      await page.reload({ waitUntil: 'load' });
      await page.getByTestId('registry-workbench').waitFor();
      assert.equal(await page.getByTestId('registry-title').count(), 0);
      noErrors();
    } finally {
      await context.close();
    }
  });

  it('loads the checkers only once the registry needs them, and says so when they cannot be loaded', async () => {
    const isChecker = (url) => new URL(url).pathname.includes('registry_engine');
    const { context, page, noErrors } = await openApp();
    try {
      const asked = [];
      context.on('request', (req) => {
        // The service worker keeps them for offline use once installed; the page itself must not ask.
        if (!req.serviceWorker() && isChecker(req.url())) asked.push(new URL(req.url()).pathname);
      });
      // The page is up and idle with no registry: none of the checkers' files was fetched.
      await page.getByTestId('registry-workbench').waitFor();
      await page.waitForLoadState('networkidle');
      assert.deepEqual(asked, [], 'the checkers were loaded before the registry needed them');
      await createRegistry(page, 'lazy');
      await page.getByTestId('schema-form').waitFor();
      assert.ok(asked.some((p) => p.endsWith('/registry_engine.js')), `requested: ${asked}`);
      assert.ok(asked.some((p) => p.endsWith('/registry_engine_bg.wasm')), `requested: ${asked}`);
      await createSchema(page, { registry: 'lazy', name: 'orders', format: 'AVRO', mode: 'BACKWARD', definition: V1 });
      noErrors();
    } finally {
      await context.close();
    }

    // Offline before the checkers were ever kept: the registry says why its forms are missing, and
    // the rest of the page works on.
    const blocked = await browser.newContext({ serviceWorkers: 'block' });
    await blocked.route((url) => isChecker(url.href), (route) => route.abort('internetdisconnected'));
    const { page: offline } = await openApp({ context: blocked });
    try {
      await createRegistry(offline, 'offline');
      const error = offline.getByTestId('checkers-error');
      await error.waitFor();
      assert.match(await error.textContent(), /^cannot load the Schema Registry checkers/);
      assert.equal(await offline.getByTestId('schema-form').count(), 0);
      await offline.getByTestId('registry-title').filter({ hasText: 'offline' }).waitFor();
    } finally {
      await blocked.close();
    }
  });
});
