//! Building and changing indexes (the `indexer` feature).
//!
//! [`LiveIndex`] is a tantivy index in a directory that articles can be added
//! to, updated in and deleted from, and searched between commits; it exports a
//! [`Bundle`] at any time. [`IndexBuilder`] is the batch shortcut: a
//! `LiveIndex` in a temporary directory, finished into a bundle.

use crate::bundle::{encode, layout, Bundle, BundleFile, WrittenBundle, HOT_CACHE_NAME};
use crate::schema::{build_schema, register_analyzers, Fields, Stemming, SEQ_FIELD};
use crate::search::Searcher;
use crate::{Article, Error, Result};
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use tantivy::indexer::NoMergePolicy;
use tantivy::schema::TantivyDocument;
use tantivy::schema::Field;
use tantivy::index::SegmentId;
use tantivy::{DateTime, Index, IndexReader, IndexWriter, ReloadPolicy, Term};

/// Settings for [`IndexBuilder`] and [`LiveIndex`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IndexOptions {
    /// Stemming language (default English).
    pub stemming: Stemming,
    /// Indexing threads; 0 (the default) means one per core; at least 2 and
    /// at most 8 are used.
    ///
    /// The bundle does not depend on it: documents are sorted by input
    /// position in every segment and in the final merge, so the same input
    /// gives the same bytes on any machine.
    pub threads: usize,
    /// Memory budget per indexing thread, in bytes (at least 15 MB).
    pub memory_per_thread: usize,
    /// Uncompressed size of a document store block, in bytes (at least
    /// 1 KiB; default 4 KiB). A browser loading the bundle
    /// lazily fetches one compressed block per hit shown, and keeps an index
    /// of all blocks in the bundle's head: smaller blocks mean fewer bytes per
    /// search and a larger head. [`IndexOptions::for_input_bytes`] picks it
    /// from the size of the input. Only new indexes use it.
    pub doc_store_block_bytes: usize,
}

/// The default uncompressed size of a document store block (4 KiB).
const DOC_STORE_BLOCK_BYTES: usize = 4096;

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            stemming: Stemming::ENGLISH,
            threads: 0,
            memory_per_thread: 128 << 20,
            doc_store_block_bytes: DOC_STORE_BLOCK_BYTES,
        }
    }
}

impl IndexOptions {
    /// The defaults, with the document store block size suited to `bytes`
    /// of input:
    ///
    /// | input | blocks | why |
    /// |---|---|---|
    /// | up to 512 KiB | 16 KiB (tantivy's default) | the browser downloads such a bundle whole after its first search (`WHOLE_AFTER_FIRST_SEARCH_BYTES`), where larger blocks compress better |
    /// | up to 64 MiB | 2 KiB | loaded lazily: a hit costs its compressed block; on Reuters-21578 (27 MB) warm searches fetch 14.5 KiB (p50) instead of 20 KiB with 4 KiB blocks, for an 11 KiB larger head |
    /// | above | 4 KiB | the head holds an index of every block: at a million articles 2 KiB blocks would add 860 KiB to it |
    pub fn for_input_bytes(bytes: u64) -> IndexOptions {
        let doc_store_block_bytes = if bytes <= crate::lazy::WHOLE_AFTER_FIRST_SEARCH_BYTES {
            16 * 1024
        } else if bytes <= 64 << 20 {
            2048
        } else {
            DOC_STORE_BLOCK_BYTES
        };
        IndexOptions { doc_store_block_bytes, ..IndexOptions::default() }
    }
}

/// What a live index keeps in tantivy's commit payload.
#[derive(serde::Serialize, serde::Deserialize)]
struct Payload {
    language: String,
}

/// A changeable index in a directory: add, update or delete articles by id,
/// commit, search what was committed, export a bundle.
///
/// ```
/// # fn main() -> trovi_core::Result<()> {
/// use trovi_core::{Article, LiveIndex, SearchRequest};
/// let dir = tempfile::tempdir().unwrap();
/// let mut live = LiveIndex::create(dir.path(), Default::default())?;
/// live.upsert(&Article::new("a", "Old title", "body"))?;
/// live.commit()?;
/// live.upsert(&Article::new("a", "New title", "body"))?; // same id: replaces
/// live.commit()?;
/// assert_eq!(live.searcher().search(&SearchRequest::new("new title"))?.total, 1);
/// assert_eq!(live.searcher().search(&SearchRequest::new("old").fuzzy(false))?.total, 0);
/// let bundle = live.to_bundle()?; // for the browser
/// # assert_eq!(bundle.header().documents, 1);
/// # Ok(()) }
/// ```
pub struct LiveIndex {
    index: Index,
    writer: IndexWriter,
    reader: IndexReader,
    fields: Fields,
    seq: Option<Field>,
    next_seq: u64,
    stemming: Stemming,
    path: PathBuf,
    // Kept alive for the index's lifetime when the directory is temporary.
    _temporary: Option<tempfile::TempDir>,
}

impl std::fmt::Debug for LiveIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveIndex").field("path", &self.path).field("stemming", &self.stemming).finish()
    }
}

/// A new trovi index: the schema, and documents kept in input order.
///
/// **Every segment, and the merge of segments, sorts documents by `seq`
/// (their input position)**, so which indexing thread got an article does not
/// matter: the same input always gives the same bytes, on any number of threads.
fn new_index(options: &IndexOptions) -> tantivy::IndexBuilder {
    let (schema, _) = build_schema();
    let settings = tantivy::IndexSettings {
        sort_by_field: Some(tantivy::IndexSortByField { field: SEQ_FIELD.to_string(), order: tantivy::Order::Asc }),
        // A lazily loaded hit costs its whole compressed block (see
        // `IndexOptions::doc_store_block_bytes`).
        docstore_blocksize: options.doc_store_block_bytes.max(1024),
        ..tantivy::IndexSettings::default()
    };
    Index::builder().schema(schema).settings(settings)
}

/// Indexing threads for `requested` (0: one per core), at least 2 and at most 8.
///
/// With two or more, documents from different threads interleave and the
/// final merge re-sorts them all; one thread's segments would instead be
/// stacked as they are, which lays the document store out differently.
fn indexing_threads(requested: usize) -> usize {
    let threads = match requested {
        0 => std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        n => n,
    };
    threads.clamp(2, 8)
}

fn writer_for(index: &Index, options: &IndexOptions) -> Result<IndexWriter> {
    let threads = indexing_threads(options.threads);
    let memory = options.memory_per_thread.max(15 << 20);
    let writer: IndexWriter = index.writer_with_num_threads(threads, threads * memory)?;
    // Merges happen once, explicitly, in `to_bundle`: no background merge
    // may rewrite files while they are being packed.
    writer.set_merge_policy(Box::new(NoMergePolicy));
    Ok(writer)
}

impl LiveIndex {
    /// Creates a new, empty index in `dir` (created if missing; must hold no index).
    pub fn create(dir: &Path, options: IndexOptions) -> Result<LiveIndex> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let index = new_index(&options).create_in_dir(dir)
            .map_err(|e| Error::input(dir, None, format!("cannot create an index here: {e}")))?;
        LiveIndex::with_index(index, dir.to_path_buf(), options, None)
    }

    /// Opens an index that [`LiveIndex::create`] or [`LiveIndex::from_bundle`] made in `dir`.
    pub fn open(dir: &Path, options: IndexOptions) -> Result<LiveIndex> {
        let index = Index::open_in_dir(dir).map_err(|e| Error::input(dir, None, format!("no live index here: {e}")))?;
        let payload: Option<Payload> =
            index.load_metas()?.payload.as_deref().and_then(|p| serde_json::from_str(p).ok());
        let stemming = match payload {
            Some(p) => Stemming::from_name(&p.language)?,
            None => options.stemming,
        };
        LiveIndex::with_index(index, dir.to_path_buf(), IndexOptions { stemming, ..options }, None)
    }

    /// Unpacks `bundle` into `dir` (created if missing; must be empty) and opens it for changes.
    pub fn from_bundle(bundle: &Bundle, dir: &Path, options: IndexOptions) -> Result<LiveIndex> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        if std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?.next().is_some() {
            return Err(Error::input(dir, None, "the directory is not empty"));
        }
        for file in &bundle.header().files {
            let data = &bundle.as_bytes()[file.offset as usize..(file.offset + file.len) as usize];
            let path = dir.join(&file.name);
            std::fs::write(&path, data).map_err(|e| Error::io(path, e))?;
        }
        let stemming = Stemming::from_name(&bundle.header().language)?;
        let index = Index::open_in_dir(dir)?;
        LiveIndex::with_index(index, dir.to_path_buf(), IndexOptions { stemming, ..options }, None)
    }

    fn temporary(options: IndexOptions) -> Result<LiveIndex> {
        let temp = tempfile::Builder::new()
            .prefix("trovi-build-")
            .tempdir()
            .map_err(|e| Error::io(std::env::temp_dir(), e))?;
        let index = new_index(&options).create_in_dir(temp.path())?;
        let path = temp.path().to_path_buf();
        LiveIndex::with_index(index, path, options, Some(temp))
    }

    fn with_index(index: Index, path: PathBuf, options: IndexOptions, temp: Option<tempfile::TempDir>) -> Result<LiveIndex> {
        register_analyzers(&index, options.stemming.0);
        let fields = Fields::from_schema(&index.schema())?;
        let writer = writer_for(&index, &options)?;
        let reader: IndexReader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        // Bundles written before the field existed have no `seq`.
        let seq = index.schema().get_field(SEQ_FIELD).ok();
        let mut next_seq = 0;
        if seq.is_some() {
            for segment in reader.searcher().segment_readers() {
                if segment.max_doc() > 0 {
                    next_seq = next_seq.max(segment.fast_fields().u64(SEQ_FIELD)?.max_value() + 1);
                }
            }
        }
        Ok(LiveIndex { index, writer, reader, fields, seq, next_seq, stemming: options.stemming, path, _temporary: temp })
    }

    /// The directory holding the index.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Adds an article without looking for an existing one with its id.
    pub fn add(&mut self, article: &Article) -> Result<()> {
        let mut doc = document(&self.fields, article);
        if let Some(seq) = self.seq {
            doc.add_u64(seq, self.next_seq);
            self.next_seq += 1;
        }
        self.writer.add_document(doc)?;
        Ok(())
    }

    /// Adds an article, replacing any article with the same id (after the next commit).
    pub fn upsert(&mut self, article: &Article) -> Result<()> {
        self.delete(&article.id)?;
        self.add(article)
    }

    /// Deletes the article with `id`, if any (after the next commit).
    pub fn delete(&mut self, id: &str) -> Result<()> {
        self.writer.delete_term(Term::from_field_text(self.fields.id, id));
        Ok(())
    }

    /// Makes the changes so far durable and visible to [`LiveIndex::searcher`].
    pub fn commit(&mut self) -> Result<()> {
        let payload = serde_json::to_string(&Payload { language: self.stemming.name().to_string() })
            .map_err(|e| Error::InvalidArgument(e.to_string()))?;
        let mut prepared = self.writer.prepare_commit()?;
        prepared.set_payload(&payload);
        prepared.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// A searcher over the last commit.
    pub fn searcher(&self) -> Searcher {
        Searcher::from_reader(self.reader.clone(), self.fields, self.stemming)
    }

    /// Number of articles in the last commit.
    pub fn doc_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Commits, merges everything into one segment (dropping deleted
    /// articles) and packs a bundle in memory.
    ///
    /// The bundle's size is the index's; to write a large one, prefer
    /// [`LiveIndex::write_bundle_to_dir`], which never holds it whole.
    pub fn to_bundle(&mut self) -> Result<Bundle> {
        let (sources, documents) = self.pack_sources()?;
        let sources = sources.into_iter().map(PackFile::into_memory).collect::<Result<Vec<_>>>()?;
        let (_, hot_cache) = with_hot_cache(&sources, self.stemming.name(), documents)?;
        let mut files = sources.into_iter().map(|file| Ok((file.name, file.source.into_bytes()?))).collect::<Result<Vec<_>>>()?;
        files.push((HOT_CACHE_NAME.to_string(), hot_cache));
        Bundle::from_bytes(encode(&files, self.stemming.name(), documents)?)
    }

    /// Commits, merges everything into one segment (dropping deleted
    /// articles) and writes the bundle and its manifest into `dir`: **the same
    /// bytes, file name and manifest as [`LiveIndex::to_bundle`] followed by
    /// [`Bundle::write_to_dir`]**, with the same atomic replacement, but
    /// streamed from the index files, so memory does not grow with the index.
    pub fn write_bundle_to_dir(&mut self, dir: &Path) -> Result<WrittenBundle> {
        let (sources, documents) = self.pack_sources()?;
        let (table, hot_cache) = with_hot_cache(&sources, self.stemming.name(), documents)?;
        let layout = layout(table, self.stemming.name(), documents)?;
        crate::bundle::write_streamed(dir, &layout, |file, sink| {
            if file.name == HOT_CACHE_NAME {
                sink(&hot_cache)
            } else {
                source_of(&sources, file)?.copy_to(file, sink)
            }
        })
    }

    /// Commits, merges into one segment and lists the files to pack, with
    /// their names in the bundle; returns them and the number of articles.
    fn pack_sources(&mut self) -> Result<(Vec<PackFile>, u64)> {
        self.commit()?;
        let segments = self.segments_in_input_order()?;
        // Always through tantivy's merger, even one segment: its encoding is
        // the same whatever the segments were (a freshly flushed segment's
        // postings are laid out slightly differently).
        if !segments.is_empty() {
            self.writer.merge(&segments).wait()?;
        }
        self.writer.garbage_collect_files().wait()?;
        self.reader.reload()?;
        let documents = self.reader.searcher().num_docs();
        let metas = self.index.load_metas()?;
        // Segment ids are random UUIDs; the bundle's one segment gets a fixed
        // id so that the same input gives the same bytes.
        let rename = match metas.segments.as_slice() {
            [only] => Some((only.id().uuid_string(), PACKED_SEGMENT_ID.to_string())),
            _ => None,
        };
        // meta.json spells the id hyphenated, file names without hyphens.
        let hyphenated = |id: &str| {
            [&id[..8], &id[8..12], &id[12..16], &id[16..20], &id[20..]].join("-")
        };
        let renamed = |text: String| match &rename {
            Some((from, to)) if from.len() == 32 => {
                text.replace(from.as_str(), to).replace(&hyphenated(from), &hyphenated(to))
            }
            _ => text,
        };
        let mut names: Vec<PathBuf> = metas.list_segment_files().into_iter().collect();
        names.push(PathBuf::from("meta.json"));
        let mut files = Vec::with_capacity(names.len());
        for name in names {
            let path = self.path.join(&name);
            if name == Path::new("meta.json") {
                let data = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
                let text = String::from_utf8(data).map_err(|_| Error::CorruptBundle("meta.json is not UTF-8".into()))?;
                let data = normalized_meta(&renamed(text), documents)?;
                files.push(PackFile { name: "meta.json".to_string(), source: Source::Memory(data) });
                continue;
            }
            match std::fs::metadata(&path) {
                Ok(_) => files.push(PackFile { name: renamed(name.to_string_lossy().into_owned()), source: Source::Disk(path) }),
                // A component a segment does not have (e.g. no deletes).
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io(path, e)),
            }
        }
        Ok((files, documents))
    }
}

/// A bundle's files as (name, length, CRC-32), what [`layout`] lays out.
type FileTable = Vec<(String, u64, u32)>;

/// The file table of the bundle of `sources` plus its hot cache, as (name,
/// length, CRC-32), and the hot cache's bytes. **Both ways of packing build
/// the hot cache here**: it lists what opening the bundle without it reads,
/// read from `sources` where that bundle would hold them (offsets within
/// files, so adding it moves nothing it refers to).
fn with_hot_cache(sources: &[PackFile], language: &str, documents: u64) -> Result<(FileTable, Vec<u8>)> {
    let mut table = Vec::with_capacity(sources.len() + 1);
    for file in sources {
        let (len, crc32) = file.source.checksum()?;
        table.push((file.name.clone(), len, crc32));
    }
    let provisional = layout(table.clone(), language, documents)?;
    let hot_cache = crate::lazy::build_hot_cache(&provisional.header, provisional.size, |range| {
        provisional.read_range(range, |file, offset, buf| source_of(sources, file)?.read_at(offset, buf))
    })?;
    table.push((HOT_CACHE_NAME.to_string(), hot_cache.len() as u64, crc32fast::hash(&hot_cache)));
    Ok((table, hot_cache))
}

/// Where the bytes of the bundle file `file` come from.
fn source_of<'a>(sources: &'a [PackFile], file: &BundleFile) -> Result<&'a Source> {
    sources
        .iter()
        .find(|s| s.name == file.name)
        .map(|s| &s.source)
        .ok_or_else(|| Error::InvalidArgument(format!("no source for bundle file {}", file.name)))
}

/// A file to pack: its name in the bundle and where its bytes are.
struct PackFile {
    name: String,
    source: Source,
}

impl PackFile {
    /// The same file with its bytes read into memory.
    fn into_memory(self) -> Result<PackFile> {
        Ok(PackFile { name: self.name, source: Source::Memory(self.source.into_bytes()?) })
    }
}

/// Where the bytes of a file to pack are.
enum Source {
    /// A segment file in the index directory.
    Disk(PathBuf),
    /// A file rewritten for the bundle (meta.json): small.
    Memory(Vec<u8>),
}

/// Files are read and copied in pieces of this size.
const COPY_CHUNK: usize = 1 << 20;

impl Source {
    /// The bytes, read from disk if they are there.
    fn into_bytes(self) -> Result<Vec<u8>> {
        match self {
            Source::Memory(data) => Ok(data),
            Source::Disk(path) => std::fs::read(&path).map_err(|e| Error::io(path, e)),
        }
    }

    /// Length and CRC-32, reading a file in pieces.
    fn checksum(&self) -> Result<(u64, u32)> {
        match self {
            Source::Memory(data) => Ok((data.len() as u64, crc32fast::hash(data))),
            Source::Disk(path) => Source::hashed_chunks(path, &mut |_| Ok(())),
        }
    }

    /// Passes the file at `path` to `sink` in pieces; returns its length and CRC-32.
    fn hashed_chunks(path: &Path, sink: &mut dyn FnMut(&[u8]) -> Result<()>) -> Result<(u64, u32)> {
        let mut hasher = crc32fast::Hasher::new();
        let mut len = 0u64;
        Source::each_chunk(path, |chunk| {
            hasher.update(chunk);
            len += chunk.len() as u64;
            sink(chunk)
        })?;
        Ok((len, hasher.finalize()))
    }

    /// Fills `buf` with the bytes at `offset`.
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<()> {
        match self {
            Source::Memory(data) => {
                let bytes = usize::try_from(offset)
                    .ok()
                    .and_then(|start| data.get(start..start.checked_add(buf.len())?))
                    .ok_or_else(|| Error::InvalidArgument(format!("read of {} bytes at {offset} beyond a packed file", buf.len())))?;
                buf.copy_from_slice(bytes);
                Ok(())
            }
            Source::Disk(path) => {
                let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
                file.seek(SeekFrom::Start(offset)).map_err(|e| Error::io(path, e))?;
                file.read_exact(buf).map_err(|e| Error::io(path, e))
            }
        }
    }

    /// Passes the bytes of `file` to `sink` in pieces, checking that they
    /// are still the ones laid out (length and CRC-32).
    fn copy_to(&self, file: &BundleFile, sink: &mut dyn FnMut(&[u8]) -> Result<()>) -> Result<()> {
        match self {
            Source::Memory(data) => sink(data),
            Source::Disk(path) => {
                let (len, crc) = Source::hashed_chunks(path, sink)?;
                if len != file.len || crc != file.crc32 {
                    return Err(Error::io(path, std::io::Error::other("the file changed while the bundle was being written")));
                }
                Ok(())
            }
        }
    }

    /// Reads the file at `path` in pieces of at most [`COPY_CHUNK`] bytes.
    fn each_chunk(path: &Path, mut each: impl FnMut(&[u8]) -> Result<()>) -> Result<()> {
        let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let mut buf = vec![0u8; COPY_CHUNK];
        loop {
            match file.read(&mut buf) {
                Ok(0) => return Ok(()),
                Ok(n) => each(&buf[..n])?,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Error::io(path, e)),
            }
        }
    }
}

/// tantivy's `meta.json` with its operation counter set to `documents`: the
/// counter depends on how indexing threads interleaved their commits, and
/// the packed index (one segment, no deletes) needs no history.
fn normalized_meta(text: &str, documents: u64) -> Result<Vec<u8>> {
    let mut meta: serde_json::Value =
        serde_json::from_str(text).map_err(|e| Error::CorruptBundle(format!("meta.json: {e}")))?;
    if let Some(opstamp) = meta.get_mut("opstamp") {
        *opstamp = serde_json::Value::from(documents);
    }
    serde_json::to_vec_pretty(&meta).map_err(|e| Error::CorruptBundle(format!("meta.json: {e}")))
}

/// The id the packed segment gets in every bundle.
const PACKED_SEGMENT_ID: &str = "70a5ed5e9e0000000000000000000001";

impl LiveIndex {
    /// Searchable segments, ordered by the input position of their first article.
    fn segments_in_input_order(&self) -> Result<Vec<SegmentId>> {
        let searcher = self.reader.searcher();
        let mut keyed = Vec::new();
        for segment in searcher.segment_readers() {
            let first = match self.seq {
                Some(_) if segment.max_doc() > 0 => segment.fast_fields().u64(SEQ_FIELD)?.first(0),
                _ => None,
            };
            keyed.push((first.unwrap_or(u64::MAX), segment.segment_id()));
        }
        keyed.sort();
        Ok(keyed.into_iter().map(|(_, id)| id).collect())
    }
}

fn document(f: &Fields, article: &Article) -> TantivyDocument {
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
    if let Some(field) = f.emphasis.filter(|_| !article.emphasis.trim().is_empty()) {
        doc.add_text(field, &article.emphasis);
    }
    if let Some(field) = f.sections {
        for section in &article.sections {
            doc.add_text(field, crate::article::encode_section(section));
        }
    }
    doc
}

/// Builds a bundle from articles: `add` them, then `finish`.
///
/// Indexes with all cores in a temporary directory, merges into one segment
/// and packs a [`Bundle`]. Articles are not checked for repeated ids here
/// (the readers do that); use [`LiveIndex`] to update by id.
#[derive(Debug)]
pub struct IndexBuilder {
    live: LiveIndex,
    documents: u64,
}

impl IndexBuilder {
    /// A builder with the default options (English stemming, all cores).
    pub fn new() -> Result<IndexBuilder> {
        IndexBuilder::with_options(IndexOptions::default())
    }

    /// A builder with `options`.
    pub fn with_options(options: IndexOptions) -> Result<IndexBuilder> {
        Ok(IndexBuilder { live: LiveIndex::temporary(options)?, documents: 0 })
    }

    /// Adds one article.
    pub fn add(&mut self, article: &Article) -> Result<()> {
        self.live.add(article)?;
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

    /// Commits, merges into one segment and packs the bundle in memory.
    ///
    /// To write the bundle to a directory, [`IndexBuilder::finish_to_dir`]
    /// gives the same files without holding the bundle in memory.
    pub fn finish(mut self) -> Result<Bundle> {
        self.live.to_bundle()
    }

    /// Commits, merges into one segment and writes the bundle and its
    /// manifest into `dir` (created if missing), streamed from the index
    /// files: memory stays bounded whatever the index's size.
    ///
    /// **The files are byte-identical to `finish()?.write_to_dir(dir)`**
    /// (same bundle name, bytes and manifest), written the same way: the
    /// bundle to a temporary file renamed into place, then the manifest, then
    /// bundles the manifest no longer names are removed.
    pub fn finish_to_dir(mut self, dir: &Path) -> Result<WrittenBundle> {
        self.live.write_bundle_to_dir(dir)
    }
}
