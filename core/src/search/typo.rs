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
//!   it in English). Typos in the first letter are rare, and a search engine
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
use tantivy::{BitSet, DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

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
}

impl Query for TypoQuery {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl TypoQuery {
    fn docs(&self, reader: &SegmentReader) -> tantivy::Result<Arc<BitSet>> {
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
        let Some(first) = self.word.chars().next() else { return Ok(docs) };
        let automaton = FuzzyTermQuery::new(Term::from_field_text(self.field, &self.word), self.distance, true).automaton()?;
        let inverted_index = reader.inverted_index(self.field)?;
        let mut lower = [0u8; 4];
        let lower = first.encode_utf8(&mut lower).as_bytes();
        let mut stream = inverted_index.terms().search(&automaton).ge(lower);
        if let Some(upper) = next_char(first) {
            let mut buffer = [0u8; 4];
            stream = stream.lt(upper.encode_utf8(&mut buffer).as_bytes());
        }
        let mut stream = stream.into_stream()?;
        while stream.advance() {
            let info = stream.value();
            if info.doc_freq < self.min_doc_freq {
                continue;
            }
            let mut postings = inverted_index.read_block_postings_from_terminfo(info, IndexRecordOption::Basic)?;
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
        Ok(docs)
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

/// The smallest character after `c` (None after the last one).
fn next_char(c: char) -> Option<char> {
    (c as u32 + 1..=char::MAX as u32).find_map(char::from_u32)
}
