//! The app state and its reducer.
//!
//! Target-independent so it is unit-tested on the host; the yew `Reducible`
//! impl (wasm only) just calls [`AppState::reduce`].

use crate::query::Query;
use trovi_core::{Facets, Hit, Relaxed, SearchResults, Sort};

/// Fetching and opening the index.
#[derive(Debug, Clone, PartialEq)]
pub enum Load {
    /// Downloading the bundle: `received` bytes of `total` (when known).
    Loading {
        /// Bytes received so far.
        received: u64,
        /// Expected size in bytes, once the manifest has been read.
        total: Option<u64>,
    },
    /// The index is open and searchable.
    Ready {
        /// Number of articles in the index.
        documents: u64,
    },
    /// Loading failed; the message is for people.
    Failed(String),
}

/// The answer shown for one committed search.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The sequence number of the search this answers.
    pub seq: u64,
    /// The search this answers.
    pub query: Query,
    /// Number of matching articles (all pages).
    pub total: usize,
    /// Time of the first page's search, in microseconds.
    pub took_us: u64,
    /// The hits shown so far (first page plus any "more results").
    pub hits: Vec<Hit>,
    /// Tag and author counts of the whole result set.
    pub facets: Facets,
    /// Set when fewer than all words were required.
    pub relaxed: Option<Relaxed>,
    /// With no hits and typo tolerance off: how many hits it would find with it on.
    pub fuzzy_total: Option<usize>,
    /// Facet counts were skipped (a lazily loaded index too large for them).
    pub facets_omitted: bool,
    /// Words too common in this index to search everywhere, and whether
    /// they were searched in titles only.
    pub common_words: Vec<String>,
    /// See `common_words`.
    pub titles_only: bool,
}

/// Related articles shown under one hit.
#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    /// The id of the hit they relate to.
    pub id: String,
    /// The related articles, or why there are none.
    pub hits: Result<Vec<Hit>, String>,
}

/// Everything the app shows.
#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    /// Index loading.
    pub load: Load,
    /// The search form as it is now (may be ahead of `page`).
    pub query: Query,
    /// Bumped on every change of `query`; answers carry the number they answer.
    pub seq: u64,
    /// How long to wait before running the search for `seq` (debounce), in ms.
    pub delay_ms: u32,
    /// The latest accepted answer.
    pub page: Option<Page>,
    /// A search error for the current query (never expected; shown if it happens).
    pub error: Option<String>,
    /// The hit selected with the arrow keys.
    pub active: Option<usize>,
    /// Whether the index is read lazily (searches fetch byte ranges).
    pub lazy: bool,
    /// Related articles being shown.
    pub related: Option<Related>,
}

/// Debounce for typing, in milliseconds.
pub const TYPING_DELAY_MS: u32 = 100;

/// Debounce for typing when the index is read lazily: longer than the time
/// between two keys of a quick typist (~120 ms), so the prefixes passed
/// through on the way are prefetched (dictionary and postings) but not
/// searched (their hits' stored documents never fetched).
pub const LAZY_TYPING_DELAY_MS: u32 = 150;

/// What can happen.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Download progress.
    Progress {
        /// Bytes received.
        received: u64,
        /// Expected size, when known.
        total: Option<u64>,
    },
    /// The index is open.
    Loaded {
        /// Number of articles.
        documents: u64,
        /// Whether searches fetch from the network (a longer typing debounce).
        lazy: bool,
    },
    /// The index could not be loaded.
    LoadFailed(String),
    /// The search box changed.
    SetText(String),
    /// A tag chip was clicked.
    ToggleTag(String),
    /// An author chip was clicked.
    ToggleAuthor(String),
    /// The sort select changed.
    SetSort(Sort),
    /// The "from" date changed (`YYYY-MM-DD` or empty).
    SetAfter(String),
    /// The "before" date changed.
    SetBefore(String),
    /// Typo tolerance switched.
    SetFuzzy(bool),
    /// "Remove filters".
    ClearFilters,
    /// A whole search restored (back/forward, or a link).
    Restore(Query),
    /// A search answered.
    Results {
        /// The sequence number of the search.
        seq: u64,
        /// The page offset it was run with (0: first page, else "more results").
        offset: usize,
        /// The answer.
        results: SearchResults,
        /// Hits with typo tolerance on, when the answer is empty and it was off.
        fuzzy_total: Option<usize>,
        /// Measured time in microseconds when core reports none.
        took_us: u64,
    },
    /// A search failed.
    SearchFailed {
        /// The sequence number of the search.
        seq: u64,
        /// What went wrong.
        message: String,
    },
    /// Arrow keys: move the selection by this many hits.
    Move(i32),
    /// Select a hit (or none).
    SetActive(Option<usize>),
    /// Show related articles for a hit (toggles off when shown already).
    ShowRelated(Related),
    /// Close the related list.
    HideRelated,
}

impl AppState {
    /// The initial state for a search read from the URL.
    pub fn new(query: Query) -> AppState {
        AppState {
            load: Load::Loading { received: 0, total: None },
            query,
            seq: 1,
            delay_ms: 0,
            page: None,
            error: None,
            active: None,
            related: None,
            lazy: false,
        }
    }

    /// Whether the index is open.
    pub fn ready(&self) -> bool {
        matches!(self.load, Load::Ready { .. })
    }

    /// Whether the shown page answers the current query (no search pending).
    pub fn settled(&self) -> bool {
        self.page.as_ref().is_some_and(|page| page.seq == self.seq)
    }

    /// Applies an action.
    pub fn reduce(mut self, action: Action) -> AppState {
        match action {
            Action::Progress { received, total } => {
                if let Load::Loading { .. } = self.load {
                    self.load = Load::Loading { received, total };
                }
            }
            Action::Loaded { documents, lazy } => {
                self.load = Load::Ready { documents };
                self.lazy = lazy;
            }
            Action::LoadFailed(message) => self.load = Load::Failed(message),
            Action::SetText(text) => {
                if text != self.query.text {
                    let query = Query { text, ..self.query.clone() };
                    self.change(query, if self.lazy { LAZY_TYPING_DELAY_MS } else { TYPING_DELAY_MS });
                }
            }
            Action::ToggleTag(tag) => {
                let mut query = self.query.clone();
                if let Some(at) = query.tags.iter().position(|t| *t == tag) {
                    query.tags.remove(at);
                } else {
                    query.tags.push(tag);
                }
                self.change(query, 0);
            }
            Action::ToggleAuthor(author) => {
                let mut query = self.query.clone();
                query.author = if query.author.as_ref() == Some(&author) { None } else { Some(author) };
                self.change(query, 0);
            }
            Action::SetSort(sort) => {
                let query = Query { sort, ..self.query.clone() };
                self.change(query, 0);
            }
            Action::SetAfter(after) => {
                let query = Query { after, ..self.query.clone() };
                self.change(query, 0);
            }
            Action::SetBefore(before) => {
                let query = Query { before, ..self.query.clone() };
                self.change(query, 0);
            }
            Action::SetFuzzy(fuzzy) => {
                let query = Query { fuzzy, ..self.query.clone() };
                self.change(query, 0);
            }
            Action::ClearFilters => {
                let query = self.query.without_filters();
                self.change(query, 0);
            }
            Action::Restore(query) => self.change(query, 0),
            Action::Results { seq, offset, results, fuzzy_total, took_us } => {
                // An answer to anything but the newest search is dropped, so a slow
                // older search can never replace a newer one.
                if seq != self.seq {
                    return self;
                }
                let took_us = if results.took_us > 0 { results.took_us } else { took_us };
                if offset == 0 {
                    self.page = Some(Page {
                        seq,
                        query: self.query.clone(),
                        total: results.total,
                        took_us,
                        hits: results.hits,
                        facets: results.facets,
                        relaxed: results.relaxed,
                        fuzzy_total,
                        facets_omitted: results.facets_omitted,
                        common_words: results.common_words,
                        titles_only: results.titles_only,
                    });
                    self.active = None;
                    self.related = None;
                    self.error = None;
                } else if let Some(page) = self.page.as_mut().filter(|p| p.seq == seq && p.hits.len() == offset) {
                    page.hits.extend(results.hits);
                    page.total = results.total;
                }
            }
            Action::SearchFailed { seq, message } => {
                if seq == self.seq {
                    self.error = Some(message);
                }
            }
            Action::Move(delta) => {
                let count = self.page.as_ref().map_or(0, |p| p.hits.len());
                self.active = if count == 0 {
                    None
                } else {
                    match (self.active, delta) {
                        (None, d) if d > 0 => Some(0),
                        (None, _) => None,
                        (Some(i), d) if d < 0 && i < d.unsigned_abs() as usize => None,
                        (Some(i), d) => Some(((i as i64 + i64::from(d)) as usize).min(count - 1)),
                    }
                };
            }
            Action::SetActive(active) => self.active = active,
            Action::ShowRelated(related) => {
                let same = self.related.as_ref().is_some_and(|r| r.id == related.id);
                self.related = if same { None } else { Some(related) };
            }
            Action::HideRelated => self.related = None,
        }
        self
    }

    fn change(&mut self, query: Query, delay_ms: u32) {
        if query == self.query {
            return;
        }
        self.query = query;
        self.seq += 1;
        self.delay_ms = delay_ms;
        self.error = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use trovi_core::Snippet;

    fn hit(id: &str) -> Hit {
        Hit {
            id: id.into(),
            title: id.into(),
            url: None,
            section: None,
            date: None,
            author: None,
            tags: Vec::new(),
            score: 1.0,
            snippet: Snippet::default(),
            title_highlights: Vec::new(),
        }
    }

    fn results(total: usize, ids: &[&str]) -> SearchResults {
        SearchResults {
            total,
            took_us: 0,
            hits: ids.iter().map(|id| hit(id)).collect(),
            facets: Facets::default(),
            relaxed: None,
            facets_omitted: false,
            common_words: Vec::new(),
            titles_only: false,
        }
    }

    fn answer(seq: u64, offset: usize, results: SearchResults) -> Action {
        Action::Results { seq, offset, results, fuzzy_total: None, took_us: 1234 }
    }

    fn ids(state: &AppState) -> Vec<String> {
        state.page.as_ref().map(|p| p.hits.iter().map(|h| h.id.clone()).collect()).unwrap_or_default()
    }

    #[test]
    fn a_lazily_read_index_waits_longer_for_typing_to_pause_and_filters_not_at_all() {
        let state = AppState::new(Query::default()).reduce(Action::Loaded { documents: 9, lazy: true });
        let state = state.reduce(Action::SetText("ru".into()));
        assert_eq!(state.delay_ms, LAZY_TYPING_DELAY_MS);
        const { assert!(LAZY_TYPING_DELAY_MS > 120, "a quick typist's keys must not each start a search") };
        let state = state.reduce(Action::SetSort(Sort::Newest));
        assert_eq!(state.delay_ms, 0);
    }

    #[test]
    fn older_answers_never_replace_newer_ones() {
        let state = AppState::new(Query::default());
        let state = state.reduce(Action::SetText("ru".into()));
        let old_seq = state.seq;
        let state = state.reduce(Action::SetText("rust".into()));
        let new_seq = state.seq;
        assert!(new_seq > old_seq);
        assert_eq!(state.delay_ms, TYPING_DELAY_MS);

        let state = state.reduce(answer(new_seq, 0, results(1, &["new"])));
        let state = state.reduce(answer(old_seq, 0, results(5, &["old"])));
        assert_eq!(ids(&state), ["new"]);
        assert!(state.settled());
        let page = state.page.as_ref().expect("page");
        assert_eq!(page.query.text, "rust");
        assert_eq!(page.took_us, 1234, "measured time when core reports 0");
    }

    #[test]
    fn answers_arriving_before_a_newer_query_are_dropped_later_too() {
        let state = AppState::new(Query::default()).reduce(Action::SetText("a".into()));
        let first = state.seq;
        let state = state.reduce(Action::ToggleTag("t".into()));
        assert_eq!(state.delay_ms, 0, "filters apply without debounce");
        let state = state.reduce(answer(first, 0, results(3, &["x"])));
        assert!(state.page.is_none());
        let state = state.reduce(Action::SearchFailed { seq: first, message: "boom".into() });
        assert!(state.error.is_none());
    }

    #[test]
    fn more_results_append_only_to_the_same_search() {
        let state = AppState::new(Query { text: "rust".into(), ..Query::default() });
        let seq = state.seq;
        let state = state.reduce(answer(seq, 0, results(3, &["a", "b"])));
        let state = state.reduce(answer(seq, 2, results(3, &["c"])));
        assert_eq!(ids(&state), ["a", "b", "c"]);
        // A duplicate "more" answer (same offset) is ignored.
        let state = state.reduce(answer(seq, 2, results(3, &["c"])));
        assert_eq!(ids(&state), ["a", "b", "c"]);
        // A "more" answer for an older search is ignored.
        let state = state.reduce(Action::SetText("rusty".into()));
        let state = state.reduce(answer(seq, 3, results(4, &["d"])));
        assert_eq!(ids(&state), ["a", "b", "c"]);
        assert!(!state.settled());
    }

    #[test]
    fn toggles_and_clearing() {
        let state = AppState::new(Query::default())
            .reduce(Action::ToggleTag("a".into()))
            .reduce(Action::ToggleTag("b".into()))
            .reduce(Action::ToggleTag("a".into()))
            .reduce(Action::ToggleAuthor("Ann".into()));
        assert_eq!(state.query.tags, ["b"]);
        assert_eq!(state.query.author.as_deref(), Some("Ann"));
        let state = state.reduce(Action::ToggleAuthor("Ann".into()));
        assert_eq!(state.query.author, None);
        let state = state
            .reduce(Action::SetAfter("2023-01-01".into()))
            .reduce(Action::SetSort(Sort::Newest))
            .reduce(Action::ClearFilters);
        assert!(!state.query.has_filters());
        assert_eq!(state.query.sort, Sort::Newest, "sort is not a filter");
    }

    #[test]
    fn unchanged_query_keeps_its_sequence_number() {
        let state = AppState::new(Query::default()).reduce(Action::SetText("x".into()));
        let seq = state.seq;
        let query = state.query.clone();
        let state = state.reduce(Action::SetText("x".into())).reduce(Action::Restore(query));
        assert_eq!(state.seq, seq);
    }

    #[test]
    fn arrow_keys_move_within_hits() {
        let state = AppState::new(Query { text: "x".into(), ..Query::default() });
        let seq = state.seq;
        let state = state.reduce(Action::Move(1));
        assert_eq!(state.active, None, "no hits yet");
        let state = state.reduce(answer(seq, 0, results(3, &["a", "b", "c"])));
        let state = state.reduce(Action::Move(1));
        assert_eq!(state.active, Some(0));
        let state = state.reduce(Action::Move(1)).reduce(Action::Move(1)).reduce(Action::Move(1));
        assert_eq!(state.active, Some(2), "stops at the last hit");
        let state = state.reduce(Action::Move(-1)).reduce(Action::Move(-1)).reduce(Action::Move(-1));
        assert_eq!(state.active, None, "up from the first hit leaves the list");
    }

    #[test]
    fn loading_progress_then_ready_or_failed() {
        let state = AppState::new(Query::default()).reduce(Action::Progress { received: 10, total: Some(100) });
        assert_eq!(state.load, Load::Loading { received: 10, total: Some(100) });
        let ready = state.clone().reduce(Action::Loaded { documents: 7, lazy: false });
        assert!(ready.ready());
        let late = ready.reduce(Action::Progress { received: 100, total: Some(100) });
        assert_eq!(late.load, Load::Ready { documents: 7 }, "late progress does not undo ready");
        let failed = state.reduce(Action::LoadFailed("nope".into()));
        assert_eq!(failed.load, Load::Failed("nope".into()));
    }

    #[test]
    fn related_toggles() {
        let related = Related { id: "a".into(), hits: Ok(vec![hit("b")]) };
        let state = AppState::new(Query::default()).reduce(Action::ShowRelated(related.clone()));
        assert_eq!(state.related.as_ref().map(|r| r.id.as_str()), Some("a"));
        let state = state.reduce(Action::ShowRelated(related));
        assert!(state.related.is_none());
    }
}
