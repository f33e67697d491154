//! A page of hits: stored documents, highlighted titles and snippets.

use super::compile::Compiled;
use super::request::{Hit, SearchRequest, Snippet};
use super::Searcher;
use crate::format_date;
use crate::snippet::{best_snippet_at, highlight_all, SnippetTokenizer, TermMatcher};
use crate::Result;
use tantivy::schema::{TantivyDocument, Value};
use tantivy::DocAddress;
use time::OffsetDateTime;

impl Searcher {
    pub(super) fn hits(
        &self,
        searcher: &tantivy::Searcher,
        hits: Vec<(f32, DocAddress)>,
        compiled: &Compiled,
        request: &SearchRequest,
    ) -> Result<Vec<Hit>> {
        let mut tokenizer = SnippetTokenizer::new(self.stemming.0);
        // Every stored document first: lazily, all their blocks miss in one pass.
        let docs: Vec<tantivy::Result<TantivyDocument>> = hits.iter().map(|&(_, address)| searcher.doc(address)).collect();
        self.fetched()?;
        hits.into_iter()
            .zip(docs)
            .map(|((score, _), doc)| self.hit(doc?, score, &compiled.matcher, &mut tokenizer, request.snippet_len))
            .collect()
    }

    pub(super) fn hit(
        &self,
        doc: TantivyDocument,
        score: f32,
        matcher: &TermMatcher,
        tokenizer: &mut SnippetTokenizer,
        snippet_len: usize,
    ) -> Result<Hit> {
        let f = &self.fields;
        let text = |field| doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
        let title = text(f.title).unwrap_or_default();
        let body = text(f.body).unwrap_or_default();
        let title_highlights = if matcher.is_empty() { Vec::new() } else { highlight_all(&tokenizer.tokenize(&title), matcher) };
        let sections: Vec<crate::Section> = f
            .sections
            .map(|field| doc.get_all(field).filter_map(|v| v.as_str().and_then(crate::article::decode_section)).collect())
            .unwrap_or_default();
        let (snippet, section) = section_snippet(&body, &sections, matcher, tokenizer, snippet_len);
        let url = match (text(f.url), &section) {
            (Some(url), Some(section)) => Some(format!("{}#{}", url.split('#').next().unwrap_or_default(), section.id)),
            (url, _) => url,
        };
        let date = doc
            .get_first(f.date)
            .and_then(|v| v.as_datetime())
            .and_then(|d| OffsetDateTime::from_unix_timestamp(d.into_timestamp_secs()).ok())
            .map(format_date);
        Ok(Hit {
            id: text(f.id).unwrap_or_default(),
            title,
            url,
            section,
            date,
            author: text(f.author),
            tags: doc.get_all(f.tag).filter_map(|v| v.as_str().map(str::to_string)).collect(),
            score,
            snippet,
            title_highlights,
        })
    }
}

/// How much of a body is searched for the best snippet (a matching section
/// heading can point past it).
const SNIPPET_SCAN_BYTES: usize = 32 * 1024;

/// How far before the first verbatim occurrence of a query word the window starts.
const SNIPPET_LEAD_BYTES: usize = 2 * 1024;

/// The largest char boundary of `text` at or before `at`.
fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// [`best_snippet_at`] over a window of [`SNIPPET_SCAN_BYTES`] of `text`,
/// starting a little before the first place a query word appears verbatim
/// (or at the start): tokenizing a whole book-length page (mdBook's
/// print.html is 1.5 MB) for each hit would cost tens of milliseconds.
fn windowed_snippet(text: &str, matcher: &TermMatcher, tokenizer: &mut SnippetTokenizer, snippet_len: usize) -> (Snippet, Option<usize>) {
    let start = matcher.first_hint(text).map_or(0, |at| floor_char_boundary(text, at.saturating_sub(SNIPPET_LEAD_BYTES)));
    let end = floor_char_boundary(text, start.saturating_add(SNIPPET_SCAN_BYTES));
    let mut tokens = tokenizer.tokenize(&text[start..end]);
    for token in &mut tokens {
        token.from += start;
        token.to += start;
    }
    best_snippet_at(text, &tokens, matcher, snippet_len)
}

/// The snippet of a hit and the section it links to.
///
/// When a section's heading matches more distinct query words than any other
/// (and at least two, or the only one), the snippet comes from that section:
/// "ownership rules" links to the "Ownership Rules" section. Otherwise the
/// best passage of the whole body is shown and the hit links to the section
/// it falls in (none before the first section).
fn section_snippet(
    body: &str,
    sections: &[crate::Section],
    matcher: &TermMatcher,
    tokenizer: &mut SnippetTokenizer,
    snippet_len: usize,
) -> (Snippet, Option<crate::Section>) {
    if !sections.is_empty() && !matcher.is_empty() {
        let wanted = matcher.distinct_terms().min(2);
        let best = sections
            .iter()
            .enumerate()
            .map(|(i, s)| (matcher.count_distinct(&tokenizer.tokenize(&s.title)), i))
            .filter(|&(n, _)| n >= wanted && n > 0)
            .max_by_key(|&(n, i)| (n, std::cmp::Reverse(i)));
        if let Some((_, i)) = best {
            let start = sections[i].offset.min(body.len());
            let end = sections.get(i + 1).map_or(body.len(), |next| next.offset.clamp(start, body.len()));
            if let Some(text) = body.get(start..end) {
                let (snippet, _) = windowed_snippet(text, matcher, tokenizer, snippet_len);
                return (snippet, Some(sections[i].clone()));
            }
        }
    }
    let (snippet, matched_at) = windowed_snippet(body, matcher, tokenizer, snippet_len);
    // The section the snippet's first match is in (the last one starting at or before it).
    let section = matched_at.and_then(|at| sections.iter().take_while(|s| s.offset <= at).last().cloned());
    (snippet, section)
}
