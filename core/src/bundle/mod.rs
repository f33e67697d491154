//! The bundle: a built index packed into one versioned, checksummed file.
//!
//! # Layout (format version 1)
//!
//! ```text
//! offset 0   magic          8 bytes  b"TROVIBDL"
//! offset 8   format version u32 LE   FORMAT_VERSION
//! offset 12  header length  u32 LE   n
//! offset 16  header crc32   u32 LE   CRC-32 of the header bytes
//! offset 20  header         n bytes  JSON: BundleHeader
//! ...        zero padding to a multiple of 8
//! ...        trovi.hotcache (when present): laid out first, so one range request
//!            for the bundle's first `Manifest::head` bytes gets header and hot cache
//! ...        the index files, each at the absolute offset the header names
//! ```
//!
//! **Every tantivy file is one contiguous, absolutely addressed byte range**, so a
//! reader can fetch a single file (or a part of one) with an HTTP Range request
//! once it has read the header. The bundle's file name carries a hash of its
//! content (`index.<16 hex>.trovi`) so CDNs may cache it forever; the small
//! `trovi.json` manifest beside it names the current bundle.
//!
//! Readers check, in order: the magic, the format version (before anything
//! else is parsed, so a newer bundle gets a version message, not a parse
//! error), the header checksum, the file table bounds and each file's CRC-32.

#[cfg(feature = "indexer")]
mod write;

#[cfg(feature = "indexer")]
pub(crate) use write::write_streamed;
#[cfg(feature = "indexer")]
pub use write::WrittenBundle;

use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use tantivy::directory::OwnedBytes;

/// The bundle format this build writes and reads. Bump on any incompatible change
/// (including a tantivy upgrade or feature change that alters the index format).
pub const FORMAT_VERSION: u32 = 1;

/// The first eight bytes of every bundle.
pub const MAGIC: [u8; 8] = *b"TROVIBDL";

/// File name of the manifest that points at the current bundle.
pub const MANIFEST_NAME: &str = "trovi.json";

/// The bundle file holding the hot cache: what opening the index reads
/// (see [`crate::LazyBundle`]). tantivy never asks for it; a bundle without it
/// still opens, lazily with more round trips.
pub const HOT_CACHE_NAME: &str = "trovi.hotcache";

const PREAMBLE_LEN: usize = 20;

/// One index file inside a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleFile {
    /// The tantivy file name (e.g. `meta.json`, `<segment>.idx`).
    pub name: String,
    /// Absolute byte offset in the bundle.
    pub offset: u64,
    /// Length in bytes.
    pub len: u64,
    /// CRC-32 (IEEE) of the file's bytes.
    pub crc32: u32,
}

/// The bundle header: what the index holds and where its files are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BundleHeader {
    /// The trovi version that wrote the bundle.
    pub trovi: String,
    /// The tantivy version whose index format the files use.
    pub tantivy: String,
    /// Stemming language name (`english`, …, `none`).
    pub language: String,
    /// Number of articles.
    pub documents: u64,
    /// The index files, sorted by name.
    pub files: Vec<BundleFile>,
}

/// The manifest (`trovi.json`) written beside a bundle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// The bundle format version.
    pub format_version: u32,
    /// File name of the bundle, relative to the manifest.
    pub bundle: String,
    /// Size of the bundle in bytes.
    pub size: u64,
    /// Number of articles.
    pub documents: u64,
    /// Stemming language name.
    pub language: String,
    /// How many bytes at the start of the bundle hold the header and the hot
    /// cache: a lazy reader fetches these first, in one range request.
    /// Absent in manifests written before lazy loading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<u64>,
}

/// A bundle held in memory, its header verified.
#[derive(Clone)]
pub struct Bundle {
    bytes: OwnedBytes,
    header: Arc<BundleHeader>,
}

impl std::fmt::Debug for Bundle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bundle").field("len", &self.bytes.len()).field("header", &self.header).finish()
    }
}

impl Bundle {
    /// Checks and wraps the bytes of a bundle file.
    ///
    /// Refuses (never panics on) bytes that are not a bundle, a bundle of another
    /// format version, and a damaged bundle.
    pub fn from_bytes(bytes: impl Into<Vec<u8>>) -> Result<Bundle> {
        let bytes = OwnedBytes::new(bytes.into());
        let header = parse_header(bytes.as_slice(), bytes.len() as u64)?;
        for file in &header.files {
            let range = file_range(file, bytes.len() as u64)?;
            let crc = crc32fast::hash(&bytes.as_slice()[range]);
            if crc != file.crc32 {
                return Err(Error::CorruptBundle(format!(
                    "checksum mismatch in {} (the download may be truncated or altered)",
                    file.name
                )));
            }
        }
        Ok(Bundle { bytes, header: Arc::new(header) })
    }

    /// The verified header.
    pub fn header(&self) -> &BundleHeader {
        &self.header
    }

    /// Size of the whole bundle in bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether the bundle has no bytes (never true for a verified bundle).
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The raw bytes, as written to disk.
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.as_slice()
    }

    /// The bytes, shared (no copy).
    pub(crate) fn bytes(&self) -> OwnedBytes {
        self.bytes.clone()
    }

    /// How many bytes at the start hold the header and the hot cache (see [`Manifest::head`]).
    pub fn head_len(&self) -> u64 {
        head_len(&self.header, self.len() as u64)
    }
}

/// The end of the hot cache, or of the header when the bundle has none.
pub(crate) fn head_len(header: &BundleHeader, total: u64) -> u64 {
    match header.files.iter().find(|f| f.name == HOT_CACHE_NAME) {
        Some(file) => file.offset + file.len,
        None => header.files.iter().map(|f| f.offset).min().unwrap_or(total),
    }
}

fn read_u32(bytes: &[u8], at: usize) -> u32 {
    let mut word = [0u8; 4];
    word.copy_from_slice(&bytes[at..at + 4]);
    u32::from_le_bytes(word)
}

/// Parses and checks the preamble and header (not the file checksums) at
/// the start of a bundle of `total` bytes (`bytes` may be just its head).
pub(crate) fn parse_header(bytes: &[u8], total: u64) -> Result<BundleHeader> {
    if bytes.len() < MAGIC.len() || bytes[..MAGIC.len()] != MAGIC {
        return Err(Error::NotABundle("the data does not start with the trovi bundle signature".into()));
    }
    if bytes.len() < PREAMBLE_LEN {
        return Err(Error::CorruptBundle(format!("truncated: only {} bytes", bytes.len())));
    }
    let version = read_u32(bytes, 8);
    if version != FORMAT_VERSION {
        return Err(Error::UnsupportedVersion { found: version, supported: FORMAT_VERSION });
    }
    let header_len = read_u32(bytes, 12) as usize;
    let header_crc = read_u32(bytes, 16);
    let header_bytes = bytes
        .get(PREAMBLE_LEN..PREAMBLE_LEN.saturating_add(header_len))
        .ok_or_else(|| Error::CorruptBundle(format!("truncated: header of {header_len} bytes does not fit")))?;
    if crc32fast::hash(header_bytes) != header_crc {
        return Err(Error::CorruptBundle("header checksum mismatch".into()));
    }
    let header: BundleHeader = serde_json::from_slice(header_bytes)
        .map_err(|e| Error::CorruptBundle(format!("unreadable header: {e}")))?;
    for file in &header.files {
        file_range(file, total)?;
    }
    Ok(header)
}

pub(crate) fn file_range(file: &BundleFile, total: u64) -> Result<std::ops::Range<usize>> {
    let start = usize::try_from(file.offset).ok();
    let end = start.and_then(|s| s.checked_add(usize::try_from(file.len).ok()?));
    match (start, end) {
        (Some(start), Some(end)) if end as u64 <= total => Ok(start..end),
        _ => Err(Error::CorruptBundle(format!(
            "file {} ({} bytes at {}) lies beyond the end of the bundle ({} bytes): truncated?",
            file.name, file.len, file.offset, total
        ))),
    }
}

/// Where everything of a bundle goes: its header and, before the first file,
/// the preamble and header bytes. **The one place that decides the layout**:
/// the in-memory [`encode`] and the streaming writer
/// (`LiveIndex::write_bundle_to_dir`) both emit [`Layout::pieces`] in order.
#[derive(Debug, Clone)]
#[cfg_attr(not(feature = "indexer"), allow(dead_code))]
pub(crate) struct Layout {
    /// The header, its file table in bundle order.
    pub(crate) header: BundleHeader,
    /// Preamble and header JSON (no padding).
    head: Vec<u8>,
    /// Size of the whole bundle in bytes.
    pub(crate) size: u64,
}

/// One contiguous part of a bundle, in [`Layout::pieces`] order.
#[derive(Debug, Clone, Copy)]
#[cfg_attr(not(feature = "indexer"), allow(dead_code))]
pub(crate) enum Piece<'a> {
    /// Preamble and header.
    Head(&'a [u8]),
    /// This many zero bytes (alignment of the next file to 8 bytes).
    Padding(u64),
    /// The bytes of a file, `file.len` of them.
    File(&'a BundleFile),
}

#[cfg_attr(not(feature = "indexer"), allow(dead_code))]
impl Piece<'_> {
    fn len(&self) -> u64 {
        match self {
            Piece::Head(bytes) => bytes.len() as u64,
            Piece::Padding(n) => *n,
            Piece::File(file) => file.len,
        }
    }
}

/// Lays out a bundle of files given as (name, length, CRC-32): sorted by
/// name for a stable layout, the hot cache first, each at a multiple of 8.
#[cfg_attr(not(feature = "indexer"), allow(dead_code))]
pub(crate) fn layout(files: impl IntoIterator<Item = (String, u64, u32)>, language: &str, documents: u64) -> Result<Layout> {
    let mut files: Vec<(String, u64, u32)> = files.into_iter().collect();
    files.sort_by(|a, b| (a.0 != HOT_CACHE_NAME, &a.0).cmp(&(b.0 != HOT_CACHE_NAME, &b.0)));
    // The header's size depends on the offsets it lists: lay out with a
    // provisional header, then again until the length is stable.
    let mut data_start = 0u64;
    loop {
        let mut offset = data_start;
        let mut table = Vec::with_capacity(files.len());
        for (name, len, crc32) in &files {
            table.push(BundleFile { name: name.clone(), offset, len: *len, crc32: *crc32 });
            offset += len;
            offset = offset.next_multiple_of(8);
        }
        let header = BundleHeader {
            trovi: env!("CARGO_PKG_VERSION").to_string(),
            tantivy: "0.27.0".to_string(),
            language: language.to_string(),
            documents,
            files: table,
        };
        let header_json = serde_json::to_vec(&header)
            .map_err(|e| Error::InvalidArgument(format!("cannot encode bundle header: {e}")))?;
        let start = ((PREAMBLE_LEN + header_json.len()) as u64).next_multiple_of(8);
        if start != data_start {
            data_start = start;
            continue;
        }
        let header_len = u32::try_from(header_json.len())
            .map_err(|_| Error::InvalidArgument(format!("bundle header of {} bytes is too large", header_json.len())))?;
        let mut head = Vec::with_capacity(PREAMBLE_LEN + header_json.len());
        head.extend_from_slice(&MAGIC);
        head.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        head.extend_from_slice(&header_len.to_le_bytes());
        head.extend_from_slice(&crc32fast::hash(&header_json).to_le_bytes());
        head.extend_from_slice(&header_json);
        let size = header.files.last().map_or(head.len() as u64, |f| f.offset + f.len);
        return Ok(Layout { header, head, size });
    }
}

#[cfg_attr(not(feature = "indexer"), allow(dead_code))]
impl Layout {
    /// The bundle's bytes in order, as contiguous pieces whose lengths add
    /// up to [`Layout::size`]: head, then each file after zero padding.
    pub(crate) fn pieces(&self) -> Vec<Piece<'_>> {
        let mut pieces = vec![Piece::Head(&self.head)];
        let mut at = self.head.len() as u64;
        for file in &self.header.files {
            if file.offset > at {
                pieces.push(Piece::Padding(file.offset - at));
            }
            pieces.push(Piece::File(file));
            at = file.offset + file.len;
        }
        pieces
    }

    /// The bytes at `range` of the bundle this layout describes, without
    /// materialising it: head and padding from the layout, file bytes from
    /// `read_file(file, offset in the file, buffer to fill)`.
    pub(crate) fn read_range(
        &self,
        range: std::ops::Range<u64>,
        mut read_file: impl FnMut(&BundleFile, u64, &mut [u8]) -> Result<()>,
    ) -> Result<Vec<u8>> {
        if range.start > range.end || range.end > self.size {
            return Err(Error::CorruptBundle(format!(
                "bytes {}..{} lie beyond the end of the bundle ({} bytes)",
                range.start, range.end, self.size
            )));
        }
        let mut out = vec![0u8; (range.end - range.start) as usize];
        let mut at = 0u64;
        for piece in self.pieces() {
            let end = at + piece.len();
            let (from, to) = (range.start.max(at), range.end.min(end));
            if from < to {
                let dest = &mut out[(from - range.start) as usize..(to - range.start) as usize];
                match piece {
                    Piece::Head(bytes) => dest.copy_from_slice(&bytes[(from - at) as usize..(to - at) as usize]),
                    Piece::Padding(_) => {}
                    Piece::File(file) => read_file(file, from - at, dest)?,
                }
            }
            at = end;
        }
        Ok(out)
    }
}

/// Encodes a bundle from named files in memory (see [`layout`]).
#[cfg_attr(not(feature = "indexer"), allow(dead_code))]
pub(crate) fn encode(files: &[(String, Vec<u8>)], language: &str, documents: u64) -> Result<Vec<u8>> {
    let layout = layout(
        files.iter().map(|(name, data)| (name.clone(), data.len() as u64, crc32fast::hash(data))),
        language,
        documents,
    )?;
    let mut out = Vec::with_capacity(layout.size as usize);
    for piece in layout.pieces() {
        match piece {
            Piece::Head(bytes) => out.extend_from_slice(bytes),
            Piece::Padding(n) => out.resize(out.len() + n as usize, 0),
            Piece::File(file) => {
                let data = files
                    .iter()
                    .find(|(name, _)| *name == file.name)
                    .map(|(_, data)| data)
                    .ok_or_else(|| Error::InvalidArgument(format!("no data for bundle file {}", file.name)))?;
                out.extend_from_slice(data);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<u8> {
        encode(&[("b.bin".into(), vec![7; 13]), ("a.json".into(), b"{}".to_vec())], "english", 2).unwrap()
    }

    #[test]
    fn round_trips_files_at_their_offsets() {
        let bytes = sample();
        let bundle = Bundle::from_bytes(bytes.clone()).unwrap();
        let names: Vec<_> = bundle.header().files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["a.json", "b.bin"]);
        let b = &bundle.header().files[1];
        assert_eq!(&bytes[b.offset as usize..(b.offset + b.len) as usize], &[7; 13]);
        assert_eq!(b.offset % 8, 0);
    }

    #[test]
    fn a_layout_reads_back_every_range_of_its_encoding() {
        let files: Vec<(String, Vec<u8>)> =
            vec![("b.bin".into(), (0..13).collect()), (HOT_CACHE_NAME.into(), vec![9; 5]), ("a.json".into(), b"{}".to_vec())];
        let bytes = encode(&files, "english", 2).unwrap();
        let layout = layout(files.iter().map(|(n, d)| (n.clone(), d.len() as u64, crc32fast::hash(d))), "english", 2).unwrap();
        assert_eq!(layout.size, bytes.len() as u64);
        assert_eq!(layout.pieces().iter().map(Piece::len).sum::<u64>(), layout.size);
        assert_eq!(layout.header.files[0].name, HOT_CACHE_NAME, "the hot cache comes first");
        let read = |file: &BundleFile, offset: u64, buf: &mut [u8]| {
            let data = &files.iter().find(|(n, _)| *n == file.name).unwrap().1;
            buf.copy_from_slice(&data[offset as usize..offset as usize + buf.len()]);
            Ok(())
        };
        for start in 0..=bytes.len() {
            for end in start..=bytes.len() {
                assert_eq!(layout.read_range(start as u64..end as u64, read).unwrap(), &bytes[start..end], "{start}..{end}");
            }
        }
        assert!(layout.read_range(0..bytes.len() as u64 + 1, read).is_err());
    }

    #[test]
    fn refuses_other_data_with_a_message() {
        let err = Bundle::from_bytes(b"<!DOCTYPE html><html>".to_vec()).unwrap_err();
        assert!(matches!(err, Error::NotABundle(_)), "{err}");
        let err = Bundle::from_bytes(Vec::new()).unwrap_err();
        assert!(matches!(err, Error::NotABundle(_)), "{err}");
    }

    #[test]
    fn refuses_newer_version_before_parsing_header() {
        let mut bytes = sample();
        bytes[8..12].copy_from_slice(&2u32.to_le_bytes());
        bytes[20] = b'#';
        let err = Bundle::from_bytes(bytes).unwrap_err();
        assert!(matches!(err, Error::UnsupportedVersion { found: 2, supported: 1 }), "{err}");
        assert!(err.to_string().contains("version 2"));
    }

    #[test]
    fn refuses_flipped_bytes_and_truncation() {
        let good = sample();
        for at in 0..good.len() {
            let mut bad = good.clone();
            bad[at] ^= 0x55;
            // Padding bytes are not covered by a checksum; anything else must be refused.
            if let Ok(bundle) = Bundle::from_bytes(bad) {
                let covered = bundle.header().files.iter().any(|f| (f.offset..f.offset + f.len).contains(&(at as u64)));
                assert!(!covered && at >= PREAMBLE_LEN, "flipped byte {at} was accepted");
            }
        }
        for len in 0..good.len() {
            assert!(Bundle::from_bytes(good[..len].to_vec()).is_err(), "truncated to {len} accepted");
        }
    }
}
