// End-to-end: the IndexedDB catalog across app versions. A catalog written by an earlier Glueprint
// (IndexedDB schema 1, store format 1: core/tests/data/store/format1-idb1.json, the same fixture the native
// store test loads) opens in this build without loss, and an upgrade blocked by a tab that still holds the
// old version open says so and continues once that tab lets go.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dumpStores, openApp as openAppIn, importOutcome, poll, repo, useBrowser } from './support.mjs';

const fixturePath = path.join(repo, 'core/tests/data/store/format1-idb1.json');

/**
 * Writes the fixture's records into a fresh `glueprint` database at the fixture's IndexedDB schema version,
 * from a page of the app's origin that is not the app (so nothing opens the database first). With `hold`,
 * the connection stays open and ignores `versionchange`, as an old tab would; `window.__held` keeps it.
 */
async function seedOldStore(context, baseUrl, fixture, { hold = false } = {}) {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/seed-old-store`); // a 404 page, but of the app's origin
  await page.evaluate(
    ({ fixture, hold }) =>
      new Promise((resolve, reject) => {
        const request = indexedDB.open('glueprint', fixture.idbSchemaVersion);
        request.onupgradeneeded = () => {
          for (const name of Object.keys(fixture.records)) request.result.createObjectStore(name);
          // An old version's empty stores exist even when the fixture holds no record for them.
          for (const name of ['databases', 'tables', 'partitions', 'settings']) {
            if (!request.result.objectStoreNames.contains(name)) request.result.createObjectStore(name);
          }
        };
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          const tx = db.transaction([...db.objectStoreNames], 'readwrite');
          for (const [name, records] of Object.entries(fixture.records)) {
            for (const [key, value] of records) tx.objectStore(name).put(value, key);
          }
          tx.oncomplete = () => {
            if (hold) window.__held = db;
            else db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { fixture, hold },
  );
  return page;
}

/** The version and object stores of the app's database, as the browser reports them. */
async function databaseShape(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const request = indexedDB.open('glueprint');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          const shape = { version: db.version, stores: [...db.objectStoreNames].sort() };
          db.close();
          resolve(shape);
        };
      }),
  );
}

async function expectOldCatalog(page) {
  await page.getByTestId('catalog-table').filter({ hasText: /^\s*orders\s*$/ }).first().click();
  await page.getByTestId('table-page').waitFor({ state: 'visible' });
  const version = await poll(
    async () => (await page.getByTestId('page-version').textContent()).trim(),
    (v) => v === 'version 2',
  );
  assert.equal(version, 'version 2');
  assert.equal(await page.getByTestId('column-comment').first().inputValue(), 'order id');
  assert.deepEqual(
    (await page.getByTestId('version-cause').allTextContents()).map((t) => t.trim()),
    ['edit', 'crawl'],
  );
}

describe('The catalog store across versions', { timeout: 120_000 }, () => {
  const env = useBrowser();
  let fixture;

  before(async () => {
    fixture = JSON.parse(await readFile(fixturePath, 'utf8'));
  });

  it('opens a catalog an earlier version stored, upgrades it and loses nothing', async () => {
    const context = await env.browser.newContext();
    try {
      const seed = await seedOldStore(context, env.baseUrl, fixture);
      assert.deepEqual(await databaseShape(seed), {
        version: 1,
        stores: ['databases', 'partitions', 'settings', 'tables'],
      });
      await seed.close();

      const { page, noErrors } = await openAppIn(env.browser, env.baseUrl, { context });
      await expectOldCatalog(page);
      assert.deepEqual(await databaseShape(page), {
        version: 2,
        stores: ['databases', 'partitions', 'registries', 'schemas', 'settings', 'tables'],
      });
      // Still usable after the upgrade: an edit makes version 3 and survives a reload.
      await page.getByTestId('column-comment').first().fill('order id, upgraded');
      await page.getByTestId('save-edits').click();
      await poll(
        async () => (await page.getByTestId('page-version').textContent()).trim(),
        (v) => v === 'version 3',
      );
      await page.reload({ waitUntil: 'load' });
      await page.getByTestId('catalog-table').filter({ hasText: /^\s*orders\s*$/ }).first().click();
      assert.equal(await page.getByTestId('column-comment').first().inputValue(), 'order id, upgraded');
      noErrors();
    } finally {
      await context.close();
    }
  });

  it('says when another tab blocks the upgrade, and continues when it closes', async () => {
    const context = await env.browser.newContext();
    try {
      const oldTab = await seedOldStore(context, env.baseUrl, fixture, { hold: true });
      const { page, noErrors } = await openAppIn(env.browser, env.baseUrl, { context });
      const failure = page.getByTestId('catalog-failure');
      await failure.waitFor({ state: 'visible' });
      assert.match(await failure.textContent(), /another tab still has the older version open/);

      await oldTab.evaluate(() => window.__held.close());
      await failure.waitFor({ state: 'detached' });
      await expectOldCatalog(page);
      noErrors();
    } finally {
      await context.close();
    }
  });

  it('writes all of a change or none of it: an import failing at its last table leaves the store as it was', async () => {
    const context = await env.browser.newContext();
    try {
      const seed = await seedOldStore(context, env.baseUrl, fixture);
      await seed.close();
      const { page, noErrors } = await openAppIn(env.browser, env.baseUrl, { context });
      await page.getByTestId('catalog-table').filter({ hasText: /^\s*orders\s*$/ }).first().waitFor();
      const before = await dumpStores(page);

      // A backup whose first database and table are fine and whose last table names a database that
      // exists nowhere: the import is refused (core checks what a backup refers to before the change is
      // committed; the store would refuse that table inside the same transaction, after writing the rest).
      const stored = JSON.parse(fixture.records.tables[0][1]);
      delete stored.format;
      const orphan = structuredClone(stored);
      for (const version of orphan.versions) version.table.databaseName = 'ghost';
      const renamed = structuredClone(stored);
      for (const version of renamed.versions) version.table.name = 'orders_copy';
      const backup = {
        glueprintBackup: 1,
        databases: [{ name: 'fresh', description: null, locationUri: null, parameters: {} }],
        tables: [renamed, orphan],
      };
      const file = path.join(repo, 'tests/out/e2e-half-import.json');
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, JSON.stringify(backup));
      await page.getByTestId('import-input').setInputFiles(file);
      assert.match(await importOutcome(page), /^Nothing was imported: .*ghost/);
      assert.deepEqual(await dumpStores(page), before, 'not one record of the failed import was written');
      assert.equal(await page.getByTestId('catalog-database').filter({ hasText: /fresh/ }).count(), 0);
      noErrors();
    } finally {
      await context.close();
    }
  });
});
