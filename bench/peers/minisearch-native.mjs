// MiniSearch search latency in node, measured like trovi's latency bench
// (core/benches/latency.rs): load the serialized index once, 2 unmeasured
// passes over each query list, then 5 measured passes; percentiles over all
// measured searches (nearest rank) and the p95 of each query's median. Each
// search is MiniSearch#search with the page's options, top 10 kept.
//
//   node minisearch-native.mjs MINISEARCH_DIR QUERIES.txt… > stats.json
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import MiniSearch from "minisearch";
import { LIMIT, MINISEARCH_OPTIONS, MINISEARCH_SEARCH } from "./pages/minisearch-options.mjs";

const [dir, ...lists] = process.argv.slice(2);
const WARMUP = Number(process.env.WARMUP ?? 2);
const PASSES = Number(process.env.PASSES ?? 5);

const pct = (sorted, p) => sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];
const t0 = performance.now();
const index = MiniSearch.loadJSON(readFileSync(join(dir, "index.json"), "utf8"), MINISEARCH_OPTIONS);
const loadMs = performance.now() - t0;

let sink = 0;
const sets = {};
for (const file of lists) {
  const queries = readFileSync(file, "utf8").split("\n").map((l) => l.trim()).filter(Boolean);
  const perQuery = queries.map(() => []);
  for (let pass = 0; pass < WARMUP + PASSES; pass++) {
    queries.forEach((q, i) => {
      const start = performance.now();
      const top = index.search(q, MINISEARCH_SEARCH).slice(0, LIMIT);
      const ms = performance.now() - start;
      sink += top.length;
      if (pass >= WARMUP) perQuery[i].push(ms);
    });
  }
  const all = perQuery.flat().sort((a, b) => a - b);
  const medians = perQuery.map((xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1]).sort((a, b) => a - b);
  sets[basename(file)] = {
    queries: queries.length,
    p50: pct(all, 50),
    p95: pct(all, 95),
    p99: pct(all, 99),
    mean: all.reduce((a, b) => a + b, 0) / all.length,
    p95_medians: pct(medians, 95),
  };
}
console.log(JSON.stringify({ load_ms: loadMs, warmup: WARMUP, passes: PASSES, sets, sink }));
