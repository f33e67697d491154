// trovi vs Pagefind vs MiniSearch: builds every engine's index of the same
// input and measures it the same way; writes the figures as JSON for
// report.mjs. Run through scripts/peers.sh, which installs and builds what
// this needs first.
//
//   node bench/peers/run.mjs --out target/peers [--site DIR] [options] > results.json
//
// Modes:
//   (default)   Reuters-21578 (--input JSONL): trovi indexes the JSONL, MiniSearch
//               the same JSON, Pagefind the articles rendered as one HTML page each.
//   --site DIR  an existing built static site: Pagefind, and trovi when its
//               `trovi index --site` exists (issue #4); no MiniSearch (it needs JSON).
//
// Options (defaults in brackets):
//   --input FILE         Article JSONL [../shared/data/news/reuters21578.jsonl beside the
//                        repository; $TROVI_SHARED stands for ../shared when set]
//   --queries FILE       query list, one a line [news-topics.txt; queries/rust-book.txt with --site]
//   --max-queries N      browser queries: the first N of the list [100]
//   --cold-query Q       the first search of a fresh page ["oil prices"; "ownership" with --site]
//   --runs N             timed index builds per engine (median reported) [3]
//   --loads N            cold page loads per engine (median reported) [5]
//   --passes N           warm passes over the queries; pass 1 is each query's first
//                        search (bytes fetched), passes 2… repeat it (compute only) [3]
//   --native 0|1         native latency (trovi's latency bench, MiniSearch in node) [1]
//   --native-queries F;G query lists of the native runs [news-topics.txt;sbg.txt; with --site the --queries list]
//   --trovi BIN          trovi CLI [target/release/trovi]
//   --app DIR            trovi web app [dist/web]
//   --nice N             niceness of the builds and native runs [10]
//   --gzip 0|1           the bench server gzips text/JS/JSON/wasm like a CDN [1]
//   --throttle D,RTT     also cold loads over an emulated network: D Mbit/s down
//                        (D/4 up), RTT ms round trip (CDP Network.emulateNetworkConditions);
//                        0 to skip [20,40]
//   --throttle-loads N   throttled cold loads per engine (median reported) [3]
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { gzipSync } from "node:zlib";
import { restore, tookMs } from "../../tests/browser/restore.mjs";
import { load, relativeTo } from "./common.mjs";
import { startServer } from "./server.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "..", "..");
// The shared data folder: ../shared beside the repository, or $TROVI_SHARED.
const SHARED = resolve(process.env.TROVI_SHARED || join(ROOT, "..", "shared"));
const QUERIES_DIR = join(SHARED, "data", "queries");

// ---------------------------------------------------------------- arguments
const args = {};
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const m = argv[i].match(/^--([a-z-]+)(?:=(.*))?$/);
    if (!m) throw new Error(`unexpected argument ${argv[i]}`);
    args[m[1]] = m[2] ?? argv[++i];
  }
}
const SITE = args.site ? resolve(args.site) : null;
const OUT = resolve(args.out ?? join(ROOT, "target", "peers"));
const INPUT = resolve(args.input ?? join(SHARED, "data", "news", "reuters21578.jsonl"));
const QUERY_FILE = resolve(args.queries ?? (SITE ? join(HERE, "queries", "rust-book.txt") : join(QUERIES_DIR, "news-topics.txt")));
const MAX_QUERIES = Number(args["max-queries"] ?? 100);
const COLD_QUERY = args["cold-query"] ?? (SITE ? "ownership" : "oil prices");
const RUNS = Number(args.runs ?? 3);
const LOADS = Number(args.loads ?? 5);
const PASSES = Math.max(1, Number(args.passes ?? 3));
const NATIVE = (args.native ?? "1") !== "0";
const NATIVE_QUERIES = (args["native-queries"] ?? (SITE ? QUERY_FILE : `${QUERIES_DIR}/news-topics.txt;${QUERIES_DIR}/sbg.txt`)).split(";").filter(Boolean);
const TROVI_SRC = resolve(args.trovi ?? join(ROOT, "target", "release", "trovi"));
const APP_SRC = resolve(args.app ?? join(ROOT, "dist", "web"));
const NICE = String(args.nice ?? 10);
const GZIP = (args.gzip ?? "1") !== "0";
const THROTTLE = (args.throttle ?? "20,40") === "0" ? null : (args.throttle ?? "20,40").split(",").map(Number);
const THROTTLE_LOADS = Number(args["throttle-loads"] ?? 3);
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const PAGEFIND = join(HERE, "node_modules", "@pagefind", "linux-x64", "bin", "pagefind_extended");

const say = (msg) => process.stderr.write(`peers: ${msg}\n`);
// A path as reports show it: relative to the repository when under it or beside it (../shared/…),
// under the Rust toolchain as $(rustc --print sysroot)/…, else as it is.
const rel = relativeTo(ROOT);

// ---------------------------------------------------------------- statistics
/** Nearest-rank percentile (as trovi's latency bench computes it). */
const pct = (xs, p) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length))) - 1];
};
const median = (xs) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

// ---------------------------------------------------------------- setup
mkdirSync(OUT, { recursive: true });
if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (set CHROMIUM)`);
if (!existsSync(PAGEFIND)) throw new Error(`Pagefind binary not found at ${PAGEFIND}: run npm ci in bench/peers`);
const readQueries = (file) => readFileSync(file, "utf8").split("\n").map((l) => l.trim()).filter(Boolean);
const queries = readQueries(QUERY_FILE).slice(0, MAX_QUERIES);

// Snapshot the trovi binary and app: others may rebuild them while this runs.
const BIN = join(OUT, "bin");
mkdirSync(BIN, { recursive: true });
const TROVI = join(BIN, "trovi");
copyFileSync(TROVI_SRC, TROVI);
const APP = join(OUT, "app");
rmSync(APP, { recursive: true, force: true });
cpSync(APP_SRC, APP, { recursive: true });

const git = (...a) => spawnSync("git", ["-C", ROOT, ...a], { encoding: "utf8" }).stdout.trim();
const troviHelp = execFileSync(TROVI, ["index", "--help"], { encoding: "utf8" });
const troviSite = /--site\b/.test(troviHelp);

const results = {
  date: new Date().toISOString(),
  machine: {
    nproc: cpus().length,
    cpu: cpus()[0]?.model ?? "unknown",
    ram_gib: +(totalmem() / 2 ** 30).toFixed(1),
    kernel: readFileSync("/proc/sys/kernel/osrelease", "utf8").trim(),
    node: process.version,
    load_start: load(),
  },
  tree: {
    commit: git("rev-parse", "--short", "HEAD"),
    // Uncommitted changes to what trovi is built from (others work in the same tree).
    dirty_files: spawnSync("git", ["-C", ROOT, "status", "--porcelain", "--", "core", "cli", "web", "xtask", "Cargo.toml", "Cargo.lock"], { encoding: "utf8" })
      .stdout.split("\n")
      .filter(Boolean)
      .map((l) => l.slice(3)),
  },
  versions: {
    trovi: execFileSync(TROVI, ["--version"], { encoding: "utf8" }).trim(),
    trovi_binary_built: statSync(TROVI_SRC).mtime.toISOString(),
    pagefind: execFileSync(PAGEFIND, ["--version"], { encoding: "utf8" }).trim(),
    minisearch: JSON.parse(readFileSync(join(HERE, "node_modules", "minisearch", "package.json"), "utf8")).version,
    playwright: JSON.parse(readFileSync(join(HERE, "node_modules", "playwright-core", "package.json"), "utf8")).version,
  },
  config: {
    mode: SITE ? "site" : "reuters",
    site: SITE,
    // As reports show it (no machine paths).
    site_shown: SITE ? rel(SITE) : null,
    input: SITE ? null : INPUT,
    queries: QUERY_FILE,
    browser_queries: queries.length,
    cold_query: COLD_QUERY,
    runs: RUNS,
    loads: LOADS,
    passes: PASSES,
    nice: NICE,
    gzip: GZIP,
    throttle: THROTTLE ? { down_mbps: THROTTLE[0], rtt_ms: THROTTLE[1], loads: THROTTLE_LOADS } : null,
    native_queries: NATIVE_QUERIES,
  },
  notes: [],
  engines: {},
};

// ---------------------------------------------------------------- builds
/** Runs `cmd args` under GNU time at niceness NICE; returns { s, rss_mb, log }. */
function timed(name, cmd, cmdArgs, { cwd = ROOT } = {}) {
  const log = join(OUT, `${name}.time`);
  const out = join(OUT, `${name}.log`);
  const loadAtStart = load();
  const r = spawnSync("/usr/bin/time", ["-v", "-o", log, "nice", "-n", NICE, cmd, ...cmdArgs], { cwd, encoding: "utf8", maxBuffer: 1 << 28 });
  writeFileSync(out, (r.stdout ?? "") + (r.stderr ?? ""));
  if (r.status !== 0) throw new Error(`${name} failed (${r.status}); see ${out}\n${(r.stderr ?? "").slice(-2000)}`);
  const t = readFileSync(log, "utf8");
  const wall = t.match(/Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)/)[1].split(":").reduce((a, x) => a * 60 + Number(x), 0);
  const rss = Number(t.match(/Maximum resident set size \(kbytes\): (\d+)/)[1]);
  return { s: wall, rss_mb: (rss * 1024) / 1e6, load: loadAtStart };
}

/** Files under `dir` (recursively): { bytes, files, gzip_bytes } (gzip -6 of each file that is not gzipped already). */
function outputSize(dirs) {
  let bytes = 0;
  let files = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        bytes += statSync(p).size;
        files++;
      }
    }
  };
  for (const d of dirs) (statSync(d).isDirectory() ? walk(d) : ((bytes += statSync(d).size), files++));
  return { bytes, files };
}

function buildRuns(name, command, fn) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    say(`building ${name}, run ${i + 1} of ${RUNS} (load ${load()})`);
    runs.push(fn());
    say(`  ${runs.at(-1).s.toFixed(2)} s, ${runs.at(-1).rss_mb.toFixed(0)} MB`);
  }
  return {
    command,
    runs,
    s: median(runs.map((r) => r.s)),
    rss_mb: median(runs.map((r) => r.rss_mb)),
  };
}

const engines = results.engines;
const TROVI_INDEX = join(OUT, "trovi-index");
const SITE_DIR = SITE ?? join(OUT, "site");
const PAGEFIND_OUT = join(OUT, "pagefind");
const MINISEARCH_OUT = join(OUT, "minisearch");

// trovi
if (!SITE || troviSite) {
  // With --site, trovi writes the app (trovi.js, wasm, CSS; copied from --app) to
  // OUT and the index to OUT/index/.
  const troviArgs = SITE ? ["index", "--site", SITE, "--out", TROVI_INDEX, "--app", APP] : ["index", INPUT, "--out", TROVI_INDEX];
  const build = buildRuns("trovi", `trovi ${troviArgs.map(rel).join(" ")}`, () => {
    rmSync(TROVI_INDEX, { recursive: true, force: true });
    return timed("trovi-index", TROVI, troviArgs);
  });
  // What a site deploys: with --site, trovi's output directory (app and bundle);
  // otherwise the web app (dist/web) and the index directory.
  const widget = existsSync(join(TROVI_INDEX, "trovi.js"));
  const deployed = widget ? [TROVI_INDEX] : [APP, TROVI_INDEX];
  const part = (d) => (d === APP ? `the web app (${rel(APP_SRC)})` : widget ? `the app and index (${rel(d)})` : `the index (${rel(d)})`);
  engines.trovi = { build, output: outputSize(deployed), output_parts: deployed.map((d) => ({ what: part(d), ...outputSize([d]) })), widget };
  const indexDir = existsSync(join(TROVI_INDEX, "trovi.json")) ? TROVI_INDEX : join(TROVI_INDEX, "index");
  engines.trovi.index_dir = indexDir;
  engines.trovi.manifest = JSON.parse(readFileSync(join(indexDir, "trovi.json"), "utf8"));
  const bundle = join(indexDir, engines.trovi.manifest.bundle);
  if (existsSync(bundle)) engines.trovi.bundle = { bytes: statSync(bundle).size, gzip6_bytes: gzipSync(readFileSync(bundle), { level: 6 }).length };
} else {
  results.notes.push("trovi: `trovi index --help` does not list `--site` yet (issue #4), so the site comparison is Pagefind only.");
  say("trovi's site mode (`trovi index --site`) isn't available yet: measuring Pagefind only");
}

// Pagefind
if (!SITE) {
  say("rendering the articles as HTML pages for Pagefind");
  const t0 = process.hrtime.bigint();
  execFileSync(process.execPath, [join(HERE, "render-pages.mjs"), INPUT, SITE_DIR], { stdio: ["ignore", "ignore", "inherit"] });
  results.render_pages_s = Number(process.hrtime.bigint() - t0) / 1e9;
  results.site_pages = outputSize([SITE_DIR]);
}
{
  const pfArgs = ["--site", SITE_DIR, "--output-path", PAGEFIND_OUT];
  const build = buildRuns("pagefind", `pagefind --site ${rel(SITE ?? SITE_DIR)} --output-path ${rel(PAGEFIND_OUT)}`, () => {
    rmSync(PAGEFIND_OUT, { recursive: true, force: true });
    return timed("pagefind", PAGEFIND, pfArgs);
  });
  const log = readFileSync(join(OUT, "pagefind.log"), "utf8");
  engines.pagefind = { build, output: outputSize([PAGEFIND_OUT]), pages: Number(log.match(/Indexed (\d+) pages/)?.[1] ?? NaN) };
}

// MiniSearch
if (!SITE) {
  const build = buildRuns("minisearch", `node bench/peers/minisearch-build.mjs ${rel(INPUT)} ${rel(MINISEARCH_OUT)}`, () => {
    rmSync(MINISEARCH_OUT, { recursive: true, force: true });
    return timed("minisearch", process.execPath, [join(HERE, "minisearch-build.mjs"), INPUT, MINISEARCH_OUT]);
  });
  engines.minisearch = { build, output: outputSize([MINISEARCH_OUT]) };
} else {
  results.notes.push("MiniSearch: not measured on a site (it indexes JSON documents, not HTML pages).");
}

// ---------------------------------------------------------------- browser
// How each engine is served (all by server.mjs) and searched.
const PAGES = join(HERE, "pages");
const setups = {};
if (engines.trovi) {
  setups.trovi = engines.trovi.widget
    ? {
        mounts: [
          { prefix: "/", dir: SITE },
          { prefix: "/trovi/", dir: TROVI_INDEX },
          { prefix: "/__peers/", dir: PAGES },
        ],
        path: "/__peers/trovi-widget.html",
      }
    : {
        mounts: [
          { prefix: "/", dir: APP },
          { prefix: "/index/", dir: TROVI_INDEX },
        ],
        path: "/",
      };
  setups.trovi.kind = "trovi";
}
setups.pagefind = {
  kind: "peer",
  mounts: [
    { prefix: "/", dir: SITE_DIR },
    { prefix: "/pagefind/", dir: PAGEFIND_OUT },
    { prefix: "/__peers/", dir: PAGES },
  ],
  path: "/__peers/pagefind.html",
};
if (engines.minisearch) {
  setups.minisearch = {
    kind: "peer",
    mounts: [
      { prefix: "/__peers/", dir: PAGES },
      { prefix: "/minisearch/", dir: MINISEARCH_OUT },
    ],
    path: "/__peers/minisearch.html",
  };
}

// trovi's app: when the first result list item appears (ms since navigation start).
const TROVI_FIRST = () => {
  const observer = new MutationObserver(() => {
    if (document.querySelector("#trovi-results > li")) {
      window.__firstResult = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
};
// The app's "(1.2 ms)" → 1.2; "(< 0.1 ms)" → 0.05; "(12 ms)" → 12 (as measure.mjs).

async function freshPage(browser, throttle = null) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  if (throttle) {
    const [down, rtt] = throttle;
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: rtt,
      downloadThroughput: (down * 1e6) / 8,
      uploadThroughput: (down * 1e6) / 8 / 4,
    });
  }
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  return { context, page, errors };
}

/** Loads the engine's page with ?q=COLD_QUERY; resolves to { ms, bytes, requests }. */
async function coldLoad(browser, server, setup, q, throttle = null) {
  const { context, page, errors } = await freshPage(browser, throttle);
  try {
    if (setup.kind === "trovi") await page.addInitScript(TROVI_FIRST);
    server.reset();
    await page.goto(`${server.url.replace(/\/$/, "")}${setup.path}?q=${encodeURIComponent(q)}`, { timeout: 120_000 });
    if (setup.kind === "trovi") {
      await page.waitForFunction(() => window.__firstResult !== undefined, null, { timeout: 120_000 });
    } else {
      await page.waitForFunction(() => window.__first !== undefined || window.__error !== undefined, null, { timeout: 120_000 });
    }
    const { bytes, requests } = server.counters();
    const ms =
      setup.kind === "trovi"
        ? await page.evaluate(() => window.__firstResult)
        : await page.evaluate(() => {
            if (window.__error) throw new Error(window.__error);
            return window.__first.t;
          });
    if (errors.length) throw new Error(`page errors: ${errors.join("; ")}`);
    return { ms, bytes, requests, log: server.log().map((e) => ({ url: e.url, status: e.status, bytes: e.bytes })) };
  } finally {
    await context.close();
  }
}

/** One page, the cold query first, then every query PASSES times. */
async function warmQueries(browser, server, setup) {
  const { context, page, errors } = await freshPage(browser);
  const perQuery = queries.map((q) => ({ q, ms: [], took: [], bytes: 0, requests: 0, total: 0, ids: null }));
  try {
    if (setup.kind === "trovi") await page.addInitScript(TROVI_FIRST);
    await page.goto(`${server.url.replace(/\/$/, "")}${setup.path}?q=${encodeURIComponent(COLD_QUERY)}`, { timeout: 120_000 });
    if (setup.kind === "trovi") await page.waitForFunction(() => window.__firstResult !== undefined, null, { timeout: 120_000 });
    else await page.waitForFunction(() => window.__first !== undefined || window.__error !== undefined, null, { timeout: 120_000 });
    await new Promise((r) => setTimeout(r, 500)); // let any follow-up requests of the first search finish
    let shown = COLD_QUERY;
    for (let pass = 0; pass < PASSES; pass++) {
      for (const entry of perQuery) {
        // trovi's app does nothing when the query shown is restored again:
        // show another one first (not measured).
        if (setup.kind === "trovi" && shown === entry.q) {
          const other = queries.find((x) => x !== entry.q);
          if (other) await restore(page, other);
        }
        shown = entry.q;
        server.reset();
        const r = setup.kind === "trovi" ? await restore(page, entry.q) : await page.evaluate((q) => window.__search(q), entry.q);
        entry.ms.push(r.ms);
        if (r.took !== undefined) entry.took.push(tookMs(r.took));
        if (pass === 0) {
          const c = server.counters();
          if (c.requests) entry.requests_log = server.log().map((e) => `${e.status} ${e.url} ${e.bytes} B`);
          entry.bytes = c.bytes;
          entry.requests = c.requests;
          entry.total = r.total;
          entry.ids = r.ids ?? null;
        }
      }
    }
    if (errors.length) throw new Error(`page errors: ${errors.join("; ")}`);
  } finally {
    await context.close();
  }
  const first = perQuery.map((e) => e.ms[0]);
  // Repeats: each query's median over passes 2…, then percentiles over queries.
  const repeat = PASSES > 1 ? perQuery.map((e) => median(e.ms.slice(1))) : [];
  const bytes = perQuery.map((e) => e.bytes);
  // trovi's app shows its own search time (trovi-core in wasm, without rendering).
  const took = perQuery.map((e) => median(e.took.filter((x) => !Number.isNaN(x)))).filter((x) => !Number.isNaN(x));
  return {
    took_p50: took.length ? pct(took, 50) : undefined,
    took_p95: took.length ? pct(took, 95) : undefined,
    first_p50: pct(first, 50),
    first_p95: pct(first, 95),
    repeat_p50: pct(repeat, 50),
    repeat_p95: pct(repeat, 95),
    bytes_mean: mean(bytes),
    bytes_p50: pct(bytes, 50),
    bytes_p95: pct(bytes, 95),
    bytes_total: bytes.reduce((a, b) => a + b, 0),
    requests_mean: mean(perQuery.map((e) => e.requests)),
    per_query: perQuery,
  };
}

say(`launching ${CHROMIUM}`);
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  timeout: 60_000,
  args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
results.versions.chromium = browser.version();
try {
  for (const [name, setup] of Object.entries(setups)) {
    const server = await startServer(setup.mounts, { gzip: GZIP });
    try {
      say(`${name}: ${LOADS} cold loads of "${COLD_QUERY}" (load ${load()})`);
      const loads = [];
      for (let i = 0; i < LOADS; i++) loads.push(await coldLoad(browser, server, setup, COLD_QUERY));
      engines[name].cold = {
        load: load(),
        ms: median(loads.map((l) => l.ms)),
        all_ms: loads.map((l) => l.ms),
        bytes: median(loads.map((l) => l.bytes)),
        requests: median(loads.map((l) => l.requests)),
        requests_log: loads[0].log,
      };
      say(`  ${engines[name].cold.ms.toFixed(0)} ms, ${engines[name].cold.bytes} B, ${engines[name].cold.requests} requests`);
      if (THROTTLE) {
        say(`${name}: ${THROTTLE_LOADS} cold loads over ${THROTTLE[0]} Mbit/s, ${THROTTLE[1]} ms RTT`);
        const slow = [];
        for (let i = 0; i < THROTTLE_LOADS; i++) slow.push(await coldLoad(browser, server, setup, COLD_QUERY, THROTTLE));
        engines[name].cold.throttled_ms = median(slow.map((l) => l.ms));
        engines[name].cold.throttled_all_ms = slow.map((l) => l.ms);
        say(`  ${engines[name].cold.throttled_ms.toFixed(0)} ms`);
      }
      say(`${name}: ${queries.length} warm queries × ${PASSES} passes (load ${load()})`);
      engines[name].warm = { load: load(), ...(await warmQueries(browser, server, setup)) };
      const w = engines[name].warm;
      say(`  first ${w.first_p50.toFixed(1)} / ${w.first_p95.toFixed(1)} ms, ${w.bytes_mean.toFixed(0)} B/query; repeat ${w.repeat_p50?.toFixed(1)} / ${w.repeat_p95?.toFixed(1)} ms`);
    } finally {
      await server.stop();
    }
  }
} finally {
  await browser.close();
}

// ---------------------------------------------------------------- result ids for overlap
// trovi's top 10 from the CLI (the same trovi-core search the app runs in wasm).
const normalize = (id) => {
  if (!id) return id;
  let s = String(id).replace(/^https?:\/\/[^/]+/, "").replace(/#.*$/, "").replace(/\?.*$/, "");
  s = s.replace(/^\/+/, "").replace(/index\.html?$/, "").replace(/\.html?$/, "").replace(/\/+$/, "");
  return s;
};
if (engines.trovi) {
  say("trovi: top 10 of each browser query with `trovi search --json --limit 10`");
  for (const entry of engines.trovi.warm.per_query) {
    const r = JSON.parse(execFileSync(TROVI, ["search", engines.trovi.index_dir, entry.q, "--json", "--limit", "10"], { encoding: "utf8", maxBuffer: 1 << 26 }));
    entry.ids = r.hits.map((h) => (SITE ? h.url : h.id));
    entry.total_native = r.total;
  }
}
const idSets = {};
for (const [name, e] of Object.entries(engines)) {
  if (!e.warm) continue;
  // Reuters pages are /articles/<id>.html: Pagefind's meta id is the article id.
  idSets[name] = e.warm.per_query.map((x) => new Set((x.ids ?? []).map(normalize)));
}
results.overlap = [];
const names = Object.keys(idSets);
for (let i = 0; i < names.length; i++) {
  for (let j = i + 1; j < names.length; j++) {
    const a = idSets[names[i]];
    const b = idSets[names[j]];
    const jac = [];
    const common = [];
    let bothEmpty = 0;
    for (let k = 0; k < a.length; k++) {
      const inter = [...a[k]].filter((x) => b[k].has(x)).length;
      const union = new Set([...a[k], ...b[k]]).size;
      if (!union) {
        bothEmpty++;
        continue;
      }
      jac.push(inter / union);
      common.push(inter);
    }
    results.overlap.push({ a: names[i], b: names[j], jaccard: mean(jac), common_mean: mean(common), queries: jac.length, both_empty: bothEmpty });
  }
}

// ---------------------------------------------------------------- native latency
results.native = {};
if (NATIVE) {
  const lists = NATIVE_QUERIES.filter((f) => existsSync(f));
  if (engines.trovi) {
    say(`trovi: native latency (cargo bench -p trovi-core --bench latency; load ${load()})`);
    const env = {
      ...process.env,
      TROVI_BENCH_CORPORA: `peers=${engines.trovi.index_dir}`,
      TROVI_BENCH_QUERY_FILES: lists.join(";"),
      TROVI_BENCH_PASSES: "5",
      TROVI_BENCH_WARMUP: "2",
      TROVI_BENCH_SLOWEST: "0",
    };
    const loadAtStart = load();
    const r = spawnSync("nice", ["-n", NICE, "cargo", "bench", "-p", "trovi-core", "--bench", "latency"], { cwd: ROOT, env, encoding: "utf8", maxBuffer: 1 << 26 });
    writeFileSync(join(OUT, "trovi-latency.log"), r.stdout + r.stderr);
    if (r.status !== 0) {
      results.notes.push(`trovi native latency: cargo bench failed (${r.status}); see ${rel(join(OUT, "trovi-latency.log"))}`);
    } else {
      results.native.trovi = {
        command: `TROVI_BENCH_CORPORA=peers=${rel(engines.trovi.index_dir)} TROVI_BENCH_QUERY_FILES='${lists.map(rel).join(";")}' TROVI_BENCH_PASSES=5 TROVI_BENCH_WARMUP=2 cargo bench -p trovi-core --bench latency`,
        load: loadAtStart,
        sets: {},
      };
      for (const line of r.stdout.split("\n")) {
        const c = line.split("|").map((x) => x.trim());
        if (c[1] === "peers" && c[4] === "default") {
          results.native.trovi.sets[c[3]] = { queries: Number(c[5]), p50: Number(c[7]), p95: Number(c[8]), p99: Number(c[9]), mean: Number(c[11]), p95_medians: Number(c[12]) };
        }
      }
    }
  }
  if (engines.minisearch) {
    say(`MiniSearch: native latency in node (load ${load()})`);
    const loadAtStart = load();
    const r = spawnSync("nice", ["-n", NICE, process.execPath, join(HERE, "minisearch-native.mjs"), MINISEARCH_OUT, ...lists], { encoding: "utf8", maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`minisearch-native failed: ${r.stderr}`);
    results.native.minisearch = { command: `node bench/peers/minisearch-native.mjs ${rel(MINISEARCH_OUT)} ${lists.map(rel).join(" ")}`, load: loadAtStart, ...JSON.parse(r.stdout) };
  }
  results.notes.push("Pagefind: no native search (its search runs in the browser only; the npm package's Node API builds indexes).");
}
results.machine.load_end = load();
const file = join(OUT, "results.json");
writeFileSync(file, JSON.stringify(results, null, 1));
say(`wrote ${rel(file)}`);
