//! Plain-text articles (`.txt`): the first non-empty line is the title.

use super::collapse_whitespace;

/// Splits `text` into a title and a body.
///
/// The title is the first non-empty line. Trailing lines that match
/// `boilerplate` (trimmed, lower-cased entries) are dropped from the end of
/// the body, repeatedly, with blank lines around them. If the remaining body
/// has blank lines, they separate paragraphs and the lines of a paragraph are
/// joined; otherwise each line is a paragraph. Paragraphs are joined with
/// `\n\n`, whitespace inside them collapsed.
pub(super) fn read_text(text: &str, boilerplate: &[String]) -> (String, String) {
    let mut lines = text.lines().skip_while(|line| line.trim().is_empty());
    let title = lines.next().map(collapse_whitespace).unwrap_or_default();
    let mut rest: Vec<&str> = lines.skip_while(|line| line.trim().is_empty()).collect();
    while let Some(last) = rest.last() {
        let last = last.trim();
        if last.is_empty()
            || boilerplate
                .iter()
                .any(|line| line.as_str() == last.to_lowercase())
        {
            rest.pop();
        } else {
            break;
        }
    }
    let paragraphs: Vec<String> = if rest.iter().any(|line| line.trim().is_empty()) {
        rest.split(|line| line.trim().is_empty())
            .map(|lines| collapse_whitespace(&lines.join(" ")))
            .collect()
    } else {
        rest.iter().map(|line| collapse_whitespace(line)).collect()
    };
    let body = paragraphs
        .into_iter()
        .filter(|paragraph| !paragraph.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    (title, body)
}
