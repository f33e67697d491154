//! Counting tags and authors over every matching article.

use super::request::Facets;
use std::collections::BTreeMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Counts the values of the `tag` and `author` fast fields of matching documents.
///
/// Counting works on term ordinals per segment; ordinals become strings once per
/// segment in `harvest`, so the cost per match is a few array increments.
pub(crate) struct FacetCounter;

pub(crate) struct SegmentFacetCounter {
    columns: [(Option<StrColumn>, Vec<u64>); 2],
}

impl Collector for FacetCounter {
    type Fruit = Facets;
    type Child = SegmentFacetCounter;

    fn for_segment(&self, _: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentFacetCounter> {
        let open = |name: &str| -> tantivy::Result<(Option<StrColumn>, Vec<u64>)> {
            let column = reader.fast_fields().str(name)?;
            let counts = vec![0; column.as_ref().map_or(0, |c| c.num_terms())];
            Ok((column, counts))
        };
        Ok(SegmentFacetCounter { columns: [open("tag")?, open("author")?] })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Facets>) -> tantivy::Result<Facets> {
        let mut total = Facets::default();
        for fruit in fruits {
            for (tag, n) in fruit.tags {
                *total.tags.entry(tag).or_default() += n;
            }
            for (author, n) in fruit.authors {
                *total.authors.entry(author).or_default() += n;
            }
        }
        Ok(total)
    }
}

impl SegmentCollector for SegmentFacetCounter {
    type Fruit = Facets;

    fn collect(&mut self, doc: DocId, _score: Score) {
        for (column, counts) in &mut self.columns {
            if let Some(column) = column {
                for ord in column.term_ords(doc) {
                    if let Some(count) = counts.get_mut(ord as usize) {
                        *count += 1;
                    }
                }
            }
        }
    }

    fn harvest(self) -> Facets {
        let [tags, authors] = self.columns.map(|(column, counts)| {
            let mut out = BTreeMap::new();
            let Some(column) = column else { return out };
            // One pass over the dictionary for all counted ordinals: `ord_to_str`
            // per ordinal would decode an SSTable block each time.
            let ords: Vec<u64> = (0..counts.len() as u64).filter(|&ord| counts[ord as usize] > 0).collect();
            let mut next = ords.iter();
            let _ = column.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
                if let (Some(&ord), Ok(text)) = (next.next(), std::str::from_utf8(bytes)) {
                    out.insert(text.to_string(), counts[ord as usize]);
                }
            });
            out
        });
        Facets { tags, authors }
    }
}
