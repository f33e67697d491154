//! Opening the index in a bundle's bytes.

use super::{guarded, Searcher, Tuning};
use super::stage::facet_column_bytes;
use crate::bundle::Bundle;
use crate::lazy::{misses_so_far, LazyBundle, HOT_FIELD_NORM_BYTES, LAZY_FACET_BYTES};
use crate::schema::{register_analyzers, Fields, Stemming};
use crate::{Error, Result};
use tantivy::query::Bm25StatisticsProvider;
use tantivy::{Index, IndexReader, ReloadPolicy};

impl Searcher {
    /// Opens a verified bundle for searching (all of it is in memory: see
    /// [`Engine`](crate::Engine) for a bundle read lazily).
    pub fn open(bundle: Bundle) -> Result<Searcher> {
        Searcher::open_bytes(&LazyBundle::whole(&bundle))
    }

    /// Opens the index in `bundle`'s bytes. Where bytes are missing, run it
    /// through the fetching driver, as every operation on the searcher.
    pub(crate) fn open_bytes(bundle: &LazyBundle) -> Result<Searcher> {
        guarded("opening the index", || {
            let language = &bundle.header().language;
            let stemming = Stemming::from_name(language).map_err(|error| match Stemming::is_known(language) {
                true => error, // a language this build was compiled without
                false => Error::CorruptBundle(format!("unknown language {language:?} in header")),
            })?;
            let index = Index::open(bundle.directory()).map_err(|e| match misses_so_far() {
                Some(ranges) => Error::NotFetched { ranges },
                None => Error::CorruptBundle(format!("cannot open the index: {e}")),
            })?;
            register_analyzers(&index, stemming.0);
            let mut fields = Fields::from_schema(&index.schema())?;
            let reader: IndexReader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
            // An index where no article has weighted text need not look there.
            if let Some(field) = fields.emphasis
                && reader.searcher().total_num_tokens(field).unwrap_or(0) == 0
            {
                fields.emphasis = None;
            }
            let mut searcher = Searcher::from_reader(reader, fields, stemming);
            searcher.fetched()?;
            searcher.bundle = Some(bundle.clone());
            Ok(searcher)
        })
    }

    pub(crate) fn from_reader(reader: IndexReader, fields: Fields, stemming: Stemming) -> Searcher {
        Searcher { reader, fields, stemming, tuning: Tuning::default(), bundle: None }
    }

    /// Reads what every search needs, for the hot cache: each searched
    /// field's dictionary index, the field norms and the facet columns when
    /// small. Read errors are ignored (the lazy driver fetches and retries).
    #[cfg_attr(not(feature = "indexer"), allow(dead_code))]
    pub(crate) fn warm_hot_cache(&self) -> Result<()> {
        let searcher = self.reader.searcher();
        let f = &self.fields;
        let scored = [Some(f.title), Some(f.body), f.emphasis];
        let searched = [f.id, f.title, f.body, f.author, f.author_text, f.tag, f.tag_text];
        let norms_bytes = searcher.num_docs() * scored.iter().flatten().count() as u64;
        for reader in searcher.segment_readers() {
            for field in searched.into_iter().chain(f.emphasis) {
                let _ = reader.inverted_index(field);
            }
            if norms_bytes <= HOT_FIELD_NORM_BYTES {
                for field in scored.into_iter().flatten() {
                    let _ = reader.get_fieldnorms_reader(field);
                }
            }
            if facet_column_bytes(reader) <= LAZY_FACET_BYTES {
                let _ = reader.fast_fields().str("tag");
                let _ = reader.fast_fields().str("author");
            }
        }
        self.fetched()
    }
}
