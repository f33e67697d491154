// Shared helpers of the browser tests and measure.mjs: the trovi binary,
// `trovi index` / `trovi serve`, and headless Chromium through playwright-core.
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const APP = process.env.TROVI_APP ?? join(ROOT, "dist", "web");
export const SHOTS = join(ROOT, "target", "browser");
export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

/** The trovi CLI: $TROVI_BIN, else target/release/trovi, else target/debug/trovi. */
export function troviBin() {
  const candidates = [process.env.TROVI_BIN, join(ROOT, "target", "release", "trovi"), join(ROOT, "target", "debug", "trovi")];
  const found = candidates.find((p) => p && existsSync(p));
  if (!found) throw new Error("no trovi binary: run `cargo build --release -p trovi-cli` (or set TROVI_BIN)");
  return found;
}

const temps = [];

/** A new empty temporary directory, removed by `removeTemps()`. */
export function tempDir(prefix = "trovi-browser-") {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** Removes the directories made by `tempDir()`. */
export function removeTemps() {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** `trovi index INPUTS… --out OUT`; returns OUT. */
export function buildIndex(inputs, out = join(tempDir(), "index")) {
  execFileSync(troviBin(), ["index", ...inputs, "--out", out], { stdio: ["ignore", "ignore", "pipe"], timeout: 300_000 });
  return out;
}

/**
 * Starts `trovi serve INDEX --port 0 --app APP` and resolves to
 * `{ url, stop }` once it listens (it prints the port it got).
 */
export function serve(indexDir, { app = APP, timeoutMs = 20_000 } = {}) {
  const child = spawn(troviBin(), ["serve", indexDir, "--port", "0", "--app", app], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  };
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`trovi serve did not start within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    let stdout = "";
    child.stdout.on("data", (d) => {
      stdout += d;
      const m = stdout.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolvePromise({ url: `http://127.0.0.1:${m[1]}/`, stop, child });
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`trovi serve exited (${code}): ${stderr}`));
    });
  });
}

/** Headless Chromium with a fresh profile (playwright's launch uses a temporary one). */
export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 60_000,
    args: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** Saves a full-page screenshot to target/browser/NAME.png. */
export async function screenshot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  const path = join(SHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true, timeout: 15_000 });
  return path;
}

/** How long the tests wait for the app. */
export const WAIT = { timeout: 20_000 };

/**
 * A fresh page (own context) at `url` that records console errors, page
 * errors and dialogs. `initScript` runs before the page's own scripts.
 */
export async function openPage(browser, url, { initScript } = {}) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT.timeout);
  const errors = [];
  const dialogs = [];
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    const where = m.location()?.url ?? "";
    // Chromium asks every site for /favicon.ico; the demo page has none (a 404
    // that is the host page's business, not the app's).
    if (where.endsWith("/favicon.ico")) return;
    errors.push(`console: ${m.text()} (${where})`);
  });
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("dialog", (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  if (initScript) await page.addInitScript(initScript);
  const response = await page.goto(url, { waitUntil: "load", ...WAIT });
  return { page, response, errors, dialogs, close: () => context.close() };
}

/** Waits until the app is ready (the intro shows before any query). */
export async function ready(page) {
  await page.waitForSelector(".trovi-intro", WAIT);
}

/** Waits for the settled (not busy) result list. */
export async function settled(page) {
  await page.waitForSelector("#trovi-results[aria-busy=false] > li", WAIT);
}

/** Types `query` into the search box and waits for the settled result list. */
export async function search(page, query) {
  const box = page.locator("#trovi-q");
  await box.click();
  await box.fill("");
  await page.keyboard.type(query);
  await page.waitForFunction((q) => new URLSearchParams(location.search).get("q") === q, query, WAIT);
  await settled(page);
}

/** The number in the "N results" summary. */
export async function total(page) {
  const text = await page.locator(".trovi-total").textContent(WAIT);
  return Number(text.replace(/[^0-9]/g, ""));
}
