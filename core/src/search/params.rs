//! A search in URL query parameters: the one vocabulary of `GET /api/search`,
//! the web app's page URL and the HTTP example.
//!
//! | Parameter | Meaning | Default |
//! |---|---|---|
//! | `q` | query text, in trovi's query syntax | empty |
//! | `limit` | hits per page, at most [`MAX_URL_LIMIT`] (larger values are capped) | 10 |
//! | `offset` | hits to skip, at most [`MAX_URL_OFFSET`] | 0 |
//! | `sort` | `relevance`, `newest` or `oldest` | `relevance` |
//! | `tag` | only articles with this tag; repeatable | none |
//! | `tag_mode` | `any` or `all` of the tags | `any` |
//! | `author` | only articles by exactly this author | none |
//! | `after`, `before` | dates (`YYYY-MM-DD` or RFC 3339); empty means no bound | none |
//! | `fuzzy`, `prefix` | `1`/`0` (also `true`/`false`, `on`/`off`, `yes`/`no`): typo tolerance, prefix matching | `1` |
//!
//! Unknown parameters (cache busters like `_=1712…`, the host page's own)
//! are ignored. The query text is never an error.

use super::request::{SearchRequest, Sort, TagMode};
use crate::{format_date, parse_date, Error, Result};

/// Hits per page a URL may ask for; larger values are capped.
pub const MAX_URL_LIMIT: usize = 100;

/// The deepest offset a URL may ask for: tantivy keeps `offset + limit`
/// candidates in memory while collecting, so an unbounded offset would let
/// one request allocate without limit.
pub const MAX_URL_OFFSET: usize = 10_000;

impl SearchRequest {
    /// Reads a search from decoded URL query parameters, refusing the first
    /// value it cannot understand (an [`Error::InvalidArgument`] naming the
    /// parameter). For a request from a client that should hear about it.
    pub fn from_query_pairs<K: AsRef<str>, V: AsRef<str>>(pairs: impl IntoIterator<Item = (K, V)>) -> Result<SearchRequest> {
        let mut request = SearchRequest::default();
        for (key, value) in pairs {
            request.set_param(key.as_ref(), value.as_ref())?;
        }
        Ok(request)
    }

    /// Reads a search from decoded URL query parameters, leaving a value it
    /// cannot understand at its default. For a page URL, which a visitor may
    /// have edited by hand.
    pub fn from_query_pairs_lossy<K: AsRef<str>, V: AsRef<str>>(pairs: impl IntoIterator<Item = (K, V)>) -> SearchRequest {
        let mut request = SearchRequest::default();
        for (key, value) in pairs {
            let _ = request.set_param(key.as_ref(), value.as_ref());
        }
        request
    }

    /// [`SearchRequest::from_query_pairs`] on a raw query string
    /// (`q=rust+wasm&tag=web`, a leading `?` allowed), form-decoded: `+` is
    /// a space, `%XX` a byte, invalid UTF-8 becomes U+FFFD.
    pub fn from_query_string(query: &str) -> Result<SearchRequest> {
        SearchRequest::from_query_pairs(decode_pairs(query))
    }

    /// [`SearchRequest::from_query_pairs_lossy`] on a raw query string.
    pub fn from_query_string_lossy(query: &str) -> SearchRequest {
        SearchRequest::from_query_pairs_lossy(decode_pairs(query))
    }

    /// The parameters that say this search, in the table's order: only those
    /// that differ from the defaults, so the blank search has none. Reading
    /// them back gives the same request (dates to the second), except for
    /// `facets` and `snippet_len`, which are not URL parameters.
    pub fn to_query_pairs(&self) -> Vec<(&'static str, String)> {
        let defaults = SearchRequest::default();
        let mut pairs = Vec::new();
        if !self.query.is_empty() {
            pairs.push(("q", self.query.clone()));
        }
        if self.limit != defaults.limit {
            pairs.push(("limit", self.limit.to_string()));
        }
        if self.offset != 0 {
            pairs.push(("offset", self.offset.to_string()));
        }
        match self.sort {
            Sort::Relevance => {}
            Sort::Newest => pairs.push(("sort", "newest".into())),
            Sort::Oldest => pairs.push(("sort", "oldest".into())),
        }
        pairs.extend(self.tags.iter().map(|tag| ("tag", tag.clone())));
        if self.tag_mode == TagMode::All {
            pairs.push(("tag_mode", "all".into()));
        }
        if let Some(author) = &self.author {
            pairs.push(("author", author.clone()));
        }
        let day = |date: time::OffsetDateTime| {
            let text = format_date(date);
            // A whole day reads back as one: `2024-01-01`, not `…T00:00:00Z`.
            match text.strip_suffix("T00:00:00Z") {
                Some(day) => day.to_string(),
                None => text,
            }
        };
        if let Some(after) = self.after {
            pairs.push(("after", day(after)));
        }
        if let Some(before) = self.before {
            pairs.push(("before", day(before)));
        }
        if !self.fuzzy {
            pairs.push(("fuzzy", "0".into()));
        }
        if !self.prefix {
            pairs.push(("prefix", "0".into()));
        }
        pairs
    }

    /// [`SearchRequest::to_query_pairs`], form-encoded (`q=rust+wasm&tag=web`;
    /// empty for the blank search).
    pub fn to_query_string(&self) -> String {
        encode_pairs(self.to_query_pairs())
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<()> {
        match key {
            "q" => self.query = value.to_string(),
            "limit" => self.limit = number(key, value)?.min(MAX_URL_LIMIT),
            "offset" => {
                let offset = number(key, value)?;
                if offset > MAX_URL_OFFSET {
                    return Err(Error::InvalidArgument(format!("offset must be at most {MAX_URL_OFFSET}, got {offset}")));
                }
                self.offset = offset;
            }
            "sort" => self.sort = value.parse::<Sort>()?,
            "tag" if !value.is_empty() && !self.tags.iter().any(|tag| tag == value) => self.tags.push(value.to_string()),
            "tag_mode" => {
                self.tag_mode = match value {
                    "any" => TagMode::Any,
                    "all" => TagMode::All,
                    _ => return Err(Error::InvalidArgument(format!("unknown tag_mode {value:?}: expected any or all"))),
                }
            }
            "author" => self.author = Some(value.to_string()).filter(|a| !a.is_empty()),
            "after" => self.after = date(key, value)?,
            "before" => self.before = date(key, value)?,
            "fuzzy" => self.fuzzy = flag(key, value)?,
            "prefix" => self.prefix = flag(key, value)?,
            _ => {}
        }
        Ok(())
    }
}

/// Splits a query string into form-decoded pairs.
pub fn decode_pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    let query = query.strip_prefix('?').unwrap_or(query);
    form_urlencoded::parse(query.as_bytes()).map(|(key, value)| (key.into_owned(), value.into_owned()))
}

/// Form-encodes pairs (`+` for a space); empty for no pairs.
pub fn encode_pairs<K: AsRef<str>, V: AsRef<str>>(pairs: impl IntoIterator<Item = (K, V)>) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (key, value) in pairs {
        out.append_pair(key.as_ref(), value.as_ref());
    }
    out.finish()
}

fn number(key: &str, value: &str) -> Result<usize> {
    value.trim().parse().map_err(|_| Error::InvalidArgument(format!("{key} must be a whole number, got {value:?}")))
}

fn flag(key: &str, value: &str) -> Result<bool> {
    match value {
        "1" | "true" | "on" | "yes" => Ok(true),
        "0" | "false" | "off" | "no" => Ok(false),
        _ => Err(Error::InvalidArgument(format!("{key} must be 1 or 0, got {value:?}"))),
    }
}

/// An empty value means no bound (what an empty date input of a form sends).
fn date(key: &str, value: &str) -> Result<Option<time::OffsetDateTime>> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    parse_date(value)
        .map(Some)
        .ok_or_else(|| Error::InvalidArgument(format!("{key} must be a date (YYYY-MM-DD or RFC 3339), got {value:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_parameter_and_writes_them_back() {
        let request = SearchRequest::from_query_string(
            "?q=money+supply%21&limit=5&offset=20&sort=newest&tag=topic%3Agrain&tag=caf%C3%A9&tag_mode=all&author=Ann%20Lee&after=2024-01-01&before=2024-02-01T12:30:00Z&fuzzy=off&prefix=0&_=1712",
        )
        .unwrap();
        assert_eq!(request.query, "money supply!");
        assert_eq!((request.limit, request.offset, request.sort), (5, 20, Sort::Newest));
        assert_eq!(request.tags, ["topic:grain", "café"]);
        assert_eq!(request.tag_mode, TagMode::All);
        assert_eq!(request.author.as_deref(), Some("Ann Lee"));
        assert_eq!(request.after, parse_date("2024-01-01"));
        assert_eq!(request.before, parse_date("2024-02-01T12:30:00Z"));
        assert!(!request.fuzzy && !request.prefix);
        let written = request.to_query_string();
        assert_eq!(
            written,
            "q=money+supply%21&limit=5&offset=20&sort=newest&tag=topic%3Agrain&tag=caf%C3%A9&tag_mode=all&author=Ann+Lee&after=2024-01-01&before=2024-02-01T12%3A30%3A00Z&fuzzy=0&prefix=0"
        );
        assert_eq!(SearchRequest::from_query_string(&written).unwrap(), request);
        assert_eq!(SearchRequest::default().to_query_string(), "");
    }

    #[test]
    fn a_bad_value_is_named_strictly_and_ignored_lossily() {
        for (query, needle) in [
            ("limit=abc", "limit"),
            ("offset=10001", "at most"),
            ("sort=best", "unknown sort"),
            ("tag_mode=some", "tag_mode"),
            ("after=yesterday", "after"),
            ("fuzzy=maybe", "fuzzy"),
        ] {
            let err = SearchRequest::from_query_string(&format!("q=x&{query}")).unwrap_err();
            assert!(err.to_string().contains(needle), "{query}: {err}");
            let lossy = SearchRequest::from_query_string_lossy(&format!("q=x&{query}"));
            assert_eq!(lossy, SearchRequest::new("x"), "{query}");
        }
        assert_eq!(SearchRequest::from_query_string("limit=5000").unwrap().limit, MAX_URL_LIMIT);
        // Malformed escapes stay literal; invalid UTF-8 is replaced, not an error.
        assert_eq!(SearchRequest::from_query_string("q=100%25%zz%4").unwrap().query, "100%%zz%4");
        assert_eq!(SearchRequest::from_query_string("q=%FF").unwrap().query, "\u{FFFD}");
        // Repeated and empty tags count once and not at all.
        assert_eq!(SearchRequest::from_query_string("tag=a&tag=&tag=a&tag=b").unwrap().tags, ["a", "b"]);
    }
}
