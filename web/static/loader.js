// trovi search: the entry point to include in a page. This file keeps its name;
// the files it loads carry content hashes, so only this one must not be cached.
//
//   <div id="trovi-search" data-index="/search/index/"></div>
//   <script type="module" src="/search/trovi.js"></script>
//
// The stylesheet is added unless the page links it already (data-trovi-css).
import init from "./%TROVI_JS%";

if (!document.querySelector("link[data-trovi-css]")) {
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = new URL("./%TROVI_CSS%", import.meta.url).href;
  link.dataset.troviCss = "";
  document.head.append(link);
}

await init({ module_or_path: new URL("./%TROVI_WASM%", import.meta.url) });
