//! Which article links may become `href`s.
//!
//! An article's `url` comes from the indexed content, so it is not trusted:
//! only `http:`, `https:` and relative links are rendered as links. Anything
//! with another scheme (`javascript:`, `data:`, `vbscript:`, …) is shown as
//! a title without a link.

/// The link to put in `href`, or `None` when `url` is not safe to link to.
///
/// Mirrors what a browser's URL parser does before looking at the scheme:
/// leading and trailing spaces and control characters are dropped, and tabs
/// and newlines anywhere are removed (so `java\tscript:` is still caught).
pub fn safe_href(url: &str) -> Option<String> {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    let cleaned: String = trimmed.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    if cleaned.is_empty() {
        return None;
    }
    match scheme(&cleaned) {
        None => Some(cleaned),
        Some(s) if s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https") => Some(cleaned),
        Some(_) => None,
    }
}

/// The scheme of an absolute URL (the part before the first `:`), or `None` for
/// a relative reference.
fn scheme(url: &str) -> Option<&str> {
    let colon = url.find(':')?;
    let candidate = &url[..colon];
    // A ':' after a '/', '?' or '#' belongs to the path, query or fragment.
    if candidate.contains(['/', '?', '#', '\\']) {
        return None;
    }
    let mut chars = candidate.chars();
    let first = chars.next();
    let valid = first.is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // Anything else before a ':' (a space, a control character, a non-ASCII
    // letter) is not a scheme for a browser either; refuse it all the same
    // rather than guess how every browser reads it.
    Some(if valid { candidate } else { "invalid" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_http_https_and_relative() {
        for url in [
            "https://example.com/a",
            "http://example.com",
            "HTTPS://EXAMPLE.COM",
            "/posts/one.html",
            "posts/one.html",
            "../one.html",
            "?q=1",
            "#top",
            "//example.com/x",
            "/path/with:colon",
            "a/b:c",
        ] {
            assert_eq!(safe_href(url).as_deref(), Some(url), "{url}");
        }
        assert_eq!(safe_href("  https://example.com/ \n").as_deref(), Some("https://example.com/"));
    }

    #[test]
    fn refuses_other_schemes() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox",
            "file:///etc/passwd",
            "mailto:a@example.com",
            "ja vascript:alert(1)",
            "",
            "   ",
        ] {
            assert_eq!(safe_href(url), None, "{url:?}");
        }
    }
}
