// Glueprint's service worker: once the page has been visited, it loads and works offline.
//
// Why network first: the page must never be stuck on an old build while the network is there, and the crawl
// worker's files have fixed names (Trunk does not hash them). So every request of this origin goes to the
// network, and its answer is kept; only when the network fails is the kept copy served. Other origins
// (presigned S3 URLs, AWS endpoints) are never touched: their responses are user data or carry signatures,
// and nothing of that may be stored.
const CACHE = 'glueprint-shell-v1';

// The files the page loads later, besides its own: the crawl worker (started only when a crawl runs) and
// the Schema Registry's checkers (imported when the registry first needs them). Working offline needs
// them kept beforehand.
const WORKER_FILES = [
  'crawl_worker_loader.js', 'crawl_worker.js', 'crawl_worker_bg.wasm',
  'registry_engine.js', 'registry_engine_bg.wasm',
];

/** The same-origin files the page at `html` loads: its script, wasm, stylesheet and boot script. */
function shellFiles(html) {
  const files = new Set(['./', ...WORKER_FILES]);
  for (const m of html.matchAll(/(?:src|href|data-glueprint-js|data-glueprint-wasm)="([^"]+)"/g)) {
    const url = new URL(m[1], self.registration.scope);
    if (url.origin === self.location.origin) files.add(url.href);
  }
  return [...files].map((f) => new URL(f, self.registration.scope).href);
}

/** Fetches and keeps the page and everything it loads; drops kept copies the current page no longer uses. */
async function keepShell() {
  const cache = await caches.open(CACHE);
  const page = await fetch(new URL('./', self.registration.scope), { cache: 'no-store' });
  if (!page.ok) return;
  const html = await page.clone().text();
  const wanted = shellFiles(html);
  await cache.put(new URL('./', self.registration.scope).href, page);
  await Promise.all(
    wanted
      .filter((url) => url !== new URL('./', self.registration.scope).href)
      .map(async (url) => {
        const res = await fetch(url, { cache: 'no-store' });
        if (res.ok) await cache.put(url, res);
      }),
  );
  for (const req of await cache.keys()) {
    if (!wanted.includes(req.url)) await cache.delete(req);
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(keepShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || request.headers.has('range')) return;
  // The page itself is kept under the scope's URL, whatever query or file name it was opened with.
  const key = request.mode === 'navigate' ? new URL('./', self.registration.scope).href : url.href;
  event.respondWith(
    fetch(request).then(
      (response) => {
        if (response.ok) {
          const copy = response.clone();
          event.waitUntil(caches.open(CACHE).then((cache) => cache.put(key, copy)));
        }
        return response;
      },
      async (error) => {
        const kept = await caches.match(key);
        if (kept) return kept;
        throw error;
      },
    ),
  );
});
