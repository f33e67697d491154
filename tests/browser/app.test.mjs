// End-to-end tests of the trovi web app (dist/web, built by `cargo xtask web`)
// in headless Chromium, served with a real index by `trovi serve`.
//
//   node --test tests/browser/
//
// Needs the trovi CLI (target/release or target/debug, or $TROVI_BIN), the
// built app, /usr/bin/chromium (or $CHROMIUM) and `npm ci` in tests/browser.
// Screenshots go to target/browser/*.png.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, WAIT, buildIndex, launch, openPage, ready, removeTemps, screenshot, search, serve, tempDir, total } from "./support.mjs";

let browser;
const servers = [];
let good, missing, corrupt;

before(async () => {
  const index = buildIndex([join(ROOT, "index_data"), join(ROOT, "tests", "browser", "fixtures", "xss.jsonl")]);
  // The same index with bytes flipped in the middle of the bundle.
  const damaged = join(tempDir(), "index");
  cpSync(index, damaged, { recursive: true });
  const bundle = readdirSync(damaged).find((f) => f.endsWith(".trovi"));
  const bytes = readFileSync(join(damaged, bundle));
  for (let i = 0; i < 16; i++) bytes[(bytes.length >> 1) + i] ^= 0xff;
  writeFileSync(join(damaged, bundle), bytes);

  good = await serve(index);
  servers.push(good);
  missing = await serve(tempDir()); // no trovi.json: 404
  servers.push(missing);
  corrupt = await serve(damaged);
  servers.push(corrupt);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  for (const s of servers) s.stop();
  removeTemps();
});

/** A fresh page that records console errors, page errors and dialogs. */
const open = (url) => openPage(browser, url);

describe("trovi web app", () => {
  test("searches, highlights, filters by a tag facet, and Back restores the search", async () => {
    const { page, errors, dialogs, close } = await open(good.url);
    try {
      await ready(page);
      await search(page, "texas");
      const hits = await page.locator("#trovi-results > li").count();
      assert.ok(hits > 0, "no hits for texas");
      const marks = await page.locator("#trovi-results mark").allTextContents();
      assert.ok(marks.length > 0, "no <mark> highlights");
      assert.ok(marks.some((m) => m.toLowerCase() === "texas"), `no mark says texas: ${marks}`);
      const firstMarks = await page.locator("#trovi-hit-0 mark").allTextContents();
      assert.ok(firstMarks.length > 0 && firstMarks.every((m) => /^texa/i.test(m)), `top hit marks: ${firstMarks}`);
      await screenshot(page, "search-texas");

      const before = await total(page);
      const chip = page.locator('.trovi-facet[aria-labelledby="trovi-tags"] .trovi-chip').first();
      const tag = (await chip.evaluate((b) => b.firstChild.textContent)).trim();
      await chip.click();
      await page.waitForFunction(() => location.search.includes("tag="), null, WAIT);
      assert.equal(new URLSearchParams(await page.evaluate(() => location.search)).get("tag"), tag);
      await page.waitForFunction(
        (n) => {
          const t = document.querySelector(".trovi-total");
          return document.querySelector("#trovi-results[aria-busy=false]") && t && Number(t.textContent.replace(/\D/g, "")) < n;
        },
        before,
        WAIT,
      );
      const after = await total(page);
      assert.ok(after > 0 && after < before, `tag ${tag}: ${after} of ${before}`);
      const tagsPerHit = await page.locator("#trovi-results > li").evaluateAll((lis) =>
        lis.map((li) => [...li.querySelectorAll(".trovi-meta .trovi-tag")].map((b) => b.textContent.trim())),
      );
      assert.ok(tagsPerHit.every((tags) => tags.includes(`#${tag}`)), `a hit without #${tag}: ${JSON.stringify(tagsPerHit)}`);
      assert.equal(await chip.getAttribute("aria-pressed"), "true");
      await screenshot(page, "search-texas-tag");

      await page.goBack(WAIT);
      await page.waitForFunction(() => !location.search.includes("tag=") && location.search.includes("q=texas"), null, WAIT);
      await page.waitForFunction(
        (n) => {
          const t = document.querySelector(".trovi-total");
          return document.querySelector("#trovi-results[aria-busy=false]") && t && Number(t.textContent.replace(/\D/g, "")) === n;
        },
        before,
        WAIT,
      );
      assert.equal(await page.inputValue("#trovi-q"), "texas");
      assert.equal(await page.locator(".trovi-chip[aria-pressed=true]").count(), 0);

      assert.deepEqual(dialogs, []);
      assert.deepEqual(errors, [], "console errors on the happy path");
    } finally {
      await close();
    }
  });

  test("renders hostile article fields as text, never as markup or script links", async () => {
    const { page, errors, dialogs, close } = await open(good.url);
    try {
      await ready(page);
      await search(page, "xssprobe");
      const titles = await page.locator("#trovi-results .trovi-hit-title").allTextContents();
      assert.ok(titles.some((t) => t.includes("<img src=x onerror=alert(1)>")), `titles: ${titles}`);
      assert.ok(titles.some((t) => t.includes("<svg onload=alert(5)>")), `titles: ${titles}`);
      const meta = await page.locator("#trovi-results").textContent();
      assert.ok(meta.includes("<script>alert(3)</script>"), "author shown as text");
      assert.ok(meta.includes("#<script>alert(4)</script>"), "tag shown as text");
      // Open the related articles of each hit too: more links rendered.
      for (const button of await page.locator("#trovi-results .trovi-link-button").all()) await button.click();
      await page.waitForTimeout(500); // let any injected onerror/onload handler fire
      await screenshot(page, "xss");

      const found = await page.evaluate(() => ({
        images: document.querySelectorAll("img").length,
        svgs: document.querySelectorAll(".trovi svg").length,
        scripts: document.querySelectorAll(".trovi script").length,
        hrefs: [...document.querySelectorAll("a[href]")].map((a) => a.href),
        handlers: [...document.querySelectorAll(".trovi *")].flatMap((e) =>
          [...e.attributes].filter((a) => a.name.startsWith("on")).map((a) => a.name),
        ),
      }));
      assert.equal(found.images, 0, "an <img> was created");
      assert.equal(found.svgs, 0, "an <svg> was created");
      assert.equal(found.scripts, 0, "a <script> was created");
      assert.deepEqual(found.handlers, [], "inline event handler attributes");
      const bad = found.hrefs.filter((h) => !/^https?:/i.test(h));
      assert.deepEqual(bad, [], "links that are not http(s)");
      assert.deepEqual(dialogs, [], "a dialog was opened");
      assert.deepEqual(errors, [], "console errors");
    } finally {
      await close();
    }
  });

  test("a missing index shows the failed state with a human message", async () => {
    const { page, close } = await open(missing.url);
    try {
      const alert = page.locator(".trovi-error[role=alert]");
      await alert.waitFor(WAIT);
      const text = await alert.textContent();
      assert.match(text, /Search is unavailable\./);
      assert.match(text, /No search index was found at .*trovi\.json \(HTTP 404\)/);
      assert.equal(await page.locator(".trovi-intro, #trovi-results").count(), 0);
      await screenshot(page, "missing-index");
    } finally {
      await close();
    }
  });

  test("a corrupt bundle shows the damaged-index message", async () => {
    // Loaded whole, every file's checksum is checked before the first search (lazily,
    // only the head is, and the rest when it is downloaded: intent.test.mjs).
    const { page, dialogs, close } = await open(`${corrupt.url}?load=whole`);
    try {
      const alert = page.locator(".trovi-error[role=alert]");
      await alert.waitFor(WAIT);
      const text = await alert.textContent();
      assert.match(text, /The search index is damaged/);
      assert.match(text, /rebuild and republish the index/);
      assert.equal(await page.locator(".trovi-intro, #trovi-results").count(), 0);
      assert.deepEqual(dialogs, []);
      await screenshot(page, "corrupt-index");
    } finally {
      await close();
    }
  });
});
