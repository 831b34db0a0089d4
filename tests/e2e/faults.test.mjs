// End-to-end: persistence faults. A tab can be reloaded (or closed) at any moment; IndexedDB then drops
// the transaction in flight. Whatever the moment, the catalog must hold the whole change or none of it:
// an import of 300 tables, the save of a crawl with 300 partitions, a registry registration, each
// interrupted by a reload at random points (the delays are printed, so a failure can be replayed). And a
// record that does not decode (written by hand here) is reported and left untouched while the rest loads.
//
// Run from the repository root: `node --test tests/e2e/faults.test.mjs` after `trunk build --release --offline`.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dumpStores, importOutcome, poll, repo, shared, useBrowser } from './support.mjs';

const out = path.join(repo, 'tests/out/faults');
const TABLES = 300;
const PARTITIONS = 300;
/** Reload points, in milliseconds after the action starts: fixed ones and random ones. */
const delays = () => [0, 5, 20, 50, ...Array.from({ length: 4 }, () => Math.floor(Math.random() * 400))];

/**
 * The keys of every object store (what a change adds, whatever the time-stamped values hold), and the
 * version numbers each stored schema holds (a registration adds a version inside its schema's record).
 */
async function shape(page) {
  const dump = await dumpStores(page);
  const out = Object.fromEntries(Object.entries(dump).map(([store, records]) => [store, records.map(([k]) => k).sort()]));
  out.schemaVersions = (dump.schemas ?? []).map(([k, v]) => [k, JSON.parse(v).versions.map((x) => x.number)]);
  return out;
}

/** Asserts the store's keys are exactly `none`'s or exactly `whole`'s; returns which. */
function wholeOrNone(seen, none, whole, what) {
  const text = JSON.stringify(seen);
  if (text === JSON.stringify(none)) return 'none';
  if (text === JSON.stringify(whole)) return 'whole';
  const count = (k) => Object.values(k).reduce((n, list) => n + list.length, 0);
  assert.fail(`${what}: ${count(seen)} records, neither the ${count(none)} before nor the ${count(whole)} after`);
}

/** Reloads the app page and waits until it has read the store again. */
async function reloadApp(page) {
  await page.reload({ waitUntil: 'load' });
  await page.getByTestId('file-input').waitFor({ state: 'attached' });
}

describe('Persistence faults', { timeout: 600_000 }, () => {
  const env = useBrowser();
  let backupFile;
  let tree;

  before(async () => {
    await rm(out, { recursive: true, force: true });
    await mkdir(out, { recursive: true });
    // 300 tables in one backup, from the stored-table fixture.
    const fixture = JSON.parse(await readFile(path.join(repo, 'core/tests/data/store/format1-idb1.json'), 'utf8'));
    const stored = JSON.parse(fixture.records.tables[0][1]);
    delete stored.format;
    const tables = Array.from({ length: TABLES }, (_, i) => {
      const copy = structuredClone(stored);
      for (const version of copy.versions) {
        version.table.databaseName = 'bulk';
        version.table.name = `orders_${String(i).padStart(3, '0')}`;
      }
      return copy;
    });
    backupFile = path.join(out, 'bulk-backup.json');
    await writeFile(
      backupFile,
      JSON.stringify({
        glueprintBackup: 1,
        databases: [{ name: 'bulk', description: null, locationUri: null, parameters: {} }],
        tables,
      }),
    );
    // A folder of 300 Hive partitions of one small Parquet file each.
    tree = path.join(out, 'events');
    const part = path.join(shared, 'data/datasets/sales_hive/year=2023/month=01/part-0000.parquet');
    for (let i = 0; i < PARTITIONS; i++) {
      const dir = path.join(tree, `dt=${String(i).padStart(3, '0')}`);
      await mkdir(dir, { recursive: true });
      await copyFile(part, path.join(dir, 'part-0000.parquet'));
    }
  });

  /**
   * Runs `act` on a fresh page (after `prepare`) once to the end, to learn the store's keys before and
   * after; then again in fresh contexts, reloading at each of `delays()`: each time the store must be one
   * or the other, and load without a problem.
   */
  async function interrupted(what, { prepare, act, done }) {
    const run = async (delay) => {
      const app = await env.openApp();
      try {
        await prepare(app.page);
        const none = await shape(app.page);
        await act(app.page);
        if (delay === null) {
          await done(app.page);
        } else {
          await new Promise((r) => setTimeout(r, delay));
          await reloadApp(app.page);
        }
        const seen = await shape(app.page);
        assert.equal(await app.page.getByTestId('store-problems').count(), 0, `${what}: the store reads back`);
        app.noErrors();
        return { none, seen };
      } finally {
        await app.context.close();
      }
    };
    const complete = await run(null);
    assert.notDeepEqual(complete.seen, complete.none, `${what} changes the store`);
    const outcomes = [];
    for (const delay of delays()) {
      const { none, seen } = await run(delay);
      assert.deepEqual(none, complete.none);
      outcomes.push(`${delay} ms: ${wholeOrNone(seen, complete.none, complete.seen, `${what}, reload after ${delay} ms`)}`);
    }
    console.log(`${what}, reloaded at: ${outcomes.join(', ')}`);
  }

  it('an import of 300 tables interrupted by a reload leaves all of them or none', async () => {
    await interrupted('import', {
      prepare: async () => {},
      act: (page) => page.getByTestId('import-input').setInputFiles(backupFile),
      done: async (page) => assert.match(await importOutcome(page), /^Imported/),
    });
  });

  it('the save of a crawl with 300 partitions interrupted by a reload writes all of it or nothing', async () => {
    await interrupted('crawl save', {
      prepare: async (page) => {
        await page.getByTestId('folder-input').setInputFiles(tree);
        await page.getByTestId('crawl-database').fill('lake');
        await page.getByTestId('crawl-location').fill('s3://bucket/events/');
        await page.getByTestId('crawl-start').click();
        await page.getByTestId('crawl-outcome').waitFor({ state: 'visible', timeout: 120_000 });
        await page.getByTestId('crawl-review').click();
        await page.getByTestId('crawl-plan').waitFor({ state: 'visible' });
      },
      act: (page) => page.getByTestId('crawl-save').click(),
      done: (page) =>
        poll(
          async () => (await page.getByTestId('crawl-save-status').textContent()).trim(),
          (t) => /^Saved/.test(t),
        ).then((status) => assert.match(status, /^Saved/)),
    });
  });

  it('a registration interrupted by a reload keeps the version whole or not at all', async () => {
    const v1 = '{"type":"record","name":"Order","fields":[{"name":"id","type":"long"}]}';
    const v2 = '{"type":"record","name":"Order","fields":[{"name":"id","type":"long"},{"name":"note","type":"string","default":""}]}';
    await interrupted('registration', {
      prepare: async (page) => {
        await page.getByTestId('registry-name-input').fill('governance');
        await page.getByTestId('registry-create').click();
        await page.getByTestId('registry-title').filter({ hasText: 'governance' }).waitFor();
        await page.getByTestId('schema-registry-select').selectOption('governance');
        await page.getByTestId('schema-name-input').fill('orders');
        await page.getByTestId('schema-format-select').selectOption('AVRO');
        await page.getByTestId('schema-mode-select').selectOption('BACKWARD');
        await page.getByTestId('schema-definition-input').fill(v1);
        await page.getByTestId('schema-create').click();
        await page.getByTestId('schema-version-row').first().waitFor();
        await page.getByTestId('new-version-input').fill(v2);
        await page.getByTestId('check-version').click();
        await page.getByTestId('register-version').waitFor();
      },
      act: (page) => page.getByTestId('register-version').click(),
      done: (page) => poll(() => page.getByTestId('schema-version-row').count(), (n) => n === 2),
    });
  });

  it('reports a stored record that does not decode, leaves it untouched and loads the rest', async () => {
    const app = await env.openApp();
    try {
      const { page } = app;
      await page.getByTestId('import-input').setInputFiles(backupFile);
      assert.match(await importOutcome(page), /^Imported/);
      // Two records spoiled by hand: one not JSON at all, one JSON of an unknown shape.
      const spoiled = await page.evaluate(
        () =>
          new Promise((resolve, reject) => {
            const request = indexedDB.open('glueprint');
            request.onerror = () => reject(request.error);
            request.onsuccess = () => {
              const db = request.result;
              const tx = db.transaction('tables', 'readwrite');
              const store = tx.objectStore('tables');
              const keys = store.getAllKeys();
              keys.onsuccess = () => {
                store.put('{"format": 1, "versions": [', keys.result[0]);
                store.put({ not: 'a record' }, keys.result[1]);
              };
              tx.oncomplete = () => {
                db.close();
                resolve(keys.result.slice(0, 2));
              };
              tx.onerror = () => reject(tx.error);
            };
          }),
      );
      const before = await dumpStores(page);
      await reloadApp(page);
      const problems = page.getByTestId('store-problems');
      await problems.waitFor();
      const text = await problems.textContent();
      for (const key of spoiled) assert.ok(text.includes(key.split('\u0000').pop()) || text.includes(key), `${key} is reported: ${text}`);
      const listed = await poll(() => page.getByTestId('catalog-table').count(), (n) => n === TABLES - 2);
      assert.equal(listed, TABLES - 2, 'every other table loads');
      assert.deepEqual(await dumpStores(page), before, 'the spoiled records are left as they were');
    } finally {
      await app.context.close();
    }
  });
});
