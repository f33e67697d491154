// Turns results.json (run.mjs) into the Markdown table of BENCHMARKS.md's
// "Peers: trovi vs Pagefind vs MiniSearch" section, prints each ratio
// trovi/peer, and with --write FILE replaces this run's part of that section
// (between `<!-- peers:KEY -->` markers; KEY is `reuters` or `site-<name>`),
// leaving everything else in the file as it is. Given several results files
// (repeated runs of the same configuration), each figure is the median over
// the runs.
//
//   node report.mjs RESULTS.json… [--write BENCHMARKS.md] [--command "bash scripts/peers.sh …"]
import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";

const argv = process.argv.slice(2);
const opt = (name) => {
  const i = argv.indexOf(name);
  return i > 0 ? argv[i + 1] : undefined;
};
const files = argv.filter((a, i) => !a.startsWith("--") && !(i > 0 && argv[i - 1].startsWith("--")));
const all = files.map((f) => JSON.parse(readFileSync(f, "utf8")));
const r = all[0];
const last = all.at(-1);
const median = (xs) => {
  const s = xs.filter((x) => x != null && !Number.isNaN(x)).sort((a, b) => a - b);
  if (!s.length) return undefined;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const command = opt("--command") ?? "bash scripts/peers.sh";
const E = r.engines;
const site = r.config.mode === "site";
const key = site ? `site-${basename(r.config.site)}` : "reuters";

const LABEL = { trovi: "trovi", pagefind: `Pagefind ${r.versions.pagefind.replace(/^pagefind /, "")}`, minisearch: `MiniSearch ${r.versions.minisearch}` };
const engines = ["trovi", "pagefind", "minisearch"].filter((n) => E[n]);
const peers = engines.filter((n) => n !== "trovi");

// Numbers.
const group = (n, digits = 0) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const bytes = (b) => (b == null || Number.isNaN(b) ? "–" : b >= 1e6 ? `${group(b / 1e6, 1)} MB` : b >= 1e3 ? `${group(b / 1e3, 1)} kB` : `${group(b)} B`);
const msf = (x) => (x == null || Number.isNaN(x) ? "–" : x >= 100 ? `${group(x)} ms` : x >= 10 ? `${x.toFixed(1)} ms` : `${x.toFixed(2)} ms`);
const secs = (x) => `${x.toFixed(2)} s`;
const mb = (x) => `${group(x)} MB`;
const num = (x, d = 0) => (x == null || Number.isNaN(x) ? "–" : group(x, d));
const ratio = (a, b) => {
  if (a == null || b == null || Number.isNaN(a) || Number.isNaN(b)) return "–";
  if (b === 0) return a === 0 ? "– (both 0)" : "∞";
  if (a === 0) return "0×";
  const q = a / b;
  return `${q >= 10 ? q.toFixed(0) : q >= 1 ? q.toFixed(1) : q >= 0.01 ? q.toFixed(2) : q.toPrecision(1)}×`;
};

const noResults = (n, R) => R.engines[n].warm.per_query.filter((q) => (n === "trovi" ? (q.total_native ?? q.total) : q.total) === 0).length;
const nq = r.config.browser_queries;

// Rows: label, value getter (lower is better for every row), formatter.
const rows = [
  [`Index build time (median of ${r.config.runs} builds)`, (n, R) => R.engines[n].build.s, secs],
  ["Index build peak RSS", (n, R) => R.engines[n].build.rss_mb, mb],
  ["Output bytes (all files deployed)", (n, R) => R.engines[n].output.bytes, bytes],
  ["Output files", (n, R) => R.engines[n].output.files, (x) => num(x)],
  [`Cold first search "${r.config.cold_query}": bytes at the server`, (n, R) => R.engines[n].cold?.bytes, bytes],
  ["Cold first search: requests", (n, R) => R.engines[n].cold?.requests, (x) => num(x)],
  [`Cold first search: page load → results shown (median of ${r.config.loads})`, (n, R) => R.engines[n].cold?.ms, msf],
  ...(r.config.throttle
    ? [[`Cold first search over ${r.config.throttle.down_mbps} Mbit/s, ${r.config.throttle.rtt_ms} ms RTT (emulated; median of ${r.config.throttle.loads})`, (n, R) => R.engines[n].cold?.throttled_ms, msf]]
    : []),
  ["Warm, each query's first search: bytes per query (mean)", (n, R) => R.engines[n].warm?.bytes_mean, bytes],
  ["Warm, first search: bytes per query (p95)", (n, R) => R.engines[n].warm?.bytes_p95, bytes],
  ["Warm, first search: requests per query (mean)", (n, R) => R.engines[n].warm?.requests_mean, (x) => num(x, 1)],
  ["Warm, first search: latency p50", (n, R) => R.engines[n].warm?.first_p50, msf],
  ["Warm, first search: latency p95", (n, R) => R.engines[n].warm?.first_p95, msf],
];
if (r.config.passes > 1) {
  rows.push(
    [`Warm, repeated search: latency p50 (median of ${r.config.passes - 1} repeats)`, (n, R) => R.engines[n].warm?.repeat_p50, msf],
    ["Warm, repeated search: latency p95", (n, R) => R.engines[n].warm?.repeat_p95, msf],
  );
}
if (E.trovi?.warm?.took_p50 !== undefined) {
  rows.push(
    ["Warm: trovi's search alone in wasm, p50 (the app's own timer; no rendering)", (n, R) => (n === "trovi" ? R.engines[n].warm?.took_p50 : undefined), msf],
    ["Warm: trovi's search alone in wasm, p95", (n, R) => (n === "trovi" ? R.engines[n].warm?.took_p95 : undefined), msf],
  );
}
const nativeSets = [...new Set(Object.values(r.native ?? {}).flatMap((x) => Object.keys(x.sets ?? {})))];
for (const set of nativeSets) {
  const nQ = Object.values(r.native).find((x) => x.sets?.[set])?.sets[set].queries;
  rows.push(
    [`Native search p50, \`${set}\` (${nQ} queries)`, (n, R) => R.native?.[n]?.sets?.[set]?.p50, msf],
    [`Native search p95, \`${set}\``, (n, R) => R.native?.[n]?.sets?.[set]?.p95, msf],
  );
}
rows.push([`Browser queries with no results (of ${nq})`, (n, R) => (R.engines[n].warm ? noResults(n, R) : undefined), (x) => num(x)]);

const head = `| | ${engines.map((n) => LABEL[n]).join(" | ")} | ${peers.map((p) => `trovi / ${LABEL[p].split(" ")[0]}`).join(" | ")} |`;
const sep = `|---|${engines.map(() => "---:").join("|")}|${peers.map(() => "---:").join("|")}|`;
const table = [head, sep];
const ratios = [];
for (const [label, getOne, fmt] of rows) {
  // The median over the runs (the figure of the run when there is one).
  const get = (n) => median(all.map((R) => (R.engines[n] ? getOne(n, R) : undefined)));
  const cells = engines.map((n) => {
    const v = get(n);
    return v === undefined ? (n === "pagefind" && label.startsWith("Native") ? "no native search" : "–") : fmt(v);
  });
  const rs = peers.map((p) => (E.trovi ? ratio(get("trovi"), get(p)) : "–"));
  table.push(`| ${label} | ${cells.join(" | ")} | ${rs.join(" | ")} |`);
  if (E.trovi) peers.forEach((p, i) => rs[i] !== "–" && ratios.push(`${label}: trovi/${LABEL[p]} = ${rs[i]}`));
}

const overlap = [
  "| engines | mean Jaccard of the top-10 ids | mean ids in common (of ≤ 10) | queries compared | both empty |",
  "|---|---:|---:|---:|---:|",
  ...r.overlap.map((o, i) => {
    const m = (k) => median(all.map((R) => R.overlap[i]?.[k]));
    return `| ${LABEL[o.a]} – ${LABEL[o.b]} | ${m("jaccard").toFixed(2)} | ${m("common_mean").toFixed(1)} | ${m("queries")} | ${m("both_empty")} |`;
  }),
];

// ---------------------------------------------------------------- the section part
const m = r.machine;
// The shared data folder beside the repository (…/shared/data/…) as ../shared/data/…; the repository's files relative to it.
const shortPath = (p) => p.replace(/^.*\/shared\/data\//, "../shared/data/").replace(/^.*\/(bench\/peers\/)/, "$1");
// Every load average the runs sampled (before each build, cold and warm phase, native run).
const loads = all.flatMap((R) => [
  R.machine.load_start,
  R.machine.load_end,
  ...Object.values(R.engines).flatMap((e) => [...(e.build?.runs ?? []).map((x) => x.load), e.cold?.load, e.warm?.load]),
  ...Object.values(R.native ?? {}).map((x) => x.load),
]);
const peakLoad = Math.max(...loads.filter(Boolean).map((l) => Number(String(l).split(" ")[0])));
const load = (e) => e?.load ?? "–";
const lines = [];
lines.push(`<!-- peers:${key} -->`);
lines.push(site ? `### Site: \`${r.config.site_shown ?? r.config.site}\`` : "### Reuters-21578 (21,577 articles)");
lines.push("");
lines.push(
  `Run ${r.date.slice(0, 16).replace("T", " ")} UTC by \`${command}\` on ${m.nproc} cores (${m.cpu}), ${m.ram_gib} GiB RAM, Linux ${m.kernel}, node ${m.node.replace(/^v/, "")}, headless Chromium ${r.versions.chromium}; ` +
    (all.length > 1
      ? `${all.length} runs, each figure the median over the runs; 1/5/15-minute load average at the start and end of each run: ${all.map((R) => `${R.machine.load_start} → ${R.machine.load_end}`).join("; ")} (a shared machine: other builds were running). `
      : `1/5/15-minute load average ${m.load_start} at the start and ${m.load_end} at the end (a shared machine: other builds were running). `) +
    `Highest 1-minute load average sampled during the measurements: ${peakLoad}. ` +
    `${r.versions.trovi} at \`${r.tree.commit}\`${r.tree.dirty_files?.length ? ` plus others' uncommitted work in ${r.tree.dirty_files.map((f) => `\`${f}\``).join(", ")}` : ""} (release binary built ${r.versions.trovi_binary_built.slice(0, 16).replace("T", " ")} UTC), ` +
    `Pagefind ${r.versions.pagefind.replace(/^pagefind /, "")}, MiniSearch ${r.versions.minisearch} (npm, pinned in \`bench/peers/package-lock.json\`). ` +
    `Builds and native runs at niceness ${r.config.nice}.`,
);
lines.push("");
lines.push("Lower is better in every row; a ratio below 1× is trovi ahead.");
lines.push("");
lines.push(...table);
lines.push("");
lines.push(`Result overlap on the ${nq} browser queries (top 10 of each engine; ids are article ids${site ? ", here page URLs" : ""}; a query where one engine finds nothing counts 0):`);
lines.push("");
lines.push(...overlap);
lines.push("");
lines.push("What each engine builds, ships and runs:");
lines.push("");
for (const n of engines) {
  const e = E[n];
  const parts =
    n === "trovi"
      ? e.output_parts.map((p) => `${p.what}: ${num(p.files)} files, ${bytes(p.bytes)}`).join("; ")
      : "";
  const what = {
    trovi: `\`${e.build.command}\` (release CLI); ships ${e.widget ? "" : "the web app and the index: "}${parts}; the bundle is not compressed by the server (as \`trovi serve\` sends it)${e.bundle ? `: ${bytes(e.bundle.bytes)}, ${bytes(e.bundle.gzip6_bytes)} if it were gzipped` : ""}. The browser page is ${e.widget ? "the widget as a site embeds it (\`bench/peers/pages/trovi-widget.html\`: \`<div id=\"trovi-search\">\` + \`/trovi/trovi.js\`)" : "trovi's own app page (its \`index.html\`)"}, cold = navigation → first \`#trovi-results > li\`, warm = \`?q=\` restored through \`popstate\` → list rendered (snippets, highlights, facets; as \`tests/browser/measure.mjs\`); its top-10 ids come from \`trovi search --json --limit 10\` (the same trovi-core search).`,
    pagefind: `\`${e.build.command}\` (the native binary of npm \`pagefind\`, \`@pagefind/linux-x64\`)${site ? "" : ` over the articles rendered by \`bench/peers/render-pages.mjs\` as ${num(e.pages)} pages (${bytes(r.site_pages?.bytes)}; rendering, ${secs(r.render_pages_s)}, not counted): title in <h1>, body in <main data-pagefind-body><article>, date as \`data-pagefind-meta\`/\`data-pagefind-sort\`, tags and author as \`data-pagefind-filter\``}. Page \`bench/peers/pages/pagefind.html\`: Pagefind's JS API, \`search(q)\` then \`data()\` of the first 10 results, rendered with their excerpts. Pagefind requires every word of a query; its "repeated search" reuses the chunks it already loaded.`,
    minisearch: `\`${e.build?.command}\`: index of title + body storing title, url, date, tags, serialized with \`JSON.stringify\`, plus the library (\`dist/es/index.js\`). Page \`bench/peers/pages/minisearch.html\` fetches both, \`MiniSearch.loadJSON\`, searches with MiniSearch's README options (title boost 2, \`prefix: true\`, \`fuzzy: 0.2\`; words OR-ed, no stemming) and renders 10 titles (no snippets: MiniSearch keeps no text).`,
  }[n];
  lines.push(`- **${LABEL[n]}**: ${what}`);
}
lines.push("");
lines.push(
  `Measured the same way for all: \`/usr/bin/time -v\` around each build (wall clock, maximum RSS in MB of 10^6 B; median of ${r.config.runs} builds${all.length > 1 ? " per run" : ""}, all: ${engines.map((n) => `${LABEL[n]} ${all.map((R) => R.engines[n].build.runs.map((x) => x.s.toFixed(1)).join(", ")).join(" / ")} s`).join("; ")}). ` +
    `Every file is served by one node server (\`bench/peers/server.mjs\`): bytes are counted at the server (status line, headers and body as sent), HTTP Range supported, ${r.config.gzip ? "HTML/JS/CSS/JSON/wasm gzipped (level 6) as a CDN would, other files as they are (trovi's bundle, Pagefind's already-gzipped `.pf_*` files)" : "nothing compressed"}; ` +
    `the browser cache is disabled (CDP \`Network.setCacheDisabled\`) and every cold load is a fresh browser context. ` +
    `Warm: one page per engine after the cold search, the first ${nq} queries of \`${shortPath(r.config.queries)}\` in order; "first search" is each query's first run (with what it downloads), "repeated" the median of ${r.config.passes - 1} more runs of it. Latency is in the page (\`performance.now()\`), so localhost transfer is nearly free: the bytes rows are what a real network would add.`,
);
if (r.native?.trovi || r.native?.minisearch) {
  lines.push("");
  lines.push(
    `Native: ${r.native.trovi ? `trovi \`${r.native.trovi.command}\` (one thread, \`Searcher::search\` with the default request: 10 hits with snippets, facets, typo tolerance; load ${r.native.trovi.load})` : "trovi not measured"}` +
      `${r.native.minisearch ? `; MiniSearch \`${r.native.minisearch.command}\` (the same 2 warm-up + 5 measured passes, \`search()\` with the page's options, top 10 kept; load ${r.native.minisearch.load}; loading its index takes ${msf(r.native.minisearch.load_ms)})` : ""}. ` +
      `p50/p95 over all measured searches (query × pass).`,
  );
}
if (r.notes.length) {
  lines.push("");
  for (const n of r.notes) lines.push(`- ${n}`);
}
lines.push(`<!-- /peers:${key} -->`);
const part = lines.join("\n");

// ---------------------------------------------------------------- output
console.log(part);
console.error("\ntrovi / peer (below 1× is trovi ahead):");
for (const x of ratios) console.error(`  ${x}`);

const target = opt("--write");
if (target) {
  const HEADING = "## Peers: trovi vs Pagefind vs MiniSearch";
  const INTRO = [
    HEADING,
    "",
    "One command builds and measures trovi and its peers in the same run, on the same",
    "input, and rewrites its own part of this section (`--site DIR` for a built static",
    "site, e.g. the Rust Book, against Pagefind):",
    "",
    "```sh",
    "bash scripts/peers.sh                     # Reuters-21578: trovi, Pagefind, MiniSearch",
    'bash scripts/peers.sh --site "$(rustc --print sysroot)/share/doc/rust/html/book"',
    "```",
    "",
  ].join("\n");
  let text = readFileSync(target, "utf8");
  let start = text.indexOf(`\n${HEADING}\n`);
  if (start < 0) {
    text = text.replace(/\n*$/, "\n\n") + INTRO + "\n";
    start = text.indexOf(`\n${HEADING}\n`);
  }
  start += 1;
  const next = text.indexOf("\n## ", start + HEADING.length);
  const end = next < 0 ? text.length : next + 1;
  let section = text.slice(start, end);
  const re = new RegExp(`<!-- peers:${key} -->[\\s\\S]*?<!-- /peers:${key} -->`);
  if (re.test(section)) section = section.replace(re, () => part);
  else section = section.replace(/\n*$/, "\n\n") + part + "\n";
  // The intro is regenerated; other parts (other sites) are kept.
  const firstPart = section.indexOf("<!-- peers:");
  section = INTRO + "\n" + section.slice(firstPart).replace(/\n*$/, "\n") + (next < 0 ? "" : "\n");
  writeFileSync(target, text.slice(0, start) + section + text.slice(end));
  console.error(`\nwrote the ${key} part of "${HEADING.slice(3)}" in ${target}`);
}
