// Turns typing.json files (bench/peers/typing.mjs, one per site) into
// Markdown: one table per site, trovi and Pagefind side by side with the
// ratio and issue #14's targets, and the command that produced it. Prints
// it; with --write FILE, replaces this run's parts of the section "First
// search as a visitor lives it" (between `<!-- typing:KEY -->` markers, KEY
// the site's name, plus the label's when there is one), regenerates the
// section's introduction and leaves every other part and section alone.
//
//   node bench/peers/typing-report.mjs TYPING.json… [--command "bash scripts/typing.sh …"]
//        [--label "before (main at abc1234)"] [--write BENCHMARKS.md]
import { readFileSync, writeFileSync } from "node:fs";

const argv = process.argv.slice(2);
const files = [];
const opts = {};
for (let i = 0; i < argv.length; i++) {
  const m = argv[i].match(/^--([a-z-]+)(?:=(.*))?$/);
  if (m) {
    if (m[2] === undefined && i + 1 >= argv.length) throw new Error(`--${m[1]} needs a value`);
    opts[m[1]] = m[2] ?? argv[++i];
  } else files.push(argv[i]);
}
if (!files.length) throw new Error("usage: node typing-report.mjs TYPING.json… [--command C] [--label L] [--write FILE]");
const command = opts.command ?? "bash scripts/typing.sh";
const label = opts.label ?? "";
const slug = label.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

const group = (n, digits = 0) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const none = (x) => x == null || Number.isNaN(x) || !Number.isFinite(x);
const bytes = (b) => (none(b) ? "–" : b >= 1e6 ? `${group(b / 1e6, 2)} MB` : b >= 1e3 ? `${group(b / 1e3, 1)} kB` : `${group(b)} B`);
const ms = (x) => (none(x) ? "–" : `${group(x)} ms`);
const ratioOf = (a, b) => (none(a) || none(b) ? null : b === 0 ? (a === 0 ? 1 : Infinity) : a / b);
const ratio = (a, b) => {
  const q = ratioOf(a, b);
  if (q === null) return "–";
  if (q === Infinity) return "∞";
  if (a === 0) return "0×";
  return `${q >= 10 ? group(q) : q >= 1 ? q.toFixed(1) : q >= 0.01 ? q.toFixed(2) : q.toPrecision(1)}×`;
};
const met = (ok) => (ok === null ? "–" : ok ? "met" : "**not met**");
const range = (lo, hi, fmt) => (none(lo) || none(hi) ? "" : lo === hi ? "" : ` (${fmt(lo)}–${fmt(hi)})`);

const parts = [];
for (const file of files) {
  const r = JSON.parse(readFileSync(file, "utf8"));
  const T = r.engines.trovi;
  const P = r.engines.pagefind;
  const pfLabel = `Pagefind ${r.versions.pagefind ?? ""} Default UI`.replace("  ", " ");
  const key = slug ? `${r.name}:${slug}` : r.name;
  const pages = P?.build?.pages;
  const lines = [`<!-- typing:${key} -->`];
  lines.push(`### ${r.title}${pages ? ` (${group(pages)} pages)` : ""}${label ? `: ${label}` : ""}`);
  lines.push("");
  lines.push(
    `Run ${r.date.slice(0, 16).replace("T", " ")} UTC by \`${command}\` on ${r.machine.nproc} cores (${r.machine.cpu}), ${r.machine.ram_gib} GiB RAM; ` +
      `1/5/15-minute load average ${r.machine.load_start} at the start, ${r.machine.load_end} at the end (a shared machine). ` +
      (T ? `${r.versions.trovi} at \`${r.tree.commit}\`${r.tree.source_commit && r.tree.source_commit !== r.tree.commit ? ` (core/, cli/, web/, xtask/ last changed in \`${r.tree.source_commit}\`)` : ""}${r.tree.dirty_files?.length ? ` plus uncommitted changes to ${r.tree.dirty_files.map((f) => `\`${f}\``).join(", ")}` : ""}, release binary built ${r.versions.trovi_binary_built.slice(0, 16).replace("T", " ")} UTC; ` : "") +
      `${r.versions.pagefind ? `Pagefind ${r.versions.pagefind} (npm, pinned in \`bench/peers/package-lock.json\`); ` : ""}headless Chromium ${r.versions.chromium}. ` +
      `Site \`${r.site}\`; ${r.config.visits} visit${r.config.visits > 1 ? "s" : ""} per engine and network (medians over visits); queries typed in this order: ${r.queries.map((q) => `"${q}"`).join(", ")}.`,
  );
  lines.push("");
  const engines = [T && "trovi", P && "pagefind"].filter(Boolean);
  const head = `| | ${engines.map((n) => (n === "trovi" ? "trovi" : pfLabel)).join(" | ")}${T && P ? " | trovi / Pagefind | issue #14 target |" : " |"}`;
  const sep = `|---|${engines.map(() => "---:").join("|")}${T && P ? "|---:|---|" : "|"}`;
  lines.push(head, sep);
  const profiles = Object.keys((T ?? P).profiles);
  for (const pk of profiles) {
    const t = T?.profiles[pk]?.summary;
    const p = P?.profiles[pk]?.summary;
    const { mbit, rtt } = (T ?? P).profiles[pk];
    lines.push(`| **${group(mbit, mbit % 1 ? 1 : 0)} Mbit/s, ${rtt} ms RTT** |${" |".repeat(engines.length + (T && P ? 2 : 0))}`);
    const n = r.queries.length;
    // label, cell(summary), trovi value, pagefind value (for the ratio), target check (t, p) → bool|null, target text
    const rows = [
      [
        "Page view, no search: bytes (requests)",
        (s) => `${bytes(s.view_bytes)} (${s.view_requests})`,
        (s) => s.view_bytes,
        "≤ 10 kB",
        (a) => a.view_bytes <= 10_000,
      ],
      [
        `First search: wait from the last keystroke to settled results, median (range)`,
        (s) => `${ms(s.first_wait_ms)}${range(Math.min(...s.first_wait_all.filter((x) => x != null)), Math.max(...s.first_wait_all.filter((x) => x != null)), (x) => group(x))}`,
        (s) => s.first_wait_ms,
        "≤ Pagefind's",
        (a, b) => (none(a.first_wait_ms) || none(b.first_wait_ms) ? null : a.first_wait_ms <= b.first_wait_ms),
      ],
      [
        `Later searches: wait, median (range)`,
        (s) => `${ms(s.later_wait_ms)}${range(s.later_wait_min, s.later_wait_max, (x) => group(x))}`,
        (s) => s.later_wait_ms,
        "≤ 0.5× Pagefind's",
        (a, b) => (none(a.later_wait_ms) || none(b.later_wait_ms) ? null : a.later_wait_ms <= 0.5 * b.later_wait_ms),
      ],
      [
        "Bytes per typed query, median (range)",
        (s) => `${bytes(s.query_bytes)}${range(s.query_bytes_min, s.query_bytes_max, bytes)}`,
        (s) => s.query_bytes,
        "≤ Pagefind's",
        (a, b) => (none(a.query_bytes) || none(b.query_bytes) ? null : a.query_bytes <= b.query_bytes),
      ],
      ["Requests per typed query, median (range)", (s) => `${group(s.query_requests)}${range(s.query_requests_min, s.query_requests_max, (x) => group(x))}`, (s) => s.query_requests, "", null],
      [
        `Visit (page view and ${n} searches): bytes (requests)`,
        (s) => `${bytes(s.visit_bytes)} (${group(s.visit_requests)})`,
        (s) => s.visit_bytes,
        "≤ 1.5× Pagefind's",
        (a, b) => (none(a.visit_bytes) || none(b.visit_bytes) ? null : a.visit_bytes <= 1.5 * b.visit_bytes),
      ],
      ["Searches that settled with highlighted results", (s) => `${s.queries_ok} of ${s.queries_run}`, null, "", null],
      ["Console errors", (s) => group(s.console_errors), null, "none", (a) => a.console_errors === 0],
    ];
    for (const [name, cell, value, target, check] of rows) {
      const cells = engines.map((e) => {
        const s = e === "trovi" ? t : p;
        return s ? cell(s) : "–";
      });
      let tail = "";
      if (T && P) {
        const rr = value && t && p ? ratio(value(t), value(p)) : "";
        const ok = check && t ? check(t, p ?? {}) : null;
        tail = ` | ${rr} | ${target ? `${target}: ${met(ok)}` : ""}`;
      }
      lines.push(`| ${name} | ${cells.join(" | ")}${tail} |`);
    }
  }
  lines.push("");
  const notes = [];
  for (const [e, E] of Object.entries(r.engines)) {
    for (const [pk, pr] of Object.entries(E.profiles)) {
      if (pr.summary.marks_unmatched.length)
        notes.push(`${e} at ${pk}: the highlighted words of ${pr.summary.marks_unmatched.map((q) => `"${q}"`).join(", ")} share no first 3 letters with the query (a look at the JSON is advised).`);
      const errs = pr.visits.flatMap((v) => v.errors);
      if (errs.length) notes.push(`${e} at ${pk}: console errors, e.g. ${errs.slice(0, 2).map((x) => `\`${x.slice(0, 160)}\``).join("; ")}.`);
    }
  }
  const build = (E) => (E.build.cached ? `built ${E.build.date.slice(0, 16).replace("T", " ")} UTC in ${E.build.s} s, cached` : `built in ${E.build.s} s`);
  lines.push(
    `Built with ${[T && `\`trovi ${T.build.command.replace(/^\S+ /, "")}\` (${build(T)})`, P && `\`pagefind ${P.build.command.replace(/^\S+ /, "")}\` (${build(P)})`].filter(Boolean).join(" and ")}. ` +
      `Pages: ${[T && `\`${T.page}\``, P && `\`${P.page}\``].filter(Boolean).join(", ")}; per-visit figures, requests and highlighted words in \`target/peers/typing/${r.name}/typing.json\`.`,
  );
  for (const n of notes) lines.push(`- ${n}`);
  lines.push(`<!-- /typing:${key} -->`);
  parts.push({ key, text: lines.join("\n") });
}

console.log(parts.map((p) => p.text).join("\n\n"));

if (opts.write) {
  const HEADING = "## First search as a visitor lives it";
  const INTRO = [
    HEADING,
    "",
    "What a visitor of a site pays for search, measured the way the visitor lives it",
    "(issue #14): headless Chromium opens a page that carries the search UI, over an",
    "emulated network (CDP `Network.emulateNetworkConditions`, the cache disabled),",
    "reads it for 1.5 s, then clicks the search box and types each query at 120 ms a",
    "key. A query has settled when the results hold a `<mark>` of a word of that query",
    "(its first 3 letters: not the previous query's results still on screen) and have",
    "not changed for 1 s; its wait runs from the last keystroke to the results' last",
    "change (at most 60 s). Bytes are",
    "counted at one local server per engine (`bench/peers/server.mjs`: status line,",
    "headers and body as sent; text, JS, JSON and wasm gzipped at level 6 like a CDN,",
    "or their `.br`/`.gz` siblings when they exist; Range answered with 206; trovi's",
    "bundle and Pagefind's `.pf_*` files as they are). A query's bytes run from its",
    "click to the next query's click, so what it fetches in the background counts;",
    "the page view is what the server sent before the first click (on a slow link an",
    "eager page may still be downloading then: the rest counts with the first query).",
    "trovi is its widget as a site owner installs it (`trovi index --site`, then",
    '`<div id="trovi-search">` and `/trovi/trovi.js` on the page); Pagefind is its',
    "Default UI on the same site. kB = 1,000 bytes. Lower is better everywhere;",
    "a ratio below 1× is trovi ahead.",
    "",
    "```sh",
    "bash scripts/typing.sh                    # the Rust Book, Reuters-21578 as pages, the Rust docs tree",
    "bash scripts/typing.sh --sites book --label \"after (…)\"   # one site; a label keeps earlier parts",
    "```",
    "",
  ].join("\n");
  let text = readFileSync(opts.write, "utf8");
  let start = text.indexOf(`\n${HEADING}\n`);
  if (start < 0) {
    // A new section goes after the peers' section (the same engines, measured otherwise), else at the end.
    const peers = text.indexOf("\n## Peers: trovi vs Pagefind vs MiniSearch\n");
    const after = peers < 0 ? -1 : text.indexOf("\n## ", peers + 1);
    text = after < 0 ? text.replace(/\n*$/, "\n\n") + INTRO + "\n" : text.slice(0, after + 1) + INTRO + "\n" + text.slice(after + 1);
    start = text.indexOf(`\n${HEADING}\n`);
  }
  start += 1;
  const next = text.indexOf("\n## ", start + HEADING.length);
  const end = next < 0 ? text.length : next + 1;
  let section = text.slice(start, end);
  for (const part of parts) {
    const re = new RegExp(`<!-- typing:${part.key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} -->[\\s\\S]*?<!-- /typing:${part.key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} -->`);
    if (re.test(section)) section = section.replace(re, () => part.text);
    else section = section.replace(/\n*$/, "\n\n") + part.text + "\n";
  }
  // The introduction is regenerated; the parts (other sites, other labels) are kept.
  const firstPart = section.indexOf("<!-- typing:");
  section = INTRO + "\n" + section.slice(firstPart).replace(/\n*$/, "\n") + (next < 0 ? "" : "\n");
  writeFileSync(opts.write, text.slice(0, start) + section + text.slice(end));
  console.error(`wrote ${parts.map((p) => p.key).join(", ")} in "${HEADING.slice(3)}" of ${opts.write}`);
}
