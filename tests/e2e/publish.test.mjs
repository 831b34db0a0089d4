// End-to-end: publishing to a Glue Data Catalog from the tab (issue 4). A table saved from a dropped
// file, made partitioned by `dt` with 150 stored partitions through the backup import, is published to a
// local moto server (the Glue JSON API, SigV4-signed by core, sent with fetch from the page): the dry run
// lists CreateDatabase, CreateTable and two BatchCreatePartition batches and changes nothing; Publish runs
// them (step i of n, each result shown); boto3 reads back exactly the app's own `--to glue` export; a
// second publish plans UpdateTable and counts every partition as already there. Missing keys, an
// unreachable endpoint and keys Glue refuses each end in one clear sentence. The secret key and session
// token typed into the form never reach IndexedDB, a backup, the page's markup or the console.
//
// moto answers CORS preflights itself (flask-cors, any origin, the signed headers allowed), as real Glue
// endpoints do, so the page talks to it directly. Once its signature checks are on, though, moto tries to
// authenticate the unsigned preflight too and answers it with a 500: for the refused-keys case only, a
// tiny proxy in this file answers the preflight and forwards the signed request to moto unchanged.
//
// Run from the repository root after `trunk build --release --offline` and `cargo build -p glueprint-cli`:
// `node --test tests/e2e/`.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { downloadOf, dumpIndexedDb, partitionBackup, openApp as openAppIn, importOutcome, poll, repo, shared, freePort, startBrowser, startMoto } from './support.mjs';

const nestedParquet = path.join(shared, 'data/parquet/nested.parquet');
const out = path.join(repo, 'tests/out/e2e-publish');

const DATABASE = 'sales';
const LOCATION = 's3://my-bucket/data/';
const PARTITIONS = 150;
const REGION = 'us-east-1';
const ACCESS_KEY_ID = 'AKIAGLUEPRINTE2E';
// Distinctive values, so that finding them anywhere is proof of a leak.
const SECRET = `glueprint-secret-${process.pid}-wJalrXUtnFEMI`;
const TOKEN = `glueprint-token-${process.pid}-FwoGZXIvYXdzE`;

/**
 * A proxy in front of `upstream` that answers CORS preflights itself and forwards every other request
 * as it is (Host included: the signature covers it), adding the CORS header to the answer.
 */
function startCorsProxy(upstream) {
  const target = new URL(upstream);
  const server = http.createServer((req, res) => {
    const cors = { 'Access-Control-Allow-Origin': req.headers.origin ?? '*', Vary: 'Origin' };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...cors,
        'Access-Control-Allow-Methods': 'POST',
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '',
      });
      res.end();
      return;
    }
    const forwarded = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        // Node lower-cases header names: drop upstream's own CORS headers so that each is sent once.
        const headers = Object.fromEntries(
          Object.entries(answer.headers).filter(([name]) => !name.startsWith('access-control-')),
        );
        res.writeHead(answer.statusCode, { ...headers, ...cors });
        answer.pipe(res);
      },
    );
    forwarded.on('error', () => res.writeHead(502).end());
    req.pipe(forwarded);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        stop: () => new Promise((r) => server.close(r)),
      }));
  });
}

/** Turns moto's SigV4 checks on (every later call is authenticated against its IAM users). */
async function requireSignatures(url) {
  const res = await fetch(`${url}/moto-api/reset-auth`, { method: 'POST', body: '0', headers: { 'Content-Type': 'text/plain' } });
  assert.equal(res.status, 200, 'moto turned its request authentication on');
}

/** Runs a boto3 snippet against the server: `mode` is `databases` or `check` (see READ_BACK). */
function boto3(url, mode, input = '') {
  const run = spawnSync('python3', ['-c', READ_BACK, url, mode], { cwd: repo, input, encoding: 'utf8' });
  assert.equal(run.status, 0, `boto3 read-back (${mode}):\n${run.stdout}${run.stderr}`);
  return JSON.parse(run.stdout);
}

// `databases`: the names of the databases Glue holds. `check`: reads back (get_database, get_table,
// paged get_partitions) every request of the app's Glue export given on stdin (file name -> requests)
// and compares it member by member with glue_moto.check_catalog, which exits 1 on any difference.
const READ_BACK = `
import json, sys
sys.path.insert(0, "tests/roundtrip")
import boto3
from glue_moto import check_catalog
url, mode = sys.argv[1:]
glue = boto3.client("glue", region_name="${REGION}", endpoint_url=url,
                    aws_access_key_id="readback", aws_secret_access_key="readback")
if mode == "databases":
    print(json.dumps([d["Name"] for d in glue.get_databases()["DatabaseList"]]))
else:
    files = json.load(sys.stdin)
    checked = check_catalog(glue, files["create_database.json"], files["create_table.json"],
                            files["batch_create_partition.json"], "publish")
    tables = [t["Name"] for t in glue.get_tables(DatabaseName="${DATABASE}")["TableList"]]
    print(json.dumps({"checked": checked, "tables": tables}))
`;

describe('Publish panel in Chromium against a local Glue API (moto)', { timeout: 300_000 }, () => {
  let browser;
  let baseUrl;
  let stop;
  let moto;

  before(async () => {
    assert.ok(existsSync(nestedParquet), `${nestedParquet} is missing: ../shared must sit beside the repository`);
    ({ browser, baseUrl, stop } = await startBrowser());
    moto = await startMoto();
  });

  after(async () => {
    await moto?.stop();
    await stop?.();
  });

  const openApp = (options) => openAppIn(browser, baseUrl, options);

  /**
   * Saves nested.parquet, then re-imports the app's own backup of it with a `dt` partition key and
   * PARTITIONS stored partitions (the backup is the way partitions reach the catalog in export.test.mjs).
   */
  async function savePartitionedTable(page) {
    await page.getByTestId('file-input').setInputFiles([nestedParquet]);
    const card = page.getByTestId('table-card');
    await card.getByTestId('save-table').waitFor();
    await card.getByTestId('database-input').fill(DATABASE);
    await card.getByTestId('location-input').fill(LOCATION);
    await card.getByTestId('save-table').click();
    await poll(() => card.getByTestId('action-status').textContent(), (t) => /^Saved as/.test(t.trim()));
    const { text } = await downloadOf(page, () => page.getByTestId('export-backup').click());
    const backup = JSON.parse(text);
    partitionBackup(backup, DATABASE, LOCATION, PARTITIONS);
    mkdirSync(out, { recursive: true });
    const file = path.join(out, 'partitioned-backup.json');
    writeFileSync(file, JSON.stringify(backup));
    await page.getByTestId('import-replace').check();
    await page.getByTestId('import-input').setInputFiles(file);
    assert.match(await importOutcome(page), /^Imported 1 table/);
  }

  /** Opens the table page of `nested`: its export panel and its (opened) publish panel. */
  async function openTable(page) {
    await page.getByTestId('catalog-table').filter({ hasText: /^\s*nested\s*$/ }).first().click();
    const tablePage = page.getByTestId('table-page');
    await poll(() => page.getByTestId('page-table-name').textContent(), (t) => t.trim() === `${DATABASE}.nested`);
    await tablePage.getByTestId('open-publish').click();
    const panel = tablePage.getByTestId('publish-panel');
    await panel.waitFor();
    return { exportPanel: tablePage.getByTestId('export-panel'), panel };
  }

  async function fillSession(panel, { endpoint, secret = SECRET }) {
    await panel.getByTestId('aws-region').fill(REGION);
    await panel.getByTestId('aws-endpoint').fill(endpoint);
    await panel.getByTestId('aws-access-key-id').fill(ACCESS_KEY_ID);
    await panel.getByTestId('aws-secret-access-key').fill(secret);
    await panel.getByTestId('aws-session-token').fill(TOKEN);
  }

  const statusOf = (panel) => panel.getByTestId('publish-status').textContent();
  const operationsOf = async (panel) =>
    Promise.all((await panel.getByTestId('publish-step').all()).map((s) => s.getAttribute('data-operation')));

  /** Runs the dry run and waits for its plan; returns the planned operations. */
  async function dryRun(panel) {
    await panel.getByTestId('publish-dry-run').click();
    const status = await poll(() => statusOf(panel), (t) => /^Dry run: \d+ steps planned/.test(t));
    assert.match(status, /^Dry run: \d+ steps planned; nothing was changed\.$/);
    return operationsOf(panel);
  }

  /** Publishes the plan; returns every status text shown while it ran, and each step's result. */
  async function publish(panel) {
    const status = panel.getByTestId('publish-status');
    await status.evaluate((el) => {
      window.__publishStatuses = [];
      new MutationObserver(() => window.__publishStatuses.push(el.textContent)).observe(el, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    await panel.getByTestId('publish-run').click();
    const final = await poll(() => statusOf(panel), (t) => /^(Published|Stopped)/.test(t));
    const seen = await status.evaluate(() => window.__publishStatuses);
    const results = await Promise.all(
      (await panel.getByTestId('publish-step').all()).map(async (step) => {
        const result = step.getByTestId('publish-result');
        return { ok: await result.getAttribute('data-ok'), text: (await result.textContent()).trim() };
      }),
    );
    return { final, seen, results };
  }

  /** The app's Glue export files of the table (file name -> parsed requests). */
  async function glueExport(page, exportPanel) {
    await exportPanel.getByTestId('export-target').selectOption('glue');
    const files = {};
    for (const name of ['create_database.json', 'create_table.json', 'batch_create_partition.json']) {
      const entry = exportPanel.locator(`[data-testid="export-file"][data-file="${name}"]`);
      await entry.waitFor({ state: 'visible' });
      files[name] = JSON.parse(await entry.getByTestId('export-preview').textContent());
    }
    assert.equal(files['batch_create_partition.json'].flatMap((b) => b.PartitionInputList).length, PARTITIONS);
    return files;
  }

  it('plans, publishes, reads back equal to the export, and updates on a second publish', async () => {
    const { context, page, errors, requestsOutside } = await openApp();
    const consoleTexts = [];
    page.on('console', (msg) => consoleTexts.push(msg.text()));
    try {
      await savePartitionedTable(page);
      const { exportPanel, panel } = await openTable(page);
      await fillSession(panel, { endpoint: moto.url });

      // Dry run: the lookups only; the plan names every step and nothing is created.
      assert.deepEqual(await dryRun(panel), ['CreateDatabase', 'CreateTable', 'BatchCreatePartition', 'BatchCreatePartition']);
      const descriptions = await panel.getByTestId('publish-step-description').allTextContents();
      assert.equal(descriptions[0], `CreateDatabase ${DATABASE}`);
      assert.match(descriptions[1], new RegExp(`^CreateTable ${DATABASE}\\.nested \\(\\d+ columns\\)$`));
      assert.match(descriptions[2], /^BatchCreatePartition sales\.nested: 100 partitions \(batch 1 of 2/);
      assert.match(descriptions[3], /^BatchCreatePartition sales\.nested: 50 partitions \(batch 2 of 2/);
      assert.equal(await panel.getByTestId('publish-result').count(), 0, 'a dry run has no results');
      assert.deepEqual(boto3(moto.url, 'databases'), [], 'the dry run created nothing');

      // Publish: step i of n while it runs, then every step's result.
      const first = await publish(panel);
      assert.equal(first.final, 'Published: all 4 steps succeeded.');
      for (let i = 1; i <= 4; i += 1) {
        assert.ok(first.seen.includes(`Publishing: step ${i} of 4…`), `progress showed step ${i} of 4: ${first.seen.join(' | ')}`);
      }
      assert.deepEqual(first.results, [
        { ok: 'true', text: 'done' },
        { ok: 'true', text: 'done' },
        { ok: 'true', text: '100 created, 0 already existed, 0 failed' },
        { ok: 'true', text: '50 created, 0 already existed, 0 failed' },
      ]);
      assert.equal(await panel.getByTestId('publish-error').count(), 0);
      assert.equal(await panel.getByTestId('publish-run').isDisabled(), true, 'a finished plan is not run twice');

      // What Glue holds is exactly the app's own Glue export of the table.
      const exported = await glueExport(page, exportPanel);
      const readBack = boto3(moto.url, 'check', JSON.stringify(exported));
      assert.deepEqual(readBack, { checked: 1 + 1 + PARTITIONS, tables: ['nested'] });

      // Again: the table exists now, so UpdateTable; every partition is reported as already there.
      assert.deepEqual(await dryRun(panel), ['UpdateTable', 'BatchCreatePartition', 'BatchCreatePartition']);
      assert.match(
        (await panel.getByTestId('publish-step-description').first().textContent()),
        /^UpdateTable sales\.nested \(\d+ columns; Glue archives the current version\)$/,
      );
      const second = await publish(panel);
      assert.equal(second.final, 'Published: all 3 steps succeeded.');
      assert.deepEqual(second.results, [
        { ok: 'true', text: 'done' },
        { ok: 'true', text: '0 created, 100 already existed, 0 failed' },
        { ok: 'true', text: '0 created, 50 already existed, 0 failed' },
      ]);
      assert.deepEqual(boto3(moto.url, 'check', JSON.stringify(exported)), readBack);

      // The whole catalog, from the catalog panel: the tab's one session, the same plan.
      const catalogPanel = page.getByTestId('catalog-panel');
      await catalogPanel.getByTestId('open-export').click();
      await catalogPanel.getByTestId('open-publish').click();
      const catalogPublish = catalogPanel.getByTestId('publish-panel');
      assert.equal(await catalogPublish.locator('h3').textContent(), 'Publish the whole catalog to AWS Glue');
      assert.equal(await catalogPublish.getByTestId('aws-endpoint').inputValue(), moto.url, 'one session per tab');
      assert.deepEqual(await dryRun(catalogPublish), ['UpdateTable', 'BatchCreatePartition', 'BatchCreatePartition']);

      // The secret and the token are in no stored record, no backup, no markup and no console message.
      const stored = await dumpIndexedDb(page);
      assert.match(stored, /nested/, 'the dump holds the catalog');
      assert.match(stored, /day149/, 'the dump holds the partitions');
      for (const secret of [SECRET, TOKEN]) {
        assert.ok(!stored.includes(secret), 'a credential reached IndexedDB');
        assert.ok(!(await page.content()).includes(secret), 'a credential is in the page markup');
      }
      const { text: backup } = await downloadOf(page, () => page.getByTestId('export-backup').click());
      assert.match(backup, /nested/);
      assert.ok(!backup.includes(SECRET) && !backup.includes(TOKEN), 'a credential reached the backup');
      assert.ok(consoleTexts.length > 0, 'console messages were collected (the 400s of the lookups)');
      assert.deepEqual(consoleTexts.filter((t) => t.includes(SECRET) || t.includes(TOKEN)), []);

      // The only errors the page reported are Glue's answers to the lookups of what did not exist yet
      // (HTTP 400 EntityNotFoundException, which Chromium logs itself).
      assert.deepEqual(errors.filter((e) => !e.includes(moto.url)), [], 'the page reported other errors');
      assert.deepEqual(requestsOutside([moto.url]), [], 'requests went elsewhere than the typed endpoint');
    } finally {
      await context.close();
    }
  });

  it('says clearly why it cannot publish: no keys, no answer, keys Glue refuses', async () => {
    const { context, page, errors, requestsOutside } = await openApp();
    const consoleTexts = [];
    page.on('console', (msg) => consoleTexts.push(msg.text()));
    let proxy;
    try {
      await savePartitionedTable(page);
      const { panel } = await openTable(page);
      const error = panel.getByTestId('publish-error');
      const errorText = () => poll(() => error.textContent().catch(() => ''), (t) => t !== '');

      // No secret key: refused before any request.
      await fillSession(panel, { endpoint: moto.url, secret: '' });
      await panel.getByTestId('publish-dry-run').click();
      assert.equal(await errorText(), 'AWS credentials need both an access key id and a secret access key.');
      assert.equal(await panel.getByTestId('publish-step').count(), 0);

      // Nothing listens there: fetch's message, naming the host.
      const closed = await freePort();
      await fillSession(panel, { endpoint: `http://127.0.0.1:${closed}` });
      await panel.getByTestId('publish-dry-run').click();
      const unreachable = await poll(() => error.textContent(), (t) => t.includes(`${closed}`));
      assert.equal(
        unreachable,
        `Could not look up database ${DATABASE}: No answer from 127.0.0.1:${closed}: the server refused this page's ` +
          'cross-origin request (CORS), or it cannot be reached.',
      );
      assert.equal(await panel.getByTestId('publish-dry-run').isDisabled(), false, 'the panel can be used again');

      // Keys the server does not know: Glue's own error code and message.
      await requireSignatures(moto.url);
      proxy = await startCorsProxy(moto.url);
      await fillSession(panel, { endpoint: proxy.url });
      await panel.getByTestId('publish-dry-run').click();
      const refused = await poll(() => error.textContent(), (t) => t.includes('InvalidClientTokenId'));
      assert.equal(
        refused,
        `Glue refused the lookup of database ${DATABASE}: InvalidClientTokenId (HTTP 403): ` +
          'The security token included in the request is invalid.',
      );
      assert.equal(await panel.getByTestId('publish-step').count(), 0, 'no plan after a refused lookup');
      assert.equal(await panel.getByTestId('publish-run').isDisabled(), true, 'nothing to publish');

      const stored = await dumpIndexedDb(page);
      assert.match(stored, /nested/);
      assert.ok(!stored.includes(SECRET) && !stored.includes(TOKEN), 'a credential reached IndexedDB');
      assert.ok(consoleTexts.length > 0, 'console messages were collected (the refused requests)');
      assert.deepEqual(consoleTexts.filter((t) => t.includes(SECRET) || t.includes(TOKEN)), []);
      // Nothing crashed: the only errors are the refused and unanswered requests themselves.
      const others = errors.filter(
        (e) => !e.includes(moto.url) && !e.includes(proxy.url) && !e.includes(`127.0.0.1:${closed}`),
      );
      assert.deepEqual(others, [], 'the page reported other errors');
      assert.deepEqual(
        requestsOutside([moto.url, proxy.url, `http://127.0.0.1:${closed}`]),
        [],
        'requests went elsewhere than the typed endpoints',
      );
    } finally {
      await context.close();
      await proxy?.stop();
    }
  });
});
