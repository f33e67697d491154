//! Built static sites: every HTML page of a site folder as one article.
//!
//! [`read_site`] walks the folder a static-site generator wrote (Hugo, Zola,
//! Jekyll, mdBook, rustdoc, …) and reads each `.html` page with the HTML
//! reader, honouring the page authors' `data-trovi-*` attributes. A page's id
//! is its path in the site (`book/ch01-00-getting-started.html`), its URL that
//! path under the site's base URL, with `index.html` dropped
//! (`/docs/book/`).
//!
//! Pages are parsed on all cores, a batch at a time, and passed to the sink in
//! path order, so the same site always gives the same index.

use crate::read::html::read_html_page;
use crate::read::{Diagnostic, ReadReport};
use crate::Article;
use std::path::{Path, PathBuf};

/// How to read a site.
#[derive(Debug, Clone)]
pub struct SiteOptions {
    /// The URL path the site is served under (`/`, `/docs/`); page URLs start with it.
    pub base_url: String,
    /// Folders inside the site not to read (e.g. trovi's own output folder).
    pub exclude: Vec<PathBuf>,
    /// Threads parsing pages (0: one per core).
    pub threads: usize,
}

impl Default for SiteOptions {
    fn default() -> Self {
        SiteOptions { base_url: "/".into(), exclude: Vec::new(), threads: 0 }
    }
}

/// Pages parsed in parallel before they are passed on, in order.
const BATCH: usize = 512;

/// What one page gave: an article, or why not, plus warnings.
type PageOutcome = (std::result::Result<Article, String>, Vec<String>);

/// Reads every HTML page under `root` (in path order) and passes each
/// article to `sink`. Pages with `data-trovi-ignore` on `<html>`/`<body>`,
/// pages without text (such as redirect stubs) and unreadable files are
/// skipped and reported; nothing stops the walk.
///
/// # Errors
/// When `root` is not a readable folder.
pub fn read_site(root: &Path, options: &SiteOptions, sink: &mut dyn FnMut(Article)) -> crate::Result<ReadReport> {
    let metadata = std::fs::metadata(root).map_err(|e| crate::Error::input(root, None, format!("cannot read the site folder: {e}")))?;
    if !metadata.is_dir() {
        return Err(crate::Error::input(root, None, "not a folder: --site takes the folder a static-site generator built"));
    }
    let mut report = ReadReport::default();
    let pages = html_files(root, options, &mut report);
    let base = normalized_base(&options.base_url);
    let threads = match options.threads {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        n => n,
    }
    .max(1);
    for batch in pages.chunks(BATCH) {
        let outcomes = parse_batch(batch, threads);
        for ((path, relative), (outcome, warnings)) in batch.iter().zip(outcomes) {
            report.files += 1;
            for message in warnings {
                report.warnings.push(Diagnostic { path: path.clone(), line: None, message });
            }
            match outcome {
                Ok(mut article) => {
                    article.id = relative.clone();
                    article.url = Some(page_url(&base, relative));
                    report.read += 1;
                    sink(article);
                }
                Err(message) => report.skipped.push(Diagnostic { path: path.clone(), line: None, message }),
            }
        }
    }
    Ok(report)
}

/// The site's `.html`/`.htm` files, sorted, with their `/`-separated paths in the site.
fn html_files(root: &Path, options: &SiteOptions, report: &mut ReadReport) -> Vec<(PathBuf, String)> {
    let exclude: Vec<PathBuf> = options.exclude.iter().filter_map(|p| p.canonicalize().ok()).collect();
    let mut pages = Vec::new();
    let walk = walkdir::WalkDir::new(root).follow_links(true).sort_by_file_name().into_iter().filter_entry(|entry| {
        let hidden = entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.');
        let excluded = entry.file_type().is_dir()
            && !exclude.is_empty()
            && entry.path().canonicalize().is_ok_and(|p| exclude.contains(&p));
        !hidden && !excluded
    });
    for entry in walk {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error.path().unwrap_or(root).to_path_buf();
                report.skipped.push(Diagnostic { path, line: None, message: error.to_string() });
                continue;
            }
        };
        let is_html = entry.path().extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
        if !entry.file_type().is_file() || !is_html {
            continue;
        }
        let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let relative: Vec<String> = relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        pages.push((entry.path().to_path_buf(), relative.join("/")));
    }
    pages
}

/// Parses a batch of pages on `threads` threads; outcomes in batch order.
fn parse_batch(batch: &[(PathBuf, String)], threads: usize) -> Vec<PageOutcome> {
    let threads = threads.min(batch.len()).max(1);
    if threads == 1 {
        return batch.iter().map(|(path, _)| read_page(path)).collect();
    }
    let mut outcomes: Vec<Option<PageOutcome>> = (0..batch.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    batch.iter().enumerate().skip(t).step_by(threads).map(|(i, (path, _))| (i, read_page(path))).collect::<Vec<_>>()
                })
            })
            .collect();
        for worker in workers {
            // A worker that panicked leaves its pages as None: reported below.
            if let Ok(done) = worker.join() {
                for (i, outcome) in done {
                    outcomes[i] = Some(outcome);
                }
            }
        }
    });
    outcomes.into_iter().map(|o| o.unwrap_or_else(|| (Err("internal error while reading this page".into()), Vec::new()))).collect()
}

/// One page: its article, or why it is skipped.
fn read_page(path: &Path) -> PageOutcome {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => return (Err(error.to_string()), Vec::new()),
    };
    let mut warnings = Vec::new();
    let text = crate::read::decode(bytes, &mut warnings);
    let page = read_html_page(&text);
    warnings.extend(page.warnings);
    if let Some(reason) = page.skip {
        return (Err(format!("ignored: {reason}")), warnings);
    }
    if page.article.body.trim().is_empty() {
        return (Err("no text to index (a redirect or an empty page)".into()), warnings);
    }
    (Ok(page.article), warnings)
}

/// `base` with exactly one leading and one trailing `/` (`docs` → `/docs/`);
/// absolute URLs (`https://example.com/docs`) keep their scheme and host.
fn normalized_base(base: &str) -> String {
    let base = base.trim();
    let base = if base.contains("://") { base.to_string() } else { format!("/{}", base.trim_start_matches('/')) };
    if base.ends_with('/') { base } else { format!("{base}/") }
}

/// The URL of the page at `relative` (`a/index.html` → `<base>a/`).
fn page_url(base: &str, relative: &str) -> String {
    let path = match relative.rsplit_once('/') {
        Some((dir, "index.html")) => format!("{dir}/"),
        None if relative == "index.html" => String::new(),
        _ => relative.to_string(),
    };
    format!("{base}{path}")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn urls_drop_index_html_and_join_the_base() {
        assert_eq!(page_url("/", "index.html"), "/");
        assert_eq!(page_url("/", "book/index.html"), "/book/");
        assert_eq!(page_url("/docs/", "book/ch01.html"), "/docs/book/ch01.html");
        assert_eq!(normalized_base("docs"), "/docs/");
        assert_eq!(normalized_base("/docs/"), "/docs/");
        assert_eq!(normalized_base(""), "/");
        assert_eq!(normalized_base("https://example.com/docs"), "https://example.com/docs/");
    }
}
