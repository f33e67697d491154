//! Article fields from a JSON object: a JSONL line, a JSON array element, or
//! Markdown front matter (converted to JSON values first).

use serde_json::{Map, Value};
use time::OffsetDateTime;

use crate::Article;

/// Where the object comes from; the rules differ slightly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    /// A JSON record: `body` is a key; a `tags` string is one tag.
    Record,
    /// Markdown front matter: the body is the content; a `tags` string is
    /// comma-separated; `draft` is read.
    FrontMatter,
}

/// The fields read from one object.
#[derive(Debug, Default)]
pub(super) struct Fields {
    pub(super) id: Option<String>,
    pub(super) title: String,
    pub(super) body: String,
    pub(super) url: Option<String>,
    pub(super) date: Option<OffsetDateTime>,
    pub(super) author: Option<String>,
    pub(super) tags: Vec<String>,
    pub(super) draft: bool,
    /// Problems that do not stop the article being indexed.
    pub(super) warnings: Vec<String>,
}

/// "a string", "an array", … for messages.
pub(super) fn kind_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A scalar as text (`None` for null or blank); `Err` for arrays and objects.
fn scalar(value: &Value) -> Result<Option<String>, &'static str> {
    let text = match value {
        Value::Null => return Ok(None),
        Value::String(text) => text.trim().to_string(),
        Value::Number(number) => number.to_string(),
        Value::Bool(flag) => flag.to_string(),
        Value::Array(_) | Value::Object(_) => return Err(kind_name(value)),
    };
    Ok(if text.is_empty() { None } else { Some(text) })
}

impl Fields {
    /// Reads the fields of `map`. `Err` (the record is skipped) only when the
    /// id, title or body has a type that cannot be taken as text; other
    /// problems become warnings.
    pub(super) fn from_map(map: &Map<String, Value>, style: Style) -> Result<Fields, String> {
        let mut fields = Fields::default();
        if let Some(value) = map.get("id") {
            fields.id = match value {
                Value::String(_) | Value::Number(_) | Value::Null => {
                    scalar(value).unwrap_or_default()
                }
                _ => {
                    return Err(format!(
                        "\"id\" must be a string or a number, found {}",
                        kind_name(value)
                    ));
                }
            };
        }
        if let Some(value) = map.get("title") {
            fields.title = scalar(value)
                .map_err(|kind| format!("\"title\" must be a string, found {kind}"))?
                .unwrap_or_default();
        }
        if style == Style::Record
            && let Some(value) = map.get("body")
        {
            fields.body = match value {
                // A list of paragraphs.
                Value::Array(items)
                    if items.iter().all(|item| matches!(item, Value::String(_))) =>
                {
                    items
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::trim)
                        .filter(|paragraph| !paragraph.is_empty())
                        .collect::<Vec<_>>()
                        .join("\n\n")
                }
                _ => scalar(value)
                    .map_err(|kind| format!("\"body\" must be a string, found {kind}"))?
                    .unwrap_or_default(),
            };
        }
        for key in ["url", "permalink"] {
            if fields.url.is_some() {
                break;
            }
            if let Some(value) = map.get(key) {
                match value {
                    Value::String(_) | Value::Null => {
                        fields.url = scalar(value).unwrap_or_default()
                    }
                    _ => fields
                        .warnings
                        .push(format!("\"{key}\" is not a string; ignored")),
                }
            }
        }
        if let Some(value) = map.get("date") {
            match value {
                Value::Null => {}
                Value::String(text) if text.trim().is_empty() => {}
                Value::String(text) => match crate::parse_date(text) {
                    Some(date) => fields.date = Some(date),
                    None => fields.warnings.push(format!("unparseable date {:?}; indexed without a date", text.trim())),
                },
                other => fields.warnings.push(format!(
                    "\"date\" must be an RFC 3339 or YYYY-MM-DD string, found {}; indexed without a date",
                    kind_name(other)
                )),
            }
        }
        for key in ["author", "authors"] {
            if fields.author.is_some() {
                break;
            }
            if let Some(value) = map.get(key) {
                match list(value) {
                    Some(names) => {
                        let joined = names.join(", ");
                        fields.author = if joined.is_empty() {
                            None
                        } else {
                            Some(joined)
                        };
                    }
                    None => fields.warnings.push(format!(
                        "\"{key}\" is not a string or a list of strings; ignored"
                    )),
                }
            }
        }
        if let Some(value) = map.get("tags") {
            match (value, style) {
                (Value::String(text), Style::FrontMatter) => {
                    fields.tags = text
                        .split(',')
                        .map(str::trim)
                        .filter(|tag| !tag.is_empty())
                        .map(String::from)
                        .collect();
                }
                _ => match list(value) {
                    Some(tags) => fields.tags = tags,
                    None => fields
                        .warnings
                        .push("\"tags\" is not a string or a list of strings; ignored".into()),
                },
            }
        }
        if style == Style::FrontMatter {
            fields.draft = match map.get("draft") {
                Some(Value::Bool(flag)) => *flag,
                Some(Value::String(text)) => {
                    matches!(text.trim().to_ascii_lowercase().as_str(), "true" | "yes")
                }
                _ => false,
            };
        }
        Ok(fields)
    }

    /// The article, with `derived_id` when the object had no id.
    pub(super) fn into_article(self, derived_id: String) -> Article {
        Article {
            id: self.id.unwrap_or(derived_id),
            title: self.title,
            body: self.body,
            url: self.url,
            date: self.date,
            author: self.author,
            tags: self.tags,
            ..Article::default()
        }
    }
}

/// A string (one item) or a list of scalars, as non-empty trimmed strings;
/// `None` for other types. Nested lists and objects in a list are dropped.
fn list(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::Null => Some(Vec::new()),
        Value::String(_) | Value::Number(_) | Value::Bool(_) => {
            Some(scalar(value).ok().flatten().into_iter().collect())
        }
        Value::Array(items) => Some(
            items
                .iter()
                .filter_map(|item| scalar(item).ok().flatten())
                .collect(),
        ),
        Value::Object(_) => None,
    }
}
