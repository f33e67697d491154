// The trovi web app's warm-query probe, shared by tests/browser/measure.mjs,
// tests/browser/lazy-bench.mjs and bench/peers/run.mjs. No imports: bench/peers
// imports it without tests/browser's node_modules.

// Runs in the page: restores `?q=` through history (as Back/Forward does: no
// typing debounce) and resolves when the new result list (or empty state) is
// rendered, to { ms, total (result items shown), took (the app's ".trovi-took"
// text) }. `params` go in the URL before q (e.g. { load: "lazy" }).
const RESTORE = ({ q, params, timeout }) =>
  new Promise((resolve, reject) => {
    const input = document.getElementById("trovi-q");
    const root = document.querySelector(".trovi");
    let batches = 0;
    const t0 = performance.now();
    const done = () => {
      const list = document.getElementById("trovi-results");
      return input.value === q && batches >= 2 && (list ? list.getAttribute("aria-busy") === "false" : !!document.querySelector(".trovi-empty"));
    };
    const observer = new MutationObserver(() => {
      batches++;
      if (done()) {
        observer.disconnect();
        clearTimeout(timer);
        const took = document.querySelector(".trovi-took")?.textContent ?? "";
        resolve({ ms: performance.now() - t0, total: document.querySelectorAll("#trovi-results > li").length, took });
      }
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`no results rendered for ${q}`));
    }, timeout);
    observer.observe(root, { childList: true, subtree: true, attributes: true, characterData: true });
    history.pushState(null, "", "?" + new URLSearchParams({ ...params, q }));
    dispatchEvent(new PopStateEvent("popstate"));
  });

/** Restores query `q` in the trovi app open in `page` (see RESTORE above). */
export function restore(page, q, { params = {}, timeout = 20_000 } = {}) {
  return page.evaluate(RESTORE, { q, params, timeout });
}

/** The app's ".trovi-took" text ("3.2 ms", "< 1 ms", "1.2 s") in milliseconds ("< x" counts x/2). */
export const tookMs = (text) => {
  const m = text.match(/([\d.]+)\s*(ms|s)\b/);
  if (!m) return NaN;
  const v = Number(m[1]) * (m[2] === "s" ? 1000 : 1);
  return text.includes("<") ? v / 2 : v;
};
