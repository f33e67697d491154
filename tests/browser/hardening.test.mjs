// Hardening of the web app in headless Chromium, served by `trovi serve`:
// the strict Content-Security-Policy it sends, hostile article fields, and a
// storm of keystrokes (no stale results, flat memory).
//
//   node --test tests/browser/
//
// Same needs as app.test.mjs (trovi CLI, dist/web, Chromium, `npm ci`).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT, WAIT, buildIndex, launch, openPage, ready, removeTemps, screenshot, search, serve } from "./support.mjs";

/** The policy `trovi serve` must send (the wording). */
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

let browser;
let server;

before(async () => {
  const index = buildIndex([join(ROOT, "index_data"), join(ROOT, "tests", "browser", "fixtures", "hostile.jsonl")]);
  server = await serve(index);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.stop();
  removeTemps();
});

/** Records CSP violations from the first script on. */
function watchViolations() {
  window.__violations = [];
  document.addEventListener("securitypolicyviolation", (e) =>
    window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
  );
}

/** The state a user sees: query box, summary and the hits' titles and links. */
function screen(page) {
  return page.evaluate(() => ({
    query: document.querySelector("#trovi-q")?.value,
    busy: !!document.querySelector("[aria-busy=true]"),
    total: document.querySelector(".trovi-total")?.textContent ?? null,
    empty: document.querySelector(".trovi-empty-title")?.textContent ?? null,
    titles: [...document.querySelectorAll("#trovi-results > li .trovi-hit-title")].map((h) => h.textContent),
  }));
}

/** Waits until the screen stops changing (and no search is pending) for 1 s; returns it. */
async function stableScreen(page) {
  let last = null;
  let same = 0;
  for (let i = 0; i < 200 && same < 4; i++) {
    await page.waitForTimeout(250);
    const now = await screen(page);
    same = !now.busy && JSON.stringify(now) === JSON.stringify(last) ? same + 1 : 0;
    last = now;
  }
  assert.ok(same >= 4, `the page did not settle: ${JSON.stringify(last)}`);
  return last;
}

/** A small deterministic random generator (mulberry32), so a failure replays. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 500 keystrokes into the focused search box: typing towards phrases,
 * deleting back, sometimes a stray Backspace, with pauses from none to a few
 * times the app's 100 ms debounce so searches start mid-storm and race the
 * typing. Returns the text typed (never blank: it ends on a query).
 */
async function storm(page, seed, keys = 500) {
  const phrases = ["texas", "oil prices", "world cup", "election results", "putin army", "climate change", "school shooting", "trump"];
  const rand = random(seed);
  let target = phrases[0];
  let typed = await page.inputValue("#trovi-q");
  for (let k = 0; k < keys; k++) {
    while (typed === target) target = phrases[Math.floor(rand() * phrases.length)].slice(0, 2 + Math.floor(rand() * 12));
    if (typed.length > 0 && (!target.startsWith(typed) || rand() < 0.12)) {
      await page.keyboard.press("Backspace");
      typed = typed.slice(0, -1);
    } else {
      const next = target[typed.length];
      await page.keyboard.type(next);
      typed += next;
    }
    const pause = rand();
    if (pause < 0.08) await page.waitForTimeout(80 + Math.floor(rand() * 60));
    else if (pause < 0.12) await page.waitForTimeout(250);
  }
  // End on a query (an empty box shows the intro, which proves little).
  if (!typed.trim()) {
    await page.keyboard.type("oil");
    typed += "oil";
  }
  return typed;
}

/** JS heap (after a forced GC), DOM nodes, listeners and WebAssembly memory. */
async function memory(cdp) {
  await cdp.send("HeapProfiler.collectGarbage");
  const { metrics } = await cdp.send("Performance.getMetrics");
  const m = Object.fromEntries(metrics.map(({ name, value }) => [name, value]));
  const { result: proto } = await cdp.send("Runtime.evaluate", { expression: "WebAssembly.Memory.prototype" });
  const { objects } = await cdp.send("Runtime.queryObjects", { prototypeObjectId: proto.objectId });
  const { result } = await cdp.send("Runtime.callFunctionOn", {
    objectId: objects.objectId,
    functionDeclaration: "function () { return this.reduce((sum, m) => sum + m.buffer.byteLength, 0); }",
    returnByValue: true,
  });
  return { heap: m.JSHeapUsedSize, nodes: m.Nodes, listeners: m.JSEventListeners, wasm: result.value };
}

const MB = 1024 * 1024;

describe("trovi web app hardening", () => {
  test("trovi serve sends the strict CSP and the app works under it without violations", async () => {
    const { page, response, errors, dialogs, close } = await openPage(browser, server.url, { initScript: watchViolations });
    try {
      assert.equal(response.headers()["content-security-policy"], CSP);
      await ready(page);
      await search(page, "texas");
      assert.ok((await page.locator("#trovi-results > li").count()) > 0, "no results under the CSP");
      // Related articles and a facet filter also work under it.
      await page.locator("#trovi-results .trovi-link-button").first().click();
      await page.waitForSelector("#trovi-hit-0-related", WAIT);
      assert.deepEqual(await page.evaluate(() => window.__violations), [], "CSP violations by the app");
      // Everything the page links to (scripts, styles, icon) comes from its own origin: nothing the policy refuses.
      const linked = await page.evaluate(() =>
        [...document.querySelectorAll("link[href], script[src], img[src]")].map((e) => e.href || e.src),
      );
      assert.ok(linked.length >= 3, JSON.stringify(linked));
      for (const url of linked) assert.equal(new URL(url).origin, new URL(server.url).origin, `loaded from elsewhere: ${url}`);
      // The policy is in force: an inline script (what an injection would be) does not run.
      const ran = await page.evaluate(() => {
        const script = document.createElement("script");
        script.textContent = "window.__inline = true";
        document.body.append(script);
        return window.__inline === true;
      });
      assert.equal(ran, false, "an inline script ran: the CSP is not applied");
      assert.ok((await page.evaluate(() => window.__violations)).some((v) => v.startsWith("script-src")));
      assert.deepEqual(dialogs, []);
      assert.deepEqual(errors.filter((e) => !e.includes("Content Security Policy")), [], "console errors");
    } finally {
      await close();
    }
  });

  test("hostile titles, bodies, urls, tags and authors render inert; only http(s) and relative links", async () => {
    const { page, errors, dialogs, close } = await openPage(browser, server.url, { initScript: watchViolations });
    try {
      await ready(page);
      await search(page, "xssmore");
      assert.equal(await page.locator("#trovi-results > li").count(), 8, "every hostile article is listed");
      const text = await page.locator("#trovi-results").textContent();
      for (const shown of ['"><script>alert(11)</script>', "<img src=x onerror=alert(15)>", '#" onfocus="alert(16)', "#<iframe src=javascript:alert(17)>", '" onmouseover="alert(19)', "<style>*{display:none}</style>"]) {
        assert.ok(text.includes(shown), `not shown as text: ${shown}`);
      }
      for (const button of await page.locator("#trovi-results .trovi-link-button").all()) await button.click();
      // Hover and focus everything that could carry an injected handler.
      for (const el of await page.locator("#trovi-results a, #trovi-results button, #trovi-results .trovi-author").all()) {
        await el.hover();
        await el.focus().catch(() => {});
      }
      await page.waitForTimeout(500); // let any injected handler fire
      await screenshot(page, "xss-hostile");

      const found = await page.evaluate(() => ({
        elements: [...document.querySelectorAll(".trovi script, .trovi img, .trovi iframe, .trovi svg, .trovi style, .trovi link, .trovi object, .trovi embed")].map((e) => e.tagName),
        handlers: [...document.querySelectorAll(".trovi *")].flatMap((e) => [...e.attributes].filter((a) => a.name.startsWith("on")).map((a) => a.name)),
        links: [...document.querySelectorAll("a[href]")].map((a) => ({ text: a.textContent, raw: a.getAttribute("href"), href: a.href })),
        titles: [...document.querySelectorAll("#trovi-results > li .trovi-hit-title")].map((h) => ({ text: h.textContent, linked: !!h.querySelector("a") })),
      }));
      assert.deepEqual(found.elements, [], "elements created from article text");
      assert.deepEqual(found.handlers, [], "event handler attributes");
      for (const link of found.links) {
        assert.match(new URL(link.href).protocol, /^https?:$/, `a link that is not http(s): ${JSON.stringify(link)}`);
        assert.doesNotMatch(link.raw, /^\W*(javascript|data|vbscript):/i, `a script link: ${JSON.stringify(link)}`);
      }
      // javascript:, data:, vbscript: (however disguised) are shown as unlinked titles.
      const linked = Object.fromEntries(found.titles.map((t) => [t.text.replace(/^xssmore /, ""), t.linked]));
      for (const title of ['"><script>alert(11)</script>', "tab in the scheme", "control character before the scheme", "vbscript"]) {
        assert.equal(linked[title], false, `${title} is a link: ${JSON.stringify(found.titles)}`);
      }
      // The positive controls: relative and https links stay links.
      const relative = found.links.find((l) => l.raw === "/posts/relative.html");
      assert.ok(relative && relative.href === new URL("/posts/relative.html", server.url).href, JSON.stringify(found.links));
      assert.ok(found.links.some((l) => l.href === "https://example.invalid/ok"), JSON.stringify(found.links));
      // The entity-encoded "scheme" is a harmless relative path on this site.
      const entity = found.links.find((l) => l.raw.startsWith("&#106;"));
      assert.ok(!entity || new URL(entity.href).origin === new URL(server.url).origin, JSON.stringify(entity));

      // Clicking every unlinked title does nothing: no navigation, no dialog.
      const before = page.url();
      for (const span of await page.locator("#trovi-results .trovi-hit-title > span").all()) await span.click();
      await page.waitForTimeout(300);
      assert.equal(page.url(), before);
      assert.deepEqual(dialogs, [], "a dialog was opened");
      assert.deepEqual(await page.evaluate(() => window.__violations), [], "CSP violations (something tried to run)");
      assert.deepEqual(errors, [], "console errors");
    } finally {
      await close();
    }
  });

  test("a storm of 500 keystrokes leaves the results of the final query, and memory stays flat", async () => {
    const { page, errors, close } = await openPage(browser, server.url);
    try {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send("Performance.enable");
      await cdp.send("HeapProfiler.enable");
      await ready(page);
      await page.locator("#trovi-q").click();

      // Round 1 warms up (caches, the allocator's pools); round 2 must not grow.
      const rounds = [];
      for (const seed of [1, 2]) {
        const typed = await storm(page, seed);
        const shown = await stableScreen(page);
        assert.equal(shown.query, typed, "the box holds what was typed");
        // What the final query shows when loaded fresh.
        const fresh = await openPage(browser, `${server.url}?q=${encodeURIComponent(typed)}`);
        const expected = await stableScreen(fresh.page);
        await fresh.close();
        assert.deepEqual({ ...shown, query: typed }, { ...expected, query: typed }, `stale results after the storm (final query ${JSON.stringify(typed)})`);
        rounds.push({ typed, shown: shown.titles.length, ...(await memory(cdp)) });
      }
      const [warm, after] = rounds;
      console.log(`storm memory: ${JSON.stringify(rounds)}`);
      assert.ok(after.heap - warm.heap < 4 * MB, `JS heap grew ${((after.heap - warm.heap) / MB).toFixed(2)} MB over 500 keystrokes`);
      assert.ok(after.wasm - warm.wasm <= 16 * MB, `WebAssembly memory grew ${((after.wasm - warm.wasm) / MB).toFixed(2)} MB`);
      assert.ok(after.listeners - warm.listeners < 50, `event listeners grew from ${warm.listeners} to ${after.listeners}`);
      assert.deepEqual(errors, [], "console errors");
    } finally {
      await close();
    }
  });
});
