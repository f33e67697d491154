// Renders Article JSONL as a static site for Pagefind: one HTML page per
// article at `SITE/articles/<id>.html`, the way a site generator would.
//
//   node render-pages.mjs INPUT.jsonl SITE_DIR
//
// Page layout: title in <h1>, the body's paragraphs in <main><article>, the
// date in a <time> element that Pagefind records as metadata and as the
// `date` sort key, tags as Pagefind filters (`topic:grain` → filter `topic`,
// value `grain`; shown on the page as trovi's reader sees them in `tags`), the
// author as a filter and metadata. `data-pagefind-body` on <main> keeps the
// page chrome out of the index.
import { createReadStream, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";

const [input, site] = process.argv.slice(2);
if (!input || !site) {
  console.error("usage: node render-pages.mjs INPUT.jsonl SITE_DIR");
  process.exit(2);
}

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
// Ids become file names: keep them to a safe alphabet.
const fileName = (id) => String(id).replace(/[^A-Za-z0-9._-]/g, (c) => "_" + c.charCodeAt(0).toString(16));

rmSync(site, { recursive: true, force: true });
const dir = join(site, "articles");
mkdirSync(dir, { recursive: true });

let pages = 0;
const lines = createInterface({ input: createReadStream(input, "utf8"), crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  const a = JSON.parse(line);
  const title = a.title ?? "";
  const tags = (a.tags ?? []).map((t) => {
    const i = t.indexOf(":");
    return i > 0 ? [t.slice(0, i), t.slice(i + 1)] : ["tag", t];
  });
  const paragraphs = (a.body ?? "").split(/\n\n+/).filter((p) => p.trim());
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(title || a.id)}</title>
</head>
<body>
<header><a href="/">Reuters-21578</a></header>
<main data-pagefind-body>
<article data-pagefind-meta="id:${esc(a.id)}">
${title ? `<h1>${esc(title)}</h1>\n` : ""}${a.date ? `<p><time datetime="${esc(a.date)}" data-pagefind-meta="date[datetime]" data-pagefind-sort="date[datetime]">${esc(a.date.slice(0, 10))}</time></p>\n` : ""}${a.author ? `<p>By <span data-pagefind-filter="author" data-pagefind-meta="author">${esc(a.author)}</span></p>\n` : ""}${paragraphs.map((p) => `<p>${esc(p)}</p>`).join("\n")}
${tags.length ? `<ul class="tags">${tags.map(([k, v]) => `<li>${esc(k)}:<span data-pagefind-filter="${esc(k)}">${esc(v)}</span></li>`).join("")}</ul>\n` : ""}</article>
</main>
</body>
</html>
`;
  writeFileSync(join(dir, fileName(a.id) + ".html"), html);
  pages++;
}
console.log(`${pages} pages in ${dir}`);
