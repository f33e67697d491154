// The first search as a visitor lives it: trovi's widget and Pagefind's
// Default UI on the same built site, in headless Chromium over an emulated
// network. Run through scripts/typing.sh (which builds what this needs and
// prints the tables); this measures one site and writes its figures as JSON
// for typing-report.mjs.
//
//   node bench/peers/typing.mjs --site DIR --name NAME [options] -- QUERY…
//
// A visit: a fresh browser context (cache disabled through CDP
// Network.setCacheDisabled, network emulated with
// Network.emulateNetworkConditions) opens a page that carries the search UI
// and nothing else, and the visitor reads it for --read-ms. Then, for each
// query: click the search box, clear it, wait --gap-ms (not before the first
// query), type the query a key at a time (--key-ms a key), and wait until the
// results settle: the results container holds a <mark> and has not changed
// for --quiet-ms. Figures:
//   - page view: bytes and requests the server sent before any interaction;
//   - wait: the last keystroke (keydown, in the page's clock) → the last change
//     of the results container (in the page's clock), once it shows highlighted
//     words of the query typed (a word sharing its first 3 letters with one of
//     the query's words: not the previous results); the first query is the
//     cold one (nothing fetched for search before the visitor clicked);
//   - per query: bytes and requests from the click to the next query's click
//     (the last query: to the end of the visit), so what a search fetches in
//     the background after its results show is counted with it;
//   - visit: everything the server sent from navigation until no request came
//     for 1 s after the last query settled (at most --tail-ms).
// Console errors and page errors are recorded per visit.
//
// The engines, each on its own counting server (bench/peers/server.mjs: gzip
// level 6 for text/JS/JSON/wasm like a CDN, `.br`/`.gz` siblings when they
// exist and the browser accepts them, Range → 206, `.trovi` bundles and
// Pagefind's `.pf_*` files as they are):
//   trovi     `trovi index --site DIR --out WORK/trovi --app APP` (what a site
//             owner deploys as DIR/trovi/, served at /trovi/), page
//             pages/trovi-ui.html (`<div id="trovi-search">` + /trovi/trovi.js);
//             input `#trovi-search input` (the first), results `#trovi-search`.
//   pagefind  `pagefind --site DIR --output-path WORK/pagefind` (served at
//             /pagefind/), page pages/pagefind-ui.html (its Default UI);
//             input `.pagefind-ui__search-input`, results `.pagefind-ui__results`.
// Both pages are served beside the site (mounted at /), so result links work.
// Built indexes are cached in WORK and rebuilt when the key changes (trovi:
// the binary's mtime and size, the app's files; Pagefind: its version; both:
// the site's path and its folder's mtime).
//
// Options [defaults]:
//   --site DIR          the built static site (required)
//   --name NAME         a short name for the site (work folder, report key) (required)
//   --title T           the site as the report names it [NAME]
//   --work DIR          indexes and results [target/peers/typing/NAME]
//   --trovi BIN         trovi CLI [target/release/trovi]
//   --app DIR           trovi web app [dist/web]
//   --engines a,b       [trovi,pagefind]
//   --net "D,RTT;…"     network profiles: D Mbit/s down and up, RTT ms [20,40;1.6,150]
//   --visits N          visits per engine and profile [1]
//   --key-ms N          between keystrokes [120]
//   --read-ms N         reading before the first click [1500]
//   --gap-ms N          after clearing the box, before typing the next query [1200]
//   --quiet-ms N        settled: no change for this long [1000]
//   --settle-max-ms N   give up on a query after this long [60000]
//   --tail-ms N         at most this long for the visit's last requests [10000]
//   --precompressed 0|1 serve .br/.gz siblings [1]
//   --shots DIR         a screenshot after each visit's last query
//   --out FILE          [WORK/typing.json]
//   --build-only 1      build (or find cached) the indexes, measure nothing
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { load, relativeTo } from "./common.mjs";
import { startServer } from "./server.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "..", "..");

// ---------------------------------------------------------------- arguments
const args = {};
const queries = [];
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--") {
      queries.push(...argv.slice(i + 1));
      break;
    }
    const m = argv[i].match(/^--([a-z-]+)(?:=(.*))?$/);
    if (!m) throw new Error(`unexpected argument ${argv[i]} (queries go after --)`);
    if (m[2] === undefined && (i + 1 >= argv.length || argv[i + 1] === "--")) throw new Error(`--${m[1]} needs a value`);
    args[m[1]] = m[2] ?? argv[++i];
  }
}
const need = (name) => {
  if (!args[name]) throw new Error(`--${name} is required (see the header of bench/peers/typing.mjs)`);
  return args[name];
};
const number = (name, dflt) => {
  const v = Number(args[name] ?? dflt);
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} ${args[name]}: not a number >= 0`);
  return v;
};
const SITE = resolve(need("site"));
const NAME = need("name");
const TITLE = args.title ?? NAME;
if (!/^[A-Za-z0-9._-]+$/.test(NAME)) throw new Error(`--name ${NAME}: use letters, digits, '.', '_' or '-'`);
const WORK = resolve(args.work ?? join(ROOT, "target", "peers", "typing", NAME));
const TROVI = resolve(args.trovi ?? join(ROOT, "target", "release", "trovi"));
const APP = resolve(args.app ?? join(ROOT, "dist", "web"));
const ENGINES = (args.engines ?? "trovi,pagefind").split(",").filter(Boolean);
for (const e of ENGINES) if (!["trovi", "pagefind"].includes(e)) throw new Error(`--engines: unknown engine ${e} (trovi, pagefind)`);
const PROFILES = (args.net ?? "20,40;1.6,150").split(";").filter(Boolean).map((p) => {
  const [mbit, rtt] = p.split(",").map(Number);
  if (!(mbit > 0) || !(rtt >= 0)) throw new Error(`--net: "${p}" is not "MBIT,RTT_MS"`);
  return { mbit, rtt, key: `${mbit},${rtt}` };
});
const VISITS = Math.max(1, Math.floor(number("visits", 1)));
const KEY_MS = number("key-ms", 120);
const READ_MS = number("read-ms", 1500);
const GAP_MS = number("gap-ms", 1200);
const QUIET_MS = Math.max(100, number("quiet-ms", 1000));
const SETTLE_MAX_MS = number("settle-max-ms", 60_000);
const TAIL_MS = number("tail-ms", 10_000);
const PRECOMPRESSED = (args.precompressed ?? "1") !== "0";
const SHOTS = args.shots ? resolve(args.shots) : null;
const OUT = resolve(args.out ?? join(WORK, "typing.json"));
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const PAGEFIND = join(HERE, "node_modules", "@pagefind", "linux-x64", "bin", "pagefind_extended");
const PAGES = join(HERE, "pages");
if (!queries.length) throw new Error("no queries: give them after --");
if (queries.length > 20) throw new Error(`${queries.length} queries: at most 20 a visit (a visit types them all)`);

const say = (msg) => process.stderr.write(`typing: ${msg}\n`);
// A path as reports show it: no machine paths (repository-relative, ../shared/…, $(rustc --print sysroot)/…).
const rel = relativeTo(ROOT);
const median = (xs) => {
  const s = xs.filter((x) => x != null && !Number.isNaN(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- setup
if (!existsSync(join(SITE, "index.html")) && !readdirSync(SITE).some((f) => f.endsWith(".html") || statSync(join(SITE, f)).isDirectory()))
  throw new Error(`--site ${SITE}: no pages`);
if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (set CHROMIUM)`);
mkdirSync(WORK, { recursive: true });

/** Runs `cmd` (niced) unless WORK/<name>.key already holds `key`; returns { command, s, cached }. */
function cachedBuild(name, key, out, cmd, cmdArgs, pages = () => null) {
  const keyFile = join(WORK, `${name}.key`);
  const command = `${rel(cmd)} ${cmdArgs.map(rel).join(" ")}`;
  if (existsSync(keyFile) && existsSync(out) && readFileSync(keyFile, "utf8") === key) {
    say(`${name}: cached in ${rel(out)} (same key)`);
    return { command, cached: true, ...JSON.parse(readFileSync(join(WORK, `${name}.build.json`), "utf8")) };
  }
  rmSync(keyFile, { force: true });
  rmSync(out, { recursive: true, force: true });
  say(`${name}: ${command} (load ${load()})`);
  const t0 = process.hrtime.bigint();
  const r = spawnSync("nice", ["-n", "10", cmd, ...cmdArgs], { encoding: "utf8", maxBuffer: 1 << 28 });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  writeFileSync(join(WORK, `${name}.log`), (r.stdout ?? "") + (r.stderr ?? ""));
  if (r.status !== 0) throw new Error(`${name} failed (${r.status}); see ${join(WORK, `${name}.log`)}\n${(r.stderr ?? "").slice(-2000)}`);
  say(`  ${s.toFixed(1)} s`);
  const built = { s: +s.toFixed(1), date: new Date().toISOString(), pages: pages((r.stdout ?? "") + (r.stderr ?? "")) };
  writeFileSync(join(WORK, `${name}.build.json`), JSON.stringify(built));
  writeFileSync(keyFile, key);
  return { command, cached: false, ...built };
}

/** What identifies a folder's files: names, sizes, mtimes (recursively). */
function listing(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        const st = statSync(p);
        out.push(`${p.slice(dir.length)}:${st.size}:${st.mtimeMs}`);
      }
    }
  };
  walk(dir);
  return out.join("\n");
}
const siteKey = `site ${SITE} ${statSync(SITE).mtimeMs}`;

const git = (...a) => spawnSync("git", ["-C", ROOT, ...a], { encoding: "utf8" }).stdout ?? "";
// What trovi's CLI and app are built from (the benches in core/benches are not).
const SOURCES = ["core", ":(exclude)core/benches", "cli", "web", "xtask", "Cargo.toml", "Cargo.lock"];
const results = {
  date: new Date().toISOString(),
  name: NAME,
  title: TITLE,
  site: rel(SITE),
  queries,
  machine: { nproc: cpus().length, cpu: cpus()[0]?.model ?? "unknown", ram_gib: +(totalmem() / 2 ** 30).toFixed(1), load_start: load() },
  tree: {
    commit: git("rev-parse", "--short", "HEAD").trim(),
    // The last commit that changed what trovi is built from.
    source_commit: git("log", "-1", "--format=%h", "--", ...SOURCES).trim(),
    dirty_files: git("status", "--porcelain", "--", ...SOURCES)
      .split("\n")
      .filter(Boolean)
      .map((l) => l.slice(3)),
  },
  config: {
    profiles: PROFILES,
    visits: VISITS,
    key_ms: KEY_MS,
    read_ms: READ_MS,
    gap_ms: GAP_MS,
    quiet_ms: QUIET_MS,
    precompressed: PRECOMPRESSED,
  },
  versions: { node: process.version },
  engines: {},
};

// ---------------------------------------------------------------- builds
const setups = {};
if (ENGINES.includes("trovi")) {
  if (!existsSync(TROVI)) throw new Error(`no trovi binary at ${TROVI}: cargo build --release -p trovi-cli (or --trovi BIN)`);
  if (!existsSync(join(APP, "index.html"))) throw new Error(`no web app in ${APP}: cargo xtask web (or --app DIR)`);
  const out = join(WORK, "trovi");
  const st = statSync(TROVI);
  const build = cachedBuild("trovi", `${siteKey}\nbinary ${st.mtimeMs} ${st.size}\napp\n${listing(APP)}`, out, TROVI, ["index", "--site", SITE, "--out", out, "--app", APP]);
  if (!existsSync(join(out, "trovi.js"))) throw new Error(`trovi index --site wrote no trovi.js in ${out}`);
  results.versions.trovi = execFileSync(TROVI, ["--version"], { encoding: "utf8" }).trim();
  results.versions.trovi_binary_built = st.mtime.toISOString();
  setups.trovi = {
    build,
    mounts: [
      { prefix: "/", dir: SITE },
      { prefix: "/trovi/", dir: out },
      { prefix: "/__typing/", dir: PAGES },
    ],
    path: "/__typing/trovi-ui.html",
    input: "#trovi-search input",
    results: "#trovi-search",
  };
}
if (ENGINES.includes("pagefind")) {
  if (!existsSync(PAGEFIND)) throw new Error(`Pagefind not found at ${PAGEFIND}: npm ci in bench/peers`);
  const version = execFileSync(PAGEFIND, ["--version"], { encoding: "utf8" }).trim();
  results.versions.pagefind = version.replace(/^pagefind /, "");
  const out = join(WORK, "pagefind");
  const build = cachedBuild("pagefind", `${siteKey}\n${version}`, out, PAGEFIND, ["--site", SITE, "--output-path", out], (log) => Number(log.match(/Indexed (\d+) pages?/)?.[1]) || null);
  setups.pagefind = {
    build,
    mounts: [
      { prefix: "/", dir: SITE },
      { prefix: "/pagefind/", dir: out },
      { prefix: "/__typing/", dir: PAGES },
    ],
    path: "/__typing/pagefind-ui.html",
    input: ".pagefind-ui__search-input",
    results: ".pagefind-ui__results",
  };
}

if ((args["build-only"] ?? "0") !== "0") {
  say(`built: ${Object.entries(setups).map(([n, s]) => `${n} (${s.build.command}${s.build.cached ? ", cached" : `, ${s.build.s} s`})`).join("; ")}`);
  process.exit(0);
}

// ---------------------------------------------------------------- a visit
// In the page before its scripts: the time of each keydown, and a watcher that
// records when the results container changed while it holds a <mark>.
const INSTRUMENT = () => {
  window.__lastKey = null;
  window.addEventListener("keydown", () => (window.__lastKey = performance.now()), true);
  window.__watch = (sel) => {
    window.__changes = [];
    window.__shown = null;
    window.__observer?.disconnect();
    const look = () => {
      const el = document.querySelector(sel);
      if (!el || !el.querySelector("mark")) return;
      const html = el.innerHTML;
      if (html === window.__shown) return;
      window.__shown = html;
      window.__changes.push(performance.now());
    };
    window.__observer = new MutationObserver(look);
    window.__observer.observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true });
  };
};

const counted = (server) => ({ ...server.counters() });

/** Does any highlighted word share its first 3 letters (or all, if shorter) with a word of `q`? */
function marksMatch(q, marks) {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  return marks.some((m) => {
    const t = m.toLowerCase().trim();
    return words.some((w) => {
      const n = Math.min(3, w.length, t.length);
      return n > 0 && t.slice(0, n) === w.slice(0, n);
    });
  });
}

async function visit(browser, server, setup, profile, shot) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(120_000);
  const errors = [];
  page.on("console", (m) => m.type() === "error" && errors.push(`console: ${m.text()} (${m.location()?.url ?? ""})`));
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const bps = (profile.mbit * 1e6) / 8;
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: profile.rtt, downloadThroughput: bps, uploadThroughput: bps });
  await page.addInitScript(INSTRUMENT);
  const logFrom = (i) => server.log().slice(i).map((e) => `${e.status} ${e.url} ${e.bytes} B${e.encoding ? ` ${e.encoding}` : ""}`);
  try {
    server.reset();
    await page.goto(server.url.replace(/\/$/, "") + setup.path, { waitUntil: "load" });
    await page.waitForTimeout(READ_MS); // the visitor reads the page first
    const view = counted(server);
    const out = { view_bytes: view.bytes, view_requests: view.requests, view_log: logFrom(0), queries: [] };
    let mark = view;
    let logMark = server.log().length;
    for (const [i, q] of queries.entries()) {
      const input = page.locator(setup.input).first();
      await input.click();
      await input.fill("");
      if (i > 0) await page.waitForTimeout(GAP_MS);
      await page.evaluate((sel) => window.__watch(sel), setup.results);
      for (const ch of q) {
        await page.keyboard.type(ch);
        await page.waitForTimeout(KEY_MS);
      }
      const lastKey = await page.evaluate(() => window.__lastKey);
      // Settled: at least one change, then none for QUIET_MS, with highlighted words of
      // this query (not the previous query's results still on screen while the new
      // ones load); bounded by SETTLE_MAX_MS.
      const t0 = Date.now();
      let prev = -1;
      let stable = 0;
      while (Date.now() - t0 < SETTLE_MAX_MS) {
        await page.waitForTimeout(100);
        const n = await page.evaluate(() => window.__changes.length);
        if (n > 0 && n === prev) {
          stable += 100;
          if (stable >= QUIET_MS) {
            const shown = await page.evaluate((sel) => [...document.querySelectorAll(sel + " mark")].slice(0, 20).map((m) => m.textContent), setup.results);
            if (marksMatch(q, shown)) break;
          }
        } else stable = 0;
        prev = n;
      }
      const changes = await page.evaluate(() => window.__changes);
      const settledAt = counted(server);
      const marks = await page.evaluate((sel) => [...document.querySelectorAll(sel + " mark")].slice(0, 6).map((m) => m.textContent), setup.results);
      const done = changes.length ? changes.at(-1) : null;
      const settled = done !== null && stable >= QUIET_MS && Date.now() - t0 < SETTLE_MAX_MS;
      out.queries.push({
        q,
        ok: settled && marks.length > 0,
        wait_ms: settled && lastKey !== null ? Math.max(0, Math.round(done - lastKey)) : null,
        raw_wait_ms: done !== null && lastKey !== null ? Math.round(done - lastKey) : null,
        changes: changes.length,
        marks,
        marks_match: marksMatch(q, marks),
        bytes_to_settled: settledAt.bytes - mark.bytes,
        requests_to_settled: settledAt.requests - mark.requests,
      });
      // Where this query's span began; it ends at the next query's click (below).
      out.queries.at(-1).start = { bytes: mark.bytes, requests: mark.requests, log: logMark };
      mark = counted(server);
      logMark = server.log().length;
    }
    // The visit's tail: until no new request for 1 s (at most TAIL_MS).
    {
      const t0 = Date.now();
      let n = server.counters().requests;
      let quietSince = Date.now();
      while (Date.now() - t0 < TAIL_MS && Date.now() - quietSince < 1000) {
        await sleep(100);
        const m = server.counters().requests;
        if (m !== n) {
          n = m;
          quietSince = Date.now();
        }
      }
    }
    const end = counted(server);
    // Each query: from its click to the next query's click (the last: to the end).
    out.queries.forEach((x, i) => {
      const next = out.queries[i + 1]?.start ?? { ...end, log: server.log().length };
      x.bytes = next.bytes - x.start.bytes;
      x.requests = next.requests - x.start.requests;
      x.log = logFrom(x.start.log).slice(0, next.log - x.start.log).slice(0, 40);
      delete x.start;
    });
    out.visit_bytes = end.bytes;
    out.visit_requests = end.requests;
    if (shot) await page.screenshot({ path: shot, timeout: 15_000 });
    out.errors = errors.slice(0, 10);
    out.error_count = errors.length;
    return out;
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------- run
say(`launching ${CHROMIUM}`);
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  timeout: 60_000,
  args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
results.versions.chromium = browser.version();
results.versions.playwright = JSON.parse(readFileSync(join(HERE, "node_modules", "playwright-core", "package.json"), "utf8")).version;
if (SHOTS) mkdirSync(SHOTS, { recursive: true });
try {
  for (const [name, setup] of Object.entries(setups)) {
    const server = await startServer(setup.mounts, { gzip: true, precompressed: PRECOMPRESSED });
    const engine = { build: setup.build, page: `bench/peers/pages/${setup.path.split("/").pop()}`, input: setup.input, results: setup.results, profiles: {} };
    results.engines[name] = engine;
    try {
      for (const profile of PROFILES) {
        const visits = [];
        for (let v = 0; v < VISITS; v++) {
          say(`${name}, ${profile.mbit} Mbit/s + ${profile.rtt} ms RTT, visit ${v + 1} of ${VISITS} (load ${load()})`);
          const shot = SHOTS ? join(SHOTS, `${NAME}-${name}-${profile.mbit}-${profile.rtt}-${v + 1}.png`) : null;
          const r = await visit(browser, server, setup, profile, shot);
          r.load = load();
          visits.push(r);
          say(
            `  page view ${r.view_bytes} B in ${r.view_requests} requests; waits ${r.queries.map((x) => (x.ok ? x.wait_ms : "failed")).join(", ")} ms; ` +
              `bytes per query ${r.queries.map((x) => x.bytes).join(", ")}; visit ${r.visit_bytes} B${r.error_count ? `; ${r.error_count} console errors` : ""}`,
          );
        }
        const qs = visits.flatMap((v) => v.queries);
        const first = visits.map((v) => v.queries[0]);
        const later = visits.flatMap((v) => v.queries.slice(1));
        engine.profiles[profile.key] = {
          mbit: profile.mbit,
          rtt: profile.rtt,
          summary: {
            view_bytes: median(visits.map((v) => v.view_bytes)),
            view_requests: median(visits.map((v) => v.view_requests)),
            first_wait_ms: median(first.map((x) => x.wait_ms)),
            first_wait_all: first.map((x) => x.wait_ms),
            later_wait_ms: median(later.map((x) => x.wait_ms)),
            later_wait_min: Math.min(...later.filter((x) => x.ok).map((x) => x.wait_ms)),
            later_wait_max: Math.max(...later.filter((x) => x.ok).map((x) => x.wait_ms)),
            query_bytes: median(qs.map((x) => x.bytes)),
            query_bytes_min: Math.min(...qs.map((x) => x.bytes)),
            query_bytes_max: Math.max(...qs.map((x) => x.bytes)),
            query_requests: median(qs.map((x) => x.requests)),
            query_requests_min: Math.min(...qs.map((x) => x.requests)),
            query_requests_max: Math.max(...qs.map((x) => x.requests)),
            visit_bytes: median(visits.map((v) => v.visit_bytes)),
            visit_requests: median(visits.map((v) => v.visit_requests)),
            queries_ok: qs.filter((x) => x.ok).length,
            queries_run: qs.length,
            marks_unmatched: qs.filter((x) => x.ok && !x.marks_match).map((x) => x.q),
            console_errors: visits.reduce((a, v) => a + v.error_count, 0),
          },
          visits,
        };
      }
    } finally {
      await server.stop();
    }
  }
} finally {
  await browser.close();
}
results.machine.load_end = load();
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, JSON.stringify(results, null, 1));
say(`wrote ${rel(OUT)}`);
const failed = Object.values(results.engines).flatMap((e) => Object.values(e.profiles)).filter((p) => p.summary.queries_ok < p.summary.queries_run);
if (failed.length) say(`some queries did not settle with highlighted results: see ${rel(OUT)}`);
