//! The hot cache: the byte ranges that opening the index reads, copied into
//! one bundle file so a lazy reader gets them with its first request.
//!
//! ```text
//! b"TROVIHOT"  u32 LE version (1)  u32 LE entry count
//! per entry:   u16 LE name length, name (UTF-8), u64 LE offset in that file,
//!              u32 LE length, the bytes
//! ```
//!
//! Entries are relative to the named file, so the hot cache does not depend
//! on where the files end up in the bundle (it is laid out before them).

use crate::bundle::BundleHeader;
use crate::{Error, Result};

const MAGIC: &[u8; 8] = b"TROVIHOT";
const VERSION: u32 = 1;

/// One cached range: `bytes` at `offset` of file `name`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub name: String,
    pub offset: u64,
    pub bytes: Vec<u8>,
}

#[cfg_attr(not(feature = "indexer"), allow(dead_code))]
pub(crate) fn encode(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 + entries.iter().map(|e| 14 + e.name.len() + e.bytes.len()).sum::<usize>());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
    for entry in entries {
        out.extend_from_slice(&(entry.name.len() as u16).to_le_bytes());
        out.extend_from_slice(entry.name.as_bytes());
        out.extend_from_slice(&entry.offset.to_le_bytes());
        out.extend_from_slice(&(entry.bytes.len() as u32).to_le_bytes());
        out.extend_from_slice(&entry.bytes);
    }
    out
}

/// Decodes a hot cache into absolute bundle ranges, checking every entry
/// against the file table.
pub(crate) fn decode(bytes: &[u8], header: &BundleHeader) -> Result<Vec<(u64, Vec<u8>)>> {
    let bad = |what: &str| Error::CorruptBundle(format!("hot cache: {what}"));
    let mut at = 0usize;
    let mut take = |n: usize| -> Result<&[u8]> {
        let end = at.checked_add(n).filter(|&end| end <= bytes.len()).ok_or_else(|| bad("truncated"))?;
        let slice = &bytes[at..end];
        at = end;
        Ok(slice)
    };
    if take(8)? != MAGIC {
        return Err(bad("bad signature"));
    }
    let u32_at = |b: &[u8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    let version = u32_at(take(4)?);
    if version != VERSION {
        return Err(bad(&format!("version {version} is not supported")));
    }
    let count = u32_at(take(4)?);
    let mut out = Vec::new();
    for _ in 0..count {
        let name_len = take(2)?;
        let name_len = u16::from_le_bytes([name_len[0], name_len[1]]) as usize;
        let name = std::str::from_utf8(take(name_len)?).map_err(|_| bad("file name is not UTF-8"))?.to_string();
        let offset = take(8)?;
        let offset = u64::from_le_bytes(offset.try_into().map_err(|_| bad("truncated"))?);
        let len = u32_at(take(4)?) as u64;
        let data = take(len as usize)?;
        let file = header.files.iter().find(|f| f.name == name).ok_or_else(|| bad(&format!("names unknown file {name:?}")))?;
        if offset.checked_add(len).is_none_or(|end| end > file.len) {
            return Err(bad(&format!("range {offset}+{len} lies outside {name}")));
        }
        out.push((file.offset + offset, data.to_vec()));
    }
    Ok(out)
}

/// Builds the hot cache of a bundle of `size` bytes with `header`: opens it
/// lazily, feeding each missing range from `read(range)` (absolute offsets;
/// the bundle's bytes there, whether in memory or read from files on disk),
/// warms what every search needs (dictionary indexes, and field norms and
/// facet columns where small), and keeps what was read.
#[cfg(feature = "indexer")]
pub(crate) fn build(
    header: &BundleHeader,
    size: u64,
    read: impl Fn(std::ops::Range<u64>) -> Result<Vec<u8>>,
) -> Result<Vec<u8>> {
    use super::{block_on, LazyBundle};
    let lazy = LazyBundle::empty_unbounded(header.clone(), size);
    let fetch = |ranges: Vec<std::ops::Range<u64>>| std::future::ready(ranges.into_iter().map(&read).collect::<Result<Vec<_>>>());
    let searcher = block_on(lazy.fetching(|| crate::Searcher::open_bytes(&lazy), fetch))?;
    block_on(lazy.fetching(|| searcher.warm_hot_cache(), fetch))?;
    let mut entries = Vec::new();
    for (start, chunk) in lazy.chunks() {
        let end = start + chunk.len() as u64;
        for file in &header.files {
            let (from, to) = (start.max(file.offset), end.min(file.offset + file.len));
            if from < to {
                entries.push(Entry {
                    name: file.name.clone(),
                    offset: from - file.offset,
                    bytes: chunk[(from - start) as usize..(to - start) as usize].to_vec(),
                });
            }
        }
    }
    Ok(encode(&entries))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::BundleFile;

    fn header() -> BundleHeader {
        BundleHeader {
            trovi: "0".into(),
            tantivy: "0".into(),
            language: "english".into(),
            documents: 0,
            files: vec![BundleFile { name: "a".into(), offset: 64, len: 100, crc32: 0 }],
        }
    }

    #[test]
    fn round_trips_to_absolute_ranges() {
        let bytes = encode(&[Entry { name: "a".into(), offset: 10, bytes: vec![1, 2, 3] }]);
        assert_eq!(decode(&bytes, &header()).unwrap(), vec![(74, vec![1, 2, 3])]);
    }

    #[test]
    fn refuses_entries_outside_their_file_and_truncation() {
        let outside = encode(&[Entry { name: "a".into(), offset: 99, bytes: vec![1, 2] }]);
        assert!(decode(&outside, &header()).unwrap_err().to_string().contains("outside a"));
        let unknown = encode(&[Entry { name: "b".into(), offset: 0, bytes: vec![1] }]);
        assert!(decode(&unknown, &header()).is_err());
        let good = encode(&[Entry { name: "a".into(), offset: 0, bytes: vec![1; 20] }]);
        for len in 0..good.len() {
            assert!(decode(&good[..len], &header()).is_err(), "truncated to {len} accepted");
        }
    }
}
