// A static server for lazy-bench.mjs: mounts directories at URL prefixes,
// answers single byte ranges (`Range: bytes=a-b`, `a-`, `-n` → 206 with
// Content-Range), delays every response by a fixed time (an approximate
// network round trip) and logs each request (arrival and finish times, status,
// bytes on the wire including headers, the mount's `kind`).
//
//   const s = await startRangeServer([{ prefix: "/", dir: "dist/web", kind: "app" }, { prefix: "/index/", dir: IDX, kind: "index" }]);
//   s.setRtt(50); s.reset(); …; s.log(); await s.stop();
//
// Compression as a CDN does by default (unless `gzip: false`): text, JS, CSS,
// JSON and wasm are gzipped (level 6, cached, so not in any latency) when the
// client accepts gzip and asked for no range. Range responses and other files
// (trovi's `.trovi` bundle, Pagefind's pre-gzipped `.pf_*` files) go as they
// are. `Cache-Control: no-store` on everything.
import { createServer } from "node:http";
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { extname } from "node:path";
import { performance } from "node:perf_hooks";
import { gzipSync } from "node:zlib";
// MIME types, what is gzipped and the mount/path resolution: as the peer benchmark's server.
import { COMPRESSIBLE, TYPES, mountRoots, resolveFile } from "../../bench/peers/server.mjs";

export function startRangeServer(mounts, { gzip = true, rtt = 0 } = {}) {
  const roots = mountRoots(mounts);
  const cache = new Map(); // file → { body, gz }
  let log = [];
  let delay = rtt;
  let inflight = 0;

  const server = createServer((req, res) => {
    const entry = { url: req.url, range: req.headers.range, kind: "other", status: 0, bytes: 0, start: performance.now(), end: NaN };
    log.push(entry);
    inflight++;
    res.on("close", () => {
      entry.end = performance.now();
      inflight--;
    });
    const send = (status, headers, body) => {
      entry.status = status;
      entry.bytes = `HTTP/1.1 ${status} X\r\n\r\n`.length + Object.entries(headers).reduce((n, [k, v]) => n + `${k}: ${v}\r\n`.length, 0);
      entry.bytes += body?.length ?? 0;
      res.writeHead(status, headers);
      res.end(req.method === "HEAD" ? undefined : body);
    };
    const handle = () => {
      const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
      const { root, file, stat, status } = resolveFile(roots, path);
      if (root) entry.kind = typeof root.kind === "function" ? root.kind(path) : root.kind;
      if (status) return send(status, { "content-length": 0 });
      const ext = extname(file).toLowerCase();
      const headers = { "content-type": TYPES[ext] ?? "application/octet-stream", "cache-control": "no-store", "accept-ranges": "bytes" };
      const range = req.headers.range?.match(/^bytes=(\d*)-(\d*)$/);
      if (range && (range[1] || range[2])) {
        const size = stat.size;
        const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
        const last = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
        if (start > last) return send(416, { ...headers, "content-range": `bytes */${size}`, "content-length": 0 });
        const body = Buffer.alloc(last - start + 1);
        const fd = openSync(file, "r");
        try {
          readSync(fd, body, 0, body.length, start);
        } finally {
          closeSync(fd);
        }
        return send(206, { ...headers, "content-range": `bytes ${start}-${last}/${size}`, "content-length": body.length }, body);
      }
      // Whole files (the app's, Pagefind's: small) are cached in memory.
      let cached = cache.get(file);
      if (!cached || cached.mtime !== stat.mtimeMs) cache.set(file, (cached = { mtime: stat.mtimeMs, body: readFileSync(file), gz: null }));
      if (gzip && COMPRESSIBLE.has(ext) && /\bgzip\b/.test(req.headers["accept-encoding"] ?? "")) {
        cached.gz ??= gzipSync(cached.body, { level: 6 });
        return send(200, { ...headers, "content-encoding": "gzip", vary: "accept-encoding", "content-length": cached.gz.length }, cached.gz);
      }
      send(200, { ...headers, "content-length": cached.body.length }, cached.body);
    };
    if (delay > 0) setTimeout(handle, delay);
    else handle();
  });
  server.keepAliveTimeout = 60_000;

  return new Promise((resolvePromise, reject) => {
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () =>
      resolvePromise({
        url: `http://127.0.0.1:${server.address().port}/`,
        log: () => log,
        reset: () => (log = []),
        setRtt: (ms) => (delay = ms),
        inflight: () => inflight,
        stop: () => new Promise((r) => (server.closeAllConnections?.(), server.close(() => r()))),
      }),
    );
  });
}
