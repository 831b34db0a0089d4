// The regression guard of the smoke run: the requests and bytes Glueprint's crawl worker spends per
// remote object, against the targets of the remote plan (core/src/aws/range.rs). Deterministic, so
// they are checked exactly; times never are.

/** The first tail read of a footer format (FOOTER_PROBE_BYTES in core/src/aws/range.rs). */
export const FOOTER_PROBE_BYTES = 65_536;

/** The text sample a CSV or JSON file costs at most (InferOptions::sample_bytes, 1 MiB). */
const SAMPLE_BYTES = 1 << 20;

/**
 * What Glueprint may spend on one object: round trips (preflights included) and bytes. A footer that fits
 * the first tail read costs 1 GET when the size is listed, a preflight and a suffix GET when not; a larger
 * footer costs one more plain GET of exactly the missing bytes. Text costs one GET of its sample.
 */
export function allowance(file, sizeKnown) {
  if (file.footer === undefined) return { requests: 1, bytes: Math.min(file.size, SAMPLE_BYTES) };
  const fits = file.footer <= FOOTER_PROBE_BYTES;
  const requests = (sizeKnown ? 1 : 2) + (fits ? 0 : 1);
  const bytes = Math.min(file.size, fits ? file.footer + FOOTER_PROBE_BYTES : Math.max(file.footer, FOOTER_PROBE_BYTES));
  return { requests, bytes };
}

/**
 * What a value sample may add to an object's schema reads: one GET of the first row group's pages, at most
 * the page budget (SampleOptions::parquet_page_bytes) plus the gaps read to merge chunks (SPAN_GAP_BYTES).
 */
const SAMPLE_PAGE_BYTES = 4 * 1024 * 1024 + 256 * 1024;

/** Sentences for every remote object on which Glueprint spent more than its allowance; [] when none. */
export function checkTraffic(results) {
  const failures = [];
  for (const r of results.filter((x) => x.tool === 'glueprint' && x.perFile)) {
    const sizeKnown = r.task.endsWith('-size-known');
    for (const file of r.perFile) {
      const allowed = allowance(file, sizeKnown);
      if (r.sampleValues) {
        allowed.requests += 1;
        allowed.bytes = Math.min(file.size, allowed.bytes + SAMPLE_PAGE_BYTES);
      }
      const spent = { requests: file.requests ?? 0, bytes: file.bytes ?? 0 };
      if (spent.requests === 0) failures.push(`${r.task} ${file.path}: never requested`);
      if (spent.requests > allowed.requests || spent.bytes > allowed.bytes || file.heads) {
        failures.push(`${r.task} ${file.path}: ${spent.requests} requests (${file.heads ?? 0} HEAD), ${spent.bytes} bytes; ` +
          `allowed ${allowed.requests} requests, ${allowed.bytes} bytes`);
      }
    }
  }
  return failures;
}
