//! Entry points for the fuzz targets in `fuzz/` (the `fuzzing` feature; not
//! a stable API): the readers on bytes in memory, without file I/O, so a
//! fuzzer runs them thousands of times a second.

use std::path::Path;

use super::{Reader, ReadOptions, ReadReport, kind_of};
use crate::Article;

/// Reads `bytes` as the contents of a file named `name` (its extension picks
/// the format, as for [`read_inputs`](super::read_inputs)), exactly as
/// `read_inputs` reads a file: same parsing, ids, checks and diagnostics.
/// `None` when the extension is not one trovi reads.
pub fn read_bytes(name: &str, bytes: &[u8]) -> Option<(Vec<Article>, ReadReport)> {
    let path = Path::new(name);
    let kind = kind_of(path)?;
    let options = ReadOptions::default();
    let mut articles = Vec::new();
    let mut sink = |article| articles.push(article);
    let mut reader = Reader::new(&options, &mut sink);
    reader.contents(path, kind, path, bytes);
    let report = reader.report;
    Some((articles, report))
}
