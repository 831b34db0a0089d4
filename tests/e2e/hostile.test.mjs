// End-to-end: hostile and odd files in the browser. Every file of ../shared/data/bad/ and of
// ../shared/data/external/ (Apache test suites: bad_data, corrupt and encrypted files among them) is
// dropped on the page at once. Each must get its card with either a table or a clear error, the page
// must report no error of its own and keep working, and the time and JS heap it took are measured
// (written to tests/out/hostile-browser.json; the native sweep in core/tests/hostile.rs asserts the
// memory bounds, this run measures them in Chromium).
//
// Run from the repository root: `node --test tests/e2e/hostile.test.mjs` after `trunk build --release --offline`.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { poll, repo, shared, useBrowser } from './support.mjs';

/** Every file under `dir`, recursively, sorted. */
function filesUnder(dir) {
  return readdirSync(dir, { recursive: true })
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).isFile())
    .sort();
}

/** The page's JS heap now, in bytes, from the DevTools protocol. */
async function heapUsed(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'JSHeapUsedSize').value;
}

describe('Hostile files in the browser', { timeout: 300_000 }, () => {
  const env = useBrowser();

  it('answers every bad and external file with a table or an error, and keeps working', async () => {
    const files = [...filesUnder(path.join(shared, 'data/bad')), ...filesUnder(path.join(shared, 'data/external'))];
    assert.ok(files.length > 150, `the hostile set is there (${files.length} files)`);
    const app = await env.openApp();
    const { page } = app;
    try {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      const heapBefore = await heapUsed(cdp);
      let heapPeak = heapBefore;
      const started = Date.now();
      await page.getByTestId('file-input').setInputFiles(files);
      const answered = () =>
        page.evaluate(() =>
          [...document.querySelectorAll('[data-testid="table-card"]')].filter(
            (card) => card.querySelector('[data-testid="file-error"], [data-testid="save-table"]') !== null,
          ).length,
        );
      const done = await poll(
        async () => {
          heapPeak = Math.max(heapPeak, await heapUsed(cdp));
          return answered();
        },
        (n) => n === files.length,
        240_000,
      );
      const took = Date.now() - started;
      const waiting = await page.evaluate(() =>
        [...document.querySelectorAll('[data-testid="table-card"]')]
          .filter((card) => !card.querySelector('[data-testid="file-error"], [data-testid="save-table"]'))
          .map((card) => card.querySelector('.file-name')?.textContent),
      );
      assert.equal(done, files.length, `every dropped file has its answer; still reading: ${waiting.join(', ')}`);
      const errors = await page.getByTestId('file-error').allTextContents();
      assert.ok(errors.every((e) => e.trim().length > 10), 'every error says what is wrong');

      // The page still works: a good file is read as before.
      await page.getByTestId('file-input').setInputFiles(path.join(shared, 'data/parquet/nested.parquet'));
      await poll(answered, (n) => n === files.length + 1);
      app.noErrors();

      const report = {
        files: files.length,
        bytes: files.reduce((n, f) => n + statSync(f).size, 0),
        tables: files.length - errors.length,
        errors: errors.length,
        wallMs: took,
        jsHeapBeforeMiB: +(heapBefore / 2 ** 20).toFixed(1),
        jsHeapPeakMiB: +(heapPeak / 2 ** 20).toFixed(1),
      };
      await mkdir(path.join(repo, 'tests/out'), { recursive: true });
      await writeFile(path.join(repo, 'tests/out/hostile-browser.json'), `${JSON.stringify(report, null, 2)}\n`);
      console.log(`hostile files in Chromium: ${JSON.stringify(report)}`);
    } finally {
      await app.context.close();
    }
  });
});
