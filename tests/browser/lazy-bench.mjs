// Lazy loading in headless Chromium (issue 5): bytes, requests, round trips
// and latency per search, cold and warm, with and without an added round-trip
// delay, for trovi (`?load=lazy`) and Pagefind (its JS API, as bench/peers),
// all served by tests/browser/range-server.mjs. Prints Markdown tables and
// writes them, with the commands and `uptime`, to target/lazy-bench.md
// (per-query figures in target/lazy-bench.json).
//
//   cargo build --release -p trovi-cli && cargo xtask web
//   node tests/browser/lazy-bench.mjs [options]
//
// Options [defaults]:
//   --trovi a,b        trovi corpora [reuters,100k,1m]       (names below; JSONL
//   --pagefind a,b     Pagefind corpora [reuters,100k]        inputs by name; '' for none)
//   --queries N        the first N of news-topics.txt [50]: the first is the cold
//                      search of the warm page, the other N-1 are measured warm
//   --cold N           cold loads: the first N queries, one fresh context each [5]
//   --rtts 0,50        added delay per response, ms (≈ one round trip)
//   --work DIR         indexes, pages, snapshots [/tmp/lazy-bench]; a missing index
//                      is built (`trovi index`, Pagefind: render-pages + pagefind)
//   --app DIR          the web app [dist/web]  --trovi-bin BIN [target/release/trovi]
//   --gzip 0|1         gzip app files (not ranges, not bundles) like a CDN [1]
//   --cache 0|1        1: Chromium's HTTP cache as for any reader (empty in a fresh
//                      context); 0: disabled through CDP, as bench/peers does [1].
//                      It matters: the cache lets one request per URL through at a
//                      time, so concurrent Range requests for one bundle queue.
//   --build-only 1     build the missing indexes, measure nothing
//   --http2 0|1        1: HTTPS with HTTP/2 (self-signed; one connection carries a
//                      round's requests at once, as on most CDNs) [0: HTTP/1.1]
//   --out FILE         the report [target/lazy-bench.md]; FILE.json beside it
//
// Definitions. Bytes: status line + headers + body as sent (app gzipped).
// Cold: fresh context (empty cache), page?q=Q&load=lazy until the first
// result renders, plus requests still running then. Warm: one page, each query
// restored through history (no typing debounce) until the list settles.
// Rounds, from the run with a delay: requests whose start times lie within
// delay/2 of each other are one round; "wire" uses the server's arrival times
// (Chromium sends at most 6 requests at once per host over HTTP/1.1, so a
// round of more ranges costs extra trips), "app" the page's fetch() times
// (CDP requestWillBeSent, before Chromium's queues): the app's dependent rounds.
import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, cpSync, existsSync, openSync, readSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { startRangeServer } from "./range-server.mjs";
import { restore } from "./restore.mjs";
import { ROOT, launch } from "./support.mjs";

const args = {};
for (let i = 2; i < process.argv.length; i++) {
  const m = process.argv[i].match(/^--([a-z0-9-]+)(?:=(.*))?$/);
  if (!m) throw new Error(`unexpected argument ${process.argv[i]} (see the header of this file)`);
  args[m[1]] = m[2] ?? process.argv[++i];
}
const list = (v, d) => (v ?? d).split(",").filter(Boolean);
const WORK = resolve(args.work ?? "/tmp/lazy-bench");
const TROVI_CORPORA = list(args.trovi, "reuters,100k,1m");
const PAGEFIND_CORPORA = list(args.pagefind, "reuters,100k");
const N = Number(args.queries ?? 50);
const COLD = Number(args.cold ?? 5);
const RTTS = list(args.rtts, "0,50").map(Number);
const GZIP = (args.gzip ?? "1") !== "0";
const HTTP2 = (args.http2 ?? "0") !== "0";
const CACHE = (args.cache ?? "1") !== "0";
const OUT = resolve(args.out ?? join(ROOT, "target", "lazy-bench.md"));
const TROVI_BIN = resolve(args["trovi-bin"] ?? join(ROOT, "target", "release", "trovi"));
const APP_SRC = resolve(args.app ?? join(ROOT, "dist", "web"));
const PEERS = join(ROOT, "bench", "peers");
const PAGEFIND_BIN = join(PEERS, "node_modules", "@pagefind", "linux-x64", "bin", "pagefind_extended");
// The shared data folder: ../shared beside the repository, or $TROVI_SHARED.
const SHARED = resolve(process.env.TROVI_SHARED || join(ROOT, "..", "shared"));
const INPUTS = {
  reuters: join(SHARED, "data", "news", "reuters21578.jsonl"),
  "100k": "/tmp/scale/corpus-100000.jsonl",
  "1m": "/tmp/scale/corpus-1000000.jsonl",
};
const queries = readFileSync(join(SHARED, "data", "queries", "news-topics.txt"), "utf8").split("\n").map((l) => l.trim()).filter(Boolean).slice(0, N);
// Relative to the repository when under it or beside it (../shared/…).
const rel = (p) => (p.startsWith(ROOT + "/") ? p.slice(ROOT.length + 1) : p.startsWith(dirname(ROOT) + "/") ? "../" + p.slice(dirname(ROOT).length + 1) : p);
const say = (m) => process.stderr.write(`lazy-bench: ${m}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const uptime = () => execFileSync("uptime", { encoding: "utf8" }).trim();
const commands = [];
const BUILDS = join(WORK, "builds.txt"); // how the indexes in WORK were built
const run = (cmd, argv) => {
  commands.push(`nice -n 10 ${rel(cmd)} ${argv.map(rel).join(" ")}`);
  const t0 = Date.now();
  const r = spawnSync("nice", ["-n", "10", cmd, ...argv], { stdio: ["ignore", "ignore", "inherit"] });
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status})`);
  commands[commands.length - 1] += `   # ${((Date.now() - t0) / 1000).toFixed(0)} s, ${new Date().toISOString()}`;
  writeFileSync(BUILDS, commands.at(-1) + "\n", { flag: "a" });
};
const dirBytes = (d) => readdirSync(d, { withFileTypes: true, recursive: true }).reduce((n, e) => n + (e.isFile() ? statSync(join(e.parentPath ?? e.path, e.name)).size : 0), 0);

// Nearest-rank percentile.
const pct = (xs, p) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length))) - 1] : NaN;
};
// Rounds: start times more than gap apart begin a new round.
const rounds = (starts, gap) => [...starts].sort((a, b) => a - b).reduce((n, t, i, s) => n + (i === 0 || t - s[i - 1] > gap ? 1 : 0), 0);

// The bundle's file table (see core/src/bundle/mod.rs): which tantivy file a range reads.
function bundleFiles(path) {
  const fd = openSync(path, "r");
  const pre = Buffer.alloc(20);
  readSync(fd, pre, 0, 20, 0);
  const header = Buffer.alloc(pre.readUInt32LE(12));
  readSync(fd, header, 0, header.length, 20);
  closeSync(fd);
  return JSON.parse(header).files.map((f) => ({ ...f, kind: f.name.replace(/^.*\./, "") }));
}

// ---------------------------------------------------------------- setup
const uptimeStart = uptime();
const git = (...a) => spawnSync("git", ["-C", ROOT, ...a], { encoding: "utf8" }).stdout.trim();
const tree = `commit ${git("rev-parse", "--short", "HEAD")}${git("status", "--porcelain", "--", "core", "web", "cli") ? " with uncommitted changes in core/web/cli" : ""}`;
const built = (p) => statSync(p).mtime.toISOString().slice(0, 19) + "Z";
const versions = `${execFileSync(TROVI_BIN, ["--version"], { encoding: "utf8" }).trim()}, CLI ${rel(TROVI_BIN)} built ${built(TROVI_BIN)}, app ${rel(APP_SRC)} built ${built(join(APP_SRC, "index.html"))}; ${tree} at the start`;
mkdirSync(WORK, { recursive: true });
// Snapshots of the CLI and app: others may rebuild them meanwhile.
const BIN = join(WORK, "trovi");
if (!existsSync(BIN) || statSync(BIN).mtimeMs !== statSync(TROVI_BIN).mtimeMs) {
  cpSync(TROVI_BIN, BIN + ".new", { preserveTimestamps: true });
  renameSync(BIN + ".new", BIN);
}
const APP = join(WORK, `app-${process.pid}`);
cpSync(APP_SRC, APP, { recursive: true });
process.on("exit", () => rmSync(APP, { recursive: true, force: true }));

const setups = [];
for (const name of TROVI_CORPORA) {
  const idx = join(WORK, `idx-${name}`);
  if (!existsSync(join(idx, "trovi.json"))) {
    say(`indexing ${name}`);
    rmSync(idx, { recursive: true, force: true });
    run(BIN, ["index", INPUTS[name], "--out", idx]);
  }
  const manifest = JSON.parse(readFileSync(join(idx, "trovi.json"), "utf8"));
  if (!manifest.head) throw new Error(`${idx} has no head (built before lazy loading): remove it to rebuild`);
  setups.push({
    name: `trovi ${name}`,
    trovi: true,
    files: bundleFiles(join(idx, manifest.bundle)),
    docs: manifest.documents,
    size: manifest.size,
    head: manifest.head,
    mounts: [
      { prefix: "/", dir: APP, kind: "app" },
      { prefix: "/index/", dir: idx, kind: "index" },
    ],
    url: (q) => `/?load=lazy&q=${encodeURIComponent(q)}`,
  });
}
for (const name of PAGEFIND_CORPORA) {
  // Reuters: reuse scripts/peers.sh's site and Pagefind index when there.
  const peers = join(ROOT, "target", "peers", "reuters");
  const reuse = name === "reuters" && existsSync(join(peers, "pagefind", "pagefind.js"));
  const site = reuse ? join(peers, "site") : join(WORK, `site-${name}`);
  const out = reuse ? join(peers, "pagefind") : join(WORK, `pagefind-${name}`);
  if (!existsSync(join(out, "pagefind.js"))) {
    say(`rendering ${name} as pages and running Pagefind`);
    run(process.execPath, [join(PEERS, "render-pages.mjs"), INPUTS[name], site]);
    rmSync(out, { recursive: true, force: true });
    run(PAGEFIND_BIN, ["--site", site, "--output-path", out]);
  }
  const entry = JSON.parse(readFileSync(join(out, "pagefind-entry.json"), "utf8"));
  setups.push({
    name: `Pagefind ${name}`,
    trovi: false,
    docs: Object.values(entry.languages).reduce((n, l) => n + l.page_count, 0),
    size: dirBytes(out),
    mounts: [
      // The pages themselves are not fetched by a search (they may be deleted once indexed).
      { prefix: "/", dir: existsSync(site) ? site : join(PEERS, "pages"), kind: "app" },
      // pagefind.js and its wasm are Pagefind's app; the rest is index.
      { prefix: "/pagefind/", dir: out, kind: (p) => (/\/(pagefind[^/]*\.js|wasm\.[^/]+)$/.test(p) ? "app" : "index") },
      { prefix: "/__peers/", dir: join(PEERS, "pages"), kind: "app" },
    ],
    url: (q) => `/__peers/pagefind.html?q=${encodeURIComponent(q)}`,
  });
}

if (args["build-only"] === "1") process.exit(0);

// ---------------------------------------------------------------- in the page
// trovi: when the first result (or the empty state) renders, ms since navigation.
const FIRST = () => {
  const observer = new MutationObserver(() => {
    if (document.querySelector("#trovi-results > li, .trovi-empty")) {
      window.__first = { t: performance.now() };
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
};
async function freshPage(browser, setup) {
  const context = await browser.newContext({ ignoreHTTPSErrors: HTTP2 });
  const page = await context.newPage();
  if (!CACHE) {
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  }
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  if (setup.trovi) await page.addInitScript(FIRST);
  // When the page (or a worker of it: Pagefind searches in one) asked for each
  // resource: CDP's requestWillBeSent, before Chromium queues it for a connection.
  const requests = [];
  page.on("request", (r) => !r.url().endsWith("/favicon.svg") && requests.push(r));
  const starts = () => requests.splice(0).map((r) => r.timing().startTime);
  return { context, page, errors, starts };
}

/** Waits until the server has had no request in flight for `quiet` ms. */
async function idle(server, quiet) {
  let n = -1;
  for (let still = 0; still < quiet; still += 20) {
    if (server.inflight() > 0 || server.log().length !== n) (n = server.log().length), (still = -20);
    await sleep(20);
  }
}

/** What the requests since the last reset cost; `fetchStarts`: the page's fetch() times. */
function cost(server, setup, rtt, fetchStarts) {
  // Chromium asks for the page's icon now and then (also after pushState): not search traffic.
  const log = server.log().filter((e) => !e.url.endsWith("/favicon.svg"));
  const index = log.filter((e) => e.kind === "index");
  return {
    bytes: log.reduce((n, e) => n + e.bytes, 0),
    indexBytes: index.reduce((n, e) => n + e.bytes, 0),
    requests: log.length,
    indexRequests: index.length,
    wire: rtt ? rounds(log.map((e) => e.start), rtt / 2) : NaN,
    app: rtt ? rounds(fetchStarts, rtt / 2) : NaN,
    statuses: [...new Set(log.map((e) => e.status))],
    log: log.map((e) => `${(e.start - log[0].start).toFixed(0)} ms ${e.status} ${e.url} ${e.range ?? ""} ${e.bytes} B`),
    // trovi: index bytes by bundle file (fieldnorm, idx, pos, store, term, …).
    files: setup.files ? byFile(setup.files, index) : undefined,
  };
}

function byFile(files, entries) {
  const out = {};
  for (const e of entries) {
    const start = Number(e.range?.match(/bytes=(\d+)-/)?.[1] ?? NaN);
    const f = files.findLast((f) => f.offset <= start);
    const kind = Number.isNaN(start) ? "manifest" : start < files[0].offset ? "head" : (f?.kind ?? "?");
    out[kind] = (out[kind] ?? 0) + e.bytes;
  }
  return out;
}

async function cold(browser, server, setup, q, rtt) {
  const { context, page, errors, starts } = await freshPage(browser, setup);
  try {
    server.setRtt(rtt);
    server.reset();
    await page.goto(server.url.replace(/\/$/, "") + setup.url(q), { timeout: 300_000 });
    await page.waitForFunction(() => window.__first !== undefined || window.__error !== undefined, null, { timeout: 300_000 });
    const ms = await page.evaluate(() => {
      if (window.__error) throw new Error(window.__error);
      return window.__first.t;
    });
    await idle(server, 200 + rtt);
    if (errors.length) throw new Error(`${setup.name} ${q}: ${errors.join("; ")}`);
    return { q, ms, ...cost(server, setup, rtt, starts()) };
  } finally {
    await context.close();
  }
}

async function warm(browser, server, setup, rtt) {
  const { context, page, errors, starts } = await freshPage(browser, setup);
  const out = [];
  try {
    server.setRtt(rtt);
    await page.goto(server.url.replace(/\/$/, "") + setup.url(queries[0]), { timeout: 300_000 });
    await page.waitForFunction(() => window.__first !== undefined || window.__error !== undefined, null, { timeout: 300_000 });
    await idle(server, 300 + rtt);
    for (const q of queries.slice(1)) {
      server.reset();
      starts();
      const r = setup.trovi ? await restore(page, q, { params: { load: "lazy" }, timeout: 60_000 }) : await page.evaluate((x) => window.__search(x), q);
      await idle(server, 100 + rtt);
      out.push({ q, ms: r.ms, hits: r.total, ...cost(server, setup, rtt, starts()) });
    }
    if (errors.length) throw new Error(`${setup.name}: ${errors.join("; ")}`);
  } finally {
    await context.close();
  }
  return out;
}

// ---------------------------------------------------------------- measure
const browser = await launch();
const results = [];
try {
  for (const setup of setups) {
    const server = await startRangeServer(setup.mounts, { gzip: GZIP, http2: HTTP2 });
    const r = { name: setup.name, docs: setup.docs, size: setup.size, head: setup.head, cold: {}, warm: {}, load: {} };
    try {
      for (const rtt of RTTS) {
        r.load[rtt] = uptime().split("average: ")[1];
        say(`${setup.name}: ${COLD} cold loads, RTT +${rtt} ms (load ${r.load[rtt]})`);
        r.cold[rtt] = [];
        for (const q of queries.slice(0, COLD)) r.cold[rtt].push(await cold(browser, server, setup, q, rtt));
        say(`${setup.name}: ${queries.length - 1} warm queries, RTT +${rtt} ms`);
        r.warm[rtt] = await warm(browser, server, setup, rtt);
      }
    } finally {
      await server.stop();
    }
    results.push(r);
  }
} finally {
  await browser.close();
}

// ---------------------------------------------------------------- report
const kb = (b) => (Number.isFinite(b) ? (b / 1000 >= 1000 ? `${(b / 1e6).toFixed(2)} MB` : `${(b / 1000).toFixed(1)} KB`) : "—");
const num = (x) => (Number.isFinite(x) ? String(x) : "—");
const ms = (x) => (Number.isFinite(x) ? (x < 10 ? x.toFixed(1) : x.toFixed(0)) : "—");
const [R0, R1] = [RTTS[0], RTTS.find((x) => x > 0)];
const p = (xs, f, p) => pct(xs.map(f), p);
const lines = [];
lines.push(`Headless Chromium ${browser.version()}, ${HTTP2 ? "HTTP/2 over TLS (self-signed)" : "HTTP/1.1"} on 127.0.0.1 (tests/browser/range-server.mjs, app files ${GZIP ? "gzipped" : "uncompressed"}, ranges uncompressed), browser HTTP cache ${CACHE ? "on (as for any reader; empty in each fresh context)" : "disabled through CDP"}. trovi forced lazy (\`?load=lazy\`); Pagefind 1.6.0 through its JS API (bench/peers/pages/pagefind.html). Queries: news-topics.txt; cold: the first ${COLD}, one fresh context each; warm: queries 2–${queries.length} on one page after the first. Rounds counted with +${R1 ?? "?"} ms per response (wire / app, see the script's header).`);
lines.push("");
lines.push(`### Cold first search (page load + first query until results render; p50 over ${COLD} queries, bytes also max)`);
lines.push("");
lines.push(`| corpus | articles | index size | head | bytes total p50 / max | index bytes p50 / max | requests (index) p50 | rounds wire / app p50 | latency p50 RTT +${R0} | latency p50 RTT +${R1 ?? "?"} |`);
lines.push("|---|---|---|---|---|---|---|---|---|---|");
for (const r of results) {
  const c0 = r.cold[R0];
  const c1 = r.cold[R1] ?? [];
  lines.push(
    `| ${r.name} | ${r.docs?.toLocaleString("en")} | ${kb(r.size)} | ${r.head ? kb(r.head) : "—"} | ${kb(p(c0, (x) => x.bytes, 50))} / ${kb(p(c0, (x) => x.bytes, 100))} | ${kb(p(c0, (x) => x.indexBytes, 50))} / ${kb(p(c0, (x) => x.indexBytes, 100))} | ${num(p(c0, (x) => x.requests, 50))} (${num(p(c0, (x) => x.indexRequests, 50))}) | ${num(p(c1, (x) => x.wire, 50))} / ${num(p(c1, (x) => x.app, 50))} | ${ms(p(c0, (x) => x.ms, 50))} ms | ${ms(p(c1, (x) => x.ms, 50))} ms |`,
  );
}
lines.push("");
lines.push(`### Warm queries (each query's first search on an open page; p50 / p95 over ${queries.length - 1} queries)`);
lines.push("");
lines.push(`| corpus | bytes | requests | rounds wire | rounds app | latency RTT +${R0} | latency RTT +${R1 ?? "?"} | heaviest queries (bytes, requests) |`);
lines.push("|---|---|---|---|---|---|---|---|");
for (const r of results) {
  const w0 = r.warm[R0];
  const w1 = r.warm[R1] ?? [];
  const pp = (xs, f, fmt) => `${fmt(p(xs, f, 50))} / ${fmt(p(xs, f, 95))}`;
  // The biggest part by bundle file, for trovi.
  const part = (x) => {
    const [f, b] = Object.entries(x.files ?? {}).sort((a, b) => b[1] - a[1])[0] ?? [];
    return f ? `, ${kb(b)} ${f}` : "";
  };
  const heavy = [...w0].sort((a, b) => b.bytes - a.bytes).slice(0, 3).map((x) => `${x.q} (${kb(x.bytes)}, ${x.requests} req${part(x)})`).join("; ");
  lines.push(
    `| ${r.name} | ${pp(w0, (x) => x.bytes, kb)} | ${pp(w0, (x) => x.requests, num)} | ${pp(w1, (x) => x.wire, num)} | ${pp(w1, (x) => x.app, num)} | ${pp(w0, (x) => x.ms, ms)} ms | ${pp(w1, (x) => x.ms, ms)} ms | ${heavy} |`,
  );
}
// trovi: mean index bytes per search by bundle file.
const kinds = ["head", "fast", "fieldnorm", "term", "idx", "pos", "store"];
lines.push("", `### trovi: mean index bytes per search by bundle file (RTT +${R0} runs)`, "", `| corpus | | ${kinds.join(" | ")} |`, `|---|---|${kinds.map(() => "---|").join("")}`);
for (const r of results.filter((r) => r.name.startsWith("trovi"))) {
  for (const [label, xs] of [["cold", r.cold[R0]], ["warm", r.warm[R0]]]) {
    lines.push(`| ${r.name} | ${label} | ${kinds.map((k) => kb(xs.reduce((n, x) => n + (x.files?.[k] ?? 0), 0) / xs.length)).join(" | ")} |`);
  }
}

// Issue 5's targets, where the corpora were measured.
const find = (n) => results.find((r) => r.name === n);
const max = (xs, f) => Math.max(...xs.map(f));
const mean = (xs, f) => xs.reduce((a, x) => a + f(x), 0) / xs.length;
const verdict = (ok) => (ok ? "**met**" : "**not met**");
const targets = [];
if (find("trovi 1m") && R1 !== undefined) {
  const w = find("trovi 1m").warm;
  const over = w[R0].filter((x) => x.bytes > 100_000).sort((a, b) => b.bytes - a.bytes).map((x) => `${x.q} ${kb(x.bytes)}`);
  const slow = w[R1].filter((x) => x.app > 4).map((x) => `${x.q} ${x.app}`);
  targets.push(`- 1M warm ≤ 100 KB per query: max ${kb(max(w[R0], (x) => x.bytes))}, ${over.length} of ${w[R0].length} over${over.length ? ` (heaviest: ${over.slice(0, 5).join("; ")})` : ""}: ${verdict(!over.length)}`);
  targets.push(`- 1M warm ≤ 4 round trips: app rounds max ${max(w[R1], (x) => x.app)}, wire rounds max ${max(w[R1], (x) => x.wire)} (p95 ${pct(w[R1].map((x) => x.wire), 95)}); ${slow.length} queries over 4 app rounds: ${verdict(!slow.length)} (app rounds)${max(w[R1], (x) => x.wire) > 4 ? ", **not met** on the wire" : ", and on the wire"}`);
  const c = find("trovi 1m").cold[R0];
  targets.push(`- 1M cold first search ≤ 2 MB with the app: max ${kb(max(c, (x) => x.bytes))} over ${c.length} queries: ${verdict(max(c, (x) => x.bytes) <= 2e6)}`);
}
if (find("trovi reuters")) {
  const t = find("trovi reuters");
  const pf = find("Pagefind reuters");
  const pfCold = pf ? `measured here p50 ${kb(pct(pf.cold[R0].map((x) => x.bytes), 50))}, max ${kb(max(pf.cold[R0], (x) => x.bytes))}; ` : "";
  const coldMax = max(t.cold[R0], (x) => x.bytes);
  targets.push(`- Reuters cold ≤ Pagefind's 427 KB (${pfCold}bench/peers 427 KB): trovi p50 ${kb(pct(t.cold[R0].map((x) => x.bytes), 50))}, max ${kb(coldMax)} (index alone max ${kb(max(t.cold[R0], (x) => x.indexBytes))}): ${verdict(coldMax <= 427_000)}`);
  if (pf) {
    const a = mean(t.warm[R0], (x) => x.bytes);
    const b = mean(pf.warm[R0], (x) => x.bytes);
    targets.push(`- Reuters warm ≤ half of Pagefind's per-query bytes: trovi mean ${kb(a)} vs Pagefind mean ${kb(b)} (ratio ${(a / b).toFixed(2)}): ${verdict(a <= b / 2)}`);
  }
}
if (targets.length) lines.push("", "### Targets (issue 5)", "", ...targets);
const table = lines.join("\n");
console.log(table);

mkdirSync(dirname(OUT), { recursive: true });
const argv = process.argv.slice(2).join(" ");
const md = `# Lazy loading in the browser (tests/browser/lazy-bench.mjs)

${table}

Commands:

\`\`\`
node tests/browser/lazy-bench.mjs${argv ? " " + argv : ""}
\`\`\`

How the indexes in ${WORK} were built (${BUILDS}):

\`\`\`
${existsSync(BUILDS) ? readFileSync(BUILDS, "utf8").trim() : "(not recorded)"}
\`\`\`

trovi: ${versions} (indexes: see their build times above).
Load average at each corpus's start: ${results.map((r) => `${r.name}: ${Object.values(r.load).join(" | ")}`).join("; ")}.

\`uptime\` at the start: ${uptimeStart}
\`uptime\` at the end:   ${uptime()}
`;
writeFileSync(OUT, md);
writeFileSync(OUT.replace(/\.md$/, "") + ".json", JSON.stringify({ queries, rtts: RTTS, cache: CACHE, results }, null, 1));
say(`wrote ${OUT} and its .json`);
