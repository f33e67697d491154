// trovi search: the entry point to include in a page. This file keeps its name;
// the files it loads carry content hashes, so only this one must not be cached.
//
//   <div id="trovi-search"></div>            (or <trovi-search></trovi-search>)
//   <script type="module" src="/trovi/trovi.js"></script>
//
// The index is looked for in `index/` beside this file unless the element says
// otherwise with data-index="…" (relative to the page). With data-modal, the
// element becomes a "Search" button and the app opens in a dialog, also on
// "/" or Ctrl-K (⌘K). The stylesheet is added unless the page links it
// already (data-trovi-css).
import init from "./%TROVI_JS%";

if (!document.querySelector("link[data-trovi-css]")) {
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = new URL("./%TROVI_CSS%", import.meta.url).href;
  link.dataset.troviCss = "";
  document.head.append(link);
}

// The app mounts into #trovi-search; a <trovi-search> element stands for it.
let host = document.getElementById("trovi-search");
if (!host) {
  host = document.querySelector("trovi-search");
  if (host) host.id = "trovi-search";
}
if (host && !host.hasAttribute("data-index")) {
  host.setAttribute("data-index", new URL("./index/", import.meta.url).href);
}
if (host && host.hasAttribute("data-modal")) {
  host = modal(host);
}

// A page that includes the script without a place for the app gets nothing.
if (host) await init({ module_or_path: new URL("./%TROVI_WASM%", import.meta.url) });

/// Turns `host` into a button that opens the app in a <dialog>; returns the
/// element the app mounts into (inside the dialog, with the host's id).
function modal(host) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "trovi-open";
  button.textContent = host.getAttribute("data-modal") || "Search";
  button.setAttribute("aria-keyshortcuts", "/ Control+K Meta+K");
  const dialog = document.createElement("dialog");
  dialog.className = "trovi-dialog";
  dialog.setAttribute("aria-label", "Search");
  const close = document.createElement("button");
  close.type = "button";
  close.className = "trovi-close";
  close.textContent = "Close";
  const mount = document.createElement("div");
  mount.setAttribute("data-index", host.getAttribute("data-index"));
  host.removeAttribute("id");
  mount.id = "trovi-search";
  dialog.append(close, mount);
  host.append(button, dialog);
  const open = () => {
    if (!dialog.open) dialog.showModal();
    dialog.querySelector("input")?.focus();
  };
  button.addEventListener("click", open);
  close.addEventListener("click", () => dialog.close());
  // Clicking the backdrop (outside the dialog's box) closes it.
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) dialog.close();
  });
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const editing = target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    // Escape closes the dialog even from the search box (where it would only clear the text).
    if (event.key === "Escape" && dialog.open) {
      event.preventDefault();
      dialog.close();
      button.focus();
      return;
    }
    const ctrlK = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k";
    if (ctrlK || (event.key === "/" && !editing && !dialog.open)) {
      event.preventDefault();
      open();
    }
  }, true);
  return mount;
}
