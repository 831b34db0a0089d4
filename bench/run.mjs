// The browser benchmark (scripts/bench): Glueprint's crawl worker against hyparquet, parquet-wasm and
// DuckDB-WASM on the same inputs, local Files and remote URLs, in one headless Chromium page.
//
//   node bench/run.mjs [--smoke] [--reps N] [--only TASK-PREFIX] [--dist DIR] [--write-doc]
//
// --dist serves another build of the app (default dist/), to compare two builds on the same inputs.
// Inputs come from bench/generate.py (under bench/out/data, never committed). Each task runs once to warm
// up, then N times; it reports the median and min–max of the wall time, the requests and bytes per remote
// object (the data server counts them), the page's JS heap (CDP, sampled), the tool's wasm memory and the
// longest main-thread task. --smoke runs a few files once and checks the deterministic figures (requests
// and bytes per remote Parquet schema) against the targets; it never checks times.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { CHROMIUM_ARGS } from '../tests/e2e/support.mjs';
import { startAppServer, startDataServer } from './serve.mjs';
import { checkTraffic, FOOTER_PROBE_BYTES } from './traffic.mjs';
import { markdownReport, textTable } from './report.mjs';

const bench = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(bench, '..');
const { chromium } = createRequire(path.join(repo, 'tests/package.json'))('playwright-core');

const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const reps = Number(args[args.indexOf('--reps') + 1]) || (smoke ? 1 : 5);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : '';
const sizes = smoke
  ? { small: 10, wide: 2, bigMb: 4, hive: 1000 }
  : { small: 1000, wide: 20, bigMb: 2048, hive: 100_000 };

const dataDir = path.join(bench, 'out/data');
const manifest = JSON.parse(
  execFileSync('python3', [
    path.join(bench, 'generate.py'),
    ...['--out', dataDir, '--small', String(sizes.small), '--wide', String(sizes.wide), '--big-mb', String(sizes.bigMb)],
  ], { encoding: 'utf8', maxBuffer: 1 << 26 }),
);

const PARQUET = ['glueprint', 'hyparquet', 'parquet-wasm'];
const groups = {
  small: `${manifest.small.length} small Parquet files (10 schemas)`,
  wide: `${manifest.wide.length} wide Parquet files (500–2,000 columns)`,
  nested: `${manifest.nested.length} nested-type Parquet files`,
  big: `one ${(manifest.big[0].size / 1e9).toFixed(2)} GB Parquet file (${sizes.bigMb} row groups)`,
};

/** Every task: what it reads and which tools run it. `remote` is 'known' or 'unknown' (the object's size). */
function tasks() {
  const list = [];
  for (const [group, label] of Object.entries(groups)) {
    list.push({ id: `${group}/local`, label: `${label}, dropped`, input: { group }, tools: PARQUET });
    list.push({ id: `${group}/remote-size-known`, label: `${label}, URLs, size listed`, remote: 'known', group, tools: ['glueprint', 'hyparquet'] });
    list.push({ id: `${group}/remote-size-unknown`, label: `${label}, pasted URLs`, remote: 'unknown', group, tools: PARQUET });
  }
  // What sensitive-data detection adds (1,000 rows or 4 MB of pages per file): Glueprint only.
  list.push({ id: 'sampled/small-local', label: `${groups.small}, dropped, values sampled`, input: { group: 'small', sampleValues: true }, tools: ['glueprint'] });
  list.push({ id: 'sampled/wide-remote-size-unknown', label: `${groups.wide}, pasted URLs, values sampled`, remote: 'unknown', group: 'wide', sampleValues: true, tools: ['glueprint'] });
  list.push({ id: 'csv/local', label: '1 MB CSV, dropped', input: { group: 'csv' }, tools: ['glueprint', 'duckdb-wasm'] });
  list.push({ id: 'csv/remote-size-unknown', label: '1 MB CSV, pasted URL', remote: 'unknown', group: 'csv', tools: ['glueprint', 'duckdb-wasm'] });
  list.push({ id: 'json/local', label: '1 MB JSON Lines, dropped', input: { group: 'json' }, tools: ['glueprint'] });
  // Minutes per run at 100,000 files: one timed run. Each in a new worker (warmed up on a small tree), so its wasm memory is that crawl's own: the same
  // tree a tenth the size shows whether memory grows with the number of files.
  const tenth = sizes.hive / 10;
  list.push({ id: 'hive/local-tenth', label: `Hive tree of ${tenth.toLocaleString('en')} in-memory Files, crawled`, input: { hive: tenth, freshWorker: true }, tools: ['glueprint'], reps: 1, warmUp: false });
  list.push({ id: 'hive/local', label: `Hive tree of ${sizes.hive.toLocaleString('en')} in-memory Files, crawled`, input: { hive: sizes.hive, freshWorker: true }, tools: ['glueprint'], reps: 1, warmUp: false });
  return list;
}

const filesOf = {
  ...Object.fromEntries(Object.keys(groups).map((g) => [g, manifest[g]])),
  csv: manifest.text.filter((f) => f.path.endsWith('.csv')),
  json: manifest.text.filter((f) => f.path.endsWith('.jsonl')),
  hive: manifest.hive,
};

let signature = 0;
/** Presigned-looking URLs of `files` on the data server: a fresh signature each run, as each listing has. */
function urlsOf(dataUrl, files, knownSize) {
  signature += 1;
  const query = [
    'X-Amz-Algorithm=AWS4-HMAC-SHA256',
    'X-Amz-Credential=BENCHKEY%2F20261125%2Fus-east-1%2Fs3%2Faws4_request',
    'X-Amz-Date=20261125T000000Z',
    'X-Amz-Expires=3600',
    'X-Amz-SignedHeaders=host',
    `X-Amz-Signature=${signature.toString(16).padStart(64, '0')}`,
  ].join('&');
  return files.map((f) => ({
    path: f.path,
    url: `${dataUrl}/bench-data/${f.path}?${query}`,
    size: knownSize ? f.size : undefined,
  }));
}

/** Files loaded later, never before the first interaction. */
const LATER = [
  // The crawl worker starts only when a crawl does or a file is dropped.
  'crawl_worker',
  // The Schema Registry's checkers: imported when the registry workbench first shows its forms (at
  // once when a registry exists, after the page is up).
  'registry_engine',
];

/**
 * What the page loads before the first interaction, gzip'd (zlib's default level, as a server would):
 * dist/ (wasm-bindgen's snippets included) without the files in LATER, which are listed apart.
 */
function firstLoad(dist) {
  const files = {};
  const later = {};
  for (const name of readdirSync(dist, { recursive: true })) {
    const file = path.join(dist, name);
    if (!statSync(file).isFile()) continue;
    const size = gzipSync(readFileSync(file)).length;
    if (LATER.some((prefix) => name.startsWith(prefix))) later[name] = size;
    else files[name] = size;
  }
  return { files, later, total: Object.values(files).reduce((a, b) => a + b, 0) };
}

function quantiles(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

async function main() {
  const dist = path.resolve(args.includes('--dist') ? args[args.indexOf('--dist') + 1] : path.join(repo, 'dist'));
  const app = await startAppServer({ dist, bench });
  const data = await startDataServer(dataDir);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    // The e2e tests' flags, and exact heap figures.
    args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'],
  });
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(600_000);
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${app.url}/`, { waitUntil: 'load' });
    await page.getByTestId('file-input').waitFor({ state: 'attached' });
    const cdp = await page.context().newCDPSession(page);
    await page.evaluate(() => import('/bench/page.mjs').then((m) => (window.benchPage = m)));
    for (const group of Object.keys(filesOf)) {
      await page.evaluate((g) => window.benchPage.addFileInput(g), group);
      await page.setInputFiles(`#bench-files-${group}`, filesOf[group].map((f) => path.join(dataDir, f.path)));
    }
    const startup = await page.evaluate(() => window.benchPage.startTools());

    const results = [];
    for (const task of tasks().filter((t) => t.id.startsWith(only))) {
      for (const tool of task.tools) {
        const times = [];
        let last;
        let heapPeak = 0;
        const first = task.warmUp === false ? 1 : 0;
        for (let rep = first; rep <= (task.reps ?? reps); rep++) {
          const input = task.remote
            ? { urls: urlsOf(data.url, filesOf[task.group], task.remote === 'known'), sampleValues: task.sampleValues }
            : task.input;
          await cdp.send('HeapProfiler.collectGarbage');
          data.reset();
          let sampling = true;
          const sampler = (async () => {
            while (sampling) {
              const { usedSize } = await cdp.send('Runtime.getHeapUsage');
              heapPeak = Math.max(heapPeak, usedSize);
              await new Promise((r) => setTimeout(r, 25));
            }
          })();
          try {
            last = await withDeadline(page.evaluate(([t, i]) => window.benchPage.runTask(t, i), [tool, input]),
              `${task.id} ${tool}`);
          } finally {
            sampling = false;
            await sampler;
          }
          // Run 0 warms up (compiles, caches); it is not timed.
          if (rep > 0) times.push(last.ms);
        }
        const traffic = task.remote ? trafficOf(data.counts(), filesOf[task.group]) : null;
        results.push({ task: task.id, label: task.label, tool, sampleValues: Boolean(task.sampleValues), ...quantiles(times), runs: times.length, found: last.found,
          longestTaskMs: last.longestTaskMs, wasmBytes: last.wasmBytes, heapPeak, traffic,
          perFile: task.remote ? perFileTraffic(data.counts(), filesOf[task.group]) : null });
        console.log(`${task.id} ${tool}: ${quantiles(times).median.toFixed(1)} ms`);
      }
    }
    assert.deepEqual(pageErrors, [], 'the page reported errors');
    const machine = {
      cpus: os.cpus().length,
      cpu: os.cpus()[0]?.model ?? 'unknown',
      chromium: browser.version(),
      node: process.version,
      memoryGb: (os.totalmem() / 2 ** 30).toFixed(1),
    };
    const report = { smoke, reps, sizes, machine, startup, firstLoad: firstLoad(dist), results };
    mkdirSync(path.join(bench, 'out'), { recursive: true });
    writeFileSync(path.join(bench, 'out/results.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\n${textTable(report)}`);
    if (smoke) {
      const failures = checkTraffic(results);
      assert.deepEqual(failures, [], 'request counts or bytes over the targets');
      console.log('\nbench smoke: request counts and bytes per remote Parquet schema within the targets');
    }
    if (args.includes('--write-doc')) {
      // What the main wasm is made of, from the binary cargo wrote before wasm-bindgen and wasm-opt.
      report.wasmBreakdown = execFileSync('python3', ['bench/wasm_breakdown.py', '--top', '20',
        'target/wasm32-unknown-unknown/release/glueprint-app.wasm'], { cwd: repo, encoding: 'utf8' });
      // The native figures (scripts/bench-infer and scripts/bench-compat with --write-doc, via
      // bench/doc_section.py) are kept as they are: this run does not measure them.
      const doc = path.join(repo, 'docs/benchmarks.md');
      const before = existsSync(doc) ? readFileSync(doc, 'utf8') : '';
      const native = before.match(/<!-- native -->[\s\S]*<!-- \/native -->\n?/)?.[0];
      writeFileSync(doc, markdownReport(report, FOOTER_PROBE_BYTES) + (native ? `\n${native}` : ''));
      console.log('wrote docs/benchmarks.md');
    }
  } finally {
    await browser.close();
    await data.close();
    await app.close();
  }
}

/** No run of the full benchmark takes ten minutes; one that does is stuck, and says which. */
const TASK_DEADLINE_MS = (smoke ? 2 : 10) * 60_000;

function withDeadline(promise, what) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer after ${TASK_DEADLINE_MS / 1000} s`)), TASK_DEADLINE_MS);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** Requests and bytes of the last run summed over `files`. */
function trafficOf(counts, files) {
  const sum = { requests: 0, preflights: 0, heads: 0, gets: 0, bytes: 0 };
  for (const f of files) {
    for (const [k, v] of Object.entries(counts.get(f.path) ?? {})) sum[k] += v;
  }
  return { ...sum, files: files.length };
}

/** Each file's requests and bytes in the last run, with its size and footer length. */
function perFileTraffic(counts, files) {
  return files.map((f) => ({ path: f.path, size: f.size, footer: f.footer, ...(counts.get(f.path) ?? {}) }));
}

await main();
