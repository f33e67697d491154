//! The query language: parsing user text into a [`ParsedQuery`].
//!
//! [`parse`] never fails: malformed syntax degrades to plain words.
//!
//! | Syntax | Meaning |
//! |---|---|
//! | `word` | the word (analyzed: lowercased, folded, stemmed) |
//! | `"some words"` | the phrase |
//! | `-word`, `-"a phrase"`, `-(a b)`, `-title:x` | excludes articles that match |
//! | `a OR b`, `a \| b` | either (binds tighter than the implicit AND: `a b OR c d` is `a (b OR c) d`) |
//! | `a AND b` | same as `a b` (`AND` is accepted and ignored) |
//! | `(a b)` | a group: all of its items are required |
//! | `title:x`, `author:x`, `tag:x` (`tags:x`), `title:"a b"` | the word or phrase in that field |
//! | `after:2020-01-31`, `before:2021-01-01T12:00:00Z` | date bounds (on or after / strictly before) |
//!
//! Only uppercase `OR` and `AND` are operators; `or` is a word. A `-` negates
//! only when directly followed by a word, a quote or `(` (`covid-19` and a lone
//! `-` are words). Field names are case-insensitive.
//!
//! Degradation rules: an unterminated quote makes its words plain words; an
//! unmatched `(` or `)` is ignored; an `OR` with nothing on one side is
//! dropped; empty groups and phrases, a `-` before nothing, and a field or date
//! prefix followed by nothing (`title:`) are dropped; an invalid date
//! (`before:soon`) and an unknown prefix (`foo:bar`) are plain words.
//! `--x` is `x`; `-after:D` is read as `before:D` and `-before:D` as
//! `after:D`. Several bounds of one kind keep the tightest. A date bound
//! inside a group or an `OR` still applies to the whole query.

mod lex;

use lex::Lex;
use time::OffsetDateTime;

/// Parentheses nested deeper than this are ignored (bounds recursion).
const MAX_DEPTH: usize = 16;

/// A field a word or phrase can be limited to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldName {
    /// `title:`
    Title,
    /// `author:`
    Author,
    /// `tag:` (or `tags:`)
    Tag,
}

/// One node of a parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// A bare word, or `field:word`. The text is as typed (not yet analyzed;
    /// it may contain punctuation, e.g. `foo:bar`, which the analyzer splits).
    Word {
        /// The field it is limited to, if any.
        field: Option<FieldName>,
        /// The word as typed.
        text: String,
    },
    /// `"quoted words"` or `field:"quoted words"`.
    Phrase {
        /// The field it is limited to, if any.
        field: Option<FieldName>,
        /// The text inside the quotes, as typed.
        text: String,
    },
    /// `-item`: articles matching the item are excluded.
    Not(Box<Expr>),
    /// `a OR b OR c`: any of the items (always 2 or more).
    Or(Vec<Expr>),
    /// `( ... )`: all of the items are required (always 2 or more).
    Group(Vec<Expr>),
}

/// The result of [`parse`]: the query's items and its date bounds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParsedQuery {
    /// The top-level items, all required (implicit AND). May consist of
    /// negations only; the executor decides what that means.
    pub items: Vec<Expr>,
    /// `after:` bound: only articles dated on or after this instant.
    pub after: Option<OffsetDateTime>,
    /// `before:` bound: only articles dated strictly before this instant.
    pub before: Option<OffsetDateTime>,
}

impl ParsedQuery {
    /// The top-level plain words (`Expr::Word` without a field), in order.
    pub fn bare_words(&self) -> impl Iterator<Item = &str> {
        self.items.iter().filter_map(|item| match item {
            Expr::Word { field: None, text } => Some(text.as_str()),
            _ => None,
        })
    }

    /// True when the query has no items and no date bounds.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.after.is_none() && self.before.is_none()
    }
}

/// Parses the user's query text. Never fails: see the [module docs](self) for
/// the syntax and how malformed input degrades.
pub fn parse(text: &str) -> ParsedQuery {
    let lexed = balance_parens(lex::lex(text));
    let mut parser = Parser { lexed, pos: 0, query: ParsedQuery::default() };
    parser.query.items = parser.sequence(false);
    parser.query
}

/// Drops unmatched parentheses, and pairs nested deeper than [`MAX_DEPTH`].
fn balance_parens(lexed: Vec<Lex>) -> Vec<Lex> {
    let mut keep = vec![true; lexed.len()];
    let mut open = Vec::new();
    for (i, item) in lexed.iter().enumerate() {
        match item {
            Lex::Open => open.push(i),
            Lex::Close => match open.pop() {
                Some(start) if open.len() >= MAX_DEPTH => {
                    keep[start] = false;
                    keep[i] = false;
                }
                Some(_) => {}
                None => keep[i] = false,
            },
            _ => {}
        }
    }
    for start in open {
        keep[start] = false;
    }
    lexed.into_iter().zip(keep).filter_map(|(item, keep)| keep.then_some(item)).collect()
}

struct Parser {
    lexed: Vec<Lex>,
    pos: usize,
    query: ParsedQuery,
}

impl Parser {
    fn peek(&self) -> Option<&Lex> {
        self.lexed.get(self.pos)
    }

    /// Items up to the end, or up to (not including) a `)` when `in_group`.
    fn sequence(&mut self, in_group: bool) -> Vec<Expr> {
        let mut items = Vec::new();
        while let Some(next) = self.peek() {
            match next {
                Lex::Close if in_group => break,
                // A stray `)`, `AND`, or an `OR` with nothing on its left.
                Lex::Close | Lex::And | Lex::Or => self.pos += 1,
                _ => {
                    if let Some(item) = self.alternatives() {
                        items.push(item);
                    }
                }
            }
        }
        items
    }

    /// `unary (OR unary)*`.
    fn alternatives(&mut self) -> Option<Expr> {
        let mut alts = Vec::new();
        alts.extend(self.unary());
        while self.peek() == Some(&Lex::Or) {
            while matches!(self.peek(), Some(Lex::Or | Lex::And)) {
                self.pos += 1;
            }
            if matches!(self.peek(), None | Some(Lex::Close)) {
                break; // dangling OR
            }
            alts.extend(self.unary());
        }
        match alts.len() {
            0 => None,
            1 => alts.pop(),
            _ => {
                let mut flat = Vec::with_capacity(alts.len());
                for alt in alts {
                    match alt {
                        Expr::Or(inner) => flat.extend(inner),
                        other => flat.push(other),
                    }
                }
                Some(Expr::Or(flat))
            }
        }
    }

    /// `-* (term | date | "(" sequence ")")`. Returns `None` for a date bound
    /// (recorded on the query), an empty group, or a `-` before nothing.
    fn unary(&mut self) -> Option<Expr> {
        let mut negated = false;
        while self.peek() == Some(&Lex::Minus) {
            negated = !negated;
            self.pos += 1;
        }
        let expr = match self.peek()? {
            Lex::Term(expr) => {
                let expr = expr.clone();
                self.pos += 1;
                expr
            }
            Lex::Date { before, at } => {
                let (before, at) = (*before != negated, *at);
                self.pos += 1;
                self.bound(before, at);
                return None;
            }
            Lex::Open => {
                self.pos += 1;
                let items = self.sequence(true);
                if self.peek() == Some(&Lex::Close) {
                    self.pos += 1;
                }
                group(items)?
            }
            Lex::Minus | Lex::Or | Lex::And | Lex::Close => return None,
        };
        Some(if negated { negate(expr) } else { expr })
    }

    /// Records a date bound, keeping the tightest of several.
    fn bound(&mut self, before: bool, at: OffsetDateTime) {
        if before {
            self.query.before = Some(self.query.before.map_or(at, |b| b.min(at)));
        } else {
            self.query.after = Some(self.query.after.map_or(at, |a| a.max(at)));
        }
    }
}

/// A group of `items`: nested groups are flattened into it, a single item
/// stands alone, no items is nothing.
fn group(items: Vec<Expr>) -> Option<Expr> {
    let mut flat = Vec::with_capacity(items.len());
    for item in items {
        match item {
            Expr::Group(inner) => flat.extend(inner),
            other => flat.push(other),
        }
    }
    match flat.len() {
        0 => None,
        1 => flat.pop(),
        _ => Some(Expr::Group(flat)),
    }
}

/// `Not(expr)`, undoing a double negation.
fn negate(expr: Expr) -> Expr {
    match expr {
        Expr::Not(inner) => *inner,
        other => Expr::Not(Box::new(other)),
    }
}

#[cfg(test)]
mod tests;
