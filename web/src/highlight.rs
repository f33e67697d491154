//! Splitting text at highlight byte ranges.
//!
//! Core reports matched words as `[start, end)` byte offsets into plain text.
//! The app renders the pieces as text nodes, the matched ones inside `<mark>`:
//! the text is never parsed as HTML.

/// A run of text, matched (`marked`) or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment<'a> {
    /// The text of the run.
    pub text: &'a str,
    /// Whether the run is a matched word.
    pub marked: bool,
}

/// Splits `text` at the byte `ranges`.
///
/// Tolerates bad input instead of panicking: ranges past the end are clipped,
/// empty, reversed or overlapping ranges are skipped or trimmed, and a range
/// that does not fall on `char` boundaries is left unmarked.
pub fn segments<'a>(text: &'a str, ranges: &[[usize; 2]]) -> Vec<Segment<'a>> {
    let mut out = Vec::with_capacity(ranges.len() * 2 + 1);
    let mut cursor = 0;
    for &[start, end] in ranges {
        let start = start.max(cursor).min(text.len());
        let end = end.min(text.len());
        if start >= end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        if start > cursor {
            out.push(Segment { text: &text[cursor..start], marked: false });
        }
        out.push(Segment { text: &text[start..end], marked: true });
        cursor = end;
    }
    if cursor < text.len() {
        out.push(Segment { text: &text[cursor..], marked: false });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(text: &str, ranges: &[[usize; 2]]) -> String {
        segments(text, ranges)
            .iter()
            .map(|s| if s.marked { format!("[{}]", s.text) } else { s.text.to_string() })
            .collect()
    }

    #[test]
    fn marks_ranges() {
        assert_eq!(render("rust and wasm", &[[0, 4], [9, 13]]), "[rust] and [wasm]");
        assert_eq!(render("rust", &[]), "rust");
        assert_eq!(render("", &[[0, 3]]), "");
    }

    #[test]
    fn multibyte_text_is_sliced_by_bytes() {
        let text = "Café crème brûlée";
        let start = text.find("crème").expect("present");
        assert_eq!(render(text, &[[start, start + "crème".len()]]), "Café [crème] brûlée");
    }

    #[test]
    fn bad_ranges_do_not_panic() {
        let text = "é and more";
        // Inside a char, reversed, past the end, overlapping.
        assert_eq!(render(text, &[[1, 2]]), text);
        assert_eq!(render(text, &[[5, 3]]), text);
        assert_eq!(render(text, &[[7, 100]]), "é and [more]");
        assert_eq!(render(text, &[[3, 6], [4, 6]]), "é [and] more");
        assert_eq!(render("abcdef", &[[0, 3], [2, 5]]), "[abc][de]f");
    }

    #[test]
    fn text_with_markup_stays_text() {
        let segs = segments("<b>x</b>", &[[3, 4]]);
        assert_eq!(segs[0].text, "<b>");
        assert!(segs[1].marked);
    }
}
