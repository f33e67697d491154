//! Markdown articles (`.md`, `.markdown`) with optional YAML or TOML front matter.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde_json::{Map, Number, Value};

use super::fields::{Fields, Style};
use super::{Paragraphs, collapse_whitespace};

/// Why a document was not read: the 1-based line (where known) and a message.
type Failure = (Option<usize>, String);

/// Reads one Markdown document (BOM already removed). `Err` carries the
/// 1-based line (where known) and the message for broken front matter.
pub(super) fn read_markdown(text: &str) -> Result<Fields, Failure> {
    let (front, content) = split_front_matter(text)?;
    let mut fields = match front {
        None => Fields::default(),
        Some(front) => {
            let map = match front.kind {
                FrontKind::Yaml => yaml_map(front.text, front.first_line)?,
                FrontKind::Toml => toml_map(front.text, front.first_line)?,
            };
            Fields::from_map(&map, Style::FrontMatter)
                .map_err(|message| (None, format!("front matter: {message}")))?
        }
    };
    let (mut paragraphs, first_h1) = to_paragraphs(content);
    if fields.title.is_empty() {
        if let Some(i) = first_h1 {
            fields.title = paragraphs.remove(i);
        }
    } else if first_h1 == Some(0)
        && paragraphs.first().is_some_and(|first| {
            first.to_lowercase() == collapse_whitespace(&fields.title).to_lowercase()
        })
    {
        // The front-matter title repeated as the first heading.
        paragraphs.remove(0);
    }
    fields.body = paragraphs.join("\n\n");
    Ok(fields)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FrontKind {
    Yaml,
    Toml,
}

struct Front<'t> {
    kind: FrontKind,
    text: &'t str,
    /// The 1-based line of the first line of `text` in the file.
    first_line: usize,
}

/// Splits off front matter: `---` … `---` (or `...`) for YAML, `+++` … `+++`
/// for TOML, the opening delimiter on the first line.
fn split_front_matter(text: &str) -> Result<(Option<Front<'_>>, &str), Failure> {
    let mut lines = text.split_inclusive('\n');
    let Some(first) = lines.next() else {
        return Ok((None, text));
    };
    let kind = match first.trim_end() {
        "---" => FrontKind::Yaml,
        "+++" => FrontKind::Toml,
        _ => return Ok((None, text)),
    };
    let start = first.len();
    let mut offset = start;
    for line in lines {
        let closing = matches!(
            (kind, line.trim_end()),
            (FrontKind::Yaml, "---" | "...") | (FrontKind::Toml, "+++")
        );
        if closing {
            let front = Front {
                kind,
                text: text.get(start..offset).unwrap_or_default(),
                first_line: 2,
            };
            return Ok((
                Some(front),
                text.get(offset + line.len()..).unwrap_or_default(),
            ));
        }
        offset += line.len();
    }
    let delimiter = if kind == FrontKind::Yaml {
        "---"
    } else {
        "+++"
    };
    Err((
        Some(1),
        format!("front matter opened with {delimiter} is not closed (no second {delimiter} line)"),
    ))
}

/// `text` preceded by newlines so a parser's line numbers are the file's.
fn padded(text: &str, first_line: usize) -> String {
    let mut padded = "\n".repeat(first_line.saturating_sub(1));
    padded.push_str(text);
    padded
}

fn yaml_map(text: &str, first_line: usize) -> Result<Map<String, Value>, Failure> {
    let value: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(&padded(text, first_line)).map_err(|error| {
            (
                error.location().map(|at| at.line()),
                format!("invalid YAML front matter: {error}"),
            )
        })?;
    match value {
        serde_yaml_ng::Value::Null => Ok(Map::new()),
        serde_yaml_ng::Value::Mapping(mapping) => Ok(mapping
            .iter()
            .filter_map(|(key, value)| {
                let key = match key {
                    serde_yaml_ng::Value::String(key) => key.clone(),
                    serde_yaml_ng::Value::Number(key) => key.to_string(),
                    serde_yaml_ng::Value::Bool(key) => key.to_string(),
                    _ => return None,
                };
                Some((key, yaml_value(value, true)))
            })
            .collect()),
        _ => Err((
            Some(first_line),
            "front matter is not a mapping of keys to values".into(),
        )),
    }
}

/// A YAML value as JSON: scalars, and lists of scalars when `list` (nested
/// structures are not article fields and become null).
fn yaml_value(value: &serde_yaml_ng::Value, list: bool) -> Value {
    use serde_yaml_ng::Value as Yaml;
    match value {
        Yaml::Null => Value::Null,
        Yaml::Bool(flag) => Value::Bool(*flag),
        Yaml::Number(number) => {
            if let Some(n) = number.as_i64() {
                Value::from(n)
            } else if let Some(n) = number.as_u64() {
                Value::from(n)
            } else {
                number
                    .as_f64()
                    .and_then(Number::from_f64)
                    .map(Value::Number)
                    .unwrap_or(Value::Null)
            }
        }
        Yaml::String(text) => Value::String(text.clone()),
        Yaml::Sequence(items) if list => {
            Value::Array(items.iter().map(|item| yaml_value(item, false)).collect())
        }
        Yaml::Tagged(tagged) => yaml_value(&tagged.value, list),
        Yaml::Sequence(_) | Yaml::Mapping(_) => Value::Null,
    }
}

fn toml_map(text: &str, first_line: usize) -> Result<Map<String, Value>, Failure> {
    let padded = padded(text, first_line);
    let table: toml::Table = toml::from_str(&padded).map_err(|error| {
        let line = error
            .span()
            .and_then(|span| padded.get(..span.start))
            .map(|before| before.bytes().filter(|&b| b == b'\n').count() + 1);
        (
            line,
            format!("invalid TOML front matter: {}", error.message()),
        )
    })?;
    Ok(table
        .iter()
        .map(|(key, value)| (key.clone(), toml_value(value, true)))
        .collect())
}

/// A TOML value as JSON, like [`yaml_value`]; dates become their TOML text.
fn toml_value(value: &toml::Value, list: bool) -> Value {
    match value {
        toml::Value::String(text) => Value::String(text.clone()),
        toml::Value::Integer(n) => Value::from(*n),
        toml::Value::Float(n) => Number::from_f64(*n)
            .map(Value::Number)
            .unwrap_or(Value::Null),
        toml::Value::Boolean(flag) => Value::Bool(*flag),
        toml::Value::Datetime(date) => Value::String(date.to_string()),
        toml::Value::Array(items) if list => {
            Value::Array(items.iter().map(|item| toml_value(item, false)).collect())
        }
        toml::Value::Array(_) | toml::Value::Table(_) => Value::Null,
    }
}

/// Markdown to plain-text paragraphs; also the index of the first level-1
/// heading among them.
fn to_paragraphs(markdown: &str) -> (Vec<String>, Option<usize>) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut out = Paragraphs::default();
    let mut in_h1 = false;
    let mut first_h1 = None;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(tag) => match tag {
                Tag::Heading { level, .. } => {
                    out.flush();
                    in_h1 = level == HeadingLevel::H1;
                }
                Tag::Paragraph
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::HtmlBlock
                | Tag::List(_)
                | Tag::Item
                | Tag::FootnoteDefinition(_)
                | Tag::DefinitionList
                | Tag::DefinitionListTitle
                | Tag::DefinitionListDefinition
                | Tag::Table(_)
                | Tag::TableHead
                | Tag::TableRow => {
                    out.flush();
                }
                Tag::TableCell => out.space(),
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Heading(_) => {
                    let kept = out.flush();
                    if in_h1 && kept && first_h1.is_none() {
                        first_h1 = Some(out.done.len() - 1);
                    }
                    in_h1 = false;
                }
                TagEnd::Paragraph
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::HtmlBlock
                | TagEnd::List(_)
                | TagEnd::Item
                | TagEnd::FootnoteDefinition
                | TagEnd::DefinitionList
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition
                | TagEnd::Table
                | TagEnd::TableHead
                | TagEnd::TableRow => {
                    out.flush();
                }
                TagEnd::TableCell => out.space(),
                _ => {}
            },
            Event::Text(text)
            | Event::Code(text)
            | Event::InlineMath(text)
            | Event::DisplayMath(text) => out.text(&text),
            Event::SoftBreak | Event::HardBreak => out.space(),
            Event::Rule => {
                out.flush();
            }
            Event::Html(_)
            | Event::InlineHtml(_)
            | Event::FootnoteReference(_)
            | Event::TaskListMarker(_) => {}
        }
    }
    (out.finish(), first_h1)
}
