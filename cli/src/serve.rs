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
//! - HTTP/1.1 with keep-alive, one thread per connection (up to
//!   [`MAX_CONNECTIONS`]), so a browser's burst of range requests over its six
//!   connections is answered at once.
//! - Every file is sent with a strict `Content-Security-Policy`
//!   ([`CONTENT_SECURITY_POLICY`]): scripts only from this origin (and
//!   WebAssembly compilation), no inline scripts or styles, no plugins; the app
//!   works under it, and it is the second line of defence against markup
//!   injected through article text (the first: text is never rendered as HTML).

use anyhow::{Context, Result};
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, UNIX_EPOCH};

/// Connections served at once; one more is answered `503` and closed.
const MAX_CONNECTIONS: usize = 256;

/// How long a kept-alive connection may stay silent before it is closed.
const IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// The longest request head (request line and headers) read.
const MAX_HEAD_BYTES: usize = 16 * 1024;

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
    let listener = TcpListener::bind(("127.0.0.1", port)).with_context(|| format!("cannot listen on 127.0.0.1:{port}"))?;
    let port = listener.local_addr().map_or(port, |addr| addr.port());
    println!("trovi: serving {} at http://127.0.0.1:{port}/", index_dir.display());
    let searcher = match crate::search::open(index_dir) {
        Ok(searcher) => Some(searcher),
        Err(error) => {
            eprintln!("trovi: warning: GET /api/search is unavailable: {error:#}");
            None
        }
    };
    let roots = Roots { searcher: searcher.map(Arc::new), ..roots };
    serve(&listener, &Arc::new(roots));
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

/// Accepts connections from `listener` for ever, each on its own thread.
///
/// One thread per connection (up to [`MAX_CONNECTIONS`]) rather than a pool
/// of workers: a browser keeps up to six connections alive per host and sends
/// a burst of range requests over them; with tiny_http's four workers some of
/// those requests were never answered (`serve_answers_every_concurrent_range_request`).
fn serve(listener: &TcpListener, roots: &Arc<Roots>) {
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        // A failed accept (a client gone before it was accepted, or too many
        // open files for a moment) concerns that client only.
        let Ok(mut stream) = stream else { continue };
        if open.fetch_add(1, Ordering::AcqRel) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::AcqRel);
            let _ = Response::text(503, "too many connections\n").write(&mut stream, false, true);
            continue;
        }
        let roots = Arc::clone(roots);
        let count = Arc::clone(&open);
        let spawned = std::thread::Builder::new().name("trovi-serve".into()).spawn(move || {
            // A client that hung up or sent garbage is no concern of the others.
            let _ = connection(&roots, stream);
            count.fetch_sub(1, Ordering::AcqRel);
        });
        if spawned.is_err() {
            open.fetch_sub(1, Ordering::AcqRel);
        }
    }
}

/// A parsed request head.
#[derive(Debug)]
struct Request {
    method: String,
    target: String,
    /// HTTP/1.0 (no keep-alive unless asked for).
    http10: bool,
    headers: Vec<(String, String)>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Whether the connection stays open after the answer.
    fn keep_alive(&self) -> bool {
        let connection = self.header("Connection").map(str::to_ascii_lowercase).unwrap_or_default();
        if self.http10 { connection.contains("keep-alive") } else { !connection.contains("close") }
    }
}

/// Why a request head could not be read.
enum HeadError {
    /// The client closed the connection or went silent: close without answering.
    Gone,
    /// Not HTTP, or too long: answer with this status and close.
    Bad(u16),
}

/// Reads one request head (up to the empty line).
fn read_head(reader: &mut BufReader<TcpStream>) -> Result<Request, HeadError> {
    let mut head = Vec::new();
    loop {
        let before = head.len();
        let read = reader
            .by_ref()
            .take((MAX_HEAD_BYTES + 1 - before) as u64)
            .read_until(b'\n', &mut head)
            .map_err(|_| HeadError::Gone)?;
        if read == 0 {
            return Err(if head.is_empty() { HeadError::Gone } else { HeadError::Bad(400) });
        }
        if head.len() > MAX_HEAD_BYTES {
            return Err(HeadError::Bad(431));
        }
        let line = &head[before..];
        if line == b"\r\n" || line == b"\n" {
            // Empty lines before a request line are allowed (RFC 9112 §2.2).
            if before == 0 {
                head.clear();
                continue;
            }
            break;
        }
    }
    let text = std::str::from_utf8(&head).map_err(|_| HeadError::Bad(400))?;
    let mut lines = text.lines();
    let mut parts = lines.next().unwrap_or_default().split(' ');
    let (Some(method), Some(target), Some(version), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(HeadError::Bad(400));
    };
    let http10 = match version.trim_end() {
        "HTTP/1.1" => false,
        "HTTP/1.0" => true,
        v if v.starts_with("HTTP/") => return Err(HeadError::Bad(505)),
        _ => return Err(HeadError::Bad(400)),
    };
    if method.is_empty() || !target.starts_with('/') {
        return Err(HeadError::Bad(400));
    }
    let mut headers = Vec::new();
    for line in lines.filter(|l| !l.is_empty()) {
        let Some((name, value)) = line.split_once(':') else { return Err(HeadError::Bad(400)) };
        headers.push((name.trim().to_string(), value.trim().to_string()));
    }
    Ok(Request { method: method.to_string(), target: target.to_string(), http10, headers })
}

/// Answers the requests of one connection in order until it closes.
fn connection(roots: &Roots, stream: TcpStream) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    stream.set_read_timeout(Some(IDLE_TIMEOUT))?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    loop {
        let request = match read_head(&mut reader) {
            Ok(request) => request,
            Err(HeadError::Gone) => return Ok(()),
            Err(HeadError::Bad(status)) => {
                return Response::text(status, "bad request\n").write(&mut writer, false, true);
            }
        };
        // GET and HEAD have no body; anything announcing one is refused and
        // the connection closed, so a body is never read as the next request.
        let has_body = request.header("Content-Length").is_some_and(|v| v.trim() != "0")
            || request.header("Transfer-Encoding").is_some();
        let keep_alive = request.keep_alive() && !has_body;
        let head_only = request.method == "HEAD";
        let response = handle(roots, &request);
        response.write(&mut writer, head_only, !keep_alive)?;
        if !keep_alive {
            return Ok(());
        }
    }
}

/// What is sent back: status, headers and body.
struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Body,
}

enum Body {
    Bytes(Vec<u8>),
    /// `len` bytes of a file from its current position.
    File(File, u64),
}

impl Response {
    fn new(status: u16, body: Body) -> Response {
        Response { status, headers: Vec::new(), body }
    }

    fn text(status: u16, body: &str) -> Response {
        Response::new(status, Body::Bytes(body.as_bytes().to_vec())).with("Content-Type", "text/plain; charset=utf-8")
    }

    fn with(mut self, name: &'static str, value: &str) -> Response {
        self.headers.push((name, value.to_string()));
        self
    }

    /// Writes the response; the body is left out for `HEAD`.
    fn write(self, out: &mut impl Write, head_only: bool, close: bool) -> std::io::Result<()> {
        let len = match &self.body {
            Body::Bytes(bytes) => bytes.len() as u64,
            Body::File(_, len) => *len,
        };
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        // A 304 describes the stored response; a length of 0 would contradict it.
        if self.status != 304 {
            head.push_str(&format!("Content-Length: {len}\r\n"));
        }
        if close {
            head.push_str("Connection: close\r\n");
        }
        head.push_str("\r\n");
        let mut out = std::io::BufWriter::with_capacity(64 * 1024, out);
        out.write_all(head.as_bytes())?;
        if !head_only {
            match self.body {
                Body::Bytes(bytes) => out.write_all(&bytes)?,
                Body::File(file, len) => {
                    let copied = std::io::copy(&mut file.take(len), &mut out)?;
                    if copied != len {
                        // The file shrank under us: the length sent is a lie, so close.
                        return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "file shorter than announced"));
                    }
                }
            }
        }
        out.flush()
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        206 => "Partial Content",
        304 => "Not Modified",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        416 => "Range Not Satisfiable",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
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

/// `GET /api/search?q=…`: the `trovi search --json` contract, from the index
/// loaded at start-up.
fn api_search(roots: &Roots, query_string: &str) -> Response {
    let (status, body) = match &roots.searcher {
        Some(searcher) => crate::api::search_response(searcher, query_string),
        None => (503, "{\"error\":\"no index could be opened at start-up\"}".to_string()),
    };
    Response::new(status, Body::Bytes(body.into_bytes()))
        .with("Content-Type", "application/json")
        .with("Cache-Control", "no-store")
        .with("X-Content-Type-Options", "nosniff")
}

/// Answers one request.
fn handle(roots: &Roots, request: &Request) -> Response {
    if !matches!(request.method.as_str(), "GET" | "HEAD") {
        return Response::text(405, "method not allowed\n").with("Allow", "GET, HEAD");
    }
    let url = request.target.as_str();
    if let Some(rest) = url.strip_prefix("/api/search")
        && (rest.is_empty() || rest.starts_with('?'))
    {
        return api_search(roots, rest.trim_start_matches('?'));
    }
    let (root, path) = roots.route(url);
    let file = match resolve(root, path) {
        Resolved::File(file) => file,
        Resolved::NotFound => return Response::text(404, "not found\n"),
        Resolved::Forbidden => return Response::text(403, "forbidden\n"),
    };
    let Ok(mut body) = File::open(&file) else { return Response::text(404, "not found\n") };
    let Ok(metadata) = body.metadata() else { return Response::text(404, "not found\n") };
    let len = metadata.len();
    let modified = metadata.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok()).map_or(0, |d| d.as_secs());
    let etag = format!("\"{len:x}-{modified:x}\"");
    let common = |response: Response| {
        response
            .with("Content-Type", content_type(&file))
            .with("Cache-Control", cache_control(&file))
            .with("Accept-Ranges", "bytes")
            .with("ETag", &etag)
            .with("X-Content-Type-Options", "nosniff")
            .with("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    };

    if request.header("If-None-Match").is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*")) {
        return common(Response::new(304, Body::Bytes(Vec::new())));
    }
    // A range applies only while the file is the one the client saw (If-Range).
    let range_allowed = request.header("If-Range").is_none_or(|v| v.trim() == etag);
    let range = match request.header("Range") {
        Some(value) if range_allowed => parse_range(value, len),
        _ => Range::Full,
    };
    match range {
        Range::Full => common(Response::new(200, Body::File(body, len))),
        Range::Part { start, end } => {
            if body.seek(SeekFrom::Start(start)).is_err() {
                return Response::text(404, "not found\n");
            }
            common(Response::new(206, Body::File(body, end - start + 1)))
                .with("Content-Range", &format!("bytes {start}-{end}/{len}"))
        }
        Range::Unsatisfiable => Response::text(416, "range not satisfiable\n")
            .with("Content-Range", &format!("bytes */{len}"))
            .with("Accept-Ranges", "bytes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::SocketAddr;

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
        let addr = start(site.roots());

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
    }

    /// Serves `roots` on a free port for the rest of the test process.
    fn start(roots: Roots) -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("address");
        let roots = Arc::new(roots);
        std::thread::spawn(move || serve(&listener, &roots));
        addr
    }

    /// Reads one response off a kept-alive connection: (status, body).
    fn read_response(reader: &mut BufReader<TcpStream>) -> (u16, Vec<u8>) {
        let mut status = String::new();
        reader.read_line(&mut status).expect("status line");
        let code = status.split(' ').nth(1).and_then(|c| c.parse().ok()).expect("status code");
        let mut len = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).expect("header");
            if line == "\r\n" {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                len = value.trim().parse().expect("length");
            }
        }
        let mut body = vec![0; len];
        reader.read_exact(&mut body).expect("body");
        (code, body)
    }

    /// Regression: tiny_http with four workers left some of a browser's
    /// concurrent range requests unanswered (2 of 14 in the lazy-loading
    /// browser test; 8 of 700 over 14 kept-alive connections in a stress run).
    #[test]
    fn serve_answers_every_concurrent_range_request() {
        let site = Site::new("burst");
        let bundle: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(site.dir.join("index/big.0123456789abcdef.trovi"), &bundle).expect("write");
        let addr = start(site.roots());
        let clients: Vec<_> = (0..16u64)
            .map(|client| {
                let bundle = bundle.clone();
                std::thread::spawn(move || {
                    let stream = TcpStream::connect(addr).expect("connect");
                    stream.set_read_timeout(Some(std::time::Duration::from_secs(20))).expect("timeout");
                    let mut writer = stream.try_clone().expect("clone");
                    let mut reader = BufReader::new(stream);
                    for request in 0..20u64 {
                        let start = (client * 7919 + request * 104_729) % 150_000;
                        let end = start + 1_000 + (request * 3_001) % 40_000;
                        write!(writer, "GET /index/big.0123456789abcdef.trovi HTTP/1.1\r\nHost: t\r\nRange: bytes={start}-{end}\r\n\r\n")
                            .expect("send");
                        let (status, body) = read_response(&mut reader);
                        assert_eq!(status, 206, "client {client} request {request}");
                        assert_eq!(body, &bundle[start as usize..=end as usize], "client {client} request {request}");
                    }
                })
            })
            .collect();
        for client in clients {
            client.join().expect("every request answered with the right bytes");
        }
    }

    #[test]
    fn keep_alive_pipelining_and_bad_requests() {
        let site = Site::new("proto");
        let addr = start(site.roots());
        // Two pipelined requests on one connection: both answered, in order.
        let stream = TcpStream::connect(addr).expect("connect");
        stream.set_read_timeout(Some(std::time::Duration::from_secs(10))).expect("timeout");
        let mut writer = stream.try_clone().expect("clone");
        let mut reader = BufReader::new(stream);
        write!(
            writer,
            "GET /index/trovi.json HTTP/1.1\r\nHost: t\r\n\r\nGET /index/index.fedcba9876543210.trovi HTTP/1.1\r\nHost: t\r\nRange: bytes=0-3\r\n\r\n"
        )
        .expect("send");
        assert_eq!(read_response(&mut reader), (200, br#"{"format_version":1}"#.to_vec()));
        assert_eq!(read_response(&mut reader), (206, b"0123".to_vec()));
        // HEAD on the same connection: headers only, the connection still usable.
        write!(writer, "HEAD /index/trovi.json HTTP/1.1\r\nHost: t\r\n\r\nGET /sub/a%20b.txt HTTP/1.1\r\nHost: t\r\n\r\n").expect("send");
        let mut status = String::new();
        reader.read_line(&mut status).expect("status");
        assert!(status.contains("200"), "{status}");
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).expect("header");
            if line == "\r\n" {
                break;
            }
        }
        assert_eq!(read_response(&mut reader), (200, b"spaced".to_vec()));

        // Not HTTP: 400 and closed. A request with a body: 405 and closed,
        // the answer arriving even when the body is large and never read.
        let check = |raw: String, expected: &str| {
            let mut stream = TcpStream::connect(addr).expect("connect");
            stream.set_read_timeout(Some(std::time::Duration::from_secs(10))).expect("timeout");
            let sender = {
                let mut stream = stream.try_clone().expect("clone");
                std::thread::spawn(move || {
                    let _ = stream.write_all(raw.as_bytes());
                })
            };
            let mut answer = Vec::new();
            let read = stream.read_to_end(&mut answer);
            let _ = sender.join();
            let answer = String::from_utf8_lossy(&answer);
            assert!(answer.starts_with(&format!("HTTP/1.1 {expected}")), "{read:?}: {}", answer.lines().next().unwrap_or_default());
        };
        for (raw, expected) in [
            ("hello\r\n\r\n", "400"),
            ("GET / HTTP/2.0\r\n\r\n", "505"),
            ("GET relative HTTP/1.1\r\n\r\n", "400"),
            ("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello", "405"),
        ] {
            check(raw.to_string(), expected);
        }
        check(format!("PUT / HTTP/1.1\r\nContent-Length: 300000\r\n\r\n{}", "b".repeat(300_000)), "405");
        // A head too long: 431.
        let mut stream = TcpStream::connect(addr).expect("connect");
        stream.set_read_timeout(Some(std::time::Duration::from_secs(10))).expect("timeout");
        let long = format!("GET / HTTP/1.1\r\nX-Long: {}\r\n\r\n", "a".repeat(MAX_HEAD_BYTES));
        let _ = stream.write_all(long.as_bytes());
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        assert!(answer.starts_with(b"HTTP/1.1 431"), "{}", String::from_utf8_lossy(&answer));
    }
}
