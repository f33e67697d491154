//! Typo tolerance: a word's near neighbours in the term dictionary.
//!
//! tantivy's `FuzzyTermQuery` runs a Levenshtein automaton over the whole
//! term dictionary of a field, for every query that uses it. With the SSTable
//! dictionary (the `quickwit` feature, needed to load lazily over HTTP) that
//! means decoding every block, and a short query that is relaxed re-runs its
//! queries: the unknown words of a three-word query were expanded three times.
//!
//! [`TypoQuery`] does the same matching with two differences:
//!
//! - **The first character must match.** Only the dictionary range of terms
//!   that start with the word's first character is scanned (a twentieth of
//!   it in English); where that range is larger than
//!   [`crate::TYPO_SCAN_BYTES`], the first two characters (or more) must. Typos in the first letter are rare, and a search engine
//!   cannot tell "bat" from "cat" anyway.
//! - **Expansions are computed once per search** and shared by every
//!   relaxation attempt (the [`TypoCache`] lives as long as one search).
//!
//! It can also skip neighbours that are not much more common than the word
//! itself (`min_doc_freq`): a rare misspelling that does occur in the corpus
//! ("goverment") is expanded to the common word ("government") but not to
//! other rare ones.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tantivy::query::{BitSetDocSet, ConstScorer, EnableScoring, Explanation, FuzzyTermQuery, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::index::SegmentId;
use tantivy::{BitSet, DocId, DocSet, HasLen, Score, SegmentReader, Term, TERMINATED};

/// One expansion: segment, field, word, distance, minimum document frequency.
type ExpansionKey = (SegmentId, Field, String, u8, u32);

/// Matching documents of typo expansions, per segment, field and word.
#[derive(Debug, Default)]
pub(crate) struct TypoCache {
    docs: Mutex<HashMap<ExpansionKey, Arc<BitSet>>>,
}

/// Matches the documents containing a term within `distance` edits of
/// `word` (a transposition counts as one edit) that starts with the same
/// character and occurs in at least `min_doc_freq` documents. Constant score.
#[derive(Debug, Clone)]
pub(crate) struct TypoQuery {
    pub field: Field,
    pub word: String,
    pub distance: u8,
    pub min_doc_freq: u32,
    pub cache: Arc<TypoCache>,
    /// When set (lazily loaded indexes), the shared prefix grows past the
    /// first character until its dictionary range is at most this many bytes.
    pub max_scan_bytes: Option<u64>,
}

impl Query for TypoQuery {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl TypoQuery {
    /// The matching documents of a segment (computed once per search).
    pub(crate) fn docs(&self, reader: &SegmentReader) -> tantivy::Result<Arc<BitSet>> {
        let key = (reader.segment_id(), self.field, self.word.clone(), self.distance, self.min_doc_freq);
        if let Some(docs) = self.cache.docs.lock().ok().and_then(|cache| cache.get(&key).cloned()) {
            return Ok(docs);
        }
        let docs = Arc::new(self.expand(reader)?);
        if let Ok(mut cache) = self.cache.docs.lock() {
            cache.insert(key, docs.clone());
        }
        Ok(docs)
    }

    fn expand(&self, reader: &SegmentReader) -> tantivy::Result<BitSet> {
        let mut docs = BitSet::with_max_value(reader.max_doc());
        if self.word.is_empty() {
            return Ok(docs);
        }
        let automaton = FuzzyTermQuery::new(Term::from_field_text(self.field, &self.word), self.distance, true).automaton()?;
        let inverted_index = reader.inverted_index(self.field)?;
        let terms = inverted_index.terms();
        // The dictionary range of terms sharing the word's first character
        // (or, within a byte budget, a longer prefix).
        let chars: Vec<char> = self.word.chars().collect();
        let mut shared = 1;
        let (lower, upper) = loop {
            let (lower, upper) = prefix_range(&chars[..shared]);
            let fits = match self.max_scan_bytes {
                None => true,
                Some(max) => {
                    let range = (std::ops::Bound::Included(lower.as_bytes()), upper.as_deref().map_or(std::ops::Bound::Unbounded, |u| std::ops::Bound::Excluded(u.as_bytes())));
                    terms.file_slice_for_range(range, None).len() as u64 <= max
                }
            };
            // Keep at least one character free for the typo itself.
            if fits || shared + 1 >= chars.len() {
                break (lower, upper);
            }
            shared += 1;
        };
        let mut stream = terms.search(&automaton).ge(lower.as_bytes());
        if let Some(upper) = &upper {
            stream = stream.lt(upper.as_bytes());
        }
        let mut stream = stream.into_stream()?;
        // Read every expansion's postings before giving up on an error: on a
        // lazily opened index, all their misses are then fetched together.
        let mut error = None;
        while stream.advance() {
            let info = stream.value();
            if info.doc_freq < self.min_doc_freq {
                continue;
            }
            let mut postings = match inverted_index.read_block_postings_from_terminfo(info, IndexRecordOption::Basic) {
                Ok(postings) => postings,
                Err(e) => {
                    error.get_or_insert(e);
                    continue;
                }
            };
            loop {
                let block = postings.docs();
                if block.is_empty() {
                    break;
                }
                for &doc in block {
                    docs.insert(doc);
                }
                postings.advance();
            }
        }
        match error {
            Some(e) => Err(e.into()),
            None => Ok(docs),
        }
    }
}

impl Weight for TypoQuery {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let docs = BitSetDocSet::from((*self.docs(reader)?).clone());
        Ok(Box::new(ConstScorer::new(docs, boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.doc() != TERMINATED && scorer.seek(doc) == doc {
            Ok(Explanation::new("TypoQuery", 1.0))
        } else {
            Err(tantivy::TantivyError::InvalidArgument(format!("document {doc} does not match")))
        }
    }
}

/// The terms starting with `prefix`: from the prefix itself to the prefix
/// with its last character incremented (None: no upper bound).
fn prefix_range(prefix: &[char]) -> (String, Option<String>) {
    let lower: String = prefix.iter().collect();
    let upper = prefix.split_last().and_then(|(last, head)| {
        next_char(*last).map(|next| head.iter().chain(std::iter::once(&next)).collect::<String>())
    });
    (lower, upper)
}

/// The smallest character after `c` (None after the last one).
fn next_char(c: char) -> Option<char> {
    (c as u32 + 1..=char::MAX as u32).find_map(char::from_u32)
}
