// A static server for lazy-bench.mjs: mounts directories at URL prefixes,
// answers single byte ranges (`Range: bytes=a-b`, `a-`, `-n` → 206 with
// Content-Range), delays every response by a fixed time (an approximate
// network round trip) and logs each request (arrival and finish times, status,
// bytes on the wire including headers, the mount's `kind`).
//
//   const s = await startRangeServer([{ prefix: "/", dir: "dist/web", kind: "app" }, { prefix: "/index/", dir: IDX, kind: "index" }]);
//   s.setRtt(50); s.reset(); …; s.log(); await s.stop();
//   s.cutRanges(2)   // the next 2 Range requests are cut off mid-body (a dropped connection)
//
// Compression as a CDN does by default (unless `gzip: false`): text, JS, CSS,
// JSON and wasm are gzipped (level 6, cached, so not in any latency) when the
// client accepts gzip and asked for no range. Range responses and other files
// (trovi's `.trovi` bundle, Pagefind's pre-gzipped `.pf_*` files) go as they
// are. `Cache-Control: no-store` on everything.
//
// `http2: true` serves HTTPS with HTTP/2 (and HTTP/1.1 for clients that only
// speak it) on a throwaway self-signed certificate made with `openssl`: the
// browser must ignore certificate errors. Bytes are counted as HTTP/1.1
// would send the headers (HTTP/2 compresses them: a slight overcount).
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { createSecureServer } from "node:http2";
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { gzipSync } from "node:zlib";
// MIME types, what is gzipped, the mount/path resolution and Range parsing: as the peer benchmark's server.
import { COMPRESSIBLE, TYPES, byteRange, mountRoots, resolveFile } from "../../bench/peers/server.mjs";

/** A self-signed certificate for 127.0.0.1, valid one day: { key, cert } (PEM). */
function selfSigned() {
  const dir = mkdtempSync(join(tmpdir(), "range-server-tls-"));
  try {
    execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=127.0.0.1",
      "-addext", "subjectAltName=IP:127.0.0.1", "-days", "1", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")], { stdio: "ignore" });
    return { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function startRangeServer(mounts, { gzip = true, rtt = 0, http2 = false } = {}) {
  const roots = mountRoots(mounts);
  const cache = new Map(); // file → { body, gz }
  let log = [];
  let delay = rtt;
  let inflight = 0;
  let cuts = 0;

  const handler = (req, res) => {
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
      entry.bytes += req.method === "HEAD" ? 0 : (body?.length ?? 0);
      res.writeHead(status, headers);
      res.end(req.method === "HEAD" ? undefined : body);
    };
    const handle = () => {
      let path;
      try {
        path = decodeURIComponent(new URL(req.url, "http://x").pathname);
      } catch {
        return send(400, { "content-length": 0 });
      }
      const { root, file, stat, status } = resolveFile(roots, path);
      if (root) entry.kind = typeof root.kind === "function" ? root.kind(path) : root.kind;
      if (status) return send(status, { "content-length": 0 });
      const ext = extname(file).toLowerCase();
      const headers = { "content-type": TYPES[ext] ?? "application/octet-stream", "cache-control": "no-store", "accept-ranges": "bytes" };
      const range = byteRange(req.headers.range, stat.size);
      if (range === 416) return send(416, { ...headers, "content-range": `bytes */${stat.size}`, "content-length": 0 });
      if (range) {
        const { start, last } = range;
        const size = stat.size;
        const body = Buffer.alloc(last - start + 1);
        const fd = openSync(file, "r");
        try {
          readSync(fd, body, 0, body.length, start);
        } finally {
          closeSync(fd);
        }
        const rangeHeaders = { ...headers, "content-range": `bytes ${start}-${last}/${size}`, "content-length": body.length };
        if (cuts > 0) {
          // The connection drops halfway through the body.
          cuts--;
          entry.status = -206;
          res.writeHead(206, rangeHeaders);
          res.write(body.subarray(0, body.length >> 1), () => res.destroy());
          return;
        }
        return send(206, rangeHeaders, body);
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
  };
  const server = http2 ? createSecureServer({ ...selfSigned(), allowHTTP1: true }, handler) : createServer(handler);
  if (!http2) server.keepAliveTimeout = 60_000;
  const sessions = new Set();
  server.on("session", (session) => (sessions.add(session), session.on("close", () => sessions.delete(session))));

  return new Promise((resolvePromise, reject) => {
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () =>
      resolvePromise({
        url: `${http2 ? "https" : "http"}://127.0.0.1:${server.address().port}/`,
        log: () => log,
        reset: () => (log = []),
        setRtt: (ms) => (delay = ms),
        cutRanges: (n) => (cuts = n),
        inflight: () => inflight,
        stop: () => new Promise((r) => {
          server.closeAllConnections?.();
          for (const session of sessions) session.destroy();
          server.close(() => r());
        }),
      }),
    );
  });
}
