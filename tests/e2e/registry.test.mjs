// End-to-end: the Schema Registry workbench in the built app (dist/) in Debian's Chromium. A reviewer
// creates a registry and schemas, checks new versions (every finding with its kind, location and the
// versions compared), registers accepted ones, records a rejected one as FAILURE only on request, is told
// when a text is an earlier version after normalisation, and finds everything again after a reload.
// Untrusted schema text is shown as text; names Glue refuses are refused as typed.
//
// Run from the repository root: `node --test tests/e2e/registry.test.mjs` after `trunk build --release --offline`.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openApp as openAppIn, poll, startBrowser } from './support.mjs';

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
});
