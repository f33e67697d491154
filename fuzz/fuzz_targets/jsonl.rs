#![no_main]
//! The Article JSONL (`.jsonl`) and JSON (`.json`) readers on any bytes; the
//! first byte picks the format.

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

/// The records the JSONL reader must account for: every line that is not
/// blank (and every line that is not UTF-8) is either indexed or skipped.
fn records(data: &[u8]) -> usize {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let data = data.strip_suffix(b"\n").unwrap_or(data);
    if data.is_empty() {
        return 0;
    }
    data.split(|&b| b == b'\n')
        .filter(|line| {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            std::str::from_utf8(line).map_or(true, |text| !text.trim().is_empty())
        })
        .count()
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, data)) = data.split_first() else { return };
    if mode & 1 == 0 {
        let (articles, report) = common::read_checked("news.jsonl", data);
        if data.starts_with(b"\xFF\xFE") || data.starts_with(b"\xFE\xFF") || data.starts_with(b"\0\0\xFE\xFF") {
            // UTF-16 or UTF-32: the whole file is refused with one message.
            assert!(articles.is_empty() && report.skipped.len() == 1 && report.skipped[0].line.is_none(), "{report:?}");
            return;
        }
        assert_eq!(articles.len() + report.skipped.len(), records(data), "indexed + skipped = records: {report:?}");
        for skipped in &report.skipped {
            assert!(skipped.line.is_some(), "a skipped JSONL record names its line: {skipped}");
        }
    } else {
        let (_, report) = common::read_checked("news.json", data);
        assert!(report.skipped.iter().all(|d| !d.message.is_empty()));
    }
});
