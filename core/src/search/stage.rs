//! Staging reads where bytes may be missing: an operation reads what it
//! can, records what it lacks, and stops at the first stage that missed, so
//! independent reads miss (and are fetched) together.

use super::{Searcher, PREFIX_EXPANSIONS};
use crate::lazy::{misses_so_far, LazyBundle};
use crate::{Error, Result};
use std::ops::Bound;
use tantivy::query::Query;
use tantivy::Term;

impl Searcher {
    /// Fails with [`Error::NotFetched`] (for the driver to fetch and run the
    /// operation again) when a read of this operation found its bytes missing.
    pub(super) fn fetched(&self) -> Result<()> {
        match misses_so_far() {
            Some(ranges) => Err(Error::NotFetched { ranges }),
            None => Ok(()),
        }
    }

    /// Whether every byte of the index is present, so reads never miss and
    /// staging reads for fetching is pointless.
    pub(super) fn is_complete(&self) -> bool {
        self.bundle.as_ref().is_none_or(LazyBundle::is_complete)
    }

    /// Reads, ignoring errors, what collecting `query` will read: postings
    /// (with positions where the query needs them) and field norms of its
    /// terms. On a lazily opened index that makes all of them miss in one
    /// pass instead of one per round trip.
    pub(super) fn prefetch(&self, searcher: &tantivy::Searcher, query: &dyn Query, prefixes: &[Term]) {
        let mut terms: Vec<(Term, bool)> = Vec::new();
        query.query_terms(&mut |term, positions| terms.push((term.clone(), positions)));
        for reader in searcher.segment_readers() {
            // The terms a prefix expands to, as `PhrasePrefixQuery` finds them
            // (one word: a range query over doc ids, no positions).
            for prefix in prefixes {
                let Ok(index) = reader.inverted_index(prefix.field()) else { continue };
                let upper = prefix_upper_bound(prefix.serialized_value_bytes()).map(|bytes| {
                    let mut term = prefix.clone();
                    term.clear_with_type(prefix.typ());
                    term.append_bytes(&bytes);
                    term
                });
                let range = (Bound::Included(prefix.clone()), upper.map_or(Bound::Unbounded, Bound::Excluded));
                crate::lazy::poll_once(index.warm_postings_range(range, Some(PREFIX_EXPANSIONS as u64), false));
                let _ = reader.get_fieldnorms_reader(prefix.field());
            }
            // Postings and positions of one term are fetched together.
            for (term, positions) in &terms {
                let Ok(index) = reader.inverted_index(term.field()) else { continue };
                crate::lazy::poll_once(index.warm_postings(term, *positions));
                let _ = reader.get_fieldnorms_reader(term.field());
            }
        }
    }
}

/// The smallest byte string after every string starting with `prefix`.
pub(super) fn prefix_upper_bound(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut upper = prefix.to_vec();
    while let Some(last) = upper.pop() {
        if last < u8::MAX {
            upper.push(last + 1);
            return Some(upper);
        }
    }
    None
}

/// Bytes of the `tag` and `author` columns of a segment (what facet counting reads).
pub(super) fn facet_column_bytes(reader: &tantivy::SegmentReader) -> u64 {
    ["tag", "author"]
        .iter()
        .flat_map(|name| reader.fast_fields().dynamic_column_handles(name).unwrap_or_default())
        .map(|handle| handle.num_bytes().get_bytes())
        .sum()
}
