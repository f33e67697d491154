#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::{Path, PathBuf};

use super::html::read_html_page;
use super::*;
use crate::format_date;

fn write(dir: &Path, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&path, content).unwrap();
    path
}

fn read(paths: &[PathBuf]) -> (Vec<Article>, ReadReport) {
    read_all(paths, &ReadOptions::default())
}

fn messages(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics.iter().map(ToString::to_string).collect()
}

#[test]
fn malformed_json_line_is_reported_with_file_and_line_and_the_rest_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "a.jsonl",
        "{\"id\":\"1\",\"title\":\"One\",\"body\":\"b\"}\n{\"id\":\"2\",\"title\":\n\n{\"id\":\"3\",\"title\":\"Three\"}\n",
    );
    let (articles, report) = read(std::slice::from_ref(&path));
    assert_eq!(
        articles.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
        ["1", "3"]
    );
    assert_eq!(report.read, 2);
    assert_eq!(report.files, 1);
    assert_eq!(report.skipped.len(), 1, "{:?}", report.skipped);
    let skipped = &report.skipped[0];
    assert_eq!(skipped.path, path);
    assert_eq!(skipped.line, Some(2));
    assert!(
        skipped
            .message
            .starts_with("invalid JSON: EOF while parsing"),
        "{}",
        skipped.message
    );
    assert!(
        skipped.to_string().contains("a.jsonl:2: invalid JSON"),
        "{skipped}"
    );
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
}

#[test]
fn invalid_utf8_line_is_skipped_alone() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"{\"id\":\"1\",\"title\":\"One\"}\n".to_vec();
    bytes.extend_from_slice(b"{\"id\":\"2\",\"title\":\"T\xff\xfe\"}\n");
    bytes.extend_from_slice(b"{\"id\":\"3\",\"title\":\"Three\"}");
    let path = write(dir.path(), "u.jsonl", bytes);
    let (articles, report) = read(&[path]);
    assert_eq!(
        articles.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
        ["1", "3"]
    );
    assert_eq!(report.skipped.len(), 1);
    assert_eq!(report.skipped[0].line, Some(2));
    assert_eq!(report.skipped[0].message, "invalid UTF-8");
}

#[test]
fn bom_and_crlf_are_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "b.ndjson",
        "\u{feff}{\"id\":\"1\",\"title\":\"One\",\"body\":\"Body one\"}\r\n\r\n{\"title\":\"Two\",\"body\":\"x\"}\r\n",
    );
    let (articles, report) = read(&[path]);
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert_eq!(articles.len(), 2);
    assert_eq!(articles[0].id, "1");
    assert_eq!(articles[0].body, "Body one");
    // No id: file stem and line number.
    assert_eq!(articles[1].id, "b-3");
    assert_eq!(articles[1].title, "Two");
}

#[test]
fn empty_files_are_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = write(dir.path(), "e.jsonl", "");
    let blank = write(dir.path(), "blank.jsonl", "\n  \r\n");
    let json = write(dir.path(), "e.json", "  \n");
    let md = write(dir.path(), "e.md", "\u{feff}");
    let (articles, report) = read(&[jsonl, blank, json, md]);
    assert!(articles.is_empty());
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert_eq!(report.files, 4);
    assert_eq!(report.warnings.len(), 4, "{:?}", report.warnings);
    assert!(
        report
            .warnings
            .iter()
            .all(|w| w.message == "empty file, no articles" && w.line.is_none())
    );
}

#[test]
fn missing_title_is_a_warning_and_missing_everything_a_skip() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "t.jsonl",
        "{\"id\":\"a\",\"body\":\"only a body\"}\n{\"id\":\"b\",\"title\":\"  \",\"body\":\"\"}\n{\"id\":\"c\"}\n",
    );
    let (articles, report) = read(&[path]);
    assert_eq!(articles.len(), 1);
    assert_eq!(articles[0].id, "a");
    assert_eq!(articles[0].title, "");
    assert_eq!(messages(&report.warnings).len(), 1);
    assert_eq!(report.warnings[0].line, Some(1));
    assert_eq!(report.warnings[0].message, "no title");
    assert_eq!(report.skipped.len(), 2);
    assert_eq!(
        report.skipped.iter().map(|d| d.line).collect::<Vec<_>>(),
        [Some(2), Some(3)]
    );
    assert!(
        report
            .skipped
            .iter()
            .all(|d| d.message == "no title and no body")
    );
}

#[test]
fn duplicate_ids_first_wins_and_the_message_names_the_first_place() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        dir.path(),
        "a.jsonl",
        "{\"id\":\"x\",\"title\":\"First\"}\n{\"id\":\"y\",\"title\":\"Y\"}\n",
    );
    let b = write(
        dir.path(),
        "b.jsonl",
        "{\"id\":\"z\",\"title\":\"Z\"}\n{\"id\":\"x\",\"title\":\"Second\"}\n",
    );
    let (articles, report) = read(&[a.clone(), b.clone()]);
    let x: Vec<_> = articles.iter().filter(|a| a.id == "x").collect();
    assert_eq!(x.len(), 1);
    assert_eq!(x[0].title, "First");
    assert_eq!(report.read, 3);
    assert_eq!(report.skipped.len(), 1);
    let skipped = &report.skipped[0];
    assert_eq!(skipped.path, b);
    assert_eq!(skipped.line, Some(2));
    assert_eq!(
        skipped.message,
        format!("duplicate id \"x\" (first seen at {}:1)", a.display())
    );
}

#[test]
fn missing_path_is_reported_and_the_rest_continues() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.jsonl");
    let good = write(dir.path(), "good.txt", "Title\nBody");
    let (articles, report) = read(&[missing.clone(), good]);
    assert_eq!(articles.len(), 1);
    assert_eq!(report.files, 1);
    assert_eq!(report.skipped.len(), 1);
    assert_eq!(report.skipped[0].path, missing);
    let expected = fs::metadata(&missing).unwrap_err().to_string();
    assert_eq!(report.skipped[0].message, expected);
}

#[test]
fn unknown_extension_given_explicitly_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "notes.xyz", "Title\nBody");
    let (articles, report) = read(&[path]);
    assert!(articles.is_empty());
    assert_eq!(report.files, 0);
    assert_eq!(report.skipped.len(), 1);
    assert!(
        report.skipped[0]
            .message
            .starts_with("unknown file type .xyz; expected .jsonl"),
        "{}",
        report.skipped[0]
    );
}

#[test]
fn json_array_and_single_object_with_lenient_fields() {
    let dir = tempfile::tempdir().unwrap();
    let array = write(
        dir.path(),
        "arr.json",
        r#"[
  {"id": 7, "title": "Seven", "body": "b", "tags": "rust", "date": "2023-01-02", "author": ["Ann", "Bob"], "extra": {"x": 1}},
  "not an article",
  {"title": "Third", "body": "c", "date": "yesterday"},
  {"id": "t", "title": "T", "tags": ["a", 2, "", ["nested"]], "url": "https://x/t"}
]"#,
    );
    let single = write(
        dir.path(),
        "one.json",
        "\u{feff}{\"title\":\"Only\",\"body\":\"one\"}",
    );
    let (articles, report) = read(&[array, single]);
    assert_eq!(
        articles.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
        ["7", "arr-3", "t", "one-1"]
    );
    let seven = &articles[0];
    assert_eq!(seven.tags, ["rust"]);
    assert_eq!(seven.author.as_deref(), Some("Ann, Bob"));
    assert_eq!(format_date(seven.date.unwrap()), "2023-01-02T00:00:00Z");
    assert!(articles[1].date.is_none());
    assert_eq!(articles[2].tags, ["a", "2"]);
    assert_eq!(articles[2].url.as_deref(), Some("https://x/t"));
    assert_eq!(report.skipped.len(), 1);
    assert_eq!(
        report.skipped[0].message,
        "element 2: expected a JSON object (an article), found a string"
    );
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    assert_eq!(
        report.warnings[0].message,
        "element 3: unparseable date \"yesterday\"; indexed without a date"
    );
}

#[test]
fn json_syntax_error_keeps_earlier_elements_and_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "bad.json",
        "[\n{\"id\":\"1\",\"title\":\"A\"},\n{\"id\":\"2\",\"title\":}\n]",
    );
    let (articles, report) = read(&[path]);
    assert_eq!(articles.len(), 1);
    assert_eq!(report.skipped.len(), 1);
    assert_eq!(report.skipped[0].line, Some(3));
    assert!(
        report.skipped[0]
            .message
            .starts_with("invalid JSON: expected value"),
        "{}",
        report.skipped[0]
    );
    assert!(
        report.skipped[0]
            .message
            .ends_with("; elements after element 1 were not read"),
        "{}",
        report.skipped[0]
    );
}

#[test]
fn markdown_yaml_front_matter() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "post.md",
        "---\r\ntitle: \"Hello: World\"\r\ndate: 2024-03-01\r\ntags: [rust, search]\r\nauthor: [Ann, Bob]\r\npermalink: /hello/\r\n---\r\nThe *body*.\r\n",
    );
    let (articles, report) = read(&[path]);
    assert!(
        report.skipped.is_empty() && report.warnings.is_empty(),
        "{report:?}"
    );
    let article = &articles[0];
    assert_eq!(article.id, "post");
    assert_eq!(article.title, "Hello: World");
    assert_eq!(article.body, "The body.");
    assert_eq!(article.tags, ["rust", "search"]);
    assert_eq!(article.author.as_deref(), Some("Ann, Bob"));
    assert_eq!(article.url.as_deref(), Some("/hello/"));
    assert_eq!(format_date(article.date.unwrap()), "2024-03-01T00:00:00Z");
}

#[test]
fn markdown_toml_front_matter_with_tag_string() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "t.md",
        "+++\nid = \"custom\"\ntitle = \"Toml\"\ndate = 2024-03-01T10:00:00Z\ntags = \"a, b ,c\"\nurl = \"https://e/x\"\n+++\n\nText.\n",
    );
    let (articles, report) = read(&[path]);
    assert!(report.skipped.is_empty(), "{report:?}");
    let article = &articles[0];
    assert_eq!(article.id, "custom");
    assert_eq!(article.title, "Toml");
    assert_eq!(article.tags, ["a", "b", "c"]);
    assert_eq!(article.url.as_deref(), Some("https://e/x"));
    assert_eq!(format_date(article.date.unwrap()), "2024-03-01T10:00:00Z");
}

#[test]
fn markdown_drafts_and_broken_front_matter_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let draft = write(
        dir.path(),
        "draft.md",
        "---\ntitle: Soon\ndraft: true\n---\nText\n",
    );
    let yaml = write(
        dir.path(),
        "yaml.md",
        "---\ntitle: ok\ntags: [a, b\nauthor: x\n---\nText\n",
    );
    let toml = write(
        dir.path(),
        "toml.md",
        "+++\ntitle = \"ok\"\n\ndate = = 3\n+++\nText\n",
    );
    let open = write(dir.path(), "open.md", "---\ntitle: never closed\nText\n");
    let (articles, report) = read(&[draft.clone(), yaml.clone(), toml.clone(), open.clone()]);
    assert!(articles.is_empty(), "{articles:?}");
    let skipped = &report.skipped;
    assert_eq!(skipped.len(), 4, "{skipped:?}");
    assert_eq!(
        (&skipped[0].path, skipped[0].message.as_str()),
        (&draft, "draft")
    );
    assert_eq!(skipped[1].path, yaml);
    assert!(
        skipped[1].message.starts_with("invalid YAML front matter"),
        "{}",
        skipped[1]
    );
    // The error is found at or after the unclosed list (file line 3).
    assert!(
        skipped[1].line.is_some_and(|line| (3..=5).contains(&line)),
        "{}",
        skipped[1]
    );
    assert_eq!(skipped[2].path, toml);
    assert!(
        skipped[2].message.starts_with("invalid TOML front matter"),
        "{}",
        skipped[2]
    );
    assert_eq!(skipped[2].line, Some(4), "{}", skipped[2]);
    assert_eq!(skipped[3].path, open);
    assert_eq!(skipped[3].line, Some(1));
    assert!(skipped[3].message.contains("not closed"), "{}", skipped[3]);
}

#[test]
fn markdown_body_is_plain_text_and_the_first_h1_is_the_title() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "doc.md",
        "# The *Title*\n\nSome **bold** and _italic_ text with a [link](https://example.com) and `code`.\n\n\
         ## Section two\n\n- item one\n- item two\n  - nested\n\n![alt text](img.png)\n\n<div class=\"x\">raw html</div>\n\n\
         ```rust\nfn main() {}\n```\n\n> quoted <span>inline</span>\n",
    );
    let (articles, report) = read(&[path]);
    assert!(report.warnings.is_empty(), "{report:?}");
    let article = &articles[0];
    assert_eq!(article.title, "The Title");
    assert_eq!(
        article.body,
        "Some bold and italic text with a link and code.\n\nSection two\n\nitem one\n\nitem two\n\nnested\n\n\
         alt text\n\nfn main() {}\n\nquoted inline"
    );
    for markup in ['#', '*', '_', '`', '[', '<'] {
        assert!(
            !article.body.contains(markup),
            "{markup} left in {:?}",
            article.body
        );
    }
    assert!(!article.body.contains("https://example.com"));
}

#[test]
fn markdown_without_any_title_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "notitle.md", "## Only a subheading\n\nText.\n");
    let (articles, report) = read(&[path]);
    assert_eq!(articles[0].title, "");
    assert_eq!(articles[0].body, "Only a subheading\n\nText.");
    assert_eq!(messages(&report.warnings).len(), 1);
    assert_eq!(report.warnings[0].message, "no title");
}

#[test]
fn plain_text_paragraphs_and_boilerplate() {
    let dir = tempfile::tempdir().unwrap();
    let wrapped = write(
        dir.path(),
        "wrapped.txt",
        "\n  My   Title  \n\nFirst paragraph\nwrapped here.\n\nSecond   one.\n\nShare this:\n\n  LEAVE A COMMENT \n",
    );
    let (articles, report) = read(&[wrapped]);
    assert!(report.warnings.is_empty());
    assert_eq!(articles[0].id, "wrapped");
    assert_eq!(articles[0].title, "My Title");
    assert_eq!(
        articles[0].body,
        "First paragraph wrapped here.\n\nSecond one."
    );
}

#[test]
fn seed_article_title_and_boilerplate() {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/seed/article.txt");
    if !seed.exists() {
        eprintln!("skipped: ../shared not present");
        return;
    }
    let (articles, report) = read(&[seed]);
    assert!(
        report.skipped.is_empty() && report.warnings.is_empty(),
        "{report:?}"
    );
    let article = &articles[0];
    assert_eq!(article.id, "article");
    assert_eq!(
        article.title,
        "Putin extends a warm embrace to military-technical cooperation within the context of an emerging multipolar global landscape"
    );
    assert!(
        article
            .body
            .starts_with("Russian President Vladimir Putin, in a recent public speech")
    );
    assert!(
        article
            .body
            .ends_with("characterized by confrontational camps and hegemonic tendencies."),
        "{}",
        article.body
    );
    assert!(!article.body.contains("Comment"));
    assert_eq!(article.body.split("\n\n").count(), 8);
}

#[test]
fn html_page() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "page.html",
        r#"<!doctype html><html><head>
<title>Site title | Example</title>
<meta name="author" content="Jane  Doe">
<meta name="keywords" content="rust, search ,wasm">
<meta property="article:tag" content="search">
<meta property="article:tag" content="tantivy">
<meta property="article:published_time" content="2024-05-06T07:08:09+02:00">
<link rel="canonical" href="https://example.com/p">
<style>p { color: red }</style>
</head><body>
<header><a href="/">Home</a></header>
<nav><ul><li>Menu item</li></ul></nav>
<main><h1>Page  heading</h1>
<p>First &amp; foremost
   paragraph.</p><div>Second<br>line</div>
<script>var x = "nope";</script>
<p hidden>hidden text</p><span aria-hidden="true">icon</span>
<form><input value="q"> Search form</form>
<table><tr><td>a</td><td>b</td></tr></table>
</main>
<aside>Related links</aside>
<footer>Copyright</footer>
</body></html>"#,
    );
    let (articles, report) = read(&[path]);
    assert!(
        report.warnings.is_empty() && report.skipped.is_empty(),
        "{report:?}"
    );
    let article = &articles[0];
    assert_eq!(article.id, "page");
    assert_eq!(article.title, "Page heading");
    assert_eq!(
        article.body,
        "First & foremost paragraph.\n\nSecond\n\nline\n\na b"
    );
    assert_eq!(article.author.as_deref(), Some("Jane Doe"));
    assert_eq!(article.tags, ["rust", "search", "wasm", "tantivy"]);
    assert_eq!(article.url.as_deref(), Some("https://example.com/p"));
    assert_eq!(format_date(article.date.unwrap()), "2024-05-06T05:08:09Z");
    for gone in [
        "Home",
        "Menu",
        "nope",
        "hidden",
        "icon",
        "Search form",
        "Related",
        "Copyright",
        "color",
    ] {
        assert!(!article.body.contains(gone), "{gone} in {:?}", article.body);
    }
}

#[test]
fn html_title_fallbacks_and_meta_date() {
    let og = read_html_page(
        r#"<html><head><title>Tab title</title><meta property="og:title" content="OG title">
<meta name="date" content="2020-01-02"></head><body><article><p>Text</p></article></body></html>"#,
    );
    assert_eq!(og.article.title, "OG title");
    assert_eq!(og.article.body, "Text");
    assert_eq!(
        format_date(og.article.date.unwrap()),
        "2020-01-02T00:00:00Z"
    );
    assert!(og.warnings.is_empty());

    let plain = read_html_page(
        "<title>Tab title</title><p>Body <time datetime=\"someday\">then</time></p>",
    );
    assert_eq!(plain.article.title, "Tab title");
    assert_eq!(plain.article.body, "Body then");
    assert!(plain.article.date.is_none());
    assert_eq!(
        plain.warnings,
        ["unparseable date \"someday\"; indexed without a date"]
    );

    // The h1 inside the article wins over a site-name h1 in the header, and is
    // not repeated at the start of the body.
    let article = read_html_page(
        "<body><header><h1>Site</h1></header><article><h1>Story</h1><p>Story text.</p></article></body>",
    );
    assert_eq!(article.article.title, "Story");
    assert_eq!(article.article.body, "Story text.");
}

#[test]
fn directory_walk_is_sorted_skips_hidden_and_unknown_files_and_derives_ids() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    write(&root, "posts/b.md", "# B\n\nb");
    write(&root, "posts/a.md", "# A\n\na");
    write(&root, "posts/hello-world.markdown", "# Hello\n\nworld");
    write(&root, "about.txt", "About\nus");
    write(&root, "z.HTML", "<h1>Z</h1><p>z</p>");
    write(&root, "feed.jsonl", "{\"title\":\"F\"}\n");
    write(&root, ".hidden.md", "# Hidden\n\nx");
    write(&root, ".git/config.md", "# Git\n\nx");
    write(&root, "posts/.draft/c.md", "# C\n\nc");
    write(&root, "image.png", "not text");
    write(&root, "notes.xyz", "ignored");
    write(&root, "README.md", "# About this folder\n\nnot an article");
    write(&root, "posts/LICENSE.txt", "MIT");
    let (articles, report) = read(std::slice::from_ref(&root));
    assert!(
        report.skipped.is_empty() && report.warnings.is_empty(),
        "{report:?}"
    );
    assert_eq!(
        articles.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
        [
            "about",
            "feed-1",
            "posts/a",
            "posts/b",
            "posts/hello-world",
            "z"
        ]
    );
    assert_eq!(report.files, 6);
    // The same again: deterministic.
    let (again, _) = read(std::slice::from_ref(&root));
    assert_eq!(articles, again);
    // A folder note named explicitly is read like any file.
    let (readme, _) = read(&[root.join("README.md")]);
    assert_eq!(readme[0].title, "About this folder");
}

#[test]
fn diagnostic_display() {
    let with_line = Diagnostic {
        path: "a/b.jsonl".into(),
        line: Some(3),
        message: "bad".into(),
    };
    let without = Diagnostic {
        path: "a/b.md".into(),
        line: None,
        message: "draft".into(),
    };
    assert_eq!(with_line.to_string(), "a/b.jsonl:3: bad");
    assert_eq!(without.to_string(), "a/b.md: draft");
    let error: crate::Error = with_line.into();
    assert_eq!(error.to_string(), "a/b.jsonl:3: bad");
}

#[test]
fn nothing_panics_on_odd_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let deep_json = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let deep_html = format!("{}text{}", "<div>".repeat(5_000), "</div>".repeat(5_000));
    let deep_md = format!("{}quote\n", "> ".repeat(2_000));
    let paths = [
        write(dir.path(), "deep.json", &deep_json),
        write(dir.path(), "deep.jsonl", &deep_json),
        write(dir.path(), "deep.html", &deep_html),
        write(dir.path(), "quotes.md", &deep_md),
        write(dir.path(), "weird.md", "---\n- a list\n---\nx"),
        write(dir.path(), "nul.txt", b"\0\0\xff\n\x01"),
        write(dir.path(), "num.json", "42"),
        write(
            dir.path(),
            "obj.jsonl",
            "[1]\n{\"id\":{\"a\":1},\"title\":\"x\"}\n{\"title\":[\"x\"]}\n",
        ),
    ];
    let (_, report) = read(&paths);
    assert_eq!(report.files, paths.len());
    assert!(report.skipped.len() >= 6, "{report:?}");
}

/// Reads `bytes` as a file named `name` (no file on disk).
fn read_named(name: &str, bytes: &[u8]) -> (Vec<Article>, ReadReport) {
    super::fuzzing::read_bytes(name, bytes).unwrap()
}

#[test]
fn utf16_and_utf32_files_are_skipped_with_a_message_naming_the_encoding() {
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend("{\"id\":\"a\",\"title\":\"A\"}\n".encode_utf16().flat_map(u16::to_le_bytes));
    for (name, bytes, encoding) in [
        ("a.jsonl", utf16.clone(), "UTF-16"),
        ("a.md", utf16.clone(), "UTF-16"),
        ("b.txt", b"\xFE\xFF\0T\0i".to_vec(), "UTF-16"),
        ("c.html", b"\xFF\xFE\0\0<\0\0\0".to_vec(), "UTF-32"),
    ] {
        let (articles, report) = read_named(name, &bytes);
        assert!(articles.is_empty(), "{name}");
        assert_eq!(messages(&report.skipped), [format!("{name}: {encoding} text (it starts with a {encoding} byte order mark); trovi reads UTF-8: convert the file")]);
    }
}

#[test]
fn huge_body_is_cut_at_a_paragraph_break_before_one_mebibyte_with_a_warning() {
    let paragraph = "Grain shipments rose again this week, traders said. ".repeat(40);
    let mut body = Vec::new();
    while body.iter().map(|p: &String| p.len() + 2).sum::<usize>() < 3 * MAX_BODY_BYTES {
        body.push(format!("{} {}", body.len(), paragraph.trim()));
    }
    let line = serde_json::json!({"id": "big", "title": "Big", "body": body.join("\n\n")}).to_string();
    let (articles, report) = read_named("big.jsonl", line.as_bytes());
    let cut = &articles[0].body;
    assert!(cut.len() <= MAX_BODY_BYTES && cut.len() > MAX_BODY_BYTES / 2, "{}", cut.len());
    assert!(body.join("\n\n").starts_with(cut.as_str()));
    let last = cut.rsplit("\n\n").next().unwrap();
    assert!(body.contains(&last.to_string()), "cut inside a paragraph: …{}", &last[last.len() - 40..]);
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    let warning = report.warnings[0].to_string();
    assert_eq!(
        warning,
        format!(
            "big.jsonl:1: body is 3.0 MiB; indexed its first {} bytes (bodies are cut at 1 MiB, at a paragraph break where there is one)",
            thousands(cut.len())
        )
    );
}

#[test]
fn thousands_separators() {
    assert_eq!(thousands(0), "0");
    assert_eq!(thousands(999), "999");
    assert_eq!(thousands(1_000), "1,000");
    assert_eq!(thousands(1_048_576), "1,048,576");
}

#[test]
fn cut_point_keeps_characters_whole() {
    let text = "é".repeat(10); // 2 bytes each, no whitespace
    assert_eq!(cut_point(&text, 7), 6);
    assert_eq!(cut_point("ab cd ef", 7), 5);
    assert_eq!(cut_point("ab cd\n\nef gh", 11), 5);
    // A paragraph break in the first half is too early: the last space instead.
    assert_eq!(cut_point("ab\n\ncd ef", 8), 6);
    assert_eq!(cut_point("short", 9), 5);
}

#[test]
fn tags_beyond_the_first_256_are_dropped_with_a_warning() {
    let tags: Vec<String> = (0..100_000).map(|n| format!("t{n}")).collect();
    let line = serde_json::json!({"id": "tags", "title": "Tags", "tags": tags}).to_string();
    let (articles, report) = read_named("tags.jsonl", line.as_bytes());
    assert_eq!(articles[0].tags, tags[..MAX_TAGS]);
    assert_eq!(messages(&report.warnings), ["tags.jsonl:1: 100000 tags; only the first 256 are indexed"]);
}

#[test]
fn html_nested_100k_deep_is_flattened_below_level_512_and_keeps_its_text() {
    let page = format!(
        "<html><head><title>Deep page</title></head><body>{}<p>deepest text</p>{}<p>after</p></body></html>",
        "<div class=\"x>y\">".repeat(100_000),
        "</div>".repeat(100_000)
    );
    let (articles, report) = read_named("deep.html", page.as_bytes());
    assert_eq!(articles[0].title, "Deep page");
    assert_eq!(articles[0].body, "deepest text\n\nafter");
    assert_eq!(
        messages(&report.warnings),
        ["deep.html: HTML elements nested 100002 levels deep; those below level 512 were flattened (their text is kept)"]
    );
}

#[test]
fn html_flattening_leaves_ordinary_pages_alone() {
    let ordinary = "<html><body><script>if (a < b && c > d) {}</script><!-- <div><div> --><ul><li>one<li>two</ul>\
                    <p>x<p>y<br><img src=a><div title='a>b'><a href=\"q\">link</a></div></body></html>";
    assert_eq!(super::html::flatten_deep(ordinary), None);
    let nested = format!("{}<b>text</b>{}", "<div>".repeat(600), "</div>".repeat(600));
    let (flat, depth) = super::html::flatten_deep(&nested).unwrap();
    assert_eq!(depth, 601);
    // Below level 512, tags go (the <b> at 601 too); the text stays.
    assert_eq!(flat, format!("{}text{}", "<div>".repeat(super::html::MAX_DEPTH), "</div>".repeat(super::html::MAX_DEPTH)));
}

#[test]
fn a_page_marked_noindex_is_skipped_unless_its_body_is_marked() {
    let page = crate::read::html::read_html_page(
        r#"<html><head><meta name="robots" content="noindex, follow"><title>All</title></head><body><p>text</p></body></html>"#,
    );
    assert_eq!(page.skip.as_deref(), Some("<meta name=\"robots\"> says noindex"));
    let page = crate::read::html::read_html_page(
        r#"<html><head><meta name="ROBOTS" content="index"></head><body><p>text</p></body></html>"#,
    );
    assert_eq!(page.skip, None);
    let page = crate::read::html::read_html_page(
        r#"<html><head><meta name="robots" content="noindex"></head><body><main data-trovi-body><p>text</p></main></body></html>"#,
    );
    assert_eq!(page.skip, None, "data-trovi-body opts the page in");
}
