//! The article model: what trovi indexes and returns.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// One searchable article (a news story, a blog post, a docs page).
///
/// The serde form is the Article JSONL format: keys `id`, `title`, `body`,
/// `url`, `date` (RFC 3339), `author`, `tags`; absent keys are omitted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Article {
    /// Unique id. Readers take it from the record, or else derive it from the file path.
    #[serde(default)]
    pub id: String,
    /// Title (may be empty; readers warn when it is).
    #[serde(default)]
    pub title: String,
    /// Plain-text body; paragraphs separated by `\n\n`.
    #[serde(default)]
    pub body: String,
    /// Link to the article.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Publication date.
    #[serde(default, with = "time::serde::rfc3339::option", skip_serializing_if = "Option::is_none")]
    pub date: Option<OffsetDateTime>,
    /// Author name(s) as one string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Tags, e.g. `category:politics` or plain `rust`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Parts of the body a link can point at (the HTML reader makes one per
    /// heading with an `id`), in body order. A hit links to the section its
    /// snippet is in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
    /// Text that counts more than the body when ranking (headings, elements
    /// marked `data-trovi-weight`): searched, never shown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub emphasis: String,
}

/// A linkable part of an article's body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Section {
    /// The fragment that links to it (an HTML `id`, without `#`).
    pub id: String,
    /// Its heading.
    #[serde(default)]
    pub title: String,
    /// Byte offset in the body where it starts.
    #[serde(default)]
    pub offset: usize,
}

impl Article {
    /// A new article with an id, a title and a body; other fields empty.
    pub fn new(id: impl Into<String>, title: impl Into<String>, body: impl Into<String>) -> Self {
        Article { id: id.into(), title: title.into(), body: body.into(), ..Article::default() }
    }
}

/// A section as stored in the index: `offset\tid\ttitle`.
#[cfg_attr(not(feature = "indexer"), allow(dead_code))]
pub(crate) fn encode_section(section: &Section) -> String {
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    format!("{}\t{}\t{}", section.offset, clean(&section.id), clean(&section.title))
}

/// The inverse of [`encode_section`] (None for a malformed value).
pub(crate) fn decode_section(text: &str) -> Option<Section> {
    let mut parts = text.splitn(3, '\t');
    let offset = parts.next()?.parse().ok()?;
    let id = parts.next()?.to_string();
    let title = parts.next().unwrap_or_default().to_string();
    (!id.is_empty()).then_some(Section { id, title, offset })
}

/// Parses an RFC 3339 date-time, or a plain `YYYY-MM-DD` date (taken as midnight UTC).
pub fn parse_date(text: &str) -> Option<OffsetDateTime> {
    use time::format_description::well_known::Rfc3339;
    let text = text.trim();
    if let Ok(date) = OffsetDateTime::parse(text, &Rfc3339) {
        return Some(date);
    }
    let day = time::Date::parse(text.get(..10)?, time::macros::format_description!("[year]-[month]-[day]")).ok()?;
    if text.len() == 10 {
        return Some(day.midnight().assume_utc());
    }
    // "2023-01-02 10:11:12" and "2023-01-02T10:11:12" without an offset: take as UTC.
    let rest = text.get(10..)?;
    let rest = rest.strip_prefix(['T', ' '])?;
    let rest = rest.trim_end_matches('Z');
    let clock = time::Time::parse(rest.get(..8.min(rest.len()))?, time::macros::format_description!("[hour]:[minute]:[second]"))
        .or_else(|_| time::Time::parse(rest, time::macros::format_description!("[hour]:[minute]")))
        .ok()?;
    Some(day.with_time(clock).assume_utc())
}

/// Formats a date as RFC 3339 (UTC).
pub fn format_date(date: OffsetDateTime) -> String {
    use time::format_description::well_known::Rfc3339;
    date.to_offset(time::UtcOffset::UTC).format(&Rfc3339).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rfc3339_and_plain_dates() {
        assert_eq!(format_date(parse_date("1987-02-26T15:01:01Z").unwrap()), "1987-02-26T15:01:01Z");
        assert_eq!(format_date(parse_date("2023-01-02").unwrap()), "2023-01-02T00:00:00Z");
        assert_eq!(format_date(parse_date("2023-01-02 10:11:12").unwrap()), "2023-01-02T10:11:12Z");
        assert_eq!(format_date(parse_date("2023-01-02T10:11:12+02:00").unwrap()), "2023-01-02T08:11:12Z");
        assert!(parse_date("yesterday").is_none());
        assert!(parse_date("2023-13-45").is_none());
    }

    #[test]
    fn jsonl_record_round_trips() {
        let line = r#"{"id":"a","title":"T","body":"B","url":"https://x","date":"1987-02-26T15:01:01Z","author":"Ann","tags":["topic:grain"]}"#;
        let article: Article = serde_json::from_str(line).unwrap();
        assert_eq!(article.tags, vec!["topic:grain"]);
        assert_eq!(serde_json::to_string(&article).unwrap(), line);
    }
}
