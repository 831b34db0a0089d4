// Starts the wasm app. Trunk names the generated files; the <script> tag carries their names so this file
// stays static and the page needs no inline script (see the Content-Security-Policy in index.html).
const tag = document.querySelector("script[data-glueprint-js]");
const { default: init } = await import(tag.dataset.glueprintJs);
await init({ module_or_path: tag.dataset.glueprintWasm });

// Offline use: the service worker keeps the page and its files once visited (see sw.js). Relative to this
// page, so the app works under any sub-path of any static host. A page opened from file:// or without
// service workers simply runs online.
if ("serviceWorker" in navigator && location.protocol !== "file:") {
  navigator.serviceWorker.register("./sw.js").catch((error) => {
    console.warn(`Glueprint works online only here: ${error.message}`);
  });
}
