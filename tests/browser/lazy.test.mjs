// Lazy loading in headless Chromium: the app opens the bundle from its head
// and fetches byte ranges per search (HTTP Range, served by `trovi serve`,
// which once left some of a burst of concurrent range requests unanswered:
// see `serve_answers_every_concurrent_range_request` in cli/src/serve.rs),
// answers exactly as with the whole bundle, and falls back to the whole
// file, with a console warning, when a server ignores Range.
//
//   node --test tests/browser/lazy.test.mjs
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync, statSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { APP, ROOT, buildIndex, launch, openPage, ready, removeTemps, screenshot, search, serve } from "./support.mjs";

let browser;
let index;
let good;
let noRange;
let bundleSize;

/** A static server for the app and the index that ignores Range headers (200, whole file). */
function serveIgnoringRange(indexDir) {
  const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css", ".json": "application/json" };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const file = path.startsWith("/index/")
      ? join(indexDir, normalize(path.slice("/index/".length)))
      : join(APP, path === "/" ? "index.html" : normalize(path));
    try {
      const body = readFileSync(file);
      res.writeHead(200, { "Content-Type": types[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${server.address().port}/`, stop: () => server.close() })));
}

async function bundleTraffic(page, action) {
  const seen = [];
  const onResponse = async (response) => {
    if (!response.url().endsWith(".trovi")) return;
    const body = await response.body().catch(() => Buffer.alloc(0));
    seen.push({ status: response.status(), range: response.request().headers()["range"], bytes: body.length });
  };
  page.on("response", onResponse);
  await action();
  await page.waitForTimeout(200);
  page.off("response", onResponse);
  return seen;
}

const titles = (page) => page.locator("#trovi-results .trovi-hit-title").allTextContents();

before(async () => {
  index = buildIndex([join(ROOT, "index_data")]);
  const manifest = JSON.parse(readFileSync(join(index, "trovi.json"), "utf8"));
  bundleSize = statSync(join(index, manifest.bundle)).size;
  assert.ok(manifest.head > 0 && manifest.head < bundleSize / 4, `head ${manifest.head} of ${bundleSize}`);
  good = await serve(index);
  noRange = await serveIgnoringRange(index);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  good?.stop();
  noRange?.stop();
  removeTemps();
});

describe("lazy loading", () => {
  test("opens from the head, fetches ranges per search, and answers as the whole bundle does", async () => {
    const whole = await openPage(browser, `${good.url}?load=whole`);
    await ready(whole.page);
    const queries = ["texas", "world cup", "\"white house\" -trump", "presidnet"];
    const expected = [];
    for (const q of queries) {
      await search(whole.page, q);
      expected.push(await titles(whole.page));
    }
    await whole.close();

    const lazy = await openPage(browser, "about:blank");
    let traffic = await bundleTraffic(lazy.page, async () => {
      await lazy.page.goto(`${good.url}?load=lazy`, { waitUntil: "load" });
      await ready(lazy.page);
    });
    const opening = traffic.reduce((n, r) => n + r.bytes, 0);
    assert.ok(traffic.length >= 1 && traffic.every((r) => r.status === 206 && r.range), JSON.stringify(traffic));
    assert.ok(opening < bundleSize / 4, `opening fetched ${opening} of ${bundleSize} bytes`);
    let fetched = opening;
    for (const [i, q] of queries.entries()) {
      traffic = await bundleTraffic(lazy.page, () => search(lazy.page, q));
      assert.ok(traffic.every((r) => r.status === 206 && r.range), JSON.stringify(traffic));
      fetched += traffic.reduce((n, r) => n + r.bytes, 0);
      assert.deepEqual(await titles(lazy.page), expected[i], `results for ${q}`);
      assert.ok((await titles(lazy.page)).length > 0, `no results for ${q}`);
    }
    console.log(`lazy: opening ${opening} B, after ${queries.length} searches ${fetched} B of a ${bundleSize} B bundle`);
    assert.ok(fetched < bundleSize / 2, `fetched ${fetched} of ${bundleSize} bytes`);
    // The same search again costs nothing. (Given whole, as from a link or a
    // paste: typed a key at a time, the prefixes on the way may prefetch words
    // of their own, such as the postings of "tex…".)
    traffic = await bundleTraffic(lazy.page, async () => {
      await lazy.page.fill("#trovi-q", "");
      await lazy.page.fill("#trovi-q", "texas");
      await lazy.page.waitForFunction(() => new URLSearchParams(location.search).get("q") === "texas");
      await lazy.page.waitForSelector("#trovi-results[aria-busy=false] > li");
    });
    assert.equal(traffic.length, 0, JSON.stringify(traffic));
    await screenshot(lazy.page, "lazy-search");
    assert.deepEqual(lazy.errors, []);
    await lazy.close();
  });

  test("a server that ignores Range gets the whole file, with a console warning, and search still works", async () => {
    const warnings = [];
    const opened = await openPage(browser, "about:blank");
    opened.page.on("console", (m) => m.type() === "warning" && warnings.push(m.text()));
    await opened.page.goto(`${noRange.url}?load=lazy`, { waitUntil: "load" });
    await ready(opened.page);
    await search(opened.page, "texas");
    assert.ok((await titles(opened.page)).length > 0);
    assert.ok(warnings.some((w) => w.includes("ignores HTTP Range")), `warnings: ${warnings}`);
    assert.deepEqual(opened.errors, []);
    await opened.close();
  });
});
