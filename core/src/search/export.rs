//! Reading every stored article back out of an index (for exports).

use super::Searcher;
use crate::{Article, Result};
use tantivy::schema::{TantivyDocument, Value};
use tantivy::DocAddress;
use time::OffsetDateTime;

impl Searcher {
    /// Every article in the index, as stored, in index order (the order they
    /// were added, for a bundle); deleted articles are left out.
    ///
    /// Reads the document store lazily, one article at a time, so exporting a
    /// large index does not hold it in memory. The iterator works on a
    /// snapshot: it does not borrow the searcher and may move to another thread.
    ///
    /// ```
    /// # fn main() -> trovi_core::Result<()> {
    /// use trovi_core::{Article, IndexBuilder, Searcher};
    /// let mut builder = IndexBuilder::new()?;
    /// builder.add(&Article::new("a", "First", "one"))?;
    /// builder.add(&Article::new("b", "Second", "two"))?;
    /// let searcher = Searcher::open(builder.finish()?)?;
    /// let ids: Vec<String> = searcher.articles().map(|a| a.map(|a| a.id)).collect::<Result<_, _>>()?;
    /// assert_eq!(ids, ["a", "b"]);
    /// # Ok(()) }
    /// ```
    pub fn articles(&self) -> impl Iterator<Item = Result<Article>> + Send + use<> {
        let searcher = self.reader.searcher();
        let fields = self.fields;
        // Live indexes spread articles over segments: order them by input
        // position (16 bytes an article), then read them one at a time.
        let mut order: Vec<(u64, DocAddress)> = Vec::new();
        for (segment, reader) in searcher.segment_readers().iter().enumerate() {
            let seq = reader.fast_fields().u64(crate::schema::SEQ_FIELD).ok();
            for doc in (0..reader.max_doc()).filter(|&doc| !reader.is_deleted(doc)) {
                let position = seq.as_ref().and_then(|column| column.first(doc)).unwrap_or(u64::MAX);
                order.push((position, DocAddress::new(segment as u32, doc)));
            }
        }
        order.sort_unstable();
        order.into_iter().map(move |(_, address)| {
            let stored: TantivyDocument = searcher.doc(address)?;
            Ok(article(&fields, &stored))
        })
    }
}

fn article(f: &crate::schema::Fields, doc: &TantivyDocument) -> Article {
    let text = |field| doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
    Article {
        id: text(f.id).unwrap_or_default(),
        title: text(f.title).unwrap_or_default(),
        body: text(f.body).unwrap_or_default(),
        url: text(f.url),
        date: doc
            .get_first(f.date)
            .and_then(|v| v.as_datetime())
            .and_then(|d| OffsetDateTime::from_unix_timestamp(d.into_timestamp_secs()).ok()),
        author: text(f.author),
        tags: doc.get_all(f.tag).filter_map(|v| v.as_str().map(str::to_string)).collect(),
        sections: f
            .sections
            .map(|field| doc.get_all(field).filter_map(|v| v.as_str().and_then(crate::article::decode_section)).collect())
            .unwrap_or_default(),
        emphasis: f.emphasis.and_then(text).unwrap_or_default(),
    }
}

#[cfg(all(test, feature = "indexer"))]
mod tests {
    use crate::{parse_date, Article, LiveIndex, SearchRequest};

    #[test]
    fn articles_round_trip_and_skip_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let mut live = LiveIndex::create(dir.path(), Default::default()).unwrap();
        let mut full = Article::new("full", "A title", "A body.\n\nSecond paragraph.");
        full.url = Some("https://example.com/full".into());
        full.date = parse_date("2024-02-03T04:05:06Z");
        full.author = Some("Ann Author".into());
        full.tags = vec!["rust".into(), "topic:search".into()];
        live.add(&full).unwrap();
        live.add(&Article::new("bare", "Bare", "")).unwrap();
        live.add(&Article::new("gone", "Gone", "deleted")).unwrap();
        live.commit().unwrap();
        live.delete("gone").unwrap();
        live.commit().unwrap();
        // Before a merge the deleted article is still in the segment: it must not come out.
        let articles: Vec<Article> = live.searcher().articles().collect::<Result<_, _>>().unwrap();
        assert_eq!(articles, vec![full.clone(), Article::new("bare", "Bare", "")]);
        let bundle = live.to_bundle().unwrap();
        let searcher = crate::Searcher::open(bundle).unwrap();
        assert_eq!(searcher.articles().count(), 2);
        assert_eq!(searcher.search(&SearchRequest::new("title")).unwrap().total, 1);
    }
}
