//! The examples in core/examples/ do what their walkthroughs say: they are
//! built with the same cargo, run, and their output (or HTTP answers) checked.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// An example of trovi-core, built with the rest of the workspace (see `trovi_tests::executables`).
fn example(name: &str) -> &'static Path {
    trovi_tests::executables()
        .get(&("example".to_string(), name.to_string()))
        .map(PathBuf::as_path)
        .unwrap_or_else(|| panic!("cargo built no example {name:?}"))
}

/// Runs an example to completion (bounded: it is killed after two minutes).
fn run(name: &str) -> String {
    let mut child = Command::new(example(name)).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("example starts");
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("example {name} did not finish within two minutes");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stdout = String::new();
    let mut stderr = String::new();
    child.stdout.take().expect("stdout").read_to_string(&mut stdout).expect("read stdout");
    child.stderr.take().expect("stderr").read_to_string(&mut stderr).expect("read stderr");
    assert!(status.success(), "example {name} failed ({status}):\n{stdout}\n{stderr}");
    stdout
}

#[test]
fn markdown_blog_indexes_posts_and_searches_by_tag_newest_first() {
    let out = run("markdown_blog");
    assert!(out.contains("read 4 post(s) from 4 file(s)"), "{out}");
    assert!(out.contains("(4 articles,"), "{out}");
    // The tag filter drops the CSS post; the three Rust posts come newest first.
    assert!(out.contains("tag=rust sort=newest: 3 hit(s)"), "{out}");
    let ranked: Vec<&str> = out
        .lines()
        .filter(|line| line.starts_with(|c: char| c.is_ascii_digit()))
        .filter_map(|line| line.rsplit_once('[').map(|(_, id)| id.trim_end_matches(']')))
        .collect();
    assert_eq!(ranked, ["2024-07-04-rust-wasm", "2024-03-02-rust-errors", "2024-01-15-async-rust"], "{out}");
    // Highlights, front-matter metadata and the unfiltered facet counts.
    assert!(out.contains("1. [Rust] in the browser with WebAssembly"), "{out}");
    assert!(out.contains("2024-03-02 · Grace · rust"), "{out}");
    assert!(out.contains("without the tag filter: 4 hit(s)"), "{out}");
    assert!(out.contains("  rust: 3") && out.contains("  css: 1"), "{out}");
}

#[test]
fn live_update_shows_upsert_and_delete_in_search_and_bundle() {
    let out = run("live_update");
    for expected in [
        "after the first commit: 3 articles",
        "search \"roadmap\": 1 hit(s) roadmap (\"Roadmap for the spring\")",
        "after upsert + delete + commit: 2 articles",
        "search \"summer\": 1 hit(s) roadmap (\"Roadmap for the summer\")",
        "search \"spring\": 0 hit(s)",
        "search \"advisory\": 0 hit(s)",
        "with 2 articles to public/search",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
    }
    // The exported bundle, reopened, answers like the live index.
    assert_eq!(out.matches("search \"summer\": 1 hit(s)").count(), 2, "{out}");
}

/// The server child process, killed when the test ends (even by a panic).
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Sends one GET on loopback and returns the status and the body.
fn get(addr: SocketAddr, target: &str) -> (u16, String) {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(10)).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
    stream.set_write_timeout(Some(Duration::from_secs(10))).expect("timeout");
    write!(stream, "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").expect("send");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("read the response");
    let response = String::from_utf8(response).expect("UTF-8 response");
    let (head, body) = response.split_once("\r\n\r\n").expect("headers end");
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("status line");
    let chunked = head.lines().any(|l| l.to_ascii_lowercase().starts_with("transfer-encoding:") && l.contains("chunked"));
    let body = if chunked { dechunk(body) } else { body.to_string() };
    (status, body)
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).expect("chunk size");
        if size == 0 {
            break;
        }
        out.push_str(&rest[..size]);
        body = &rest[size + 2..];
    }
    out
}

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

fn ids(results: &serde_json::Value) -> Vec<String> {
    results["hits"].as_array().expect("hits").iter().map(|h| h["id"].as_str().expect("id").to_string()).collect()
}

#[test]
fn http_endpoint_answers_the_search_json_contract() {
    let child = Command::new(example("http_endpoint"))
        .arg("0")
        .env_remove("TROVI_INDEX")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the server starts");
    let mut server = Server(child);
    // The first stdout line names the bound address; wait for it, bounded.
    let stdout = server.0.stdout.take().expect("stdout");
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = send.send(line);
    });
    let line = receive.recv_timeout(Duration::from_secs(120)).expect("the server prints its address within two minutes");
    let addr: SocketAddr = line
        .trim()
        .strip_prefix("listening on http://")
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
    assert!(addr.ip().is_loopback() && addr.port() != 0, "{addr}");

    // The contract of `trovi search --json`.
    let (status, body) = get(addr, "/search?q=rust");
    assert_eq!(status, 200, "{body}");
    let all = json(&body);
    for key in ["total", "took_us", "hits", "facets"] {
        assert!(all.get(key).is_some(), "no {key} in {all}");
    }
    for key in ["tags", "authors"] {
        assert!(all["facets"][key].is_object(), "no facets.{key} in {all}");
    }
    let hit = &all["hits"][0];
    for key in ["id", "title", "url", "date", "author", "tags", "score", "snippet", "title_highlights"] {
        assert!(hit.get(key).is_some(), "hit without {key}: {hit}");
    }
    assert!(hit["snippet"]["text"].is_string() && hit["snippet"]["highlights"].is_array(), "{hit}");
    let total = all["total"].as_u64().expect("total");
    assert!(total >= 3, "{all}");

    // A tag filter narrows the results to articles with that tag.
    let (status, body) = get(addr, "/search?q=rust&tag=web");
    assert_eq!(status, 200, "{body}");
    let web = json(&body);
    let narrowed = web["total"].as_u64().expect("total");
    assert!(0 < narrowed && narrowed < total, "tag=web: {narrowed} of {total}");
    for hit in web["hits"].as_array().expect("hits") {
        assert!(hit["tags"].as_array().expect("tags").iter().any(|t| t == "web"), "{hit}");
    }

    // Sort, paging, a percent-encoded phrase and repeated tags.
    let newest = json(&get(addr, "/search?q=rust&sort=newest&limit=2").1);
    assert_eq!(ids(&newest), ["axum-intro", "rust-wasm"], "{newest}");
    let page2 = json(&get(addr, "/search?q=rust&sort=newest&limit=2&offset=2").1);
    // The CSS post says "no Rust involved": it matches the words, dated May.
    assert_eq!(ids(&page2), ["css-grid", "rust-errors"], "{page2}");
    let phrase = json(&get(addr, "/search?q=%22rust+in+the+browser%22").1);
    assert_eq!(ids(&phrase), ["rust-wasm"], "{phrase}");
    let either = json(&get(addr, "/search?q=&tag=css&tag=async&sort=oldest").1);
    assert_eq!(ids(&either), ["async-rust", "css-grid"], "{either}");

    // Bad parameters are a 400 with a JSON message; bad query syntax is not an error.
    for target in ["/search?q=rust&limit=abc", "/search?q=rust&sort=best", "/search?offset=999999"] {
        let (status, body) = get(addr, target);
        assert_eq!(status, 400, "{target}: {body}");
        assert!(json(&body)["error"].is_string(), "{target}: {body}");
    }
    let (status, body) = get(addr, "/search?q=%22unclosed+(rust+OR");
    assert_eq!(status, 200, "{body}");
    // The limit is capped.
    assert_eq!(json(&get(addr, "/search?q=rust&limit=100000").1)["hits"].as_array().map(Vec::len), Some(total.min(100) as usize));
}
