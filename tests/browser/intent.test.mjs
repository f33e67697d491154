// Loading on intent: a page with the widget costs trovi.js and the stylesheet
// until the visitor shows intent (focus, pointerdown, touchstart, "/", Ctrl-K,
// or ?q=); then the app and the index's head arrive together, the app takes
// over the box with its text, caret and focus, a small bundle answers lazily
// first and then whole, and failed or cut-off range requests are retried,
// reported in words, and recovered from on the next keystroke.
//
//   node --test tests/browser/intent.test.mjs
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { APP, ROOT, WAIT, buildIndex, launch, openPage, removeTemps, serve, tempDir, troviBin } from "./support.mjs";
import { startRangeServer } from "./range-server.mjs";

let browser;
let site;
let server;
let ranges;

const page = (preload, extra = "") => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Widget</title></head>
<body data-trovi-ignore><p>Some page.</p><div id="trovi-search"${preload ? ` data-preload="${preload}"` : ""}${extra}></div>
<p><a id="elsewhere" href="#x">elsewhere</a></p>
<script type="module" src="/trovi/trovi.js"></script></body></html>`;

before(async () => {
  site = join(tempDir("trovi-intent-"), "site");
  cpSync(join(ROOT, "tests", "fixtures", "site"), site, { recursive: true });
  writeFileSync(join(site, "widget.html"), page(""));
  writeFileSync(join(site, "eager.html"), page("eager"));
  writeFileSync(join(site, "idle.html"), page("idle"));
  writeFileSync(join(site, "whole.html"), page("eager", ' data-load="whole"'));
  execFileSync(troviBin(), ["index", "--site", site, "--app", APP], { stdio: ["ignore", "ignore", "pipe"], timeout: 300_000 });
  server = await serve(join(site, "trovi", "index"), { app: site });
  // index_data's bundle is large enough to stay lazy, behind a server that can cut range requests off.
  ranges = await startRangeServer([{ prefix: "/", dir: APP, kind: "app" }, { prefix: "/index/", dir: buildIndex([join(ROOT, "index_data")]), kind: "index" }], { gzip: false });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.stop();
  await ranges?.stop();
  removeTemps();
});

/** Opens `path` and records every request the page makes. */
async function openCounting(path, base = server.url) {
  const opened = await openPage(browser, "about:blank");
  const requests = [];
  opened.page.on("request", (r) => requests.push({ url: r.url(), range: r.headers()["range"] }));
  await opened.page.goto(new URL(path, base).href, { waitUntil: "load" });
  return { ...opened, requests };
}

const isApp = (r) => /\.wasm|trovi_web.*\.js|\.trovi|trovi\.json/.test(r.url);
const shell = "#trovi-search [data-trovi-shell] input";
/** The app is up: its own box replaced the shell. */
const appReady = (p) => p.waitForSelector("#trovi-q", WAIT);
const titles = (p) => p.locator("#trovi-results .trovi-hit-title").allTextContents();
/** Failed requests log "Failed to load resource" (the request itself); anything else is a real error. */
const realErrors = (errors) => errors.filter((e) => !/Failed to load resource|ERR_|net::/.test(e));

describe("loading on intent", () => {
  test("a page view fetches only trovi.js and the stylesheet, under 10 KB", async () => {
    const { page, requests, errors, close } = await openCounting("widget.html");
    try {
      await page.waitForSelector(shell, WAIT);
      await page.waitForTimeout(1500);
      assert.deepEqual(requests.filter(isApp), [], "nothing of the app before intent");
      const names = requests.map((r) => new URL(r.url).pathname);
      assert.deepEqual(names.filter((n) => n.startsWith("/trovi/")).map((n) => n.replace(/\.[0-9a-f]{16}\./, ".HASH.")).sort(), ["/trovi/trovi.HASH.css", "/trovi/trovi.js"]);
      const bytes = ["trovi.js", readdirSync(join(site, "trovi")).find((f) => /^trovi\.[0-9a-f]{16}\.css$/.test(f))]
        .map((f) => execFileSync("gzip", ["-9c", join(site, "trovi", f)]).length)
        .reduce((a, b) => a + b, 0);
      assert.ok(bytes <= 10_000, `trovi.js + css = ${bytes} bytes gzipped`);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  for (const [trigger, act] of [
    ["focus (Tab)", async (p) => { await p.focus("#elsewhere"); await p.keyboard.press("Shift+Tab"); }],
    ["pointerdown (click)", (p) => p.click(shell)],
    ["touchstart", (p) => p.dispatchEvent(shell, "touchstart")],
    ["the / key", (p) => p.keyboard.press("/")],
    ["Ctrl-K", (p) => p.keyboard.press("Control+k")],
  ]) {
    test(`${trigger} loads the app`, async () => {
      const { page, requests, errors, close } = await openCounting("widget.html");
      try {
        await page.waitForSelector(shell, WAIT);
        await page.waitForTimeout(300);
        assert.deepEqual(requests.filter(isApp), []);
        await act(page);
        await appReady(page);
        const app = requests.filter(isApp).map((r) => new URL(r.url).pathname);
        assert.ok(app.some((n) => n.endsWith(".wasm")), `requests: ${app}`);
        // trovi index --site wrote the manifest into trovi.js: the head comes with the app, not after trovi.json.
        assert.ok(!app.includes("/trovi/index/trovi.json"), `requests: ${app}`);
        assert.deepEqual(errors, []);
      } finally {
        await close();
      }
    });
  }

  test("the app takes over the box with the typed text, caret and focus, and searches what was typed", async () => {
    const { page, errors, close } = await openCounting("widget.html");
    try {
      // Hold the wasm back until the visitor has typed into the shell.
      let release;
      const held = new Promise((r) => (release = r));
      await page.route(/\.wasm$/, async (route) => {
        await held;
        await route.continue();
      });
      await page.click(shell);
      await page.keyboard.type("kettle lighthouse");
      for (let i = 0; i < 10; i++) await page.keyboard.press("ArrowLeft");
      assert.equal(await page.locator("#trovi-q").count(), 0, "the shell is still in place while the wasm loads");
      release();
      await appReady(page);
      const box = await page.evaluate(() => {
        const input = document.querySelector("#trovi-q");
        return { value: input.value, focused: document.activeElement === input, caret: [input.selectionStart, input.selectionEnd], shells: document.querySelectorAll("[data-trovi-shell]").length };
      });
      assert.deepEqual(box, { value: "kettle lighthouse", focused: true, caret: [7, 7], shells: 0 });
      // Typing goes on in the app's box, at the caret.
      await page.keyboard.type("X");
      assert.equal(await page.inputValue("#trovi-q"), "kettle Xlighthouse");
      await page.keyboard.press("Backspace");
      await page.waitForSelector("#trovi-results[aria-busy=false] > li", WAIT);
      const found = await titles(page);
      assert.ok(found.some((t) => /kettle|lighthouse/i.test(t)), `titles: ${found}`);
      assert.equal(new URLSearchParams(await page.evaluate(() => location.search)).get("q"), "kettle lighthouse");
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  test("?q= loads at once and restores the search; Back returns to it", async () => {
    const { page, errors, close } = await openCounting("widget.html?q=kettle");
    try {
      await page.waitForSelector("#trovi-results[aria-busy=false] > li", WAIT);
      assert.ok((await titles(page)).some((t) => /kettle/i.test(t)));
      await page.fill("#trovi-q", "lighthouse");
      await page.waitForFunction(() => new URLSearchParams(location.search).get("q") === "lighthouse", null, WAIT);
      await page.goBack();
      await page.waitForFunction(() => document.querySelector("#trovi-q")?.value === "kettle", null, WAIT);
      await page.waitForSelector("#trovi-results[aria-busy=false] > li", WAIT);
      assert.ok((await titles(page)).some((t) => /kettle/i.test(t)));
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  test("data-preload: eager loads at once, idle once the page is idle, intent not at all", async () => {
    for (const [path, expectLoaded] of [["eager.html", true], ["idle.html", true], ["widget.html", false]]) {
      const { page, requests, errors, close } = await openCounting(path);
      try {
        if (expectLoaded) {
          await appReady(page);
          assert.ok(requests.some((r) => r.url.endsWith(".wasm")), path);
          // Nothing was focused for the visitor.
          assert.notEqual(await page.evaluate(() => document.activeElement?.id), "trovi-q", path);
        } else {
          await page.waitForTimeout(2500);
          assert.deepEqual(requests.filter(isApp), [], path);
        }
        assert.deepEqual(errors, [], path);
      } finally {
        await close();
      }
    }
  });

  test("lazy first, whole later: the same results as the whole bundle, and nothing fetched once whole", async () => {
    const queries = ["lighthouse", "kettle descaling", "fresnel lens"];
    const whole = await openCounting("whole.html");
    const expected = [];
    try {
      await whole.page.waitForSelector(".trovi-intro", WAIT);
      for (const q of queries) {
        await whole.page.fill("#trovi-q", q);
        await whole.page.waitForFunction((text) => new URLSearchParams(location.search).get("q") === text, q, WAIT);
        await whole.page.waitForSelector("#trovi-results[aria-busy=false] > li", WAIT);
        expected.push(await titles(whole.page));
      }
    } finally {
      await whole.close();
    }
    const { page, requests, errors, close } = await openCounting("widget.html");
    try {
      const manifest = JSON.parse(readFileSync(join(site, "trovi", "index", "trovi.json"), "utf8"));
      const rest = `bytes=${manifest.head}-${manifest.size - 1}`;
      const restArrived = page.waitForResponse((r) => r.request().headers()["range"] === rest, WAIT).then((r) => r.finished());
      await page.click(shell);
      await appReady(page);
      for (const [i, q] of queries.entries()) {
        await page.fill("#trovi-q", q);
        await page.waitForFunction((text) => new URLSearchParams(location.search).get("q") === text, q, WAIT);
        await page.waitForSelector("#trovi-results[aria-busy=false] > li", WAIT);
        assert.deepEqual(await titles(page), expected[i], q);
        if (i === 0) {
          // After the first results, the rest of the bundle (after its head) in one request.
          await restArrived;
          await page.waitForTimeout(300);
        }
      }
      const bundle = requests.filter((r) => r.url.endsWith(".trovi"));
      assert.equal(bundle[0].range, `bytes=0-${manifest.head - 1}`, "the head first");
      const afterRest = bundle.findIndex((r) => r.range === rest);
      assert.ok(afterRest > 0, JSON.stringify(bundle));
      assert.equal(bundle.length, afterRest + 1, `nothing fetched once whole: ${JSON.stringify(bundle)}`);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  test("a small bundle damaged past its head is refused once its rest arrives and fails its checksum", async () => {
    const damaged = join(tempDir("trovi-intent-damaged-"), "site");
    cpSync(site, damaged, { recursive: true });
    const dir = join(damaged, "trovi", "index");
    const bundle = join(dir, readdirSync(dir).find((f) => f.endsWith(".trovi")));
    const bytes = readFileSync(bundle);
    // The last bytes: a file footer, which the head's hot cache also holds, so lazy searches do not read them.
    for (let i = 1; i <= 8; i++) bytes[bytes.length - i] ^= 0xff;
    writeFileSync(bundle, bytes);
    const bad = await serve(dir, { app: damaged });
    const { page, close } = await openCounting("widget.html", bad.url);
    try {
      await page.click(shell);
      await page.keyboard.type("kettle");
      const alert = page.locator(".trovi-error[role=alert]");
      await alert.waitFor(WAIT);
      assert.match(await alert.textContent(), /The search index is damaged/);
    } finally {
      await close();
      bad.stop();
    }
  });

  test("a cut-off range request is retried; after a second failure the widget says so and recovers on the next keystroke", async () => {
    const { page, errors, close } = await openCounting("?load=lazy", ranges.url);
    try {
      await page.waitForSelector(".trovi-intro", WAIT);
      // One cut: the retry hides it.
      ranges.cutRanges(1);
      await page.click("#trovi-q");
      await page.keyboard.type("texas");
      await page.waitForSelector("#trovi-results[aria-busy=false] > li", WAIT);
      assert.ok((await titles(page)).length > 0);
      assert.equal(await page.locator(".trovi-error").count(), 0);
      // Every request fails: the last results stay, and the failure is said in words.
      ranges.cutRanges(1000);
      await page.fill("#trovi-q", "world cup");
      const alert = page.locator(".trovi-error");
      await alert.waitFor(WAIT);
      assert.match(await alert.textContent(), /could not be downloaded.*next keystroke/);
      assert.ok((await page.locator("#trovi-results mark").allTextContents()).some((m) => /texas/i.test(m)), "the last results stay on screen");
      // The network is back: the next keystroke recovers.
      ranges.cutRanges(0);
      await page.keyboard.type("s");
      await page.waitForFunction(() => !document.querySelector(".trovi-error"), null, WAIT);
      await page.waitForFunction(() => [...document.querySelectorAll("#trovi-results mark")].some((m) => /cup/i.test(m.textContent)), null, WAIT);
      assert.deepEqual(realErrors(errors), []);
    } finally {
      await close();
    }
  });
});
