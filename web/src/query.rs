//! What the user is searching for, and how it lives in the page URL.
//!
//! `?q=rust+wasm&sort=newest&tag=web&tag=perf&author=Ann&after=2023-01-01&before=2024-01-01&fuzzy=0`:
//! trovi-core's URL vocabulary (`SearchRequest::to_query_string`), the same
//! as `/api/search`'s.

use trovi_core::{decode_pairs, format_date, parse_date, SearchRequest, Sort, TagMode};

/// The query-string keys the app reads and writes.
pub const URL_KEYS: [&str; 7] = ["q", "tag", "author", "sort", "after", "before", "fuzzy"];

/// Hits per page ("more results" fetches another page).
pub const PAGE_SIZE: usize = 10;

/// The search form: query text and filters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// The text in the search box, as typed.
    pub text: String,
    /// Selected tags (an article must have all of them).
    pub tags: Vec<String>,
    /// Selected author.
    pub author: Option<String>,
    /// Result order.
    pub sort: Sort,
    /// `YYYY-MM-DD` (from a date input) or empty: only articles dated on or after.
    pub after: String,
    /// `YYYY-MM-DD` or empty: only articles dated before.
    pub before: String,
    /// Typo tolerance.
    pub fuzzy: bool,
}

impl Default for Query {
    fn default() -> Self {
        Query {
            text: String::new(),
            tags: Vec::new(),
            author: None,
            sort: Sort::Relevance,
            after: String::new(),
            before: String::new(),
            fuzzy: true,
        }
    }
}

/// What to do with the browser history when a search is committed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryMode {
    /// The URL already says this: leave history alone.
    Keep,
    /// Same search being refined (typing on): rewrite the current entry.
    Replace,
    /// A different search: add an entry, so Back returns to the previous one.
    Push,
}

impl Query {
    /// Whether any filter (tag, author, dates) is set.
    pub fn has_filters(&self) -> bool {
        !self.tags.is_empty() || self.author.is_some() || !self.after.is_empty() || !self.before.is_empty()
    }

    /// Whether there is anything to search for.
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty() && !self.has_filters()
    }

    /// The same search without tag, author and date filters.
    pub fn without_filters(&self) -> Query {
        Query { tags: Vec::new(), author: None, after: String::new(), before: String::new(), ..self.clone() }
    }

    /// The core request for one page of this search.
    pub fn request(&self, offset: usize, limit: usize) -> SearchRequest {
        let mut request = SearchRequest::new(self.text.trim())
            .offset(offset)
            .limit(limit)
            .sort(self.sort)
            .tag_mode(TagMode::All)
            .fuzzy(self.fuzzy)
            // Facets only matter for the first page; later pages append hits.
            .facets(offset == 0);
        request.tags = self.tags.clone();
        request.author = self.author.clone();
        request.after = if is_date(&self.after) { parse_date(&self.after) } else { None };
        request.before = if is_date(&self.before) { parse_date(&self.before) } else { None };
        request
    }

    /// Reads a search from a URL query string (`?q=…`, the leading `?`
    /// optional); a value it cannot understand is left at its default.
    pub fn from_url_search(search: &str) -> Query {
        let request = SearchRequest::from_query_string_lossy(search);
        // A date input holds a day.
        let day = |date: Option<String>| date.map(|d| d.chars().take(10).collect()).unwrap_or_default();
        Query {
            after: day(request.after.map(format_date)),
            before: day(request.before.map(format_date)),
            text: request.query,
            tags: request.tags,
            author: request.author,
            sort: request.sort,
            fuzzy: request.fuzzy,
        }
    }

    /// The URL query string for this search: empty for the blank search, else `?q=…`.
    pub fn to_url_search(&self) -> String {
        let request = SearchRequest {
            query: self.text.clone(),
            tags: self.tags.clone(),
            author: self.author.clone(),
            sort: self.sort,
            after: if is_date(&self.after) { parse_date(&self.after) } else { None },
            before: if is_date(&self.before) { parse_date(&self.before) } else { None },
            fuzzy: self.fuzzy,
            ..SearchRequest::default()
        };
        let search = request.to_query_string();
        if search.is_empty() { search } else { format!("?{search}") }
    }

    /// The page's query string with this search in it: parameters of the host
    /// page (any key the app does not use) are kept as they were.
    pub fn merged_into(&self, existing: &str) -> String {
        let existing = existing.strip_prefix('?').unwrap_or(existing);
        let mut parts: Vec<&str> = existing
            .split('&')
            .filter(|part| !part.is_empty())
            .filter(|part| {
                let key = decode_pairs(part).next().map(|(key, _)| key).unwrap_or_default();
                !URL_KEYS.contains(&key.as_str())
            })
            .collect();
        let ours = self.to_url_search();
        if let Some(ours) = ours.strip_prefix('?') {
            parts.push(ours);
        }
        if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) }
    }

    /// How committing `self` should touch the history, when `previous` is the
    /// search the current history entry shows.
    pub fn history_mode(&self, previous: &Query) -> HistoryMode {
        if self.to_url_search() == previous.to_url_search() {
            return HistoryMode::Keep;
        }
        let same_filters = Query { text: String::new(), ..self.clone() } == Query { text: String::new(), ..previous.clone() };
        let (old, new) = (previous.text.trim(), self.text.trim());
        // Typing or deleting within one query refines it; starting from an empty
        // box or changing a filter is a new search that Back should undo.
        if same_filters && !old.is_empty() && (new.starts_with(old) || old.starts_with(new)) {
            HistoryMode::Replace
        } else {
            HistoryMode::Push
        }
    }
}

/// Whether `text` is a date the filters understand (`YYYY-MM-DD` or RFC 3339).
fn is_date(text: &str) -> bool {
    !text.trim().is_empty() && parse_date(text).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Query {
        Query { text: text.into(), ..Query::default() }
    }

    #[test]
    fn url_round_trip() {
        let query = Query {
            text: "rust & wasm?".into(),
            tags: vec!["web dev".into(), "perf".into()],
            author: Some("Zoë".into()),
            sort: Sort::Newest,
            after: "2023-01-01".into(),
            before: "2024-01-01".into(),
            fuzzy: false,
        };
        let search = query.to_url_search();
        assert_eq!(
            search,
            "?q=rust+%26+wasm%3F&sort=newest&tag=web+dev&tag=perf&author=Zo%C3%AB&after=2023-01-01&before=2024-01-01&fuzzy=0"
        );
        assert_eq!(Query::from_url_search(&search), query);
        assert_eq!(Query::default().to_url_search(), "");
        assert_eq!(Query::from_url_search(""), Query::default());
        assert_eq!(Query::from_url_search("?"), Query::default());
    }

    #[test]
    fn url_parsing_tolerates_junk() {
        let query = Query::from_url_search("q=a%2&sort=sideways&after=yesterday&tag=&tag=x&tag=x&zzz=1&q");
        assert_eq!(query.text, "", "the last q wins");
        assert_eq!(query.sort, Sort::Relevance);
        assert_eq!(query.after, "");
        assert_eq!(query.tags, vec!["x".to_string()]);
        // The vocabulary of older URLs still reads.
        assert!(!Query::from_url_search("q=x&fuzzy=off").fuzzy);
    }

    #[test]
    fn request_carries_filters() {
        let query = Query::from_url_search("?q=+hello+&tag=a&author=Ann&sort=oldest&after=2023-02-03&before=2023-03-04&fuzzy=0");
        let request = query.request(0, PAGE_SIZE);
        assert_eq!(request.query, "hello");
        assert_eq!(request.tags, vec!["a".to_string()]);
        assert_eq!(request.tag_mode, TagMode::All);
        assert_eq!(request.author.as_deref(), Some("Ann"));
        assert_eq!(request.sort, Sort::Oldest);
        assert_eq!(request.after, parse_date("2023-02-03"));
        assert_eq!(request.before, parse_date("2023-03-04"));
        assert!(!request.fuzzy);
        assert!(request.facets);
        let more = query.request(10, PAGE_SIZE);
        assert_eq!((more.offset, more.limit, more.facets), (10, PAGE_SIZE, false));
    }

    #[test]
    fn blank_and_filters() {
        assert!(Query::default().is_blank());
        assert!(q("   ").is_blank());
        let filtered = Query { tags: vec!["a".into()], ..q("x") };
        assert!(filtered.has_filters());
        assert!(!filtered.without_filters().has_filters());
        assert_eq!(filtered.without_filters().text, "x");
    }

    #[test]
    fn host_page_parameters_survive() {
        let query = q("rust wasm");
        assert_eq!(query.merged_into("?page=2&q=old&tag=x&lang=en"), "?page=2&lang=en&q=rust+wasm");
        assert_eq!(query.merged_into(""), "?q=rust+wasm");
        assert_eq!(Query::default().merged_into("?q=old&tag=a"), "");
        assert_eq!(Query::default().merged_into("?keep=1&q=old"), "?keep=1");
    }

    #[test]
    fn history_modes() {
        assert_eq!(q("rust").history_mode(&q("rust")), HistoryMode::Keep);
        assert_eq!(q("rust").history_mode(&q("")), HistoryMode::Push, "a new search from an empty box");
        assert_eq!(q("rust wasm").history_mode(&q("rust")), HistoryMode::Replace, "typing on");
        assert_eq!(q("rus").history_mode(&q("rust")), HistoryMode::Replace, "deleting");
        assert_eq!(q("python").history_mode(&q("rust")), HistoryMode::Push, "another search");
        let tagged = Query { tags: vec!["a".into()], ..q("rust") };
        assert_eq!(tagged.history_mode(&q("rust")), HistoryMode::Push, "a filter change");
        let sorted = Query { sort: Sort::Newest, ..q("rust") };
        assert_eq!(sorted.history_mode(&q("rust")), HistoryMode::Push);
    }
}
