//! The `trovi` command as a user runs it: exit codes, messages, JSON contract.

use std::fs;
use trovi_tests::{index_data, shared_file, trovi};

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn index(inputs: &[&std::path::Path], out: &std::path::Path) -> std::process::Output {
    let mut args: Vec<std::ffi::OsString> = vec!["index".into()];
    args.extend(inputs.iter().map(|p| p.as_os_str().to_owned()));
    args.extend(["--out".into(), out.as_os_str().to_owned()]);
    trovi(args)
}

#[test]
fn index_search_json_contract_on_index_data() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("idx");
    let o = index(&[&index_data()], &out);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("indexed 4783 articles"), "{}", stderr(&o));
    let manifest: serde_json::Value = serde_json::from_slice(&fs::read(out.join("trovi.json")).unwrap()).unwrap();
    let bundle = manifest["bundle"].as_str().unwrap();
    assert!(bundle.starts_with("index.") && bundle.ends_with(".trovi"), "{bundle}");
    assert_eq!(fs::metadata(out.join(bundle)).unwrap().len(), manifest["size"].as_u64().unwrap());

    let o = trovi(["search".as_ref(), out.as_os_str(), "world cup".as_ref(), "--json".as_ref(), "--limit".as_ref(), "3".as_ref()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["total"].as_u64().unwrap() >= 3);
    assert!(v["took_us"].is_u64());
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 3);
    for hit in hits {
        for key in ["id", "title", "url", "date", "author", "tags", "score", "snippet"] {
            assert!(hit.get(key).is_some(), "hit lacks {key}: {hit}");
        }
        let text = hit["snippet"]["text"].as_str().unwrap();
        for range in hit["snippet"]["highlights"].as_array().unwrap() {
            let (s, e) = (range[0].as_u64().unwrap() as usize, range[1].as_u64().unwrap() as usize);
            let word = text[s..e].to_lowercase();
            assert!(word.starts_with("world") || word.starts_with("cup"), "{word}");
        }
    }
    assert!(v["facets"]["tags"].as_object().unwrap().contains_key("category:sports"));
    assert!(v["facets"]["authors"].is_object());

    let o = trovi(["inspect".as_ref(), out.as_os_str()]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success() && text.contains("documents:      4783") && text.contains("format version: 1"), "{text}");
}

#[test]
fn malformed_json_line_is_reported_and_the_rest_indexed() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("news.jsonl");
    fs::write(
        &input,
        "{\"id\":\"a\",\"title\":\"Alpha grain\",\"body\":\"wheat\"}\n{\"id\":\"b\",\"title\": oops}\n{\"id\":\"c\",\"title\":\"Gamma grain\",\"body\":\"corn\"}\n",
    )
    .unwrap();
    let out = dir.path().join("idx");
    let o = index(&[&input], &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("news.jsonl:2:"), "{err}");
    assert!(err.contains("indexed 2 articles") && err.contains("skipped 1"), "{err}");
    let o = trovi(["search".as_ref(), out.as_os_str(), "grain".as_ref(), "--json".as_ref()]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["total"], 2);
}

#[test]
fn missing_path_and_empty_input_give_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.jsonl");
    let o = index(&[&missing], &dir.path().join("idx"));
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("nope.jsonl") && err.contains("nothing to index"), "{err}");
    let empty = dir.path().join("empty.jsonl");
    fs::write(&empty, "").unwrap();
    let o = index(&[&empty], &dir.path().join("idx"));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("empty.jsonl"), "{}", stderr(&o));
}

#[test]
fn usage_errors_exit_2_and_missing_index_exits_1() {
    let o = trovi(["search"]);
    assert_eq!(o.status.code(), Some(2));
    let o = trovi(["search", "/definitely/not/here", "x"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("trovi.json"), "{}", stderr(&o));
    let o = trovi(["index", "x", "--out", "y", "--lang", "klingon"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("klingon"));
}

#[test]
fn corrupt_or_newer_bundle_is_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("idx");
    assert!(index(&[&index_data().join("putin-army-2023-forum.txt")], &out).status.success());
    let manifest: serde_json::Value = serde_json::from_slice(&fs::read(out.join("trovi.json")).unwrap()).unwrap();
    let bundle_path = out.join(manifest["bundle"].as_str().unwrap());
    let good = fs::read(&bundle_path).unwrap();

    let mut flipped = good.clone();
    let at = flipped.len() - 10;
    flipped[at] ^= 0xff;
    fs::write(&bundle_path, &flipped).unwrap();
    let o = trovi(["search".as_ref(), out.as_os_str(), "putin".as_ref()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("corrupt bundle"), "{}", stderr(&o));

    let mut newer = good.clone();
    newer[8..12].copy_from_slice(&99u32.to_le_bytes());
    fs::write(&bundle_path, &newer).unwrap();
    let o = trovi(["search".as_ref(), out.as_os_str(), "putin".as_ref()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("version 99"), "{}", stderr(&o));

    fs::write(&bundle_path, &good[..good.len() / 2]).unwrap();
    let o = trovi(["search".as_ref(), out.as_os_str(), "putin".as_ref()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));

    fs::write(&bundle_path, &good).unwrap();
    let o = trovi(["search".as_ref(), out.as_os_str(), "putin".as_ref()]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn related_and_sorting_from_the_command_line() {
    let Some(reuters) = shared_file("news/reuters21578.jsonl") else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("idx");
    let o = index(&[&reuters], &out);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("indexed 21577 articles"), "{}", stderr(&o));
    let o = trovi(["search".as_ref(), out.as_os_str(), "cocoa".as_ref(), "--sort".as_ref(), "newest".as_ref(), "--json".as_ref()]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let dates: Vec<&str> = v["hits"].as_array().unwrap().iter().map(|h| h["date"].as_str().unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    let o = trovi(["related".as_ref(), out.as_os_str(), "reuters-1".as_ref(), "--json".as_ref()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 5);
    // Many Reuters stories carry no topic tags: judge by what they are about.
    let cocoa = hits
        .iter()
        .filter(|h| format!("{} {}", h["title"], h["snippet"]["text"]).to_lowercase().contains("cocoa"))
        .count();
    assert!(cocoa >= 4, "related to a cocoa review: {cocoa}/5 about cocoa: {hits:?}");
}

/// A build killed part-way leaves the previous index intact and loadable.
#[test]
fn killed_build_leaves_the_previous_index_loadable() {
    let Some(reuters) = shared_file("news/reuters21578.jsonl") else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("idx");
    assert!(index(&[&index_data().join("putin-army-2023-forum.txt")], &out).status.success());
    let before = fs::read(out.join("trovi.json")).unwrap();
    // Kill at several points of a build that writes over it.
    for delay_ms in [50u64, 300, 900] {
        let mut child = std::process::Command::new(trovi_tests::trovi_bin())
            .args(["index".as_ref(), reuters.as_os_str(), "--out".as_ref(), out.as_os_str()])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let finished = child.try_wait().unwrap().is_some();
        let _ = child.kill();
        let _ = child.wait();
        let o = trovi(["search".as_ref(), out.as_os_str(), "putin".as_ref(), "--json".as_ref()]);
        assert!(o.status.success(), "index unloadable after a kill at {delay_ms} ms: {}", stderr(&o));
        if !finished && fs::read(out.join("trovi.json")).unwrap() == before {
            let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
            assert_eq!(v["total"], 1, "the previous index answers");
        }
    }
}

/// `trovi serve` answers GET /api/search with the `--json` contract, safely
/// under parallel requests.
#[test]
fn serve_api_search_answers_parallel_requests() {
    use std::io::{BufRead, BufReader, Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("idx");
    assert!(index(&[&index_data()], &out).status.success());
    let mut child = std::process::Command::new(trovi_tests::trovi_bin())
        .args(["serve".as_ref(), out.as_os_str(), "--port".as_ref(), "0".as_ref(), "--app".as_ref(), dir.path().as_os_str()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let _guard = Kill(child);
    let addr = line.trim().rsplit("http://").next().unwrap().trim_end_matches('/').to_string();
    let get = |path: &str| -> (u16, serde_json::Value) {
        let mut stream = std::net::TcpStream::connect(&addr).unwrap();
        stream.set_read_timeout(Some(std::time::Duration::from_secs(30))).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let status = response[9..12].parse().unwrap();
        let body = response.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
        (status, serde_json::from_str(body).unwrap_or(serde_json::Value::Null))
    };
    let (status, expected) = get("/api/search?q=world+cup&limit=3");
    assert_eq!(status, 200);
    assert_eq!(expected["hits"].as_array().unwrap().len(), 3);
    let total = expected["total"].clone();
    std::thread::scope(|scope| {
        for i in 0..8 {
            let (get, expected) = (&get, &total);
            let path = if i % 2 == 0 { "/api/search?q=world+cup&limit=3" } else { "/api/search?q=world%20cup&tag=category%3Asports" };
            scope.spawn(move || {
                for _ in 0..5 {
                    let (status, v) = get(path);
                    assert_eq!(status, 200, "{path}");
                    if path.contains("tag=") {
                        assert!(v["total"].as_u64().unwrap() < expected.as_u64().unwrap());
                        assert!(v["hits"].as_array().unwrap().iter().all(|h| h["tags"][0] == "category:sports"));
                    } else {
                        assert_eq!(&v["total"], expected);
                    }
                }
            });
        }
    });
    let (status, v) = get("/api/search?q=x&limit=abc");
    assert_eq!(status, 400);
    assert!(v["error"].as_str().unwrap().contains("limit"), "{v}");
}
