// trovi search: the entry point to include in a page. This file keeps its name;
// the files it loads carry content hashes, so only this one must not be cached.
//
//   <div id="trovi-search"></div>            (or <trovi-search></trovi-search>)
//   <script type="module" src="/trovi/trovi.js"></script>
//
// A page view costs this file and the stylesheet, nothing more: the search box
// is drawn here with plain DOM, and the app (wasm) and the index are fetched
// only when the visitor shows intent: focus, pointerdown or touchstart on the
// box (or the modal's button), "/" or Ctrl-K (⌘K), or a `?q=` in the page URL.
// The app then takes over the same box with its text, caret and focus.
// data-preload="intent|idle|eager" on the element changes when (idle: once the
// page has loaded and the browser is idle; eager: at once).
//
// The index is looked for in `index/` beside this file unless the element says
// otherwise with data-index="…" (relative to the page). With data-modal, the
// element becomes a "Search" button and the app opens in a dialog, also on
// "/" or Ctrl-K (⌘K). The stylesheet is added unless the page links it
// already (data-trovi-css).

// `trovi index --site` writes the index's manifest here, so that the bundle's
// head is requested together with the app instead of after trovi.json.
const MANIFEST = /*TROVI_MANIFEST*/ null;

const HERE = import.meta.url;

if (!document.querySelector("link[data-trovi-css]")) {
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = new URL("./%TROVI_CSS%", HERE).href;
  link.dataset.troviCss = "";
  document.head.append(link);
}

// The app mounts into #trovi-search; a <trovi-search> element stands for it.
let host = document.getElementById("trovi-search");
if (!host) {
  host = document.querySelector("trovi-search");
  if (host) host.id = "trovi-search";
}
// A page that includes the script without a place for the app gets nothing.
if (host) setUp(host);

function setUp(host) {
  const defaultIndex = new URL("./index/", HERE).href;
  if (!host.hasAttribute("data-index")) host.setAttribute("data-index", defaultIndex);
  const preload = (host.getAttribute("data-preload") || "intent").trim();
  const load = host.getAttribute("data-load") || new URLSearchParams(location.search).get("load") || "auto";
  let started = false;
  let mount = host;
  let button = null;
  if (host.hasAttribute("data-modal")) ({ mount, button } = modal(host, () => start()));
  const shell = drawShell(mount);
  const input = shell.querySelector("input");

  /** Fetches the app and the index, all at once, and starts the app. */
  function start() {
    if (started) return;
    started = true;
    const raw = (mount.getAttribute("data-index") || "").trim() || defaultIndex;
    const base = new URL(raw.endsWith("/") ? raw : `${raw}/`, document.baseURI).href;
    const boot = { base };
    if (MANIFEST && base === defaultIndex) {
      boot.manifest = JSON.stringify(MANIFEST);
      if (load.trim() !== "whole" && MANIFEST.head && MANIFEST.size) {
        boot.head = fetch(new URL(MANIFEST.bundle, base), { headers: { Range: `bytes=0-${MANIFEST.head - 1}` } });
        boot.head.catch(() => {}); // the app reports failures
      }
    } else {
      boot.manifest = fetch(new URL("trovi.json", base));
      boot.manifest.catch(() => {});
    }
    window.__troviBoot = boot;
    // The app comes in two builds: one that stems English only (smaller), and
    // one with all 18 languages. The English build serves an index known here
    // to be English or unstemmed; an index whose manifest is not in this file
    // gets the full build at once rather than waiting for trovi.json.
    const known = MANIFEST && base === defaultIndex ? MANIFEST.language : undefined;
    startApp(0, known === "english" || known === "none");
  }

  /** Imports the glue and compiles the wasm as it streams; tries once more on failure. */
  function startApp(attempt, english) {
    const suffix = attempt ? `?retry=${attempt}` : "";
    const wasm = fetch(new URL(`./${english ? "%TROVI_WASM_EN%" : "%TROVI_WASM%"}${suffix}`, HERE));
    import(`./${english ? "%TROVI_JS_EN%" : "%TROVI_JS%"}${suffix}`)
      .then((glue) => glue.default({ module_or_path: wasm }))
      .catch((error) => {
        if (attempt === 0) return startApp(1, english);
        started = false; // the next sign of intent tries again
        say(shell, `Search could not be loaded (${error && error.message ? error.message : error}). Try again in a moment.`);
      });
  }

  for (const target of [input, button].filter(Boolean)) {
    for (const type of ["focus", "pointerdown", "touchstart"]) target.addEventListener(type, start, { passive: true });
  }
  if (!button) {
    // "/" and Ctrl-K (⌘K) go to the box (the modal's own handler opens its dialog).
    document.addEventListener("keydown", (event) => {
      const ctrlK = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k";
      if (!ctrlK && (event.key !== "/" || editing(event.target))) return;
      event.preventDefault();
      mount.querySelector("input")?.focus();
    });
  }
  if (new URLSearchParams(location.search).get("q")) start();
  else if (preload === "eager") start();
  else if (preload === "idle") {
    const idle = () => (window.requestIdleCallback ? requestIdleCallback(start, { timeout: 4000 }) : setTimeout(start, 1500));
    if (document.readyState === "complete") idle();
    else window.addEventListener("load", idle, { once: true });
  }
}

/** The app's search box in plain DOM (the same classes), until the app takes its place. */
function drawShell(mount) {
  const el = (tag, props = {}, ...children) => {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children);
    return node;
  };
  const input = el("input", {
    id: "trovi-q-shell",
    type: "search",
    name: "q",
    autocomplete: "off",
    spellcheck: false,
    placeholder: "Search",
  });
  input.setAttribute("enterkeyhint", "search");
  input.setAttribute("aria-keyshortcuts", "/");
  const hint = el("kbd", { className: "trovi-hint" }, "/");
  hint.setAttribute("aria-hidden", "true");
  const form = el(
    "form",
    { className: "trovi-form", role: "search" },
    el("div", { className: "trovi-searchbox" }, el("label", { className: "trovi-label", htmlFor: "trovi-q-shell" }, "Search articles"), input, hint),
  );
  form.addEventListener("submit", (event) => event.preventDefault());
  const shell = el("div", { className: "trovi" }, form);
  shell.setAttribute("data-trovi-shell", "");
  mount.append(shell);
  return shell;
}

/** Shows `message` under the shell's box. */
function say(shell, message) {
  let p = shell.querySelector(".trovi-error");
  if (!p) {
    p = Object.assign(document.createElement("p"), { className: "trovi-error" });
    p.setAttribute("role", "alert");
    shell.append(p);
  }
  p.textContent = message;
}

/** Whether key presses on `target` are typing (so "/" must not be taken). */
function editing(target) {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

/// Turns `host` into a button that opens the app in a <dialog>; returns the
/// element the app mounts into (inside the dialog, with the host's id) and the button.
function modal(host, intent) {
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
  for (const name of ["data-index", "data-load"]) {
    if (host.hasAttribute(name)) mount.setAttribute(name, host.getAttribute(name));
  }
  host.removeAttribute("id");
  mount.id = "trovi-search";
  dialog.append(close, mount);
  host.append(button, dialog);
  const open = () => {
    intent();
    if (!dialog.open) dialog.showModal();
    mount.querySelector("input")?.focus();
  };
  button.addEventListener("click", open);
  close.addEventListener("click", () => dialog.close());
  // Clicking the backdrop (outside the dialog's box) closes it.
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) dialog.close();
  });
  document.addEventListener("keydown", (event) => {
    // Escape closes the dialog even from the search box (where it would only clear the text).
    if (event.key === "Escape" && dialog.open) {
      event.preventDefault();
      dialog.close();
      button.focus();
      return;
    }
    const ctrlK = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k";
    if (ctrlK || (event.key === "/" && !editing(event.target) && !dialog.open)) {
      event.preventDefault();
      open();
    }
  }, true);
  return { mount, button };
}
