#![no_main]
//! Bundles altered on purpose: after the fuzzer's mutation this target
//! recomputes the header and file checksums (when the first byte is odd), so
//! the bytes get past the CRC-32 checks and reach the header parsing and
//! tantivy's own file formats. That is beyond what a damaged download can do;
//! this target maps what tantivy does with such files (see BENCHMARKS.md,
//! "Fuzzing").

use libfuzzer_sys::fuzz_target;
use trovi_core::{BundleHeader, MAGIC};

#[path = "exercise.rs"]
mod exercise;

const PREAMBLE: usize = 20;

/// Rewrites the header CRC and every file's CRC to match the bytes (where the
/// header parses and the rewritten JSON fits in the same length).
fn fix_checksums(bytes: &mut [u8]) {
    if bytes.len() < PREAMBLE || bytes[..8] != MAGIC {
        return;
    }
    let len = u32::from_le_bytes([bytes[12], bytes[13], bytes[14], bytes[15]]) as usize;
    let Some(end) = PREAMBLE.checked_add(len).filter(|&end| end <= bytes.len()) else { return };
    if let Ok(mut header) = serde_json::from_slice::<BundleHeader>(&bytes[PREAMBLE..end]) {
        for file in &mut header.files {
            let range = usize::try_from(file.offset).ok().and_then(|start| Some(start..start.checked_add(usize::try_from(file.len).ok()?)?));
            if let Some(data) = range.and_then(|range| bytes.get(range)) {
                file.crc32 = crc32fast::hash(data);
            }
        }
        if let Ok(mut json) = serde_json::to_vec(&header)
            && json.len() <= len
        {
            json.resize(len, b' ');
            bytes[PREAMBLE..end].copy_from_slice(&json);
        }
    }
    let crc = crc32fast::hash(&bytes[PREAMBLE..end]);
    bytes[16..20].copy_from_slice(&crc.to_le_bytes());
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let mut bytes = rest.to_vec();
    if mode & 1 == 1 {
        fix_checksums(&mut bytes);
    }
    exercise::open_and_search(bytes);
});
