// Starts the wasm app. Trunk names the generated files; the <script> tag carries their names so this file
// stays static and the page needs no inline script (see the Content-Security-Policy in index.html).
const tag = document.querySelector("script[data-glueprint-js]");
const { default: init } = await import(tag.dataset.glueprintJs);
await init({ module_or_path: tag.dataset.glueprintWasm });
