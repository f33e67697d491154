//! JSON Lines (`.jsonl`, `.ndjson`) and JSON (`.json`) article files, both
//! streamed: one line or one array element in memory at a time.

use std::cell::Cell;
use std::fmt;
use std::io::{BufRead, Read};

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::{BOM, Loc, Reader};

/// serde_json's message without its " at line L column C" suffix.
fn json_message(error: &serde_json::Error) -> String {
    let message = error.to_string();
    match message.rsplit_once(" at line ") {
        Some((head, _)) => head.to_string(),
        None => message,
    }
}

/// Reads a JSONL file line by line, as bytes, so one bad line (bad JSON,
/// invalid UTF-8) costs only that line.
pub(super) fn read_jsonl(
    reader: &mut Reader<'_>,
    index: usize,
    stem: &str,
    mut input: impl BufRead,
) {
    let path = reader.path_of(index);
    let mut buffer = Vec::new();
    let mut line = 0;
    let mut any = false;
    loop {
        buffer.clear();
        match input.read_until(b'\n', &mut buffer) {
            Ok(0) => break,
            Ok(_) => {}
            Err(error) => {
                reader.skip(
                    &path,
                    Some(line + 1),
                    format!("{error}; the rest of the file was not read"),
                );
                return;
            }
        }
        line += 1;
        let mut bytes = buffer.as_slice();
        if line == 1 {
            bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
        }
        bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
        bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        let Ok(text) = std::str::from_utf8(bytes) else {
            any = true;
            reader.skip(&path, Some(line), "invalid UTF-8");
            continue;
        };
        if text.trim().is_empty() {
            continue;
        }
        any = true;
        match serde_json::from_str::<Value>(text) {
            Ok(value) => reader.record(value, index, stem, Loc::Line(line)),
            Err(error) => reader.skip(
                &path,
                Some(line),
                format!(
                    "invalid JSON: {} (column {})",
                    json_message(&error),
                    error.column()
                ),
            ),
        }
    }
    if !any {
        reader.warn(&path, None, "empty file, no articles");
    }
}

/// Passes reads through, noting whether any non-whitespace byte went by.
struct Tracking<'c, R> {
    inner: R,
    content: &'c Cell<bool>,
}

impl<R: Read> Read for Tracking<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if !self.content.get() && buf[..n].iter().any(|b| !b.is_ascii_whitespace()) {
            self.content.set(true);
        }
        Ok(n)
    }
}

/// Reads a `.json` file: an array of article objects (streamed element by
/// element) or one article object.
pub(super) fn read_json(
    reader: &mut Reader<'_>,
    index: usize,
    stem: &str,
    mut input: impl BufRead,
) {
    let path = reader.path_of(index);
    if let Ok(start) = input.fill_buf()
        && start.starts_with(BOM)
    {
        input.consume(BOM.len());
    }
    let content = Cell::new(false);
    let elements = Cell::new(0);
    let mut deserializer = serde_json::Deserializer::from_reader(Tracking {
        inner: input,
        content: &content,
    });
    let visitor = JsonVisitor {
        reader,
        index,
        stem,
        elements: &elements,
    };
    let result = deserializer
        .deserialize_any(visitor)
        .and_then(|count| deserializer.end().map(|()| count));
    match result {
        Ok(Some(0)) => reader.warn(&path, None, "empty array, no articles"),
        Ok(_) => {}
        Err(error) if error.is_eof() && !content.get() => {
            reader.warn(&path, None, "empty file, no articles")
        }
        Err(error) => {
            let line = (error.line() > 0).then_some(error.line());
            let mut message = format!(
                "invalid JSON: {} (column {})",
                json_message(&error),
                error.column()
            );
            if elements.get() > 0 {
                message.push_str(&format!(
                    "; elements after element {} were not read",
                    elements.get()
                ));
            }
            reader.skip(&path, line, message);
        }
    }
}

/// Hands each element of the top-level array (or the one top-level object)
/// to [`Reader::record`]. Yields the array length, or `None` for an object.
struct JsonVisitor<'r, 'a, 's> {
    reader: &'r mut Reader<'a>,
    index: usize,
    stem: &'s str,
    /// Elements read so far.
    elements: &'s Cell<usize>,
}

impl<'de> Visitor<'de> for JsonVisitor<'_, '_, '_> {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON array of articles or one article object")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut count = 0;
        while let Some(value) = seq.next_element::<Value>()? {
            count += 1;
            self.elements.set(count);
            self.reader
                .record(value, self.index, self.stem, Loc::Element(count));
        }
        Ok(Some(count))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let value = Value::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        self.reader.record(value, self.index, self.stem, Loc::File);
        Ok(None)
    }
}
