//! Building an index from articles (the `indexer` feature).

use crate::bundle::{encode, Bundle};
use crate::schema::{build_schema, register_analyzers, Fields, Stemming};
use crate::{Article, Error, Result};
use tantivy::schema::TantivyDocument;
use tantivy::{DateTime, Index, IndexWriter};

/// Settings for [`IndexBuilder`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IndexOptions {
    /// Stemming language (default English).
    pub stemming: Stemming,
    /// Indexing threads; 0 means one per core (at most 8).
    pub threads: usize,
    /// Memory budget per indexing thread, in bytes (at least 15 MB).
    pub memory_per_thread: usize,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions { stemming: Stemming::ENGLISH, threads: 0, memory_per_thread: 64 << 20 }
    }
}

/// Builds a bundle from articles: `add` them, then `finish`.
///
/// The index is built in a temporary directory with all cores, merged into
/// one segment, and packed into a [`Bundle`].
pub struct IndexBuilder {
    index: Index,
    writer: IndexWriter,
    fields: Fields,
    stemming: Stemming,
    documents: u64,
    // Deleted when the builder is dropped, after `finish` has read the files.
    dir: tempfile::TempDir,
}

impl std::fmt::Debug for IndexBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndexBuilder").field("documents", &self.documents).finish()
    }
}

impl IndexBuilder {
    /// A builder with the default options (English stemming, all cores).
    pub fn new() -> Result<IndexBuilder> {
        IndexBuilder::with_options(IndexOptions::default())
    }

    /// A builder with `options`.
    pub fn with_options(options: IndexOptions) -> Result<IndexBuilder> {
        let dir = tempfile::Builder::new().prefix("trovi-build-").tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
        let (schema, fields) = build_schema();
        let index = Index::create_in_dir(dir.path(), schema)?;
        register_analyzers(&index, options.stemming.0);
        let threads = match options.threads {
            0 => std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(8),
            n => n,
        };
        let memory = options.memory_per_thread.max(15 << 20);
        let writer = index.writer_with_num_threads(threads, threads * memory)?;
        Ok(IndexBuilder { index, writer, fields, stemming: options.stemming, documents: 0, dir })
    }

    /// Adds one article.
    pub fn add(&mut self, article: &Article) -> Result<()> {
        let f = &self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.id, &article.id);
        doc.add_text(f.title, &article.title);
        doc.add_text(f.body, &article.body);
        if let Some(url) = &article.url {
            doc.add_text(f.url, url);
        }
        if let Some(date) = article.date {
            doc.add_date(f.date, DateTime::from_timestamp_secs(date.unix_timestamp()));
        }
        if let Some(author) = article.author.as_deref().filter(|a| !a.trim().is_empty()) {
            doc.add_text(f.author, author);
            doc.add_text(f.author_text, author);
        }
        for tag in article.tags.iter().filter(|t| !t.trim().is_empty()) {
            doc.add_text(f.tag, tag);
            doc.add_text(f.tag_text, tag);
            // `tag:grain` also finds `topic:grain`.
            if let Some((_, value)) = tag.split_once(':').filter(|(_, v)| !v.is_empty()) {
                doc.add_text(f.tag_text, value);
            }
        }
        self.writer.add_document(doc)?;
        self.documents += 1;
        Ok(())
    }

    /// Number of articles added so far.
    pub fn len(&self) -> u64 {
        self.documents
    }

    /// Whether no article was added.
    pub fn is_empty(&self) -> bool {
        self.documents == 0
    }

    /// Commits, merges into one segment and packs the bundle.
    pub fn finish(self) -> Result<Bundle> {
        let IndexBuilder { index, mut writer, stemming, documents, dir, .. } = self;
        writer.commit()?;
        let segments = index.searchable_segment_ids()?;
        if segments.len() > 1 {
            writer.merge(&segments).wait()?;
        }
        writer.wait_merging_threads()?;
        let mut files = Vec::new();
        let mut names: Vec<_> = index.load_metas()?.list_segment_files().into_iter().collect();
        names.push(std::path::PathBuf::from("meta.json"));
        for name in names {
            let path = dir.path().join(&name);
            match std::fs::read(&path) {
                Ok(data) => files.push((name.to_string_lossy().into_owned(), data)),
                // A segment component that was never written (e.g. no deletes).
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io(path, e)),
            }
        }
        Bundle::from_bytes(encode(files, stemming.name(), documents)?)
    }
}
