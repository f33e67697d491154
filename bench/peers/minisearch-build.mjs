// Builds a MiniSearch index of Article JSONL and writes what a static site
// would ship: the serialized index and the MiniSearch library.
//
//   node minisearch-build.mjs INPUT.jsonl OUT_DIR
//
// OUT_DIR/index.json   MiniSearch#toJSON() of the index (fields title + body;
//                      stored: title, url, date, tags)
// OUT_DIR/minisearch.js the library (its ES module build, copied)
import { copyFileSync, createReadStream, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import MiniSearch from "minisearch";
import { MINISEARCH_OPTIONS } from "./pages/minisearch-options.mjs";

const [input, out] = process.argv.slice(2);
if (!input || !out) {
  console.error("usage: node minisearch-build.mjs INPUT.jsonl OUT_DIR");
  process.exit(2);
}
mkdirSync(out, { recursive: true });

const index = new MiniSearch(MINISEARCH_OPTIONS);
let docs = 0;
const lines = createInterface({ input: createReadStream(input, "utf8"), crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  const a = JSON.parse(line);
  index.add({ id: a.id, title: a.title ?? "", body: a.body ?? "", url: a.url, date: a.date, tags: a.tags });
  docs++;
}
writeFileSync(join(out, "index.json"), JSON.stringify(index));
copyFileSync(fileURLToPath(import.meta.resolve("minisearch")), join(out, "minisearch.js"));
console.log(`${docs} documents, ${index.termCount} terms → ${out}`);
