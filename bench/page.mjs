// The benchmark's side in the page (imported by bench/run.mjs into the app's own page, same origin as
// dist/): each task runs Glueprint or a peer over a set of inputs and returns its wall time, what the
// tool found (a count, to check every run read every file) and the memory and main-thread figures.
//
// Glueprint runs as the app runs it: its crawl worker (dist/crawl_worker.js and its wasm), spoken to over
// the worker's message protocol (app/src/crawl/protocol.rs), with dropped Files or presigned URLs. The
// worker is started from bench/probe_worker.js, the app's loader plus one reply: the size of the worker's
// wasm memory, which only grows, so its size after a task is the task's peak.

const WORKER_MEMORY_PROBE = 'glueprintBenchWasmMemory';

/** Peers' files are served by the bench server from bench/node_modules. */
const NODE_MODULES = '/bench-node-modules';

/** Reads in flight for the peers, as the crawl worker keeps 16 (READS_IN_FLIGHT in app/src/crawl/worker.rs). */
const IN_FLIGHT = 16;

let worker = null;

/**
 * A worker message as `{kind, ...fields}`. The protocol's `FromWorker` (app/src/crawl/protocol.rs) is
 * externally tagged: `"ready"`, `{"finished": {"crawl": 1, "result": "…"}}`.
 */
function fromWorker(json) {
  const message = JSON.parse(json);
  if (typeof message === 'string') return { kind: message };
  const [kind, fields] = Object.entries(message)[0] ?? ['?', {}];
  return { kind, ...fields };
}
let crawlNumber = 0;
const crawls = new Map();

/** Starts the crawl worker once; resolves when it says Ready. */
async function glueprintWorker() {
  if (worker) return worker;
  const started = new Worker('/bench/probe_worker.js', { type: 'module' });
  await new Promise((resolve, reject) => {
    started.onerror = (e) => reject(new Error(`the crawl worker failed: ${e.message}`));
    started.onmessage = (event) => {
      if (event.data?.json && fromWorker(event.data.json).kind === 'ready') resolve();
    };
  });
  // A worker that dies takes its runs with it: fail them rather than wait for ever.
  const failAll = (reason) => {
    for (const [number, crawl] of crawls) {
      if (number !== 'memory') crawl.reject(new Error(reason));
    }
  };
  started.onerror = (e) => failAll(`the crawl worker died: ${e.message}`);
  started.onmessage = (event) => {
    if (WORKER_MEMORY_PROBE in event.data) {
      crawls.get('memory')?.(event.data[WORKER_MEMORY_PROBE]);
      return;
    }
    const message = fromWorker(event.data.json);
    if (message.kind === 'crashed') failAll(`the crawl worker panicked reading ${message.reading?.[1] ?? '?'}`);
    const crawl = crawls.get(message.crawl);
    if (!crawl) return;
    if (message.kind === 'taken') {
      crawl.taken = message.taken;
      crawl.wake?.();
    }
    if (message.kind === 'fileFailed') crawl.failed.push(`${message.path}: ${message.message}`);
    if (message.kind === 'finished') crawl.resolve(JSON.parse(message.result));
    if (message.kind === 'failed') crawl.reject(new Error(message.message));
  };
  worker = started;
  return worker;
}

/**
 * A new crawl worker in place of the one running, warmed up by a crawl of a small tree before it is
 * used: its wasm memory (which never shrinks) then shows what the next crawl needs, not what earlier
 * tasks left, while its code is as warm as a worker that has crawled before.
 */
async function freshWorker() {
  worker?.terminate();
  worker = null;
  const { failed } = await crawl(await hiveTree(1000), 'warm-up', false);
  if (failed.length) throw new Error(`Glueprint's warm-up crawl failed: ${failed[0]}`);
}

async function workerMemory() {
  const w = await glueprintWorker();
  const bytes = new Promise((resolve) => crawls.set('memory', resolve));
  w.postMessage({ [WORKER_MEMORY_PROBE]: true });
  return bytes;
}

/** Entries sent per AddEntries message, as the page streams a listing. */
const BATCH = 1000;

/** Entries sent ahead of what the worker took, as the app's page sends them (app/src/crawl/protocol.rs). */
const WINDOW = 4000;

/**
 * One crawl in the worker over `entries` ({path, size, file?, url?}): Start, AddEntries batches,
 * EndOfEntries, then the Finished result. Resolves with the tables and the per-file failures.
 */
async function crawl(entries, root, sampleValues) {
  const w = await glueprintWorker();
  const number = ++crawlNumber;
  const state = { failed: [], taken: 0, wake: null };
  const done = new Promise((resolve, reject) => crawls.set(number, Object.assign(state, { resolve, reject })));
  const over = done.then(() => true, () => true);
  // The app's defaults (app/src/crawl/protocol.rs `CrawlSettings`); values are sampled only when the task
  // says so: the peers read schemas only.
  const settings = {
    database: 'bench', location: null, excludes: [], sampleSize: null, combineCompatibleSchemas: false,
    sampleValues, piiThreshold: 0.5, unsampled: [],
  };
  w.postMessage({ json: JSON.stringify({ kind: 'start', crawl: number, settings, root }) });
  for (let at = 0; at < entries.length; at += BATCH) {
    // The worker says how many entries it took (`taken`) each time its queue runs low; a run that
    // failed meanwhile stops the sending.
    while (at - state.taken >= WINDOW) {
      if (await Promise.race([new Promise((r) => { state.wake = () => r(false); }), over])) return done;
    }
    const batch = entries.slice(at, at + BATCH);
    const files = [];
    const wire = batch.map((e) => {
      if (e.url) return { path: e.path, size: e.size ?? null, source: { type: 'url', url: e.url } };
      files.push(e.file);
      return { path: e.path, size: e.file.size, source: { type: 'file', file: files.length - 1 } };
    });
    w.postMessage({ json: JSON.stringify({ kind: 'addEntries', crawl: number, entries: wire }), files });
    // Let the worker start reading while the rest is listed, as the app's page does.
    await new Promise((r) => setTimeout(r, 0));
  }
  w.postMessage({ json: JSON.stringify({ kind: 'endOfEntries', crawl: number }) });
  const result = await done;
  const { failed } = crawls.get(number);
  crawls.delete(number);
  return { result, failed };
}

// --- peers -------------------------------------------------------------------------------------------

let hyparquet = null;
let parquetWasm = null;
let duck = null;

async function loadHyparquet() {
  hyparquet ??= await import(`${NODE_MODULES}/hyparquet/src/index.js`);
  return hyparquet;
}

async function loadParquetWasm() {
  if (!parquetWasm) {
    const module = await import(`${NODE_MODULES}/parquet-wasm/esm/parquet_wasm.js`);
    const exports = await module.default();
    parquetWasm = { module, memory: exports.memory };
  }
  return parquetWasm;
}

/** DuckDB-WASM's "eh" bundle from the same server; resolves with the database and its start-up time. */
async function loadDuckDb() {
  if (duck) return duck;
  const t0 = performance.now();
  const duckdb = await import(`${NODE_MODULES}/@duckdb/duckdb-wasm/dist/duckdb-browser.mjs`);
  const dist = `${location.origin}${NODE_MODULES}/@duckdb/duckdb-wasm/dist`;
  const bundle = await duckdb.selectBundle({
    mvp: { mainModule: `${dist}/duckdb-mvp.wasm`, mainWorker: `${dist}/duckdb-browser-mvp.worker.js` },
    eh: { mainModule: `${dist}/duckdb-eh.wasm`, mainWorker: `${dist}/duckdb-browser-eh.worker.js` },
  });
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(bundle.mainWorker));
  await db.instantiate(bundle.mainModule);
  const connection = await db.connect();
  duck = { duckdb, db, connection, startMs: performance.now() - t0 };
  return duck;
}

/** Runs `task(item)` over `items`, IN_FLIGHT at a time; resolves with the results in order. */
async function pool(items, task) {
  const results = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(IN_FLIGHT, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]);
    }
  });
  await Promise.all(lanes);
  return results;
}

/** hyparquet's AsyncBuffer over a File (its own `asyncBufferFromFile` is for Node's fs). */
const fileBuffer = (file) => ({ byteLength: file.size, slice: (start, end) => file.slice(start, end).arrayBuffer() });

function countColumns(node) {
  return node.children.length === 0 ? 1 : node.children.reduce((n, child) => n + countColumns(child), 0);
}

// --- tasks -------------------------------------------------------------------------------------------

/** The inputs the driver put in the page: File objects by group, from its file inputs. */
function filesOf(group) {
  const input = document.getElementById(`bench-files-${group}`);
  return Array.from(input.files);
}

/** Adds a hidden file input the driver fills with a group's files (playwright's setInputFiles). */
export function addFileInput(group) {
  const input = document.createElement('input');
  input.type = 'file';
  input.multiple = true;
  input.id = `bench-files-${group}`;
  input.hidden = true;
  document.body.append(input);
}

/**
 * The in-memory Hive tree: `count` Files sharing one Parquet file's bytes, year=/month= folders. The bytes
 * are read into one in-memory Blob first: a File made of the dropped File would refer to the file on disk,
 * and each read of it would open that file again (20,000 reads: 4.7 s from disk, 2.7–3.4 s from memory).
 */
async function hiveTree(count) {
  const bytes = new Blob([await filesOf('hive')[0].arrayBuffer()]);
  const entries = [];
  for (let i = 0; i < count; i++) {
    const month = i % 60;
    const folder = `year=${2020 + Math.floor(month / 12)}/month=${String((month % 12) + 1).padStart(2, '0')}`;
    const name = `part-${String(i).padStart(6, '0')}.parquet`;
    entries.push({ path: `${folder}/${name}`, file: new File([bytes], name) });
  }
  return entries;
}

const TOOLS = {
  /** Glueprint's crawl worker; `inputs` are File groups or remote URLs. */
  async glueprint({ files, urls, tree, sampleValues = false }) {
    const entries = tree ?? (files ? files.map((file) => ({ path: file.name, file })) : urls);
    const { result, failed } = await crawl(entries, 'bench', sampleValues);
    if (failed.length) throw new Error(`Glueprint failed on ${failed.length} files: ${failed.slice(0, 3).join('; ')}`);
    return { found: result.tables.length };
  },
  async hyparquet({ files, urls }) {
    const { parquetMetadataAsync, parquetSchema, asyncBufferFromUrl } = await loadHyparquet();
    const columns = await pool(files ?? urls, async (item) => {
      const buffer = files ? fileBuffer(item) : await asyncBufferFromUrl({ url: item.url, byteLength: item.size });
      return countColumns(parquetSchema(await parquetMetadataAsync(buffer)));
    });
    return { found: columns.reduce((a, b) => a + b, 0) };
  },
  /** The schema leaves JavaScript as Arrow IPC, as a caller of parquet-wasm gets it. */
  async 'parquet-wasm'({ files, urls }) {
    const { module } = await loadParquetWasm();
    const schemas = await pool(files ?? urls, async (item) => {
      const parquet = files ? await module.ParquetFile.fromFile(item) : await module.ParquetFile.fromUrl(item.url);
      const ipc = parquet.schema().intoIPCStream();
      parquet.free();
      return ipc.length > 0 ? 1 : 0;
    });
    return { found: schemas.reduce((a, b) => a + b, 0) };
  },
  /** DuckDB-WASM's CSV sniffer (its Parquet and JSON readers are extensions downloaded at run time). */
  async 'duckdb-wasm'({ files, urls }) {
    const { duckdb, db, connection } = await loadDuckDb();
    let found = 0;
    for (const [i, item] of (files ?? urls).entries()) {
      const name = `input-${i}.csv`;
      if (files) await db.registerFileHandle(name, item, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
      else await db.registerFileURL(name, item.url, duckdb.DuckDBDataProtocol.HTTP, false);
      const sniffed = await connection.query(`SELECT Columns FROM sniff_csv('${name}')`);
      found += sniffed.getChildAt(0).get(0).length;
      await db.dropFile(name);
    }
    return { found };
  },
};

let longest = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) longest = Math.max(longest, entry.duration);
}).observe({ type: 'longtask' });

/** Start-up of the tools that have one (wasm compiled and instantiated), in ms. */
export async function startTools() {
  const t0 = performance.now();
  await glueprintWorker();
  const glueprint = performance.now() - t0;
  const t1 = performance.now();
  await loadParquetWasm();
  const parquet = performance.now() - t1;
  const t2 = performance.now();
  await loadHyparquet();
  const hyp = performance.now() - t2;
  const { startMs } = await loadDuckDb();
  return { glueprint, 'parquet-wasm': parquet, hyparquet: hyp, 'duckdb-wasm': startMs };
}

/**
 * One run of `tool` over `input` ({group} for dropped files, {urls} for remote ones, {hive: count} for the
 * in-memory Hive tree; `freshWorker` runs Glueprint in a new worker, so its memory is this run's alone).
 * Resolves with the wall time, what was found, the longest main-thread task meanwhile and the tool's wasm
 * memory after it.
 */
export async function runTask(tool, input) {
  // The tree's Files are made before the clock starts: the app gets them from the folder picker.
  const args = input.group
    ? { files: filesOf(input.group), sampleValues: input.sampleValues }
    : input.hive ? { tree: await hiveTree(input.hive) } : input;
  if (input.freshWorker) await freshWorker();
  // Making 100,000 in-memory Files is one long task of its own; its report arrives a turn later and
  // must not be charged to the run.
  await new Promise((r) => setTimeout(r, 50));
  longest = 0;
  const t0 = performance.now();
  const { found } = await TOOLS[tool](args);
  const ms = performance.now() - t0;
  // Long tasks are reported after they end; one more turn of the event loop delivers the last.
  await new Promise((r) => setTimeout(r, 50));
  let wasmBytes = null;
  if (tool === 'glueprint') wasmBytes = await workerMemory();
  if (tool === 'parquet-wasm') wasmBytes = parquetWasm.memory.buffer.byteLength;
  return { ms, found, longestTaskMs: longest, wasmBytes };
}
