// The crawl worker as the app starts it (dist/crawl_worker_loader.js: import, init), plus one answer the
// benchmark asks for: the size of the worker's wasm memory. The worker's own handler ignores the question
// (it has no `json` field), so the crawl path is the app's, byte for byte.
import init from '/crawl_worker.js';

const wasm = await init();
self.addEventListener('message', (event) => {
  if (event.data?.glueprintBenchWasmMemory) {
    self.postMessage({ glueprintBenchWasmMemory: wasm.memory.buffer.byteLength });
  }
});
