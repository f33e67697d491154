//! From a parsed query to a tantivy query, and the terms to highlight.
//!
//! # The matching rule
//!
//! - **Plain words** of a short query (up to [`SHORT_QUERY_WORDS`]) are all
//!   required; if that finds nothing, the searcher retries requiring one word
//!   fewer each time, down to one (see `Relaxed` in the results). The plain
//!   words of a longer, natural-language query are optional and rank by BM25
//!   over all of them (an article needs at least one).
//! - A word matches the title (weighted by [`Tuning::title_boost`]) or the body.
//! - **Typo tolerance** (when on): a word that is not in the index matches
//!   index terms within 1 edit if it has 5+ characters, within 2 edits if 9+,
//!   that start with the same character. Such matches score a small
//!   constant, so exact matches rank above fuzzy ones. A *rare* word (in at
//!   most one document in [`RARE_WORD_DOCS`], like the misspelling
//!   "goverment" in 9 of Reuters' 21,578 articles) also matches neighbours
//!   at least 10 times more common than itself. Other words are taken as
//!   meant: expanding them would cost a scan of the term dictionary per word
//!   (4× the search time on news queries) and add noise to long queries.
//! - **Prefix** (when on, for the last plain word when the text does not end in a
//!   space, and the word has 2+ characters): also matches up to
//!   [`PREFIX_EXPANSIONS`] terms that start with what was typed; if the typed
//!   word is not in the index, the longest indexed stem it starts with (at most
//!   4 characters shorter, at least 4 long) matches too, so "governme" finds
//!   "government" while it is being typed.
//! - In a short query, "phrases", `field:term`, `(groups)` and `a OR b` are
//!   required. A query with more than [`SHORT_QUERY_WORDS`] words in all is
//!   read as natural language: groups are opened up and every item (word,
//!   phrase, field term, OR) is optional, ranked by BM25. On an English index
//!   its stop words ([`ENGLISH_STOP_WORDS`]) are dropped as long as another
//!   plain word remains, and neighbouring plain words found within
//!   [`PROXIMITY_SLOP`] positions of each other add [`Tuning::proximity`] times
//!   their phrase score. `-x` always excludes. A query of exclusions only, or an empty query, matches
//!   every article (then filtered).

use crate::query::{Expr, FieldName, ParsedQuery};
use crate::schema::Fields;
use crate::snippet::TermMatcher;
use super::typo::{TypoCache, TypoQuery};
use std::sync::Arc;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhrasePrefixQuery, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::Term;

/// How many index terms a prefix expands to at most (the first ones in term order).
pub const PREFIX_EXPANSIONS: u32 = 50;

/// A word in at most one of this many documents is rare: typo tolerance
/// also applies to it (see the module docs).
pub const RARE_WORD_DOCS: u64 = 2000;

/// A rare word's typo neighbours must be this many times more common.
const RARE_NEIGHBOUR_FACTOR: u64 = 10;

fn is_rare(doc_freq: u64, num_docs: u64) -> bool {
    doc_freq == 0 || doc_freq.saturating_mul(RARE_WORD_DOCS) <= num_docs
}

/// Queries with at most this many plain words require all of them.
pub const SHORT_QUERY_WORDS: usize = 3;

/// How far apart two neighbouring words of a long query may be found for the proximity bonus.
pub const PROXIMITY_SLOP: u32 = 2;

/// Words dropped from long queries on English indexes: Snowball's English
/// stop-word list (with NLTK's additions) plus a few modal verbs. Short queries
/// keep them ("the who", "to be or not to be").
pub const ENGLISH_STOP_WORDS: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
    "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do",
    "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he",
    "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its",
    "itself", "just", "may", "me", "more", "most", "must", "my", "myself", "no", "nor", "not", "of", "off", "on",
    "once", "only", "or", "other", "ought", "our", "ours", "ourselves", "out", "over", "own", "same", "shall", "she",
    "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there",
    "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were",
    "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours",
    "yourself", "yourselves",
];

/// Ranking knobs. The defaults are what users get; `trovi eval` measures them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tuning {
    /// Weight of a title match relative to a body match.
    pub title_boost: f32,
    /// Constant score of a typo-tolerant match (per field, times the field weight).
    pub fuzzy_score: f32,
    /// Constant score of a prefix match of the last word.
    pub prefix_score: f32,
    /// Weight of the proximity bonus of long queries (0: off).
    pub proximity: f32,
    /// A word in more article bodies than this is *common*: left out of a
    /// query that has other words, and searched in titles only when every
    /// word is common. Its postings would cost about a byte per article to
    /// fetch lazily. A word in more than a quarter of this is too common for
    /// positions: phrases with it match titles only, and long queries get no
    /// proximity bonus for pairs with it. Never reached below a quarter of
    /// this many articles.
    pub common_word_docs: u64,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning { title_boost: 1.0, fuzzy_score: 0.5, prefix_score: 0.5, proximity: 0.1, common_word_docs: COMMON_WORD_DOCS }
    }
}

/// Default of [`Tuning::common_word_docs`]: 200,000 articles (about 250 KiB of
/// body postings), so the rule only applies to indexes larger than that.
pub const COMMON_WORD_DOCS: u64 = 200_000;

/// Options of one compilation.
pub(crate) struct Mode {
    pub fuzzy: bool,
    pub prefix: bool,
    /// How many plain top-level words must match (None: the rule above decides).
    pub required_words: Option<usize>,
}

pub(crate) struct Compiled {
    pub query: Box<dyn Query>,
    /// Plain top-level words that produced a clause.
    pub words: usize,
    /// Plain words required in this compilation.
    pub required: usize,
    /// What to highlight in titles and bodies.
    pub matcher: TermMatcher,
    /// Common words left out, or searched in titles only (see [`Tuning::common_word_docs`]).
    pub common: Vec<String>,
    /// Whether the common words were searched in titles only.
    pub titles_only: bool,
}

pub(crate) struct Compiler<'a> {
    pub fields: &'a Fields,
    pub analyzer: &'a mut TextAnalyzer,
    pub surface: &'a mut TextAnalyzer,
    pub tuning: Tuning,
    /// In how many documents a term occurs (memoized by the searcher).
    pub doc_freq: &'a dyn Fn(&Term) -> u64,
    /// Documents in the index.
    pub num_docs: u64,
    /// Typo expansions, shared by the relaxation attempts of one search.
    pub typos: Arc<TypoCache>,
    /// Words dropped from long queries (see [`stop_words`]).
    pub stop_words: &'static [&'static str],
    /// Lazily loaded indexes: at most this many bytes of dictionary per typo scan.
    pub typo_scan_bytes: Option<u64>,
    /// The prefix terms of the queries compiled so far (for lazy prefetching).
    pub prefix_terms: Vec<Term>,
    /// The typo expansions of the queries compiled so far (likewise).
    pub typo_queries: Vec<TypoQuery>,
}

/// The stop words of an index's language: [`ENGLISH_STOP_WORDS`] for English, none otherwise.
pub(crate) fn stop_words(stemming: crate::Stemming) -> &'static [&'static str] {
    if stemming == crate::Stemming::ENGLISH { ENGLISH_STOP_WORDS } else { &[] }
}

struct Word {
    analyzed: String,
    surface: String,
}

impl Compiler<'_> {
    fn analyze(&mut self, text: &str) -> Vec<Word> {
        let mut words = Vec::new();
        let mut stream = self.analyzer.token_stream(text);
        while let Some(token) = stream.next() {
            words.push(Word { analyzed: token.text.clone(), surface: String::new() });
        }
        let mut stream = self.surface.token_stream(text);
        let mut i = 0;
        while let Some(token) = stream.next() {
            if let Some(word) = words.get_mut(i) {
                word.surface = token.text.clone();
            }
            i += 1;
        }
        words
    }

    /// Is the analyzed word in more bodies than a quarter of
    /// [`Tuning::common_word_docs`]? Its positions (several bytes per
    /// occurrence) would cost too much to read in a very large index: phrases
    /// with it match titles only and proximity pairs with it are skipped.
    fn positions_too_costly(&self, analyzed: &str) -> bool {
        let limit = self.tuning.common_word_docs / 4;
        self.num_docs > limit && (self.doc_freq)(&Term::from_field_text(self.fields.body, analyzed)) > limit
    }

    /// Does `text` contain a common word (see [`Tuning::common_word_docs`])?
    fn is_common(&mut self, text: &str) -> bool {
        if self.num_docs <= self.tuning.common_word_docs {
            return false;
        }
        let body = self.fields.body;
        let words = self.analyze(text);
        words.iter().any(|w| (self.doc_freq)(&Term::from_field_text(body, &w.analyzed)) > self.tuning.common_word_docs)
    }

    /// Is `text` a single stop word?
    fn is_stop_word(&mut self, text: &str) -> bool {
        if self.stop_words.is_empty() {
            return false;
        }
        let words = self.analyze(text);
        words.len() == 1 && self.stop_words.contains(&words[0].surface.as_str())
    }

    pub(crate) fn compile(&mut self, parsed: &ParsedQuery, text: &str, mode: &Mode) -> Compiled {
        let mut matcher = TermMatcher::default();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut word_clauses: Vec<Box<dyn Query>> = Vec::new();
        // A long, natural-language query ("what are the effects of (x) on
        // y-z …") ranks by all its words: groups are opened up and every
        // positive item is optional, so stray punctuation never makes parts
        // of it required.
        let long = count_words(&parsed.items) > SHORT_QUERY_WORDS;
        let items: Vec<&Expr> = if long { flatten(&parsed.items) } else { parsed.items.iter().collect() };
        // Stop words of a long query add noise, not meaning ("what", "the"),
        // unless they are all there is.
        let stop: Vec<bool> = items
            .iter()
            .map(|item| long && matches!(item, Expr::Word { field: None, text } if self.is_stop_word(text)))
            .collect();
        let all_stop = items.iter().zip(&stop).all(|(item, &stop)| stop || !matches!(item, Expr::Word { field: None, .. }));
        // Common words of a very large index likewise (any query length);
        // when every word is common, they are searched in titles only.
        let common: Vec<bool> = items
            .iter()
            .zip(&stop)
            .map(|(item, &stop)| !stop && matches!(item, Expr::Word { field: None, text } if self.is_common(text)))
            .collect();
        let all_common = items
            .iter()
            .zip(stop.iter().zip(&common))
            .all(|(item, (&stop, &common))| stop || common || !matches!(item, Expr::Word { field: None, .. }));
        let mut ignored = Vec::new();
        // The analyzed plain words of a long query in order, for the proximity bonus.
        let mut sequence: Vec<String> = Vec::new();
        let last_word_index = match items.last() {
            Some(Expr::Word { field: None, .. }) if !text.ends_with(char::is_whitespace) => Some(items.len() - 1),
            _ => None,
        };
        for (i, item) in items.into_iter().enumerate() {
            match item {
                Expr::Word { field: None, text } => {
                    if stop[i] && !all_stop {
                        continue;
                    }
                    let field = if common[i] && all_common { Some(FieldName::Title) } else { None };
                    if common[i] {
                        ignored.push(text.clone());
                        if !all_common {
                            continue;
                        }
                    }
                    let prefix = mode.prefix && Some(i) == last_word_index && !common[i];
                    if let Some(q) = self.word(text, field, mode.fuzzy, prefix, Some(&mut matcher)) {
                        word_clauses.push(q);
                        if long {
                            sequence.extend(self.analyze(text).into_iter().map(|w| w.analyzed));
                        }
                    }
                }
                Expr::Not(inner) => {
                    if let Some(q) = self.expr(inner, mode, None) {
                        clauses.push((Occur::MustNot, q));
                    }
                }
                other if long => {
                    if let Some(q) = self.expr(other, mode, Some(&mut matcher)) {
                        word_clauses.push(q);
                    }
                }
                other => {
                    if let Some(q) = self.expr(other, mode, Some(&mut matcher)) {
                        clauses.push((Occur::Must, q));
                    }
                }
            }
        }
        let words = word_clauses.len();
        let required = match mode.required_words {
            Some(n) => n.min(words),
            None if !long => words,
            None => 1.min(words),
        };
        // (A query of stop words only, "to be or not to be", would pay for
        // phrase matching over the longest postings lists: it gets none.)
        if long && !all_stop && self.tuning.proximity > 0.0 {
            clauses.extend(self.proximity(&sequence));
        }
        if words > 0 {
            let group: Vec<(Occur, Box<dyn Query>)> =
                word_clauses.into_iter().map(|q| (Occur::Should, q)).collect();
            clauses.push((Occur::Must, Box::new(BooleanQuery::with_minimum_required_clauses(group, required))));
        }
        let positive = clauses.iter().any(|(occur, _)| *occur != Occur::MustNot);
        if !positive {
            clauses.push((Occur::Must, Box::new(tantivy::query::AllQuery)));
        }
        Compiled { query: Box::new(BooleanQuery::new(clauses)), words, required, matcher, common: ignored, titles_only: all_common }
    }

    /// Compiles a required (or, under `Not`, excluded) expression. `matcher`
    /// is None under negation: excluded words are never highlighted.
    fn expr(&mut self, expr: &Expr, mode: &Mode, mut matcher: Option<&mut TermMatcher>) -> Option<Box<dyn Query>> {
        match expr {
            Expr::Word { field, text } => self.word(text, *field, mode.fuzzy, false, matcher),
            Expr::Phrase { field, text } => self.phrase(text, *field, matcher),
            Expr::Not(inner) => {
                let q = self.expr(inner, mode, None)?;
                Some(Box::new(BooleanQuery::new(vec![
                    (Occur::Must, Box::new(tantivy::query::AllQuery) as Box<dyn Query>),
                    (Occur::MustNot, q),
                ])))
            }
            Expr::Or(items) => {
                let subs: Vec<(Occur, Box<dyn Query>)> = items
                    .iter()
                    .filter_map(|item| self.expr(item, mode, matcher.as_deref_mut()))
                    .map(|q| (Occur::Should, q))
                    .collect();
                (!subs.is_empty()).then(|| Box::new(BooleanQuery::new(subs)) as Box<dyn Query>)
            }
            Expr::Group(items) => {
                let mut subs: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for item in items {
                    match item {
                        Expr::Not(inner) => {
                            if let Some(q) = self.expr(inner, mode, None) {
                                subs.push((Occur::MustNot, q));
                            }
                        }
                        other => {
                            if let Some(q) = self.expr(other, mode, matcher.as_deref_mut()) {
                                subs.push((Occur::Must, q));
                            }
                        }
                    }
                }
                if subs.iter().all(|(o, _)| *o == Occur::MustNot) {
                    if subs.is_empty() {
                        return None;
                    }
                    subs.push((Occur::Must, Box::new(tantivy::query::AllQuery)));
                }
                Some(Box::new(BooleanQuery::new(subs)))
            }
        }
    }

    /// Optional clauses scoring neighbouring words of `sequence` found within
    /// [`PROXIMITY_SLOP`] positions of each other, in the title or the body.
    fn proximity(&self, sequence: &[String]) -> Vec<(Occur, Box<dyn Query>)> {
        let mut clauses = Vec::new();
        // A pair that comes back counts again (measured: deduplicating pairs
        // costs LISA 0.01 MAP). Pairs with a word too common for positions
        // (see `positions_too_costly`) get no bonus.
        for pair in sequence.windows(2).filter(|pair| pair[0] != pair[1]) {
            if pair.iter().any(|w| self.positions_too_costly(w)) {
                continue;
            }
            for (f, boost) in self.text_fields(None) {
                let terms = vec![(0, Term::from_field_text(f, &pair[0])), (1, Term::from_field_text(f, &pair[1]))];
                let q = PhraseQuery::new_with_offset_and_slop(terms, PROXIMITY_SLOP);
                clauses.push((Occur::Should, boosted(Box::new(q), boost * self.tuning.proximity)));
            }
        }
        clauses
    }

    fn text_fields(&self, field: Option<FieldName>) -> Vec<(Field, f32)> {
        match field {
            None => {
                let mut fields = vec![(self.fields.title, self.tuning.title_boost), (self.fields.body, 1.0)];
                fields.extend(self.fields.emphasis.map(|f| (f, 1.0)));
                fields
            }
            Some(FieldName::Title) => vec![(self.fields.title, 1.0)],
            Some(FieldName::Author) => vec![(self.fields.author_text, 1.0)],
            Some(FieldName::Tag) => vec![],
        }
    }

    fn tag(&self, text: &str) -> Option<Box<dyn Query>> {
        let value = text.trim().to_lowercase();
        (!value.is_empty()).then(|| {
            Box::new(TermQuery::new(Term::from_field_text(self.fields.tag_text, &value), IndexRecordOption::Basic))
                as Box<dyn Query>
        })
    }

    fn word(
        &mut self,
        text: &str,
        field: Option<FieldName>,
        fuzzy: bool,
        prefix: bool,
        matcher: Option<&mut TermMatcher>,
    ) -> Option<Box<dyn Query>> {
        if field == Some(FieldName::Tag) {
            return self.tag(text);
        }
        // English possessive: "Alzheimer's" means the word, not the phrase
        // "alzheimer s" (which also read the positions of the ubiquitous "s").
        let english = !self.stop_words.is_empty();
        if let Some(base) = english.then(|| text.strip_suffix("'s").or_else(|| text.strip_suffix("\u{2019}s"))).flatten()
            && !base.is_empty()
            && self.analyze(base).len() == 1
        {
            return self.word(base, field, fuzzy, prefix, matcher);
        }
        let words = self.analyze(text);
        if words.len() > 1 {
            // "covid-19", "e-mail": one word to the user, a phrase to the index.
            return self.phrase(text, field, matcher);
        }
        let word = words.into_iter().next()?;
        let highlight = field != Some(FieldName::Author);
        let fields = self.text_fields(field);
        let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for &(f, boost) in &fields {
            let q = TermQuery::new(Term::from_field_text(f, &word.analyzed), IndexRecordOption::WithFreqs);
            alternatives.push((Occur::Should, boosted(Box::new(q), boost)));
        }
        let length = word.surface.chars().count();
        let distance = match length {
            n if n >= 9 => 2,
            n if n >= 5 => 1,
            _ => 0,
        };
        let mut matcher = matcher;
        if let Some(m) = matcher.as_deref_mut().filter(|_| highlight) {
            m.exact.insert(word.analyzed.clone());
        }
        let doc_freq =
            fields.iter().map(|&(f, _)| (self.doc_freq)(&Term::from_field_text(f, &word.analyzed))).max().unwrap_or(0);
        let known = doc_freq > 0;
        if fuzzy && distance > 0 && is_rare(doc_freq, self.num_docs) {
            // An unknown word matches its neighbours; a rare one ("goverment",
            // a misspelling that does occur) only much more common ones.
            let min_doc_freq = if known { doc_freq.saturating_mul(RARE_NEIGHBOUR_FACTOR) } else { 1 };
            for &(f, boost) in &fields {
                let q = TypoQuery {
                    field: f,
                    word: word.analyzed.clone(),
                    distance,
                    min_doc_freq: u32::try_from(min_doc_freq).unwrap_or(u32::MAX),
                    cache: self.typos.clone(),
                    max_scan_bytes: self.typo_scan_bytes,
                };
                self.typo_queries.push(q.clone());
                alternatives.push((Occur::Should, boosted(Box::new(q), boost * self.tuning.fuzzy_score)));
            }
            if let Some(m) = matcher.as_deref_mut().filter(|_| highlight) {
                m.fuzzy.push((word.analyzed.clone(), distance));
            }
        }
        if prefix && length >= 2 {
            for &(f, boost) in &fields {
                // One term: a range scan of the term dictionary, not an automaton over all of it.
                self.prefix_terms.push(Term::from_field_text(f, &word.surface));
                let mut q = PhrasePrefixQuery::new(vec![Term::from_field_text(f, &word.surface)]);
                q.set_max_expansions(PREFIX_EXPANSIONS);
                alternatives.push((Occur::Should, boosted(Box::new(q), boost * self.tuning.prefix_score)));
            }
            if let Some(m) = matcher.as_deref_mut().filter(|_| highlight) {
                m.prefixes.push(word.surface.clone());
            }
            // A half-typed word that extends an indexed stem ("governme" → "govern").
            if !known {
                let chars: Vec<char> = word.surface.chars().collect();
                let shortest = chars.len().saturating_sub(4).max(4);
                for len in (shortest..chars.len()).rev() {
                    let stem: String = chars[..len].iter().collect();
                    let hits: Vec<_> = fields
                        .iter()
                        .filter(|&&(f, _)| (self.doc_freq)(&Term::from_field_text(f, &stem)) > 0)
                        .collect();
                    if hits.is_empty() {
                        continue;
                    }
                    for &&(f, boost) in &hits {
                        let q = TermQuery::new(Term::from_field_text(f, &stem), IndexRecordOption::WithFreqs);
                        alternatives.push((Occur::Should, boosted(Box::new(q), boost * self.tuning.prefix_score)));
                    }
                    if let Some(m) = matcher.as_deref_mut().filter(|_| highlight) {
                        m.exact.insert(stem);
                    }
                    break;
                }
            }
        }
        Some(Box::new(BooleanQuery::new(alternatives)))
    }

    fn phrase(&mut self, text: &str, field: Option<FieldName>, matcher: Option<&mut TermMatcher>) -> Option<Box<dyn Query>> {
        if field == Some(FieldName::Tag) {
            return self.tag(text);
        }
        // A phrase with a common word would read its positions in every
        // body: in a very large index it matches titles only.
        let words = self.analyze(text);
        let costly = words.len() > 1 && words.iter().any(|w| self.positions_too_costly(&w.analyzed));
        let field = if field.is_none() && (costly || self.is_common(text)) { Some(FieldName::Title) } else { field };
        if words.is_empty() {
            return None;
        }
        if let Some(m) = matcher.filter(|_| field != Some(FieldName::Author)) {
            m.exact.extend(words.iter().map(|w| w.analyzed.clone()));
        }
        let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (f, boost) in self.text_fields(field) {
            let terms: Vec<Term> = words.iter().map(|w| Term::from_field_text(f, &w.analyzed)).collect();
            let q: Box<dyn Query> = if terms.len() == 1 {
                Box::new(TermQuery::new(terms[0].clone(), IndexRecordOption::WithFreqs))
            } else {
                Box::new(PhraseQuery::new(terms))
            };
            alternatives.push((Occur::Should, boosted(q, boost)));
        }
        Some(Box::new(BooleanQuery::new(alternatives)))
    }
}

/// Plain and field words anywhere in the query (phrases count their words).
fn count_words(items: &[Expr]) -> usize {
    items
        .iter()
        .map(|item| match item {
            Expr::Word { .. } => 1,
            Expr::Phrase { text, .. } => text.split_whitespace().count(),
            Expr::Not(_) => 0,
            Expr::Or(items) | Expr::Group(items) => count_words(items),
        })
        .sum()
}

/// The items with groups opened up (recursively).
fn flatten(items: &[Expr]) -> Vec<&Expr> {
    let mut out = Vec::new();
    for item in items {
        match item {
            Expr::Group(inner) => out.extend(flatten(inner)),
            other => out.push(other),
        }
    }
    out
}

fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    if (boost - 1.0).abs() < f32::EPSILON {
        query
    } else {
        Box::new(BoostQuery::new(query, boost))
    }
}
