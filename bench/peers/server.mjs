// A small static HTTP server for the peer benchmark: every engine's files are
// served by this same code, so bytes and requests are counted the same way.
//
//   const server = await startServer([{ prefix: "/", dir: "dist/web" }, { prefix: "/index/", dir: "idx" }]);
//   server.reset(); …; const { bytes, requests } = server.counters(); server.stop();
//
// - Mounts: the longest matching URL prefix wins; `dir/` resolves to
//   `dir/index.html`; nothing outside a mount's directory is served.
// - Single byte ranges (`Range: bytes=a-b`, `a-`, `-n`) answered with 206.
// - Compression like a CDN's defaults (on unless `gzip: false`): text, HTML,
//   CSS, JS, JSON and wasm are gzipped (level 6, cached in memory, so the
//   compression time is not in any latency) when the client accepts gzip and
//   did not ask for a range. Everything else (trovi's `.trovi` bundle,
//   Pagefind's `.pf_*` files, which are gzipped by Pagefind already) goes as
//   is, as `application/octet-stream`.
// - Precompressed files (with `precompressed: true`): for those same types,
//   a `FILE.br` or `FILE.gz` beside the file is sent instead (brotli first)
//   when the client accepts that encoding and did not ask for a range, as
//   nginx's `brotli_static`/`gzip_static` or a static host would; files with
//   neither are gzipped as above.
// - `Cache-Control: no-store` on everything: the benchmark disables the
//   browser cache anyway (CDP Network.setCacheDisabled).
// - Counted: response body bytes actually written (after compression) plus
//   the status line and headers, and the number of requests.
import { createServer } from "node:http";
import { createReadStream, readFileSync, realpathSync, statSync } from "node:fs";
import { extname, join, resolve, sep } from "node:path";
import { gzipSync } from "node:zlib";

// Shared with tests/browser/range-server.mjs: the MIME types, what is gzipped,
// and mountRoots / resolveFile below.
export const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".txt": "text/plain; charset=utf-8",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ico": "image/x-icon",
};
export const COMPRESSIBLE = new Set([".html", ".js", ".mjs", ".css", ".json", ".wasm", ".svg", ".txt"]);

/** `[{ prefix, dir, … }]` → the same with `prefix` ending in "/" and `dir` real and absolute, longest prefix first. */
export function mountRoots(mounts) {
  return mounts
    .map((m) => ({ ...m, prefix: m.prefix.endsWith("/") ? m.prefix : m.prefix + "/", dir: realpathSync(resolve(m.dir)) }))
    .sort((a, b) => b.prefix.length - a.prefix.length);
}

/**
 * The file a decoded URL path names under `roots` (from mountRoots): the
 * longest matching prefix wins, `dir/` → `dir/index.html`, nothing outside the
 * mount's directory. `{ root, file, stat }`, or `{ root, status }` with status
 * 404 (no mount: root undefined; no such file) or 403 (outside the mount).
 */
export function resolveFile(roots, path) {
  const root = roots.find((r) => path.startsWith(r.prefix) || path + "/" === r.prefix);
  if (!root) return { root, status: 404 };
  let file = join(root.dir, path.slice(root.prefix.length));
  let stat;
  try {
    stat = statSync(file);
    if (stat.isDirectory()) {
      file = join(file, "index.html");
      stat = statSync(file);
    }
    file = realpathSync(file);
  } catch {
    return { root, status: 404 };
  }
  if (file !== root.dir && !file.startsWith(root.dir + sep)) return { root, status: 403 };
  return { root, file, stat };
}

/**
 * Starts serving `mounts` (`[{ prefix, dir }]`) on 127.0.0.1 at a free port.
 * Resolves to `{ url, counters(), reset(), log(), stop() }`.
 */
/**
 * A single `Range: bytes=a-b | a- | -n` header for a file of `size` bytes:
 * `null` (none, or not one this server honours: the whole file), `416` (no
 * byte of it exists) or `{ start, last }` (inclusive).
 */
export function byteRange(header, size) {
  const range = header?.match(/^bytes=(\d*)-(\d*)$/);
  if (!range || !(range[1] || range[2])) return null;
  const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
  const last = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
  return start > last || start >= size ? 416 : { start, last };
}

export function startServer(mounts, { gzip = true, precompressed = false } = {}) {
  const roots = mountRoots(mounts);
  const gzipped = new Map();
  let bytes = 0;
  let requests = 0;
  let log = [];

  const server = createServer((req, res) => {
    requests++;
    const entry = { url: req.url, status: 0, bytes: 0 };
    log.push(entry);
    // Count what goes on the wire for this response: headers and body.
    const write = res.write.bind(res);
    const end = res.end.bind(res);
    const count = (chunk) => {
      if (chunk && typeof chunk !== "function") {
        const n = typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.length;
        bytes += n;
        entry.bytes += n;
      }
    };
    res.write = (chunk, ...rest) => (count(chunk), write(chunk, ...rest));
    res.end = (chunk, ...rest) => (count(chunk), end(chunk, ...rest));
    const writeHead = res.writeHead.bind(res);
    res.writeHead = (status, headers) => {
      entry.status = status;
      let n = `HTTP/1.1 ${status} X\r\n`.length + 2;
      for (const [k, v] of Object.entries(headers ?? {})) n += `${k}: ${v}\r\n`.length;
      bytes += n;
      entry.bytes += n;
      return writeHead(status, headers);
    };

    const fail = (status) => {
      res.writeHead(status, { "content-type": "text/plain", "content-length": 0 });
      res.end();
    };
    if (req.method !== "GET" && req.method !== "HEAD") return fail(405);
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      return fail(400);
    }
    const { root, file, stat, status } = resolveFile(roots, path);
    if (status) return fail(status);
    entry.file = file;
    const ext = extname(file).toLowerCase();
    const headers = {
      "content-type": TYPES[ext] ?? "application/octet-stream",
      "cache-control": "no-store",
      "accept-ranges": "bytes",
    };

    const range = byteRange(req.headers.range, stat.size);
    if (range === 416) {
      res.writeHead(416, { ...headers, "content-range": `bytes */${stat.size}`, "content-length": 0 });
      return res.end();
    }
    if (range) {
      const { start, last } = range;
      res.writeHead(206, { ...headers, "content-range": `bytes ${start}-${last}/${stat.size}`, "content-length": last - start + 1 });
      if (req.method === "HEAD") return res.end();
      return createReadStream(file, { start, end: last }).pipe(res);
    }

    const accepts = (encoding) => new RegExp(`\\b${encoding}\\b`).test(req.headers["accept-encoding"] ?? "");
    if (precompressed && COMPRESSIBLE.has(ext)) {
      for (const [encoding, suffix] of [["br", ".br"], ["gzip", ".gz"]]) {
        if (!accepts(encoding)) continue;
        let sibling;
        try {
          sibling = statSync(file + suffix);
          // Like the file itself: nothing outside the mount.
          if (!sibling.isFile() || !realpathSync(file + suffix).startsWith(root.dir + sep)) continue;
        } catch {
          continue;
        }
        entry.encoding = encoding;
        res.writeHead(200, { ...headers, "content-encoding": encoding, vary: "accept-encoding", "content-length": sibling.size });
        if (req.method === "HEAD") return res.end();
        return createReadStream(file + suffix).pipe(res);
      }
    }
    if (gzip && COMPRESSIBLE.has(ext) && accepts("gzip")) {
      entry.encoding = "gzip";
      const key = `${file}:${stat.mtimeMs}:${stat.size}`;
      let body = gzipped.get(key);
      if (!body) {
        body = gzipSync(readFileSync(file), { level: 6 });
        gzipped.set(key, body);
      }
      res.writeHead(200, { ...headers, "content-encoding": "gzip", vary: "accept-encoding", "content-length": body.length });
      return res.end(req.method === "HEAD" ? undefined : body);
    }
    res.writeHead(200, { ...headers, "content-length": stat.size });
    if (req.method === "HEAD") return res.end();
    createReadStream(file).pipe(res);
  });

  return new Promise((resolvePromise, reject) => {
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolvePromise({
        url: `http://127.0.0.1:${port}/`,
        counters: () => ({ bytes, requests }),
        reset: () => {
          bytes = 0;
          requests = 0;
          log = [];
        },
        log: () => log,
        stop: () =>
          new Promise((r) => {
            server.closeAllConnections?.();
            server.close(() => r());
          }),
      });
    });
  });
}

// `node server.mjs PREFIX=DIR…`: serve by hand (prints the URL), e.g. to look at a page.
if (import.meta.url === `file://${process.argv[1]}`) {
  const mounts = process.argv.slice(2).map((a) => {
    const [prefix, dir] = a.includes("=") ? a.split("=") : ["/", a];
    return { prefix, dir };
  });
  const s = await startServer(mounts.length ? mounts : [{ prefix: "/", dir: "." }]);
  console.log(s.url);
}
