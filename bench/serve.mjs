// The benchmark's two loopback HTTP servers.
//
// The app server is the page's origin: dist/ (the app as built), bench/page.mjs and bench/probe_worker.js
// under /bench/, and the peers' packages under /bench-node-modules/ (their bare imports, such as DuckDB's
// `apache-arrow`, rewritten to paths, since the app's Content-Security-Policy allows no inline import map).
//
// The data server is another origin, an S3 stand-in for presigned GET URLs: Range requests (`bytes=F-L`,
// `bytes=F-`, `bytes=-N`), CORS with preflights (a suffix range is not CORS-safelisted), HEAD refused
// with 403 as a URL signed for GET is, Content-Range exposed. It counts, per object, every request
// (preflights included) and the body bytes it answered.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { MIME } from '../tests/e2e/support.mjs';

function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`));
  });
}

/** The browser entry (ES module) of package `name`, as a bundler would pick it. */
async function moduleEntry(nodeModules, name) {
  const manifest = JSON.parse(await readFile(path.join(nodeModules, name, 'package.json'), 'utf8'));
  const dot = manifest.exports?.['.'];
  const entry = dot?.browser?.import ?? dot?.import?.default ?? dot?.import ?? manifest.module ?? manifest.main;
  return path.posix.join(name, typeof entry === 'string' ? entry : entry.default);
}

/** `import … from "pkg"` → `from "/bench-node-modules/pkg/entry.mjs"`, for every bare specifier. */
async function rewriteBareImports(source, nodeModules, prefix) {
  const bare = /(\bfrom\s*|\bimport\s*\(?\s*)(["'])([^"'./][^"']*)\2/g;
  const names = new Set([...source.matchAll(bare)].map((m) => m[3]));
  const entries = new Map();
  for (const name of names) {
    entries.set(name, await moduleEntry(nodeModules, name).catch(() => null));
  }
  return source.replace(bare, (all, lead, quote, name) =>
    entries.get(name) ? `${lead}${quote}${prefix}/${entries.get(name)}${quote}` : all,
  );
}

/** The page's origin: dist/, the bench page modules, the peers. */
export async function startAppServer({ dist, bench }) {
  const nodeModules = path.join(bench, 'node_modules');
  const roots = [
    ['/bench-node-modules/', nodeModules],
    ['/bench/', bench],
    ['/', dist],
  ];
  const server = http.createServer(async (req, res) => {
    try {
      let rel = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
      if (rel === '/') rel = '/index.html';
      const [prefix, root] = roots.find(([p]) => rel.startsWith(p));
      const file = path.join(root, path.normalize(rel.slice(prefix.length)));
      if (!file.startsWith(root + path.sep)) throw new Error('outside');
      let body = await readFile(file);
      const ext = path.extname(file);
      if (root === nodeModules && (ext === '.js' || ext === '.mjs')) {
        body = await rewriteBareImports(body.toString('utf8'), nodeModules, '/bench-node-modules');
      }
      res.writeHead(200, { 'Content-Type': MIME[ext] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  const url = await listen(server);
  return { url, close: () => new Promise((r) => server.close(r)) };
}

/** One object's traffic. */
const emptyCount = () => ({ requests: 0, preflights: 0, heads: 0, gets: 0, bytes: 0 });

/** `bytes=F-L`, `bytes=F-`, `bytes=-N` of an object of `size` bytes → [first, last], or null if unsatisfiable. */
export function byteRange(header, size) {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let first;
  let last;
  if (m[1] === '') {
    first = Math.max(0, size - Number(m[2]));
    last = size - 1;
  } else {
    first = Number(m[1]);
    last = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  return first > last || first >= size ? null : [first, last];
}

/** The S3 stand-in over the files of `root`: `/BUCKET/KEY?…` serves `root/KEY`. */
export async function startDataServer(root) {
  const counts = new Map();
  const countOf = (key) => {
    if (!counts.has(key)) counts.set(key, emptyCount());
    return counts.get(key);
  };
  const cors = (req) => ({
    'Access-Control-Allow-Origin': req.headers.origin ?? '*',
    'Access-Control-Expose-Headers': 'Content-Range, Content-Length, ETag',
    Vary: 'Origin',
    'Cache-Control': 'no-store',
  });
  const server = http.createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    const key = pathname.split('/').slice(2).join('/');
    const count = countOf(key);
    count.requests += 1;
    if (req.method === 'OPTIONS') {
      count.preflights += 1;
      res.writeHead(204, {
        ...cors(req),
        'Access-Control-Allow-Methods': 'GET, HEAD',
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? 'range',
      });
      res.end();
      return;
    }
    if (req.method === 'HEAD') {
      count.heads += 1;
      res.writeHead(403, cors(req)).end();
      return;
    }
    count.gets += 1;
    const file = path.join(root, path.normalize(key));
    let size;
    try {
      if (!file.startsWith(root + path.sep)) throw new Error('outside');
      size = (await stat(file)).size;
    } catch {
      res.writeHead(404, cors(req)).end();
      return;
    }
    const range = req.headers.range ? byteRange(req.headers.range, size) : undefined;
    if (range === null) {
      res.writeHead(416, { ...cors(req), 'Content-Range': `bytes */${size}` }).end();
      return;
    }
    const [first, last] = range ?? [0, size - 1];
    const headers = { ...cors(req), 'Content-Length': String(last - first + 1), 'Accept-Ranges': 'bytes' };
    if (range) headers['Content-Range'] = `bytes ${first}-${last}/${size}`;
    res.writeHead(range ? 206 : 200, headers);
    const stream = createReadStream(file, { start: first, end: last });
    stream.on('data', (chunk) => {
      count.bytes += chunk.length;
    });
    stream.pipe(res);
  });
  const url = await listen(server);
  return {
    url,
    /** Traffic per object key since the last reset. */
    counts: () => new Map(counts),
    reset: () => counts.clear(),
    close: () => new Promise((r) => server.close(r)),
  };
}
