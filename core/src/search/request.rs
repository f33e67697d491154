//! What a caller asks for and what comes back.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::OffsetDateTime;

/// Result order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// BM25 with the title boost (the default).
    #[default]
    Relevance,
    /// Newest first; undated articles last.
    Newest,
    /// Oldest first; undated articles last.
    Oldest,
}

impl std::str::FromStr for Sort {
    type Err = crate::Error;
    fn from_str(s: &str) -> crate::Result<Sort> {
        match s {
            "relevance" => Ok(Sort::Relevance),
            "newest" => Ok(Sort::Newest),
            "oldest" => Ok(Sort::Oldest),
            other => Err(crate::Error::InvalidArgument(format!(
                "unknown sort {other:?}: expected relevance, newest or oldest"
            ))),
        }
    }
}

/// How several tag filters combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TagMode {
    /// An article matches if it has any of the tags.
    #[default]
    Any,
    /// An article matches only if it has all of the tags.
    All,
}

/// A search: the user's query text plus filters, order and paging.
///
/// Built with [`SearchRequest::new`] and the `with_*`-style setters; every field
/// is public too.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchRequest {
    /// The query text as the user typed it. Never an error: bad syntax degrades to words.
    pub query: String,
    /// How many hits to return.
    pub limit: usize,
    /// How many hits to skip (paging).
    pub offset: usize,
    /// Result order.
    pub sort: Sort,
    /// Only articles with these exact tags (see [`SearchRequest::tag_mode`]).
    pub tags: Vec<String>,
    /// How [`SearchRequest::tags`] combine.
    pub tag_mode: TagMode,
    /// Only articles by exactly this author.
    pub author: Option<String>,
    /// Only articles dated on or after this instant.
    #[serde(with = "time::serde::rfc3339::option")]
    pub after: Option<OffsetDateTime>,
    /// Only articles dated before this instant.
    #[serde(with = "time::serde::rfc3339::option")]
    pub before: Option<OffsetDateTime>,
    /// Typo tolerance: 1 edit for words of 5+ characters, 2 for 9+.
    pub fuzzy: bool,
    /// Prefix matching of the last word (search as you type).
    pub prefix: bool,
    /// Compute tag and author counts over the whole result set.
    pub facets: bool,
    /// Maximum snippet length in bytes (about; the snippet ends on a word boundary).
    pub snippet_len: usize,
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            query: String::new(),
            limit: 10,
            offset: 0,
            sort: Sort::Relevance,
            tags: Vec::new(),
            tag_mode: TagMode::Any,
            author: None,
            after: None,
            before: None,
            fuzzy: true,
            prefix: true,
            facets: true,
            snippet_len: 200,
        }
    }
}

impl SearchRequest {
    /// A request for `query` with the defaults: 10 hits, relevance order,
    /// typo tolerance and prefix matching on, facets on.
    pub fn new(query: impl Into<String>) -> Self {
        SearchRequest { query: query.into(), ..SearchRequest::default() }
    }
    /// Sets [`SearchRequest::limit`].
    pub fn limit(mut self, limit: usize) -> Self {
        self.limit = limit;
        self
    }
    /// Sets [`SearchRequest::offset`].
    pub fn offset(mut self, offset: usize) -> Self {
        self.offset = offset;
        self
    }
    /// Sets [`SearchRequest::sort`].
    pub fn sort(mut self, sort: Sort) -> Self {
        self.sort = sort;
        self
    }
    /// Adds a tag filter.
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tags.push(tag.into());
        self
    }
    /// Sets [`SearchRequest::tag_mode`].
    pub fn tag_mode(mut self, mode: TagMode) -> Self {
        self.tag_mode = mode;
        self
    }
    /// Sets the author filter.
    pub fn author(mut self, author: impl Into<String>) -> Self {
        self.author = Some(author.into());
        self
    }
    /// Only articles dated on or after `date`.
    pub fn after(mut self, date: OffsetDateTime) -> Self {
        self.after = Some(date);
        self
    }
    /// Only articles dated before `date`.
    pub fn before(mut self, date: OffsetDateTime) -> Self {
        self.before = Some(date);
        self
    }
    /// Switches typo tolerance.
    pub fn fuzzy(mut self, on: bool) -> Self {
        self.fuzzy = on;
        self
    }
    /// Switches prefix matching of the last word.
    pub fn prefix(mut self, on: bool) -> Self {
        self.prefix = on;
        self
    }
    /// Switches facet counting.
    pub fn facets(mut self, on: bool) -> Self {
        self.facets = on;
        self
    }
}

/// A piece of text with the byte ranges to highlight.
///
/// The ranges are `[start, end)` byte offsets into `text`, sorted and
/// non-overlapping, always on `char` boundaries. Render them as elements;
/// never treat `text` as HTML.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Snippet {
    /// Plain text (not HTML).
    pub text: String,
    /// Byte ranges `[start, end)` of matched words in `text`.
    pub highlights: Vec<[usize; 2]>,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// The article id.
    pub id: String,
    /// The title (plain text).
    pub title: String,
    /// The article link, if it has one; with `#id` of the section the
    /// snippet is in, when the article has sections.
    pub url: Option<String>,
    /// The section of the article the snippet is in (see [`crate::Section`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<crate::Section>,
    /// The date as RFC 3339, if the article has one.
    pub date: Option<String>,
    /// The author, if known.
    pub author: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Relevance score (BM25 with boosts; 0 when sorted by date).
    pub score: f32,
    /// The best passage of the body with the matched words marked.
    pub snippet: Snippet,
    /// Byte ranges of matched words in `title`.
    pub title_highlights: Vec<[usize; 2]>,
}

/// Counts of tags and authors over the whole result set (before paging).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Facets {
    /// Tag → number of matching articles.
    pub tags: BTreeMap<String, u64>,
    /// Author → number of matching articles.
    pub authors: BTreeMap<String, u64>,
}

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    /// Number of matching articles (all pages).
    pub total: usize,
    /// Time taken in microseconds (0 where no clock is available).
    pub took_us: u64,
    /// The requested page of hits.
    pub hits: Vec<Hit>,
    /// Facet counts (empty when not requested).
    pub facets: Facets,
    /// Set when the query's words could not all be found together and fewer were required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relaxed: Option<Relaxed>,
    /// Set when facets were asked for but not counted: a lazily loaded index
    /// whose tag and author columns exceed [`crate::LAZY_FACET_BYTES`].
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub facets_omitted: bool,
    /// Words too common in a very large index to search everywhere
    /// ([`crate::COMMON_WORD_DOCS`]): left out, or, when every word is
    /// common, searched in titles only ([`SearchResults::titles_only`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub common_words: Vec<String>,
    /// Set when the common words were searched in titles only.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub titles_only: bool,
}

/// How a short query was relaxed to find anything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relaxed {
    /// How many of the query's words each hit was required to contain.
    pub required: usize,
    /// How many plain words the query had.
    pub of: usize,
}
