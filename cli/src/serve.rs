//! `trovi serve`: a small static HTTP server for the web app and an index.
//!
//! Serves the app directory (built by `cargo xtask web`) at `/` and the index
//! directory (written by `trovi index --out DIR`) at `/index/`, on 127.0.0.1 only.
//!
//! - Content types for the app's files (`application/wasm` for `.wasm`).
//! - `Cache-Control: no-cache` for `index.html`, `trovi.json` and every file
//!   without a content hash in its name; `immutable` for hashed names
//!   (`name.<16 hex>.ext`, as the app build and the index bundle use).
//! - `ETag`/`If-None-Match` (304) and single HTTP ranges (`206`, `Accept-Ranges:
//!   bytes`, `If-Range`), so a client can read parts of a bundle lazily.
//! - No way out of the two roots: `..` segments are refused and every path is
//!   canonicalised and checked to lie inside its root (symlinks included).
//! - A few worker threads answer requests concurrently.
//! - Every file is sent with a strict `Content-Security-Policy`
//!   ([`CONTENT_SECURITY_POLICY`]): scripts only from this origin (and
//!   WebAssembly compilation), no inline scripts or styles, no plugins; the app
//!   works under it, and it is the second line of defence against markup
//!   injected through article text (the first: text is never rendered as HTML).

use anyhow::{anyhow, Context, Result};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::UNIX_EPOCH;
use tiny_http::{Header, Method, Request, Response, Server, StatusCode};

/// Worker threads answering requests.
const THREADS: usize = 4;

/// The `Content-Security-Policy` of every file served: everything from this
/// origin only, scripts included, plus WebAssembly compilation; no inline
/// script, style or event handler, no `eval`.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

/// Serves `app_dir` at `/` and `index_dir` at `/index/` on `127.0.0.1:port`
/// until the process is stopped.
pub fn run(index_dir: &Path, port: u16, app_dir: &Path) -> Result<()> {
    let roots = Roots::new(index_dir, app_dir)?;
    if !app_dir.join("index.html").is_file() {
        eprintln!(
            "trovi: warning: no web app in {} (index.html is missing); build it with `cargo xtask web` or pass --app DIR",
            app_dir.display()
        );
    }
    if !index_dir.join("trovi.json").is_file() {
        eprintln!(
            "trovi: warning: {} has no trovi.json; build an index with `trovi index <articles> --out {}`",
            index_dir.display(),
            index_dir.display()
        );
    }
    let server = Server::http(("127.0.0.1", port)).map_err(|e| anyhow!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let port = server.server_addr().to_ip().map_or(port, |addr| addr.port());
    println!("trovi: serving {} at http://127.0.0.1:{port}/", index_dir.display());
    let searcher = match crate::search::open(index_dir) {
        Ok(searcher) => Some(searcher),
        Err(error) => {
            eprintln!("trovi: warning: GET /api/search is unavailable: {error:#}");
            None
        }
    };
    let roots = Roots { searcher: searcher.map(Arc::new), ..roots };
    for worker in spawn(Arc::new(server), Arc::new(roots), THREADS) {
        worker.join().map_err(|_| anyhow!("a server thread panicked"))?;
    }
    Ok(())
}

/// The two directories served, canonicalised, and the index opened for
/// `GET /api/search` (as it was when the server started).
#[derive(Clone)]
struct Roots {
    index: PathBuf,
    app: PathBuf,
    searcher: Option<Arc<trovi_core::Searcher>>,
}

impl std::fmt::Debug for Roots {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Roots").field("index", &self.index).field("app", &self.app).finish()
    }
}

impl Roots {
    fn new(index_dir: &Path, app_dir: &Path) -> Result<Roots> {
        let index = index_dir
            .canonicalize()
            .with_context(|| format!("index directory {}", index_dir.display()))?;
        // A missing app directory is served as empty (with a warning), so the
        // index can still be fetched by another front end.
        let app = app_dir.canonicalize().unwrap_or_else(|_| app_dir.to_path_buf());
        Ok(Roots { index, app, searcher: None })
    }

    /// The root and the path inside it that a request path addresses.
    fn route<'a>(&self, path: &'a str) -> (&Path, &'a str) {
        match path.strip_prefix("/index/") {
            Some(rest) => (&self.index, rest),
            None => (&self.app, path),
        }
    }
}

/// Starts `threads` workers answering requests from `server`.
fn spawn(server: Arc<Server>, roots: Arc<Roots>, threads: usize) -> Vec<JoinHandle<()>> {
    (0..threads)
        .map(|_| {
            let server = Arc::clone(&server);
            let roots = Arc::clone(&roots);
            std::thread::spawn(move || {
                // `recv` fails only once the server is shut down (`unblock`).
                while let Ok(request) = server.recv() {
                    // A client that hung up is no concern of the others.
                    let _ = handle(&roots, request);
                }
            })
        })
        .collect()
}

/// What a request path resolves to.
#[derive(Debug, PartialEq, Eq)]
enum Resolved {
    /// A file inside the root.
    File(PathBuf),
    /// Nothing there.
    NotFound,
    /// The path tries to leave the root, or is malformed.
    Forbidden,
}

/// Resolves the URL path `url_path` (percent-encoded, maybe with a query)
/// inside `root` (canonical). Directories resolve to their `index.html`.
fn resolve(root: &Path, url_path: &str) -> Resolved {
    let path = url_path.split(['?', '#']).next().unwrap_or_default();
    let Some(decoded) = percent_decode(path) else { return Resolved::Forbidden };
    let mut candidate = root.to_path_buf();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Resolved::Forbidden,
            s if s.contains(['\\', '\0']) => return Resolved::Forbidden,
            s => candidate.push(s),
        }
    }
    if candidate.is_dir() {
        candidate.push("index.html");
    }
    let Ok(canonical) = candidate.canonicalize() else { return Resolved::NotFound };
    // Symlinks may point anywhere: what is served must really be inside the root.
    if !canonical.starts_with(root) {
        return Resolved::Forbidden;
    }
    if canonical.is_file() { Resolved::File(canonical) } else { Resolved::NotFound }
}

/// Decodes `%XX` escapes; `None` for a malformed escape, invalid UTF-8 or NUL.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let decoded = String::from_utf8(out).ok()?;
    (!decoded.contains('\0')).then_some(decoded)
}

/// A `Range` header's meaning for a file of `len` bytes.
#[derive(Debug, PartialEq, Eq)]
enum Range {
    /// Send the whole file (no range, or one the server may ignore).
    Full,
    /// Send bytes `start..=end`.
    Part { start: u64, end: u64 },
    /// No byte of the range exists: 416.
    Unsatisfiable,
}

/// Parses a `Range` header (RFC 9110 §14.2). Only a single `bytes` range is
/// honoured; several ranges, other units and malformed values mean the whole file.
fn parse_range(header: &str, len: u64) -> Range {
    let header = header.trim();
    let Some(spec) = header.get(..6).filter(|unit| unit.eq_ignore_ascii_case("bytes=")).map(|_| &header[6..]) else {
        return Range::Full;
    };
    if spec.contains(',') {
        return Range::Full;
    }
    let Some((first, last)) = spec.trim().split_once('-') else { return Range::Full };
    let number = |s: &str| -> Option<Option<u64>> {
        let s = s.trim();
        if s.is_empty() {
            Some(None)
        } else if s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse().ok().map(Some)
        } else {
            None
        }
    };
    let (Some(first), Some(last)) = (number(first), number(last)) else { return Range::Full };
    match (first, last) {
        (Some(start), last) => {
            if last.is_some_and(|last| last < start) {
                return Range::Full;
            }
            if start >= len {
                return Range::Unsatisfiable;
            }
            let end = last.map_or(len - 1, |last| last.min(len - 1));
            Range::Part { start, end }
        }
        (None, Some(suffix)) => {
            if suffix == 0 || len == 0 {
                return Range::Unsatisfiable;
            }
            Range::Part { start: len.saturating_sub(suffix), end: len - 1 }
        }
        (None, None) => Range::Full,
    }
}

/// Whether a file name carries a content hash: a dot-separated part of exactly
/// 16 lowercase hex digits (`trovi_web.0123456789abcdef.js`, `index.<hash>.trovi`).
fn is_hashed(name: &str) -> bool {
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 3
        && parts[1..parts.len() - 1]
            .iter()
            .any(|p| p.len() == 16 && p.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("wasm") => "application/wasm",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        Some("xml") => "application/xml",
        Some("map") => "application/json",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn cache_control(path: &Path) -> &'static str {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    if is_hashed(name) { "public, max-age=31536000, immutable" } else { "no-cache" }
}

fn header(name: &str, value: &str) -> Header {
    // Names and values here are ASCII built by this module.
    Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap_or_else(|()| unreachable!("invalid header {name}"))
}

fn text(status: u16, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_string(body).with_status_code(StatusCode(status)).with_header(header("Content-Type", "text/plain; charset=utf-8"))
}

fn request_header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers().iter().find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name)).map(|h| h.value.as_str())
}

/// `GET /api/search?q=…`: the `trovi search --json` contract, from the index
/// loaded at start-up.
fn api_search(roots: &Roots, query_string: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let (status, body) = match &roots.searcher {
        Some(searcher) => crate::api::search_response(searcher, query_string),
        None => (503, "{\"error\":\"no index could be opened at start-up\"}".to_string()),
    };
    Response::from_data(body.into_bytes())
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", "application/json"))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
}

/// Answers one request.
fn handle(roots: &Roots, request: Request) -> std::io::Result<()> {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let response = text(405, "method not allowed\n").with_header(header("Allow", "GET, HEAD"));
        return request.respond(response);
    }
    let url = request.url().to_string();
    if let Some(rest) = url.strip_prefix("/api/search")
        && (rest.is_empty() || rest.starts_with('?'))
    {
        return request.respond(api_search(roots, rest.trim_start_matches('?')));
    }
    let (root, path) = roots.route(&url);
    let file = match resolve(root, path) {
        Resolved::File(file) => file,
        Resolved::NotFound => return request.respond(text(404, "not found\n")),
        Resolved::Forbidden => return request.respond(text(403, "forbidden\n")),
    };
    let Ok(mut body) = File::open(&file) else { return request.respond(text(404, "not found\n")) };
    let metadata = body.metadata()?;
    let len = metadata.len();
    let modified = metadata.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok()).map_or(0, |d| d.as_secs());
    let etag = format!("\"{len:x}-{modified:x}\"");
    let common = [
        header("Content-Type", content_type(&file)),
        header("Cache-Control", cache_control(&file)),
        header("Accept-Ranges", "bytes"),
        header("ETag", &etag),
        header("X-Content-Type-Options", "nosniff"),
        header("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ];

    if request_header(&request, "If-None-Match").is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*")) {
        let mut response = Response::empty(StatusCode(304));
        for h in common {
            response.add_header(h);
        }
        return request.respond(response);
    }
    // A range applies only while the file is the one the client saw (If-Range).
    let range_allowed = request_header(&request, "If-Range").is_none_or(|v| v.trim() == etag);
    let range = match request_header(&request, "Range") {
        Some(value) if range_allowed => parse_range(value, len),
        _ => Range::Full,
    };
    match range {
        Range::Full => {
            let mut response = Response::new(StatusCode(200), Vec::new(), body, Some(len as usize), None);
            for h in common {
                response.add_header(h);
            }
            request.respond(response)
        }
        Range::Part { start, end } => {
            body.seek(SeekFrom::Start(start))?;
            let count = end - start + 1;
            let mut response = Response::new(StatusCode(206), Vec::new(), body.take(count), Some(count as usize), None);
            for h in common {
                response.add_header(h);
            }
            response.add_header(header("Content-Range", &format!("bytes {start}-{end}/{len}")));
            request.respond(response)
        }
        Range::Unsatisfiable => {
            let mut response = text(416, "range not satisfiable\n");
            response.add_header(header("Content-Range", &format!("bytes */{len}")));
            response.add_header(header("Accept-Ranges", "bytes"));
            request.respond(response)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::net::{SocketAddr, TcpStream};

    #[test]
    fn ranges() {
        assert_eq!(parse_range("bytes=0-9", 100), Range::Part { start: 0, end: 9 });
        assert_eq!(parse_range("bytes=90-", 100), Range::Part { start: 90, end: 99 });
        assert_eq!(parse_range("bytes=90-200", 100), Range::Part { start: 90, end: 99 });
        assert_eq!(parse_range("bytes=-10", 100), Range::Part { start: 90, end: 99 });
        assert_eq!(parse_range("bytes=-500", 100), Range::Part { start: 0, end: 99 });
        assert_eq!(parse_range("BYTES=5-5", 100), Range::Part { start: 5, end: 5 });
        assert_eq!(parse_range(" bytes= 1 - 2 ", 100), Range::Part { start: 1, end: 2 });
        assert_eq!(parse_range("bytes=100-", 100), Range::Unsatisfiable);
        assert_eq!(parse_range("bytes=100-200", 100), Range::Unsatisfiable);
        assert_eq!(parse_range("bytes=-0", 100), Range::Unsatisfiable);
        assert_eq!(parse_range("bytes=0-", 0), Range::Unsatisfiable);
        // Ignored: the whole file is sent.
        assert_eq!(parse_range("bytes=0-1,5-6", 100), Range::Full);
        assert_eq!(parse_range("bytes=9-1", 100), Range::Full);
        assert_eq!(parse_range("bytes=a-b", 100), Range::Full);
        assert_eq!(parse_range("bytes=-", 100), Range::Full);
        assert_eq!(parse_range("bytes=+1-2", 100), Range::Full);
        assert_eq!(parse_range("items=0-1", 100), Range::Full);
        assert_eq!(parse_range("bytes=99999999999999999999-", 100), Range::Full);
        assert_eq!(parse_range("", 100), Range::Full);
    }

    struct Site {
        dir: PathBuf,
    }

    impl Site {
        fn new(name: &str) -> Site {
            let dir = std::env::temp_dir().join(format!("trovi-serve-test-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            for sub in ["app/sub", "index", "outside"] {
                std::fs::create_dir_all(dir.join(sub)).expect("mkdir");
            }
            let files: [(&str, &[u8]); 7] = [
                ("app/index.html", b"<!doctype html>app"),
                ("app/trovi_web.0123456789abcdef.js", b"export default 1;"),
                ("app/trovi_web_bg.0123456789abcdef.wasm", b"\0asm\x01\0\0\0"),
                ("app/sub/a b.txt", b"spaced"),
                ("index/trovi.json", br#"{"format_version":1}"#),
                ("index/index.fedcba9876543210.trovi", b"0123456789"),
                ("outside/secret.txt", b"secret"),
            ];
            for (path, content) in files {
                std::fs::write(dir.join(path), content).expect("write");
            }
            Site { dir }
        }

        fn roots(&self) -> Roots {
            Roots::new(&self.dir.join("index"), &self.dir.join("app")).expect("roots")
        }
    }

    impl Drop for Site {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }

    #[test]
    fn paths_stay_inside_the_root() {
        let site = Site::new("paths");
        let roots = site.roots();
        let app = &roots.app;
        assert_eq!(resolve(app, "/"), Resolved::File(app.join("index.html")));
        assert_eq!(resolve(app, "/index.html?x=1#y"), Resolved::File(app.join("index.html")));
        assert_eq!(resolve(app, "/sub/a%20b.txt"), Resolved::File(app.join("sub/a b.txt")));
        assert_eq!(resolve(app, "//sub/./a%20b.txt"), Resolved::File(app.join("sub/a b.txt")));
        assert_eq!(resolve(app, "/sub/"), Resolved::NotFound, "a directory without index.html");
        assert_eq!(resolve(app, "/missing.js"), Resolved::NotFound);
        for attack in [
            "/../outside/secret.txt",
            "/sub/../../outside/secret.txt",
            "/%2e%2e/outside/secret.txt",
            "/%2E%2E%2Foutside%2Fsecret.txt",
            "/sub/..%2f..%2foutside/secret.txt",
            "/..\\outside\\secret.txt",
            "/%5c..%5coutside%5csecret.txt",
            "/a%00b",
            "/%zz",
            "/%c0%ae%c0%ae/outside/secret.txt",
        ] {
            assert_eq!(resolve(app, attack), Resolved::Forbidden, "{attack}");
        }
        // An absolute path in the URL stays inside the root.
        assert_eq!(resolve(app, "/etc/passwd"), Resolved::NotFound);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_root_are_refused() {
        let site = Site::new("links");
        let roots = site.roots();
        std::os::unix::fs::symlink(site.dir.join("outside/secret.txt"), site.dir.join("app/link.txt")).expect("symlink");
        std::os::unix::fs::symlink(site.dir.join("outside"), site.dir.join("app/out")).expect("symlink");
        assert_eq!(resolve(&roots.app, "/link.txt"), Resolved::Forbidden);
        assert_eq!(resolve(&roots.app, "/out/secret.txt"), Resolved::Forbidden);
    }

    #[test]
    fn routes_and_names() {
        let site = Site::new("routes");
        let roots = site.roots();
        assert_eq!(roots.route("/index/trovi.json"), (roots.index.as_path(), "trovi.json"));
        assert_eq!(roots.route("/index.html"), (roots.app.as_path(), "/index.html"));
        assert!(is_hashed("trovi_web.0123456789abcdef.js"));
        assert!(is_hashed("index.fedcba9876543210.trovi"));
        assert!(!is_hashed("trovi.json"));
        assert!(!is_hashed("index.html"));
        assert!(!is_hashed("0123456789abcdef.js"));
        assert!(!is_hashed("x.0123456789ABCDEF.js"));
        assert_eq!(content_type(Path::new("a.wasm")), "application/wasm");
        assert_eq!(content_type(Path::new("a.JS")), "text/javascript; charset=utf-8");
        assert_eq!(cache_control(Path::new("trovi.json")), "no-cache");
        assert_eq!(cache_control(Path::new("index.html")), "no-cache");
        assert_eq!(cache_control(Path::new("index.fedcba9876543210.trovi")), "public, max-age=31536000, immutable");
    }

    /// One raw HTTP/1.1 exchange: (status line, headers lower-cased, body).
    fn get(addr: SocketAddr, method: &str, path: &str, extra: &str) -> (String, Vec<(String, String)>, Vec<u8>) {
        let mut stream = TcpStream::connect(addr).expect("connect");
        stream.set_read_timeout(Some(std::time::Duration::from_secs(10))).expect("timeout");
        write!(stream, "{method} {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n{extra}\r\n").expect("send");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("read");
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("header end");
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let mut lines = head.lines();
        let status = lines.next().unwrap_or_default().to_string();
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        (status, headers, raw[split + 4..].to_vec())
    }

    fn value<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
        headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    #[test]
    fn serves_over_http() {
        let site = Site::new("http");
        let server = Arc::new(Server::http("127.0.0.1:0").expect("bind"));
        let addr = server.server_addr().to_ip().expect("ip address");
        let workers = spawn(Arc::clone(&server), Arc::new(site.roots()), 2);

        let (status, headers, body) = get(addr, "GET", "/", "");
        assert!(status.contains("200"), "{status}");
        assert_eq!(body, b"<!doctype html>app");
        assert_eq!(value(&headers, "content-type"), Some("text/html; charset=utf-8"));
        assert_eq!(value(&headers, "cache-control"), Some("no-cache"));
        assert_eq!(value(&headers, "content-security-policy"), Some(CONTENT_SECURITY_POLICY));

        let (_, headers, _) = get(addr, "GET", "/trovi_web_bg.0123456789abcdef.wasm", "");
        assert_eq!(value(&headers, "content-type"), Some("application/wasm"));
        assert_eq!(value(&headers, "cache-control"), Some("public, max-age=31536000, immutable"));

        let (status, headers, body) = get(addr, "GET", "/index/trovi.json", "");
        assert!(status.contains("200"), "{status}");
        assert_eq!(body, br#"{"format_version":1}"#);
        assert_eq!(value(&headers, "content-type"), Some("application/json"));
        assert_eq!(value(&headers, "cache-control"), Some("no-cache"));

        let bundle = "/index/index.fedcba9876543210.trovi";
        let (status, headers, body) = get(addr, "GET", bundle, "Range: bytes=2-5\r\n");
        assert!(status.contains("206"), "{status}");
        assert_eq!(body, b"2345");
        assert_eq!(value(&headers, "content-range"), Some("bytes 2-5/10"));
        assert_eq!(value(&headers, "accept-ranges"), Some("bytes"));
        assert_eq!(value(&headers, "content-length"), Some("4"));

        let (status, _, body) = get(addr, "GET", bundle, "Range: bytes=-3\r\n");
        assert!(status.contains("206"), "{status}");
        assert_eq!(body, b"789");

        let (status, headers, _) = get(addr, "GET", bundle, "Range: bytes=10-\r\n");
        assert!(status.contains("416"), "{status}");
        assert_eq!(value(&headers, "content-range"), Some("bytes */10"));

        let (_, headers, _) = get(addr, "GET", bundle, "");
        let etag = value(&headers, "etag").expect("etag").to_string();
        let (status, _, body) = get(addr, "GET", bundle, "Range: bytes=0-0\r\nIf-Range: \"stale\"\r\n");
        assert!(status.contains("200"), "a stale If-Range gets the whole file: {status}");
        assert_eq!(body, b"0123456789");
        let (status, _, body) = get(addr, "GET", bundle, &format!("Range: bytes=0-0\r\nIf-Range: {etag}\r\n"));
        assert!(status.contains("206"), "{status}");
        assert_eq!(body, b"0");
        let (status, _, body) = get(addr, "GET", bundle, &format!("If-None-Match: {etag}\r\n"));
        assert!(status.contains("304"), "{status}");
        assert!(body.is_empty());

        let (status, headers, body) = get(addr, "HEAD", "/index/trovi.json", "");
        assert!(status.contains("200"), "{status}");
        assert!(body.is_empty());
        assert_eq!(value(&headers, "content-length"), Some("20"));

        assert!(get(addr, "GET", "/missing", "").0.contains("404"));
        assert!(get(addr, "GET", "/index/../outside/secret.txt", "").0.contains("403"));
        assert!(get(addr, "GET", "/%2e%2e/outside/secret.txt", "").0.contains("403"));
        assert!(get(addr, "POST", "/", "Content-Length: 0\r\n").0.contains("405"));

        // Requests are answered concurrently: a client that connects and says
        // nothing does not hold up the others.
        let idle = TcpStream::connect(addr).expect("connect");
        assert!(get(addr, "GET", "/", "").0.contains("200"));
        drop(idle);

        for _ in 0..workers.len() {
            server.unblock();
        }
        for worker in workers {
            worker.join().expect("worker");
        }
    }
}
