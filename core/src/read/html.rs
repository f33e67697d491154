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
    /// Why the page must not be indexed, if so (`data-trovi-ignore` on
    /// `<html>` or `<body>`).
    pub skip: Option<String>,
}

/// Marks the only elements to index (any value).
const ATTR_BODY: &str = "data-trovi-body";
/// Leaves an element out (any value); on `<html>` or `<body>`, the page.
const ATTR_IGNORE: &str = "data-trovi-ignore";
/// `data-trovi-meta="author"` (the element's text), `"author:Jane Doe"` or
/// `"date"`, `"title"` likewise.
const ATTR_META: &str = "data-trovi-meta";
/// `data-trovi-filter="tag"`: the element's text is a tag (`"tag:value"`: that value).
const ATTR_FILTER: &str = "data-trovi-filter";
/// `data-trovi-sort="date"`: the element's date (`datetime`/`content` attribute, else its text).
const ATTR_SORT: &str = "data-trovi-sort";
/// `data-trovi-weight="N"`: the element's text counts N times (0: not indexed).
const ATTR_WEIGHT: &str = "data-trovi-weight";

/// Most times weighted text is repeated in the emphasis field.
const MAX_WEIGHT: usize = 10;

/// Headings weigh this much unless marked otherwise.
const HEADING_WEIGHT: usize = 2;

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
        || element.attr(ATTR_IGNORE).is_some()
        || element.attr(ATTR_WEIGHT).is_some_and(|w| weight(w) == Some(0))
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

/// A `data-trovi-weight` value as a repeat count (rounded, at most [`MAX_WEIGHT`]).
fn weight(value: &str) -> Option<usize> {
    let w: f32 = value.trim().parse().ok()?;
    (w.is_finite() && w >= 0.0).then(|| (w.round() as usize).min(MAX_WEIGHT))
}

/// `"key"` → (key, None); `"key:value"` → (key, Some(value)).
fn key_value(attr: &str) -> (String, Option<String>) {
    match attr.split_once(':') {
        Some((key, value)) => (key.trim().to_ascii_lowercase(), Some(collapse_whitespace(value))),
        None => (attr.trim().to_ascii_lowercase(), None),
    }
}

/// What a `data-trovi-*` element says: its attribute value, else its text.
fn date_of(element: ElementRef<'_>) -> String {
    let value = element.value();
    value.attr("datetime").or_else(|| value.attr("content")).map(str::to_string).unwrap_or_else(|| text_of(element))
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
/// - url: `<link rel=canonical>`, else `og:url`;
/// - sections: each heading (`h1`–`h6`) with an `id` (or whose first child
///   anchor has one) starts a section a hit can link to; headings' text also
///   counts double in ranking (emphasis).
///
/// A page with `<meta name="robots" content="noindex">` is skipped (`skip`
/// says so) unless it has `data-trovi-body`.
///
/// Page authors steer it with attributes (as with Pagefind's `data-pagefind-*`):
/// `data-trovi-body` (index only the elements that have it),
/// `data-trovi-ignore` (leave an element out; on `<html>` or `<body>`, the
/// whole page: `skip` says so), `data-trovi-meta="title|author|date"` (the
/// element's text, or `"author:Jane Doe"`), `data-trovi-filter="tag"` (the
/// element's text is a tag, or `"tag:rust"`), `data-trovi-sort="date"` (the
/// element's `datetime`/`content` or text is the date), and
/// `data-trovi-weight="N"` (the text counts N times, at most 10; 0 leaves it
/// out). An explicit attribute wins over the meta tags.
pub fn read_html_page(html: &str) -> HtmlPage {
    let flattened = flatten_deep(html);
    let document = Html::parse_document(flattened.as_ref().map_or(html, |(text, _)| text));
    let mut metas: Vec<(String, String)> = Vec::new();
    let mut canonical = None;
    let mut first_h1 = None;
    let mut title_element = None;
    let mut first_time = None;
    let (mut article_root, mut main_root, mut body_root) = (None, None, None);
    let mut marked_roots: Vec<ElementRef<'_>> = Vec::new();
    let (mut marked_title, mut marked_author, mut marked_date) = (None, None, None);
    let mut marked_tags: Vec<String> = Vec::new();
    let mut skip = None;
    for element in document.root_element().descendent_elements() {
        let value = element.value();
        if value.attr(ATTR_IGNORE).is_some() && matches!(value.name(), "html" | "body") {
            skip = Some(format!("<{}> has {ATTR_IGNORE}", value.name()));
        }
        let steered = [ATTR_BODY, ATTR_META, ATTR_FILTER, ATTR_SORT].iter().any(|a| value.attr(a).is_some());
        if steered && !inside_ignored(element) {
            if value.attr(ATTR_BODY).is_some() && !marked_roots.iter().any(|root| element.ancestors().any(|a| a.id() == root.id())) {
                marked_roots.push(element);
            }
            if let Some((key, literal)) = value.attr(ATTR_META).map(key_value) {
                match key.as_str() {
                    "title" => marked_title = marked_title.or_else(|| Some(literal.unwrap_or_else(|| text_of(element)))),
                    "author" => marked_author = marked_author.or_else(|| Some(literal.unwrap_or_else(|| text_of(element)))),
                    "date" => marked_date = marked_date.or_else(|| Some(literal.unwrap_or_else(|| date_of(element)))),
                    _ => {}
                }
            }
            if let Some((key, literal)) = value.attr(ATTR_FILTER).map(key_value)
                && matches!(key.as_str(), "tag" | "tags")
            {
                marked_tags.push(literal.unwrap_or_else(|| text_of(element)));
            }
            if value.attr(ATTR_SORT).is_some_and(|key| key.trim().eq_ignore_ascii_case("date")) {
                marked_date = marked_date.or_else(|| Some(date_of(element)));
            }
        }
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
    // `data-trovi-body` elements replace the default content root.
    let marked_body = !marked_roots.is_empty();
    let roots = if marked_roots.is_empty() { vec![root] } else { marked_roots };

    let mut warnings = Vec::new();
    if let Some((_, depth)) = &flattened {
        warnings.push(format!(
            "HTML elements nested {depth} levels deep; those below level {MAX_DEPTH} were flattened (their text is kept)"
        ));
    }
    let content_h1 = roots
        .iter()
        .flat_map(|root| root.descendent_elements())
        .filter(|element| element.value().name() == "h1" && !inside_ignored(*element))
        .map(text_of)
        .find(|text| !text.is_empty());
    let title = marked_title
        .filter(|title| !title.is_empty())
        .or(content_h1)
        .or(first_h1)
        .or_else(|| meta("og:title"))
        .or_else(|| meta("twitter:title"))
        .or(title_element)
        .map(|title| collapse_whitespace(&title))
        .unwrap_or_default();

    let mut content = Content::default();
    for root in &roots {
        content.read(*root);
    }
    let Content { paragraphs, sections, emphasis } = content;
    let mut paragraphs = paragraphs.finish();
    let mut sections = sections;
    if !title.is_empty()
        && paragraphs
            .first()
            .is_some_and(|first| first.to_lowercase() == title.to_lowercase())
    {
        paragraphs.remove(0);
        // A section that started at the title now starts at the body's start.
        for section in &mut sections {
            section.offset = section.offset.saturating_sub(1);
        }
    }
    // Sections record paragraph numbers while reading: now byte offsets.
    let mut starts = Vec::with_capacity(paragraphs.len());
    let mut offset = 0;
    for paragraph in &paragraphs {
        starts.push(offset);
        offset += paragraph.len() + 2;
    }
    for section in &mut sections {
        section.offset = starts.get(section.offset).copied().unwrap_or(offset.saturating_sub(2));
    }

    let date_texts: Vec<String> = marked_date
        .into_iter()
        .chain(DATE_KEYS.iter().filter_map(|key| meta(key)))
        .chain(first_time)
        .collect();
    let date = date_texts.iter().find_map(|text| crate::parse_date(text));
    if date.is_none()
        && let Some(text) = date_texts.first()
    {
        warnings.push(format!("unparseable date {text:?}; indexed without a date"));
    }

    let mut tags: Vec<String> = Vec::new();
    for tag in marked_tags {
        let tag = collapse_whitespace(&tag);
        if !tag.is_empty() && !tags.contains(&tag) {
            tags.push(tag);
        }
    }
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
        author: marked_author
            .or_else(|| meta("author"))
            .or_else(|| meta("article:author"))
            .map(|author| collapse_whitespace(&author))
            .filter(|author| !author.is_empty()),
        tags,
        sections,
        emphasis,
    };
    // A page that asks search engines not to index it (mdBook's print.html,
    // which repeats the whole book) is skipped, unless the author marked
    // its content with data-trovi-body.
    let noindex = meta("robots").is_some_and(|robots| robots.to_ascii_lowercase().split([',', ' ']).any(|d| d == "noindex" || d == "none"));
    let skip = skip.or_else(|| (noindex && !marked_body).then(|| "<meta name=\"robots\"> says noindex".to_string()));
    HtmlPage { article, warnings, skip }
}

/// True when `element` or an ancestor has `data-trovi-ignore`.
fn inside_ignored(element: ElementRef<'_>) -> bool {
    std::iter::once(element)
        .chain(element.ancestors().filter_map(ElementRef::wrap))
        .any(|e| e.value().attr(ATTR_IGNORE).is_some())
}

/// Element nesting deeper than this is flattened before parsing, as
/// Chromium's parser does at the same depth. The HTML tree builder checks
/// the stack of open elements for every start tag, so 100,000 nested
/// `<div>`s would take minutes (quadratic time) if parsed as they are.
pub(super) const MAX_DEPTH: usize = 512;

/// Elements that never have content (no end tag).
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
];

/// Elements whose end tag may be left out (a sibling closes them): not
/// counted as nesting, so long lists of unclosed `<p>`s or `<li>`s are not "deep".
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "rb", "rt", "rp",
    "rtc",
];

/// Elements whose content is raw text up to their end tag (no tags inside).
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"];

/// When `html` nests elements deeper than [`MAX_DEPTH`]: the page with the
/// start and end tags below that depth removed (their text kept), and the
/// depth found. `None` (nothing to do) for every ordinary page.
///
/// A linear scan of the tags, as the HTML tokenizer sees them (comments,
/// `<!…>`, quoted attribute values and raw-text elements such as `<script>`
/// skipped); only elements that need an end tag count as nesting.
pub(super) fn flatten_deep(html: &str) -> Option<(String, usize)> {
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    let mut deepest = 0usize;
    // Byte ranges of the tags to drop.
    let mut dropped: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while let Some(offset) = bytes.get(i..).and_then(|rest| rest.iter().position(|&b| b == b'<')) {
        let start = i + offset;
        let rest = &bytes[start..];
        if rest.starts_with(b"<!--") {
            i = find(bytes, start + 4, b"-->").map_or(bytes.len(), |end| end + 3);
            continue;
        }
        let (closing, name_at) = match rest.get(1) {
            Some(b'/') => (true, start + 2),
            Some(b'!' | b'?') => {
                i = find(bytes, start, b">").map_or(bytes.len(), |end| end + 1);
                continue;
            }
            _ => (false, start + 1),
        };
        let name_len = bytes[name_at.min(bytes.len())..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .count();
        if name_len == 0 || !bytes[name_at].is_ascii_alphabetic() {
            i = start + 1; // a literal '<'
            continue;
        }
        let name = html[name_at..name_at + name_len].to_ascii_lowercase();
        let end = tag_end(bytes, name_at + name_len);
        let nests = !VOID.contains(&name.as_str()) && !OPTIONAL_END.contains(&name.as_str());
        let self_closing = end > 0 && bytes.get(end - 1) == Some(&b'/');
        if nests && closing {
            if depth > MAX_DEPTH {
                dropped.push((start, end + 1));
            }
            depth = depth.saturating_sub(1);
        } else if nests && !self_closing {
            depth += 1;
            deepest = deepest.max(depth);
            if depth > MAX_DEPTH {
                dropped.push((start, end + 1));
            }
        }
        i = end.saturating_add(1);
        if !closing && RAW_TEXT.contains(&name.as_str()) {
            // Up to (not past) the matching end tag.
            let close = format!("</{name}");
            i = find_ignore_case(bytes, i, close.as_bytes()).unwrap_or(bytes.len());
        }
    }
    if deepest <= MAX_DEPTH {
        return None;
    }
    let mut out = String::with_capacity(html.len());
    let mut from = 0;
    for (start, end) in dropped {
        out.push_str(&html[from..start]);
        from = end.min(html.len());
    }
    out.push_str(&html[from..]);
    Some((out, deepest))
}

/// The index of the `>` that ends a tag whose attributes start at `from`
/// (quoted attribute values may hold `>`); the last index when there is none.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote = None;
    let mut after_equals = false;
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'>' => return i,
            None if (b == b'"' || b == b'\'') && after_equals => quote = Some(b),
            None => {}
        }
        if !b.is_ascii_whitespace() {
            after_equals = b == b'=';
        }
    }
    bytes.len().saturating_sub(1)
}

/// The first index at or after `from` where `needle` starts.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|at| at + from)
}

/// Like [`find`], ASCII case-insensitively.
fn find_ignore_case(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes.get(from..)?.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle)).map(|at| at + from)
}

/// Like [`inside_excluded`], but `<head>` is fine (for `<title>`).
fn inside_excluded_except_head(element: ElementRef<'_>) -> bool {
    std::iter::once(element)
        .chain(element.ancestors().filter_map(ElementRef::wrap))
        .any(|e| e.value().name() != "head" && excluded(e.value()))
}

/// The indexed text of a page: paragraphs, sections and emphasis.
#[derive(Default)]
struct Content {
    paragraphs: Paragraphs,
    /// Sections with `offset` = the number of their first paragraph (for now).
    sections: Vec<crate::Section>,
    emphasis: String,
}

/// An element whose text is being collected: heading or weighted.
struct Capture<'a> {
    element: ElementRef<'a>,
    text: String,
    weight: usize,
    /// The section it starts: (id, paragraph number).
    section: Option<(String, usize)>,
}

impl Content {
    /// Adds the text of `root`, without excluded elements. Iterative (an
    /// explicit stack), so deeply nested pages cannot overflow the stack.
    fn read(&mut self, root: ElementRef<'_>) {
        let mut captures: Vec<Capture> = Vec::new();
        // (node, opening?) — a node is pushed again as closing when opened.
        let mut stack = vec![(*root, true)];
        while let Some((node, opening)) = stack.pop() {
            match node.value() {
                Node::Text(text) if opening => {
                    self.paragraphs.text(text);
                    for capture in &mut captures {
                        capture.text.push_str(text);
                    }
                }
                Node::Element(element) => {
                    let name = element.name();
                    if opening {
                        if node.id() != root.id() && excluded(element) {
                            continue;
                        }
                        if BLOCKS.contains(&name) {
                            self.paragraphs.flush();
                        }
                        let heading = matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
                        let weight = element.attr(ATTR_WEIGHT).and_then(weight);
                        if heading || weight.is_some() {
                            let Some(element) = ElementRef::wrap(node) else { continue };
                            let section = heading.then(|| anchor_of(element)).flatten().map(|id| (id, self.paragraphs.done.len()));
                            captures.push(Capture {
                                element,
                                text: String::new(),
                                weight: weight.unwrap_or(HEADING_WEIGHT),
                                section,
                            });
                        }
                        stack.push((node, false));
                        stack.extend(node.children().rev().map(|child| (child, true)));
                    } else {
                        if BLOCKS.contains(&name) {
                            self.paragraphs.flush();
                        } else if matches!(name, "td" | "th" | "img") {
                            self.paragraphs.space();
                            for capture in &mut captures {
                                capture.text.push(' ');
                            }
                        }
                        if captures.last().is_some_and(|c| c.element.id() == node.id())
                            && let Some(capture) = captures.pop()
                        {
                            self.captured(capture);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn captured(&mut self, capture: Capture<'_>) {
        let text = collapse_whitespace(&capture.text);
        if text.is_empty() {
            return;
        }
        if let Some((id, paragraph)) = capture.section {
            self.sections.push(crate::Section { id, title: text.clone(), offset: paragraph });
        }
        // The body holds the text once; emphasis adds the extra weight.
        for _ in 1..capture.weight {
            if !self.emphasis.is_empty() {
                self.emphasis.push('\n');
            }
            self.emphasis.push_str(&text);
        }
    }
}

/// The fragment id of a heading: its own `id`, else that of an anchor it
/// starts with (`<h2><a id="x">…`, `<a name="x">`).
fn anchor_of(element: ElementRef<'_>) -> Option<String> {
    let own = element.value().attr("id");
    let child = || {
        element.children().filter_map(ElementRef::wrap).next().and_then(|a| {
            (a.value().name() == "a").then(|| a.value().attr("id").or_else(|| a.value().attr("name"))).flatten()
        })
    };
    own.or_else(child).map(str::trim).filter(|id| !id.is_empty()).map(str::to_string)
}
