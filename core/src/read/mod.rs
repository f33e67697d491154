//! Readers: article files in, [`Article`]s out (the `indexer` feature).
//!
//! [`read_inputs`] takes files and directories and streams every article it
//! finds to a sink, so a million-article input never sits in memory at once.
//! It never fails as a whole and never panics on bad input: whatever cannot be
//! read is reported in the returned [`ReadReport`], and the rest goes on.
//!
//! # Inputs
//!
//! Directories are walked recursively in sorted (byte-wise file name) order;
//! hidden files and directories (names starting with `.`) are skipped, and so
//! are files whose extension is not one of those below, and a folder's own
//! notes: files named `README`, `LICENSE`, `LICENCE`, `COPYING`, `CHANGELOG` or
//! `NOTICE` (any case, any extension) are not articles when met in a walk. A file named
//! explicitly must have one of these extensions (case-insensitive), or it is
//! reported as skipped.
//!
//! | Extension | Format | Articles |
//! |---|---|---|
//! | `.jsonl`, `.ndjson` | Article JSONL: one JSON object per line | one per line |
//! | `.json` | a JSON array of article objects, or one article object | one per element |
//! | `.md`, `.markdown` | Markdown, optional YAML (`---`) or TOML (`+++`) front matter | one per file |
//! | `.txt` | plain text: first non-empty line is the title | one per file |
//! | `.html`, `.htm` | an HTML page | one per file |
//!
//! JSON records use the Article JSONL keys (`id`, `title`, `body`, `url`,
//! `date`, `author`, `tags`; others are ignored), read leniently: `id` may be
//! a number, `date` may be `YYYY-MM-DD` (an unparseable date is a warning and
//! the article is indexed without it), `tags` may be a single string (one
//! tag), `author` may be a list of names (joined with `, `). A UTF-8 byte
//! order mark and CRLF line ends are accepted. In JSONL, a line that is not
//! valid JSON or not valid UTF-8 is skipped and reported with its line number;
//! the other lines are still read.
//!
//! Markdown front matter keys: `title`, `date`, `tags` (a list or a
//! comma-separated string), `author`/`authors` (a string or a list), `url`
//! (else `permalink`), `id`, and `draft` (a draft is skipped). Without a
//! front-matter title the first level-1 heading is the title (and is removed
//! from the body). The body is plain text: markup, link targets and raw HTML
//! are dropped; link text, image alt text and code are kept.
//!
//! Plain-text files drop trailing boilerplate lines such as `Comments` or
//! `Share this:` (see [`ReadOptions::boilerplate`]). If the body has blank
//! lines, they separate paragraphs (and lines within a paragraph are joined);
//! otherwise every line is a paragraph.
//!
//! HTML pages: the title is the first `<h1>` (preferring one inside the
//! content), else `og:title`, else `<title>`; the body is the text of
//! `<article>`, else `<main>`, else `<body>`, without navigation, headers,
//! footers, asides, scripts, forms and hidden elements. Date, author, tags and
//! URL come from the usual `<meta>`/`<link rel=canonical>` tags.
//!
//! In every body, paragraphs are separated by `\n\n` and whitespace inside a
//! paragraph is collapsed to single spaces (JSON bodies are taken as given).
//!
//! # Ids
//!
//! An article's id is the record's `id` (JSON, or Markdown front matter).
//! Otherwise it is derived from where the article came from:
//!
//! - one-article files (Markdown, text, HTML): the path relative to the input
//!   given, without extension, with `/` separators (`posts/hello-world` for
//!   `site/posts/hello-world.md` when `site` was given; `hello-world` when the
//!   file itself was given);
//! - JSON records: `<file stem>-<n>`, where `n` is the 1-based line (JSONL)
//!   or element number (JSON array).
//!
//! **Duplicate ids: the first wins.** Across everything read in one call, an
//! article whose id was already read is skipped, with a diagnostic naming the
//! place of the first (`duplicate id "x" (first seen at a.jsonl:3)`). Inputs
//! are read in the order given and directories in sorted order, so which one
//! wins is deterministic.
//!
//! # Titles and bodies
//!
//! An article with a body but no title is indexed with an empty title and a
//! `no title` warning; one with neither is skipped.
//!
//! # Encodings and limits
//!
//! Files are UTF-8; a UTF-8 byte order mark and CRLF line ends are accepted
//! in every format. A file that starts with a UTF-16 or UTF-32 byte order
//! mark is skipped with a message saying so (convert it to UTF-8). Invalid
//! UTF-8 skips the line in JSONL, the file in JSON (where it is a syntax
//! error), and is replaced with U+FFFD, with a warning, in one-article files.
//!
//! Sizes that would make every search that finds an article slow, or the
//! bundle huge, are bounded, each with a warning naming the file:
//!
//! - a body longer than 1 MiB is cut to its first 1 MiB, after the last
//!   paragraph break (else the last whitespace) before that point;
//! - an article keeps its first 256 tags;
//! - HTML nested deeper than 512 elements (as Chromium's parser also limits)
//!   is flattened below that depth before parsing: the text is kept, only
//!   the structure below level 512 is lost. (Parsing 100,000 nested `<div>`s
//!   as they are takes minutes: the HTML tree builder's work grows with the
//!   square of the depth.)

mod fields;
#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzzing;
pub(crate) mod html;
mod jsonl;
mod markdown;
#[cfg(test)]
mod tests;
mod text;

use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io::BufRead;
use std::path::{Component, Path, PathBuf};

use crate::Article;

/// Options for [`read_inputs`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    /// Lines dropped from the end of plain-text (`.txt`) article bodies, such
    /// as `Comments` or `Share this:`: compared case-insensitively after
    /// trimming, and dropped repeatedly (blank lines in between are dropped
    /// too). The default is a list of common web-page leftovers.
    pub boilerplate: Vec<String>,
}

/// The default [`ReadOptions::boilerplate`] lines.
const DEFAULT_BOILERPLATE: &[&str] = &[
    "Comments",
    "Comment",
    "No comments",
    "No comments:",
    "Post a Comment",
    "Post Comments (Atom)",
    "Subscribe to: Post Comments (Atom)",
    "Subscribe to: Posts (Atom)",
    "Leave a comment",
    "Leave a Reply",
    "Reply",
    "Share",
    "Share this",
    "Share this:",
    "Share this article",
    "Share this post",
    "Share on Facebook",
    "Share on Twitter",
    "Tweet",
    "Like this:",
    "Like",
    "Loading...",
    "Related",
    "Related posts",
    "Related posts:",
    "Related articles",
    "Related Stories",
    "Read more",
    "Continue reading",
    "Advertisement",
    "Sponsored",
    "Subscribe",
    "Newsletter",
    "Print",
    "Email",
    "Tags",
    "Tags:",
    "Newer Post",
    "Older Post",
    "Newer Post Older Post Home",
    "Home",
    "Back to top",
];

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            boilerplate: DEFAULT_BOILERPLATE
                .iter()
                .map(|line| line.to_string())
                .collect(),
        }
    }
}

/// A problem with one input file or one record in it.
///
/// Displays as `path:line: message` (`path: message` when there is no line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The input file (or the path given, when it could not be opened).
    pub path: PathBuf,
    /// The 1-based line, where the format has lines and the line is known.
    pub line: Option<usize>,
    /// What is wrong, in words.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl From<Diagnostic> for crate::Error {
    fn from(diagnostic: Diagnostic) -> Self {
        crate::Error::input(diagnostic.path, diagnostic.line, diagnostic.message)
    }
}

/// What [`read_inputs`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadReport {
    /// Articles passed to the sink.
    pub read: usize,
    /// Files opened.
    pub files: usize,
    /// Files or records not indexed, with the reason.
    pub skipped: Vec<Diagnostic>,
    /// Articles indexed, but with a problem (no title, an unparseable date, …).
    pub warnings: Vec<Diagnostic>,
}

/// Reads articles from files and directories, passing each to `sink`.
///
/// Inputs are files or directories (walked recursively in sorted order,
/// hidden entries skipped). Formats by extension: `.jsonl`/`.ndjson` (Article
/// JSONL), `.json` (an array of articles or one article), `.md`/`.markdown`
/// (Markdown with optional YAML or TOML front matter), `.txt` (plain text,
/// first line is the title), `.html`/`.htm` (one article per page).
///
/// Ids come from the record, else from the path: `posts/hello-world` for a
/// one-article file (relative to the directory given), `<file stem>-<n>` for
/// the `n`th line or element of a JSON file. **Duplicate ids: the first
/// wins**; later ones are skipped with a diagnostic naming the first place.
///
/// Never fails as a whole and never panics on bad input: problems are
/// collected in the returned report (`skipped`: not indexed; `warnings`:
/// indexed with a problem, such as no title).
pub fn read_inputs(
    paths: &[PathBuf],
    options: &ReadOptions,
    sink: &mut dyn FnMut(Article),
) -> ReadReport {
    let mut reader = Reader::new(options, sink);
    for path in paths {
        reader.input(path);
    }
    reader.report
}

/// Like [`read_inputs`], collecting the articles into a `Vec` (for small inputs and tests).
#[allow(dead_code)] // re-exported from lib.rs by whoever wants it
pub fn read_all(paths: &[PathBuf], options: &ReadOptions) -> (Vec<Article>, ReadReport) {
    let mut articles = Vec::new();
    let report = read_inputs(paths, options, &mut |article| articles.push(article));
    (articles, report)
}

/// The file formats, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Jsonl,
    Json,
    Markdown,
    Text,
    Html,
}

const EXPECTED_EXTENSIONS: &str =
    "expected .jsonl, .ndjson, .json, .md, .markdown, .txt, .html or .htm";

fn kind_of(path: &Path) -> Option<Kind> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match extension.as_str() {
        "jsonl" | "ndjson" => Kind::Jsonl,
        "json" => Kind::Json,
        "md" | "markdown" => Kind::Markdown,
        "txt" => Kind::Text,
        "html" | "htm" => Kind::Html,
        _ => return None,
    })
}

/// Where in a file a record sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Loc {
    /// The whole file (one-article formats).
    File,
    /// A 1-based line (JSONL).
    Line(usize),
    /// A 1-based element number (JSON array).
    Element(usize),
}

impl Loc {
    fn line(self) -> Option<usize> {
        match self {
            Loc::Line(line) => Some(line),
            Loc::File | Loc::Element(_) => None,
        }
    }

    /// The message with the element number in front, where there is one.
    fn message(self, message: String) -> String {
        match self {
            Loc::Element(n) => format!("element {n}: {message}"),
            Loc::File | Loc::Line(_) => message,
        }
    }
}

/// The state of one [`read_inputs`] call.
struct Reader<'a> {
    /// `ReadOptions::boilerplate`, trimmed and lower-cased.
    boilerplate: Vec<String>,
    sink: &'a mut dyn FnMut(Article),
    report: ReadReport,
    /// Every file opened so far; `seen` refers to them by index.
    files: Vec<PathBuf>,
    /// Ids read so far, with the file index and place of the first.
    seen: HashMap<String, (usize, Loc)>,
}

impl<'a> Reader<'a> {
    fn new(options: &ReadOptions, sink: &'a mut dyn FnMut(Article)) -> Self {
        Reader {
            boilerplate: options
                .boilerplate
                .iter()
                .map(|line| line.trim().to_lowercase())
                .filter(|l| !l.is_empty())
                .collect(),
            sink,
            report: ReadReport::default(),
            files: Vec::new(),
            seen: HashMap::new(),
        }
    }

    fn skip(&mut self, path: &Path, line: Option<usize>, message: impl Into<String>) {
        self.report.skipped.push(Diagnostic {
            path: path.to_path_buf(),
            line,
            message: message.into(),
        });
    }

    fn warn(&mut self, path: &Path, line: Option<usize>, message: impl Into<String>) {
        self.report.warnings.push(Diagnostic {
            path: path.to_path_buf(),
            line,
            message: message.into(),
        });
    }

    /// One path as given by the caller.
    fn input(&mut self, path: &Path) {
        match std::fs::metadata(path) {
            Err(error) => self.skip(path, None, error.to_string()),
            Ok(meta) if meta.is_dir() => self.walk(path),
            Ok(_) => match kind_of(path) {
                Some(kind) => {
                    let name = path.file_name().map(Path::new).unwrap_or(path);
                    self.file(path, kind, name);
                }
                None => {
                    let message = match path.extension() {
                        Some(extension) => {
                            format!(
                                "unknown file type .{}; {EXPECTED_EXTENSIONS}",
                                extension.to_string_lossy()
                            )
                        }
                        None => format!("unknown file type (no extension); {EXPECTED_EXTENSIONS}"),
                    };
                    self.skip(path, None, message);
                }
            },
        }
    }

    /// A directory: every known file under it (but its notes, see [`is_folder_note`]), in sorted order, hidden ones skipped.
    fn walk(&mut self, root: &Path) {
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| {
                entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
            });
        for entry in walker {
            match entry {
                Err(error) => {
                    let path = error.path().unwrap_or(root).to_path_buf();
                    let message = match error.io_error() {
                        Some(io) if error.loop_ancestor().is_none() => io.to_string(),
                        _ => error.to_string(),
                    };
                    self.skip(&path, None, message);
                }
                Ok(entry) => {
                    if !entry.file_type().is_file() {
                        continue;
                    }
                    if is_folder_note(entry.path()) {
                        continue;
                    }
                    if let Some(kind) = kind_of(entry.path()) {
                        let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
                        self.file(entry.path(), kind, relative);
                    }
                }
            }
        }
    }

    /// One file of a known kind; `relative` is its path relative to the input
    /// given (for ids of one-article files).
    fn file(&mut self, path: &Path, kind: Kind, relative: &Path) {
        match File::open(path) {
            Ok(file) => self.contents(path, kind, relative, std::io::BufReader::new(file)),
            Err(error) => self.skip(path, None, error.to_string()),
        }
    }

    /// The contents of one file of a known kind, opened from `path`.
    fn contents(&mut self, path: &Path, kind: Kind, relative: &Path, mut input: impl BufRead) {
        self.report.files += 1;
        let index = self.files.len();
        self.files.push(path.to_path_buf());
        if let Ok(start) = input.fill_buf()
            && let Some(encoding) = utf16_or_32(start)
        {
            let message = format!("{encoding} text (it starts with a {encoding} byte order mark); trovi reads UTF-8: convert the file");
            return self.skip(path, None, message);
        }
        let stem = path
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default();
        match kind {
            Kind::Jsonl => jsonl::read_jsonl(self, index, &stem, input),
            Kind::Json => jsonl::read_json(self, index, &stem, input),
            Kind::Markdown | Kind::Text | Kind::Html => {
                let mut bytes = Vec::new();
                if let Err(error) = input.read_to_end(&mut bytes) {
                    return self.skip(path, None, error.to_string());
                }
                self.one_article(index, kind, relative, bytes);
            }
        }
    }

    /// The bytes of a one-article file (Markdown, text, HTML).
    fn one_article(&mut self, index: usize, kind: Kind, relative: &Path, bytes: Vec<u8>) {
        let path = self.path_of(index);
        let mut warnings = Vec::new();
        let text = decode(bytes, &mut warnings);
        if text.trim().is_empty() {
            return self.warn(&path, None, "empty file, no articles");
        }
        let derived_id = path_id(relative);
        match kind {
            Kind::Markdown => match markdown::read_markdown(&text) {
                Err((line, message)) => self.skip(&path, line, message),
                Ok(fields) if fields.draft => self.skip(&path, None, "draft"),
                Ok(fields) => {
                    warnings.extend(fields.warnings.iter().cloned());
                    let article = fields.into_article(derived_id);
                    self.accept(article, index, Loc::File, warnings);
                }
            },
            Kind::Text => {
                let (title, body) = text::read_text(&text, &self.boilerplate);
                self.accept(
                    Article::new(derived_id, title, body),
                    index,
                    Loc::File,
                    warnings,
                );
            }
            Kind::Html => {
                let page = html::read_html_page(&text);
                warnings.extend(page.warnings);
                let mut article = page.article;
                article.id = derived_id;
                self.accept(article, index, Loc::File, warnings);
            }
            Kind::Jsonl | Kind::Json => {}
        }
    }

    /// One JSON value from a JSONL line or a JSON array element.
    fn record(&mut self, value: serde_json::Value, index: usize, stem: &str, loc: Loc) {
        let n = match loc {
            Loc::Line(n) | Loc::Element(n) => n,
            Loc::File => 1,
        };
        let serde_json::Value::Object(map) = value else {
            let message = format!(
                "expected a JSON object (an article), found {}",
                fields::kind_name(&value)
            );
            return self.skip_at(index, loc, message);
        };
        match fields::Fields::from_map(&map, fields::Style::Record) {
            Err(message) => self.skip_at(index, loc, message),
            Ok(mut fields) => {
                let warnings = std::mem::take(&mut fields.warnings);
                let article = fields.into_article(format!("{stem}-{n}"));
                self.accept(article, index, loc, warnings);
            }
        }
    }

    /// The path of file `index`.
    fn path_of(&self, index: usize) -> PathBuf {
        self.files.get(index).cloned().unwrap_or_default()
    }

    /// Skips a record of file `index` at `loc`.
    fn skip_at(&mut self, index: usize, loc: Loc, message: String) {
        let path = self.path_of(index);
        self.skip(&path, loc.line(), loc.message(message));
    }

    /// Warns about a record of file `index` at `loc`.
    fn warn_at(&mut self, index: usize, loc: Loc, message: String) {
        let path = self.path_of(index);
        self.warn(&path, loc.line(), loc.message(message));
    }

    /// Checks an article read from file `index` at `loc` and passes it to the
    /// sink: skipped when it has neither title nor body or its id was seen
    /// before; `warnings` are reported only when it is indexed.
    fn accept(&mut self, mut article: Article, index: usize, loc: Loc, mut warnings: Vec<String>) {
        let id = article.id.trim();
        if id.len() != article.id.len() {
            article.id = id.to_string();
        }
        article.title = collapse_whitespace(&article.title);
        let body = article.body.trim();
        if body.len() != article.body.len() {
            article.body = body.to_string();
        }
        if article.title.is_empty() && article.body.is_empty() {
            return self.skip_at(index, loc, "no title and no body".into());
        }
        if article.body.len() > MAX_BODY_BYTES {
            let was = article.body.len();
            article.body.truncate(cut_point(&article.body, MAX_BODY_BYTES));
            article.body.truncate(article.body.trim_end().len());
            warnings.push(format!(
                "body is {}; indexed its first {} bytes (bodies are cut at 1 MiB, at a paragraph break where there is one)",
                mebibytes(was),
                thousands(article.body.len())
            ));
        }
        if article.tags.len() > MAX_TAGS {
            let was = article.tags.len();
            article.tags.truncate(MAX_TAGS);
            warnings.push(format!("{was} tags; only the first {MAX_TAGS} are indexed"));
        }
        if let Some(&(first_file, first_loc)) = self.seen.get(&article.id) {
            let first = place(&self.path_of(first_file), first_loc);
            let message = format!("duplicate id {:?} (first seen at {first})", article.id);
            return self.skip_at(index, loc, message);
        }
        self.seen.insert(article.id.clone(), (index, loc));
        for warning in warnings {
            self.warn_at(index, loc, warning);
        }
        if article.title.is_empty() {
            self.warn_at(index, loc, "no title".into());
        }
        (self.sink)(article);
        self.report.read += 1;
    }
}

/// Longest body indexed, in bytes: a longer one is cut (see [`cut_point`])
/// with a warning. 1 MiB keeps the longest real articles whole (a long
/// Wikipedia article is a few hundred KiB of text) while one huge record
/// cannot make every search that finds it slow (snippets scan the body) or
/// the bundle that browsers download huge.
pub(crate) const MAX_BODY_BYTES: usize = 1 << 20;

/// Most tags kept per article (the first ones); more come with a warning.
/// Every tag of a hit is shown with it, in the CLI's output and the web app.
pub(crate) const MAX_TAGS: usize = 256;

/// Where to cut `text` to at most `max` bytes: after the last paragraph
/// break (`\n\n`) before `max`, else after the last whitespace, else at the
/// last character boundary (when neither is in the second half).
fn cut_point(text: &str, max: usize) -> usize {
    if text.len() <= max {
        return text.len();
    }
    let mut limit = max;
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let head = &text[..limit];
    let late = |at: &usize| *at >= limit / 2;
    head.rfind("\n\n")
        .filter(late)
        .or_else(|| head.rfind(char::is_whitespace).filter(late))
        .unwrap_or(limit)
}

/// `n` bytes (more than 1 MiB) as MiB, for messages.
fn mebibytes(n: usize) -> String {
    format!("{:.1} MiB", n as f64 / f64::from(1u32 << 20))
}

/// `n` with thousands separators: `1,048,576`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// `path:line`, `path (element n)` or `path`, for messages.
fn place(path: &Path, loc: Loc) -> String {
    match loc {
        Loc::File => path.display().to_string(),
        Loc::Line(line) => format!("{}:{line}", path.display()),
        Loc::Element(n) => format!("{} (element {n})", path.display()),
    }
}

/// The id of a one-article file: `relative` without extension, `/`-separated.
fn path_id(relative: &Path) -> String {
    let mut parts: Vec<String> = relative
        .components()
        .filter_map(|component| match component {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    if let (Some(last), Some(stem)) = (parts.last_mut(), relative.file_stem()) {
        *last = stem.to_string_lossy().into_owned();
    }
    parts.join("/")
}

/// Bytes of a whole file as text: a BOM dropped, invalid UTF-8 replaced (with a warning).
pub(crate) fn decode(mut bytes: Vec<u8>, warnings: &mut Vec<String>) -> String {
    if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
    }
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let bytes = error.into_bytes();
            let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
            warnings.push(format!(
                "invalid UTF-8 (first at line {line}), replaced with U+FFFD"
            ));
            String::from_utf8_lossy(&bytes).into_owned()
        }
    }
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The encoding named by a UTF-16 or UTF-32 byte order mark at the start of `bytes`.
fn utf16_or_32(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\xFF\xFE\0\0") || bytes.starts_with(b"\0\0\xFE\xFF") {
        Some("UTF-32")
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        Some("UTF-16")
    } else {
        None
    }
}

/// `text` with runs of whitespace (and control characters) replaced by one
/// space, trimmed.
fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| c.is_whitespace() || c.is_control()) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Builds a plain-text body paragraph by paragraph.
#[derive(Debug, Default)]
struct Paragraphs {
    done: Vec<String>,
    current: String,
}

impl Paragraphs {
    fn text(&mut self, text: &str) {
        self.current.push_str(text);
    }

    fn space(&mut self) {
        self.current.push(' ');
    }

    /// Ends the current paragraph; true when it had text (and was kept).
    fn flush(&mut self) -> bool {
        let paragraph = collapse_whitespace(&self.current);
        self.current.clear();
        if paragraph.is_empty() {
            return false;
        }
        self.done.push(paragraph);
        true
    }

    fn finish(mut self) -> Vec<String> {
        self.flush();
        self.done
    }
}

/// `README.md`, `LICENSE.txt` and the like describe a folder; they are not articles.
fn is_folder_note(path: &Path) -> bool {
    let stem = path.file_stem().map(|s| s.to_string_lossy().to_ascii_uppercase()).unwrap_or_default();
    matches!(stem.as_str(), "README" | "LICENSE" | "LICENCE" | "COPYING" | "CHANGELOG" | "NOTICE")
}
