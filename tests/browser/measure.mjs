// Browser metrics of the trovi web app, printed as a Markdown table:
// time to first result (page load → first result list rendered) and warm
// query latency in headless Chromium, next to native search (`trovi serve`'s
// GET /api/search, the `trovi search --json` contract, in a warm process).
//
//   cargo xtask web && cargo build --release -p trovi-cli
//   node tests/browser/measure.mjs [QUERIES]     # default: 50 queries
//
// Corpora: index_data, and Reuters-21578 from ../shared/data when present.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { restore, tookMs } from "./restore.mjs";
import { ROOT, buildIndex, launch, removeTemps, serve, troviBin } from "./support.mjs";

const QUERIES = Number(process.argv[2] ?? 50);
const LOADS = 5;
const SHARED = join(ROOT, "..", "shared", "data");
const queryFile = join(SHARED, "queries", "news-topics.txt");
const queries = existsSync(queryFile)
  ? readFileSync(queryFile, "utf8").split("\n").map((l) => l.trim()).filter(Boolean).slice(0, QUERIES)
  : ["texas", "world cup", "trump", "oil prices", "school shooting"];

const corpora = [{ name: "index_data (4,783 articles)", inputs: [join(ROOT, "index_data")], first: "texas" }];
const reuters = join(SHARED, "news", "reuters21578.jsonl");
if (existsSync(reuters)) corpora.push({ name: "Reuters-21578 (21,577 articles)", inputs: [reuters], first: "oil prices" });

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const ms = (x) => (x < 10 ? x.toFixed(2) : x.toFixed(0));

// Records when the first result list item appears, relative to navigation start.
const FIRST_RESULT = () => {
  const observer = new MutationObserver(() => {
    if (document.querySelector("#trovi-results > li")) {
      window.__firstResult = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
};

// "(1.2 ms)" → 1.2; "(< 0.1 ms)" → 0.05; "(12 ms)" → 12.

const nativeHow = new Set();
const browser = await launch();
const rows = [];
try {
  for (const corpus of corpora) {
    const index = buildIndex(corpus.inputs);
    const server = await serve(index);
    try {
      // Time to first result: a fresh context (empty cache) per load.
      const firsts = [];
      for (let i = 0; i < LOADS; i++) {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.addInitScript(FIRST_RESULT);
        await page.goto(`${server.url}?q=${encodeURIComponent(corpus.first)}`, { timeout: 60_000 });
        await page.waitForFunction(() => window.__firstResult !== undefined, null, { timeout: 60_000 });
        firsts.push(await page.evaluate(() => window.__firstResult));
        await context.close();
      }

      // Warm queries: one page, every query once to warm up, then measured.
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(server.url, { timeout: 60_000 });
      await page.waitForSelector(".trovi-intro", { timeout: 60_000 });
      for (const q of queries) await restore(page, q, { timeout: 10_000 });
      const rendered = [];
      const took = [];
      for (const q of queries) {
        const r = await restore(page, q, { timeout: 10_000 });
        rendered.push(r.ms);
        took.push(tookMs(r.took));
      }
      await context.close();

      // Native: the same requests (10 hits, facets) in the server's warm
      // process, or with `trovi search --json` (a process per query) from a
      // trovi without GET /api/search. Second pass measured.
      const native = [];
      const api = (await fetch(`${server.url}api/search?q=a`)).ok;
      nativeHow.add(api ? "GET /api/search" : "trovi search --json");
      for (let pass = 0; pass < 2; pass++) {
        for (const q of queries) {
          const body = api
            ? await (await fetch(`${server.url}api/search?limit=10&q=${encodeURIComponent(q)}`)).json()
            : JSON.parse(execFileSync(troviBin(), ["search", index, q, "--json", "--limit", "10"], { encoding: "utf8" }));
          if (pass === 1) native.push(body.took_us / 1000);
        }
      }
      const tookOk = took.filter((x) => !Number.isNaN(x));
      rows.push([
        corpus.name,
        `${ms(pct(firsts, 50))} ms (${corpus.first})`,
        `${ms(pct(tookOk, 50))} / ${ms(pct(tookOk, 95))} ms`,
        `${ms(pct(rendered, 50))} / ${ms(pct(rendered, 95))} ms`,
        `${ms(pct(native, 50))} / ${ms(pct(native, 95))} ms`,
      ]);
    } finally {
      server.stop();
    }
  }
} finally {
  await browser.close();
  removeTemps();
}

console.log(`Headless Chromium ${browser.version()}, ${queries.length} queries, time to first result: median of ${LOADS} cold loads; native: ${[...nativeHow].join(", ")}.\n`);
console.log("| corpus | time to first result | browser search p50 / p95 (app's took) | browser query → rendered p50 / p95 | native search p50 / p95 |");
console.log("|---|---|---|---|---|");
for (const r of rows) console.log(`| ${r.join(" | ")} |`);
