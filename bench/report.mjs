// The benchmark's tables: a text table for the terminal and docs/benchmarks.md, from one report of
// bench/run.mjs (its machine, start-up times and per-task results).

const ms = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const mb = (bytes) => (bytes == null ? '–' : (bytes / 2 ** 20).toFixed(1));

/** Glueprint's median over `tool`'s on the same task. */
function ratio(results, r) {
  if (r.tool === 'glueprint') return '–';
  const ours = results.find((x) => x.task === r.task && x.tool === 'glueprint');
  return ours ? `${(ours.median / r.median).toFixed(2)}` : '–';
}

function trafficCells(r) {
  if (!r.traffic) return ['–', '–'];
  const { requests, bytes, files } = r.traffic;
  return [(requests / files).toFixed(2), (bytes / files / 1024).toFixed(1)];
}

const HEADER = ['task', 'tool', 'median ms', 'min–max ms', 'Glueprint / tool', 'requests / object',
  'KiB / object', 'longest main-thread task ms', 'peak page JS heap MiB', 'wasm memory MiB'];

function rows(report) {
  return report.results.map((r) => [r.label, r.tool, ms(r.median), `${ms(r.min)}–${ms(r.max)}`, ratio(report.results, r),
    ...trafficCells(r), ms(r.longestTaskMs), mb(r.heapPeak), mb(r.wasmBytes)]);
}

/** A markdown table; text cells left-aligned, figures right-aligned. */
function markdownTable(header, body) {
  const all = [header, ...body];
  const widths = header.map((_, i) => Math.max(...all.map((row) => String(row[i]).length)));
  const line = (row) => `| ${row.map((c, i) => (i < 2 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i < 2 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...body.map(line)].join('\n');
}

export function textTable(report) {
  return markdownTable(HEADER, rows(report));
}

/** How each of the issue's targets fares in `report`, one row each. */
function targets(report) {
  const find = (task, tool) => report.results.find((r) => r.task === task && r.tool === tool);
  const out = [];
  const maxPerObject = (r, field) => Math.max(...r.perFile.map((f) => f[field] ?? 0));
  for (const [task, limit, what] of [
    ['small/remote-size-unknown', 2, 'size unknown'],
    ['small/remote-size-known', 1, 'size listed'],
  ]) {
    const ours = find(task, 'glueprint');
    const theirs = find(task, 'hyparquet');
    if (!ours) continue;
    const n = maxPerObject(ours, 'requests');
    out.push([`remote Parquet schema, ${what}: ≤ ${limit} round trips per object`, `${n} (hyparquet ${theirs ? maxPerObject(theirs, 'requests') : '–'})`,
      n <= limit ? 'met' : 'missed']);
  }
  const small = find('small/remote-size-known', 'glueprint');
  if (small) {
    const over = small.perFile.filter((f) => f.bytes > f.footer + 65_536).length;
    out.push(['bytes read ≤ footer + 64 KiB (footers that fit the first read)', `${Math.max(...small.perFile.map((f) => f.bytes))} B max, ${over} objects over`,
      over === 0 ? 'met' : 'missed']);
  }
  const compare = (task, tool, limit, label) => {
    const ours = find(task, 'glueprint');
    const theirs = find(task, tool);
    if (!ours || !theirs) return;
    const r = ours.median / theirs.median;
    out.push([label, `${r.toFixed(2)} (${ms(ours.median)} vs ${ms(theirs.median)} ms)`, r <= limit ? 'met' : 'missed']);
  };
  compare('small/local', 'hyparquet', 0.5, 'dropped small Parquet files: ≤ 0.5× hyparquet');
  compare('wide/local', 'hyparquet', 0.2, 'wide footers: ≤ 0.2× hyparquet');
  compare('wide/local', 'parquet-wasm', 1, 'wide footers: ≤ 1× parquet-wasm');
  compare('csv/local', 'duckdb-wasm', 0.5, 'CSV sample: ≤ 0.5× DuckDB-WASM sniff_csv');
  const hive = find('hive/local', 'glueprint');
  if (hive) {
    out.push([`crawl of the ${report.sizes.hive.toLocaleString('en')}-file tree: < 30 s`, `${(hive.median / 1000).toFixed(1)} s`, hive.median < 30_000 ? 'met' : 'missed']);
    out.push(['longest main-thread task during that crawl: < 100 ms', `${ms(hive.longestTaskMs)} ms`, hive.longestTaskMs < 100 ? 'met' : 'missed']);
    // Flat: ten times the files may not cost a quarter more memory (what is kept per file is the
    // catalog's: here one table and its partitions, the same for both trees).
    const tenth = find('hive/local-tenth', 'glueprint');
    if (tenth) {
      out.push([`memory flat in files: worker wasm memory at ${report.sizes.hive.toLocaleString('en')} files ≤ 1.25× at a tenth`,
        `${mb(hive.wasmBytes)} vs ${mb(tenth.wasmBytes)} MiB`, hive.wasmBytes <= 1.25 * tenth.wasmBytes ? 'met' : 'missed']);
    }
  }
  const load = report.firstLoad;
  if (load) {
    out.push(['first load (HTML + JS + CSS + main wasm, gzip): ≤ 600 KB', `${(load.total / 1000).toFixed(0)} kB`, load.total <= 600_000 ? 'met' : 'missed']);
  }
  return out;
}

export function markdownReport(report, footerProbe) {
  const { machine, startup } = report;
  const start = Object.entries(startup).map(([tool, t]) => `${tool} ${ms(t)} ms`).join(', ');
  const sizes = (files) => Object.entries(files ?? {}).map(([f, n]) => `\`${f}\` ${(n / 1000).toFixed(1)} kB`).join(', ');
  const load = report.firstLoad ? sizes(report.firstLoad.files) : '';
  const later = report.firstLoad ? sizes(report.firstLoad.later) : '';
  return `# Benchmarks

Generated by \`scripts/bench\` (\`node bench/run.mjs --reps ${report.reps} --write-doc\`); the figures below are one
run of it. Each task ran once to warm up and then ${report.reps} times (each Hive crawl once, in a new worker
warmed up by a crawl of 1,000 files, so that its wasm memory is that crawl's own); times are wall-clock in
the page (\`performance.now()\`), median and min–max.

**Machine:** ${machine.cpus} CPUs (\`nproc\`), ${machine.cpu}, ${machine.memoryGb} GiB; Chromium ${machine.chromium}
(headless), Node ${machine.node}. A shared development machine: expect ±30% between runs.

## What runs

One headless Chromium page, the app's own (\`dist/index.html\`, served from 127.0.0.1), runs every tool:

- **Glueprint**: the app's crawl worker (\`dist/crawl_worker.js\` and its wasm, built for speed with the
  \`worker\` profile of Cargo.toml as the app ships it), driven over its message
  protocol (\`app/src/crawl/protocol.rs\`) as the app's page drives it: dropped \`File\`s, or presigned URLs
  read with range requests. Each task is one crawl, so Glueprint also groups the files into tables.
- **hyparquet** (\`parquetMetadataAsync\` + \`parquetSchema\`, \`asyncBufferFromUrl\` as shipped for URLs),
  **parquet-wasm** (\`ParquetFile.fromFile\` / \`fromUrl\`, then \`schema()\`), both 16 files in flight as
  Glueprint's worker reads them, on the page's main thread, as they run when imported.
- **DuckDB-WASM** (eh bundle): \`sniff_csv\` on the CSV sample. Its Parquet and JSON readers are
  extensions it downloads from extensions.duckdb.org at run time; the benchmark runs offline, so they are
  **not measured**.

Inputs (\`bench/generate.py\`, under \`bench/out/\`, never committed): ${report.sizes.small} small Parquet files of 10 schemas,
${report.sizes.wide} files of 500–2,000 columns (4 row groups; footers of 240 KB–1 MB), 4 nested-type files, a
${(report.sizes.bigMb / 1024).toFixed(1)} GiB Parquet file of ${report.sizes.bigMb} 1 MiB row groups (a 260 KB footer),
1 MB CSV and JSON Lines samples, and a Hive tree (\`year=/month=\`) of ${report.sizes.hive.toLocaleString('en')} in-memory
Files sharing one small file's bytes. Remote URLs point at a second loopback server (another origin) that
acts as S3 for presigned GET URLs: Range, CORS with preflights, HEAD refused (403), \`Content-Range\`
exposed; each run gets fresh signatures, so no preflight is cached across runs. It counts every request
(preflights included) and the body bytes per object.

Memory: *peak page JS heap* is CDP \`Runtime.getHeapUsage\` sampled every 25 ms (after a GC before each
task): the peers' heap, and only the page's side of Glueprint. *wasm memory* is the tool's linear memory
after the task (it never shrinks, so that is its peak): Glueprint's worker, parquet-wasm's module.
*Longest main-thread task*: the page's Long Tasks (\`longtask\` entries) during the task.

Start-up (wasm compiled and instantiated, first task excluded): ${start}.

First load: ${load}. Loaded later: ${later || 'nothing'} (the crawl worker when a crawl starts or a file is
dropped; the Schema Registry's checkers when the registry workbench first shows its forms).

## Results

${markdownTable(HEADER, rows(report))}

*Glueprint / tool* < 1 means Glueprint took less time. Requests include CORS preflights; a suffix range
(\`bytes=-${footerProbe}\`) is preflighted, a plain one is not.

## Targets (issue 8)

${markdownTable(['target', 'measured', ''], targets(report))}
${report.wasmBreakdown ? `
## What the main wasm is made of

\`python3 bench/wasm_breakdown.py target/wasm32-unknown-unknown/release/glueprint-app.wasm\`: code bytes per
crate of the release build before wasm-bindgen and wasm-opt (which then shrink it to the shipped
\`_bg.wasm\`), charged to the crate a function's path starts with.

\`\`\`text
${report.wasmBreakdown.trim()}
\`\`\`
` : ''}`;
}
