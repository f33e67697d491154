//! HTML pages (`.html`, `.htm`): one article per page.
//!
//! [`read_html_page`] is kept independent of files so a site crawler can
//! reuse it on fetched pages.

use scraper::{ElementRef, Html, Node};

use super::{Paragraphs, collapse_whitespace};
use crate::Article;

/// What [`read_html_page`] makes of one page.
#[derive(Debug, Clone, PartialEq)]
pub struct HtmlPage {
    /// The article; its `id` is empty (the caller knows where the page came from).
    pub article: Article,
    /// Problems that do not stop the page being indexed (e.g. an unparseable date).
    pub warnings: Vec<String>,
}

/// Elements whose content is not article text.
const EXCLUDED: &[&str] = &[
    "nav", "header", "footer", "aside", "script", "style", "noscript", "template", "form", "head",
    "svg", "math", "iframe", "object", "embed", "canvas", "button", "select", "textarea", "dialog",
    "menu",
];

/// Elements that end a paragraph where they open and close.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "blockquote",
    "tr",
    "br",
    "section",
    "article",
    "main",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "caption",
    "figure",
    "figcaption",
    "hr",
    "address",
    "details",
    "summary",
    "fieldset",
    "legend",
    "center",
    "body",
    "html",
];

/// Date `<meta>` keys (`property` or `name`), in order of preference.
const DATE_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "date",
    "dc.date",
    "dcterms.date",
    "pubdate",
];

fn excluded(element: &scraper::node::Element) -> bool {
    EXCLUDED.contains(&element.name())
        || element.attr("hidden").is_some()
        || element
            .attr("aria-hidden")
            .is_some_and(|value| value.trim().eq_ignore_ascii_case("true"))
}

/// True when `element` or one of its ancestors is not article text.
fn inside_excluded(element: ElementRef<'_>) -> bool {
    excluded(element.value())
        || element
            .ancestors()
            .filter_map(ElementRef::wrap)
            .any(|ancestor| excluded(ancestor.value()))
}

/// The text of an element, whitespace collapsed.
fn text_of(element: ElementRef<'_>) -> String {
    collapse_whitespace(&element.text().collect::<String>())
}

/// Reads one HTML page into an article (with an empty id).
///
/// - title: the first `<h1>` inside the content (see below), else the first
///   `<h1>` of the page, else `og:title`, else `twitter:title`, else `<title>`;
/// - body: the text of the first `<article>`, else `<main>`, else `<body>`,
///   leaving out `nav`, `header`, `footer`, `aside`, `script`, `style`,
///   `noscript`, `template`, `form` (and similar) and elements that are
///   `hidden` or `aria-hidden="true"`. Block elements (`p`, `div`, `li`,
///   headings, `pre`, `blockquote`, `tr`, `br`, …) separate paragraphs
///   (`\n\n`); whitespace is collapsed. The title is dropped from the start
///   of the body when repeated there;
/// - date: `<meta>` `article:published_time`, `og:article:published_time`,
///   `date` (or `dc.date`, `dcterms.date`, `pubdate`), else the first
///   `<time datetime>`; an unparseable date is a warning;
/// - author: `<meta name=author>`, else `article:author`;
/// - tags: `<meta name=keywords>` (comma-separated) and `article:tag` metas;
/// - url: `<link rel=canonical>`, else `og:url`.
pub fn read_html_page(html: &str) -> HtmlPage {
    let document = Html::parse_document(html);
    let mut metas: Vec<(String, String)> = Vec::new();
    let mut canonical = None;
    let mut first_h1 = None;
    let mut title_element = None;
    let mut first_time = None;
    let (mut article_root, mut main_root, mut body_root) = (None, None, None);
    for element in document.root_element().descendent_elements() {
        let value = element.value();
        match value.name() {
            "meta" => {
                let Some(content) = value
                    .attr("content")
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                else {
                    continue;
                };
                for key in [
                    value.attr("property"),
                    value.attr("name"),
                    value.attr("itemprop"),
                ]
                .into_iter()
                .flatten()
                {
                    metas.push((key.trim().to_ascii_lowercase(), content.to_string()));
                }
            }
            "link" if canonical.is_none() => {
                let is_canonical = value.attr("rel").is_some_and(|rel| {
                    rel.split_ascii_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("canonical"))
                });
                if is_canonical {
                    canonical = value
                        .attr("href")
                        .map(str::trim)
                        .filter(|href| !href.is_empty())
                        .map(String::from);
                }
            }
            "h1" if first_h1.is_none() => {
                let text = text_of(element);
                if !text.is_empty() {
                    first_h1 = Some(text);
                }
            }
            "title" if title_element.is_none() && !inside_excluded_except_head(element) => {
                let text = text_of(element);
                if !text.is_empty() {
                    title_element = Some(text);
                }
            }
            "time" if first_time.is_none() => {
                first_time = value
                    .attr("datetime")
                    .map(str::trim)
                    .filter(|d| !d.is_empty())
                    .map(String::from);
            }
            "article" if article_root.is_none() && !inside_excluded(element) => {
                article_root = Some(element)
            }
            "main" if main_root.is_none() && !inside_excluded(element) => main_root = Some(element),
            "body" if body_root.is_none() => body_root = Some(element),
            _ => {}
        }
    }
    let meta = |key: &str| metas.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    let root = article_root
        .or(main_root)
        .or(body_root)
        .unwrap_or_else(|| document.root_element());

    let mut warnings = Vec::new();
    let content_h1 = root
        .descendent_elements()
        .filter(|element| element.value().name() == "h1")
        .map(text_of)
        .find(|text| !text.is_empty());
    let title = content_h1
        .or(first_h1)
        .or_else(|| meta("og:title"))
        .or_else(|| meta("twitter:title"))
        .or(title_element)
        .map(|title| collapse_whitespace(&title))
        .unwrap_or_default();

    let mut paragraphs = body_paragraphs(root);
    if !title.is_empty()
        && paragraphs
            .first()
            .is_some_and(|first| first.to_lowercase() == title.to_lowercase())
    {
        paragraphs.remove(0);
    }

    let date_texts: Vec<String> = DATE_KEYS
        .iter()
        .filter_map(|key| meta(key))
        .chain(first_time)
        .collect();
    let date = date_texts.iter().find_map(|text| crate::parse_date(text));
    if date.is_none()
        && let Some(text) = date_texts.first()
    {
        warnings.push(format!("unparseable date {text:?}; indexed without a date"));
    }

    let mut tags: Vec<String> = Vec::new();
    let keywords = metas
        .iter()
        .filter(|(key, _)| key == "keywords")
        .flat_map(|(_, value)| value.split(','));
    let article_tags = metas
        .iter()
        .filter(|(key, _)| key == "article:tag")
        .map(|(_, value)| value.as_str());
    for tag in keywords.chain(article_tags) {
        let tag = collapse_whitespace(tag);
        if !tag.is_empty() && !tags.contains(&tag) {
            tags.push(tag);
        }
    }

    let article = Article {
        id: String::new(),
        title,
        body: paragraphs.join("\n\n"),
        url: canonical.or_else(|| meta("og:url")),
        date,
        author: meta("author")
            .or_else(|| meta("article:author"))
            .map(|author| collapse_whitespace(&author)),
        tags,
    };
    HtmlPage { article, warnings }
}

/// Like [`inside_excluded`], but `<head>` is fine (for `<title>`).
fn inside_excluded_except_head(element: ElementRef<'_>) -> bool {
    std::iter::once(element)
        .chain(element.ancestors().filter_map(ElementRef::wrap))
        .any(|e| e.value().name() != "head" && excluded(e.value()))
}

/// The text of `root` as paragraphs, without excluded elements. Iterative
/// (an explicit stack), so deeply nested pages cannot overflow the stack.
fn body_paragraphs(root: ElementRef<'_>) -> Vec<String> {
    let mut out = Paragraphs::default();
    // (node, opening?) — a node is pushed again as closing when opened.
    let mut stack = vec![(*root, true)];
    while let Some((node, opening)) = stack.pop() {
        match node.value() {
            Node::Text(text) if opening => out.text(text),
            Node::Element(element) => {
                let name = element.name();
                if opening {
                    if node.id() != root.id() && excluded(element) {
                        continue;
                    }
                    if BLOCKS.contains(&name) {
                        out.flush();
                    }
                    stack.push((node, false));
                    stack.extend(node.children().rev().map(|child| (child, true)));
                } else if BLOCKS.contains(&name) {
                    out.flush();
                } else if matches!(name, "td" | "th" | "img") {
                    out.space();
                }
            }
            _ => {}
        }
    }
    out.finish()
}
