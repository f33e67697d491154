//! The range cache: the bytes of a bundle present so far (all of them, for
//! a bundle read whole).

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Mutex;
use tantivy::directory::OwnedBytes;

/// Two missing ranges closer than this are fetched as one: a request costs
/// more than a kilobyte of padding.
pub(crate) const COALESCE_GAP: u64 = 1024;

/// Present byte ranges of one bundle (absolute offsets), kept as disjoint,
/// non-adjacent chunks.
#[derive(Debug, Default)]
pub(crate) struct RangeCache {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    /// start → bytes; no two chunks overlap or touch.
    chunks: BTreeMap<u64, OwnedBytes>,
    cached: u64,
}

impl RangeCache {
    /// The bytes of `range` if one fetched chunk holds all of them (zero-copy).
    pub(crate) fn get(&self, range: Range<u64>) -> Option<OwnedBytes> {
        let inner = self.inner.lock().ok()?;
        let (&start, chunk) = inner.chunks.range(..=range.start).next_back()?;
        let end = start + chunk.len() as u64;
        (range.end <= end).then(|| chunk.slice((range.start - start) as usize..(range.end - start) as usize))
    }

    /// Stores `bytes` fetched from `start`, merging with the chunks it
    /// overlaps or touches.
    pub(crate) fn insert(&self, start: u64, bytes: OwnedBytes) {
        if bytes.is_empty() {
            return;
        }
        let Ok(mut inner) = self.inner.lock() else { return };
        let end = start + bytes.len() as u64;
        // Already held (a range fetched by a search that began before the
        // rest of the bundle arrived): nothing to merge or copy.
        if let Some((&at, chunk)) = inner.chunks.range(..=start).next_back()
            && end <= at + chunk.len() as u64
        {
            return;
        }
        // Chunks that overlap or touch [start, end).
        let mut touching: Vec<u64> = inner.chunks.range(..=end).rev().take_while(|(s, c)| **s + c.len() as u64 >= start).map(|(s, _)| *s).collect();
        if touching.is_empty() {
            inner.cached += bytes.len() as u64;
            inner.chunks.insert(start, bytes);
            return;
        }
        touching.sort_unstable();
        let first = touching[0].min(start);
        let last = touching
            .iter()
            .filter_map(|s| inner.chunks.get(s).map(|c| s + c.len() as u64))
            .max()
            .unwrap_or(end)
            .max(end);
        let mut merged = vec![0u8; (last - first) as usize];
        for s in &touching {
            if let Some(chunk) = inner.chunks.remove(s) {
                inner.cached -= chunk.len() as u64;
                let at = (s - first) as usize;
                merged[at..at + chunk.len()].copy_from_slice(chunk.as_slice());
            }
        }
        let at = (start - first) as usize;
        merged[at..at + bytes.len()].copy_from_slice(bytes.as_slice());
        inner.cached += merged.len() as u64;
        inner.chunks.insert(first, OwnedBytes::new(merged));
    }

    /// Replaces everything held by `bytes`, the whole bundle from offset 0.
    pub(crate) fn replace_all(&self, bytes: OwnedBytes) {
        if let Ok(mut inner) = self.inner.lock() {
            inner.chunks.clear();
            inner.cached = bytes.len() as u64;
            inner.chunks.insert(0, bytes);
        }
    }

    /// The first chunk starting at or after `at`, copied.
    #[cfg(feature = "indexer")]
    pub(crate) fn chunk_at_or_after(&self, at: u64) -> Option<(u64, Vec<u8>)> {
        let inner = self.inner.lock().ok()?;
        inner.chunks.range(at..).next().map(|(s, c)| (*s, c.as_slice().to_vec()))
    }

    /// Bytes held.
    pub(crate) fn cached_bytes(&self) -> u64 {
        self.inner.lock().map(|inner| inner.cached).unwrap_or(0)
    }
}

/// Sorts `ranges` and merges those that overlap or lie within `gap` bytes.
pub(crate) fn coalesce(ranges: &mut Vec<Range<u64>>, gap: u64) {
    ranges.retain(|r| r.start < r.end);
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<u64>> = Vec::with_capacity(ranges.len());
    for r in ranges.drain(..) {
        match out.last_mut() {
            Some(last) if r.start <= last.end.saturating_add(gap) => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    *ranges = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(range: Range<u64>) -> OwnedBytes {
        OwnedBytes::new(range.map(|i| i as u8).collect::<Vec<u8>>())
    }

    #[test]
    fn serves_reads_inside_one_chunk_only() {
        let cache = RangeCache::default();
        cache.insert(100, bytes(100..200));
        assert_eq!(cache.get(120..130).unwrap().as_slice(), bytes(120..130).as_slice());
        assert!(cache.get(90..110).is_none());
        assert!(cache.get(150..201).is_none());
        cache.insert(300, bytes(300..310));
        assert!(cache.get(150..305).is_none());
    }

    #[test]
    fn merges_overlapping_and_touching_chunks() {
        let cache = RangeCache::default();
        cache.insert(100, bytes(100..200));
        cache.insert(300, bytes(300..400));
        cache.insert(200, bytes(200..300));
        assert_eq!(cache.get(100..400).unwrap().as_slice(), bytes(100..400).as_slice());
        cache.insert(50, bytes(50..150));
        cache.insert(390, bytes(390..420));
        assert_eq!(cache.get(50..420).unwrap().as_slice(), bytes(50..420).as_slice());
        assert_eq!(cache.cached_bytes(), 370);
        // Bytes already held change nothing.
        cache.insert(60, bytes(60..70));
        assert_eq!(cache.cached_bytes(), 370);
        assert_eq!(cache.get(50..420).unwrap().as_slice(), bytes(50..420).as_slice());
    }

    #[test]
    fn coalesces_nearby_ranges() {
        let mut ranges = vec![5000..6000, 0..10, 500..700, 5500..5600, 9000..9000];
        coalesce(&mut ranges, COALESCE_GAP);
        assert_eq!(ranges, vec![0..700, 5000..6000]);
    }

    #[test]
    fn replacing_all_leaves_one_chunk() {
        let cache = RangeCache::default();
        cache.insert(100, bytes(100..200));
        cache.replace_all(bytes(0..250));
        assert_eq!(cache.cached_bytes(), 250);
        assert_eq!(cache.get(0..250).unwrap().as_slice(), bytes(0..250).as_slice());
    }
}
