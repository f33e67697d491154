//! Lexing: query text to a flat list of [`Lex`] items.
//!
//! The lexer already resolves field prefixes, phrases and date bounds, so the
//! parser only deals with structure (negation, `OR`, parentheses).

use super::{Expr, FieldName};
use time::OffsetDateTime;

/// One lexical item of the query text.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Lex {
    /// A word or a phrase, possibly with a field.
    Term(Expr),
    /// `after:DATE` (`before == false`) or `before:DATE` (`before == true`).
    Date { before: bool, at: OffsetDateTime },
    /// A `-` directly in front of a word, a quote or `(`.
    Minus,
    /// `OR` or `|`.
    Or,
    /// `AND` (accepted and ignored).
    And,
    /// `(`.
    Open,
    /// `)`.
    Close,
}

/// Characters that end a word (besides whitespace).
fn is_stop(c: char) -> bool {
    c.is_whitespace() || matches!(c, '"' | '(' | ')' | '|')
}

/// The char at byte offset `i` of `text`, if any.
fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|rest| rest.chars().next())
}

/// A word that carries nothing: a lone `-` (or `--`), as in `a - b`.
fn is_dashes(word: &str) -> bool {
    word.chars().all(|c| c == '-')
}

/// Splits `text` into lexical items. Never fails.
pub(super) fn lex(text: &str) -> Vec<Lex> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(c) = char_at(text, i) {
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        match c {
            '(' => {
                out.push(Lex::Open);
                i += 1;
            }
            ')' => {
                out.push(Lex::Close);
                i += 1;
            }
            '|' => {
                out.push(Lex::Or);
                i += 1;
            }
            '"' => i = lex_quote(text, i, None, &mut out),
            '-' if char_at(text, i + 1).is_some_and(|n| !n.is_whitespace() && n != ')' && n != '|') => {
                out.push(Lex::Minus);
                i += 1;
            }
            _ => {
                let end = text[i..].find(is_stop).map_or(text.len(), |n| i + n);
                i = lex_word(text, i, end, &mut out);
            }
        }
    }
    out
}

/// What a quote at `start` produced, for [`lex_quote`]'s caller to use.
enum Quoted<'a> {
    /// A terminated quote: its inside, and the offset after the closing quote.
    Inside(&'a str, usize),
    /// No closing quote: the rest of the text was lexed as plain words.
    Unterminated,
}

/// Reads a quote starting at byte `start` (a `"`). A terminated quote becomes
/// a phrase with `field`; an unterminated one turns the rest of the text into
/// plain words. Returns the offset to continue at.
fn lex_quote(text: &str, start: usize, field: Option<FieldName>, out: &mut Vec<Lex>) -> usize {
    match read_quote(text, start, out) {
        Quoted::Inside(inside, next) => {
            push_phrase(inside, field, out);
            next
        }
        Quoted::Unterminated => text.len(),
    }
}

fn read_quote<'a>(text: &'a str, start: usize, out: &mut Vec<Lex>) -> Quoted<'a> {
    let body = &text[start + 1..];
    if let Some(close) = body.find('"') {
        return Quoted::Inside(&body[..close], start + 1 + close + 1);
    }
    // Unterminated: its words are plain words. A `-` in front of it does not
    // negate the first of them.
    while out.last() == Some(&Lex::Minus) {
        out.pop();
    }
    for word in body.split(is_stop).filter(|w| !w.is_empty() && !is_dashes(w)) {
        out.push(Lex::Term(Expr::Word { field: None, text: word.to_string() }));
    }
    Quoted::Unterminated
}

/// Pushes a phrase unless it is empty.
fn push_phrase(inside: &str, field: Option<FieldName>, out: &mut Vec<Lex>) {
    if !inside.trim().is_empty() {
        out.push(Lex::Term(Expr::Phrase { field, text: inside.to_string() }));
    }
}

/// Which `name:` prefix a word has.
enum Prefix {
    Field(FieldName),
    /// `after:` (false) or `before:` (true).
    Date(bool),
}

fn prefix(name: &str) -> Option<Prefix> {
    let lower = name.to_lowercase();
    Some(match lower.as_str() {
        "title" => Prefix::Field(FieldName::Title),
        "author" => Prefix::Field(FieldName::Author),
        "tag" | "tags" => Prefix::Field(FieldName::Tag),
        "after" => Prefix::Date(false),
        "before" => Prefix::Date(true),
        _ => return None,
    })
}

/// Lexes the word `text[start..end]` (which contains no stop character).
/// Returns the offset to continue at (past `end` when a `field:"..."` phrase
/// follows).
fn lex_word(text: &str, start: usize, end: usize, out: &mut Vec<Lex>) -> usize {
    let word = &text[start..end];
    match word {
        "OR" => {
            out.push(Lex::Or);
            return end;
        }
        "AND" => {
            out.push(Lex::And);
            return end;
        }
        _ if is_dashes(word) => return end,
        _ => {}
    }
    let plain = |out: &mut Vec<Lex>| out.push(Lex::Term(Expr::Word { field: None, text: word.to_string() }));
    let Some((name, rest)) = word.split_once(':') else {
        plain(out);
        return end;
    };
    let Some(kind) = prefix(name) else {
        plain(out);
        return end;
    };
    if rest.is_empty() {
        // `title:"..."`, `after:"..."`; a prefix followed by nothing usable is dropped.
        if char_at(text, end) != Some('"') {
            return end;
        }
        return match kind {
            Prefix::Field(field) => lex_quote(text, end, Some(field), out),
            Prefix::Date(before) => match read_quote(text, end, out) {
                Quoted::Inside(inside, next) => {
                    match crate::parse_date(inside) {
                        Some(at) => out.push(Lex::Date { before, at }),
                        None => push_phrase(inside, None, out),
                    }
                    next
                }
                Quoted::Unterminated => text.len(),
            },
        };
    }
    match kind {
        Prefix::Field(field) => out.push(Lex::Term(Expr::Word { field: Some(field), text: rest.to_string() })),
        Prefix::Date(before) => match crate::parse_date(rest) {
            Some(at) => out.push(Lex::Date { before, at }),
            None => plain(out),
        },
    }
    end
}
