//! The tantivy schema of a trovi index and the text analysis both sides share.
//!
//! **The indexer and every reader register the same analyzers under the same
//! names from the language stored in the bundle header**; a mismatch would
//! make stemmed query terms miss the index silently.

use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions, FAST,
};
use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, TextAnalyzer};

use crate::stem::{with_stemming, Language};

/// Name of the stemming analyzer used by title, body and author text.
pub(crate) const TEXT_TOKENIZER: &str = "trovi_text";
/// Name of the analyzer for tag text: the whole tag, lower-cased.
pub(crate) const TAG_TOKENIZER: &str = "trovi_tag";

/// A fast field holding each article's position in the build's input order.
pub(crate) const SEQ_FIELD: &str = "seq";

/// Handles to the fields of a trovi schema.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub id: Field,
    pub title: Field,
    pub body: Field,
    pub url: Field,
    pub date: Field,
    pub author: Field,
    pub author_text: Field,
    pub tag: Field,
    pub tag_text: Field,
    /// Weighted text (headings, `data-trovi-weight`); absent in bundles
    /// written before it existed, None when no article has any.
    pub emphasis: Option<Field>,
    /// Linkable sections, stored as `offset\tid\ttitle` (absent in older bundles).
    pub sections: Option<Field>,
}

impl Fields {
    pub(crate) fn from_schema(schema: &Schema) -> crate::Result<Fields> {
        let get = |name: &str| {
            schema
                .get_field(name)
                .map_err(|_| crate::Error::CorruptBundle(format!("the index has no field {name:?}")))
        };
        Ok(Fields {
            id: get("id")?,
            title: get("title")?,
            body: get("body")?,
            url: get("url")?,
            date: get("date")?,
            author: get("author")?,
            author_text: get("author_text")?,
            tag: get("tag")?,
            tag_text: get("tag_text")?,
            emphasis: schema.get_field("emphasis").ok(),
            sections: schema.get_field("sections").ok(),
        })
    }
}

/// Builds the schema every trovi index uses.
#[cfg_attr(not(feature = "indexer"), allow(dead_code))]
pub(crate) fn build_schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text_indexing = TextFieldIndexing::default()
        .set_tokenizer(TEXT_TOKENIZER)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let stored_text = TextOptions::default().set_indexing_options(text_indexing.clone()).set_stored();
    // Field norms (one byte per article and field) only where BM25 uses
    // them: titles, bodies, weighted text. Ids, authors and tags are matched
    // or filtered, never length-normalized; a lazily loaded index would
    // fetch their norms for nothing (a megabyte each at a million articles).
    let keyword = |options: TextOptions| {
        let indexing = options.get_indexing_options().cloned().map(|i| i.set_fieldnorms(false));
        options.set_indexing_options(indexing.unwrap_or_default())
    };
    let id = builder.add_text_field("id", keyword(STRING | STORED));
    let title = builder.add_text_field("title", stored_text.clone());
    let body = builder.add_text_field("body", stored_text.clone());
    let url = builder.add_text_field("url", STORED);
    let date = builder.add_date_field(
        "date",
        DateOptions::default().set_indexed().set_stored().set_fast().set_precision(DateTimePrecision::Seconds),
    );
    let author = builder.add_text_field("author", keyword(STRING | STORED | FAST));
    let author_text = builder
        .add_text_field("author_text", keyword(TextOptions::default().set_indexing_options(text_indexing)));
    let tag = builder.add_text_field("tag", keyword(STRING | STORED | FAST));
    let tag_text = builder.add_text_field(
        "tag_text",
        keyword(TextOptions::default().set_indexing_options(
            TextFieldIndexing::default().set_tokenizer(TAG_TOKENIZER).set_index_option(IndexRecordOption::Basic),
        )),
    );
    // Input order, so a multi-segment build merges in a reproducible order.
    builder.add_u64_field(SEQ_FIELD, FAST);
    let emphasis = Some(builder.add_text_field("emphasis", stored_text));
    let sections = Some(builder.add_text_field("sections", STORED));
    let schema = builder.build();
    (schema, Fields { id, title, body, url, date, author, author_text, tag, tag_text, emphasis, sections })
}

/// The stemming text analyzer for `language` (`None`: no stemming).
pub(crate) fn text_analyzer(language: Option<Language>) -> TextAnalyzer {
    let base = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter);
    with_stemming(base, language)
}

/// The analyzer for the surface form of words: like [`text_analyzer`] without stemming.
pub(crate) fn surface_analyzer() -> TextAnalyzer {
    text_analyzer(None)
}

/// The tag analyzer: the whole value, lower-cased.
pub(crate) fn tag_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default()).filter(LowerCaser).build()
}

/// Registers trovi's analyzers on `index`.
pub(crate) fn register_analyzers(index: &tantivy::Index, language: Option<Language>) {
    index.tokenizers().register(TEXT_TOKENIZER, text_analyzer(language));
    index.tokenizers().register(TAG_TOKENIZER, tag_analyzer());
}

/// Languages trovi can stem, by the names the CLI and the bundle header use.
pub(crate) const LANGUAGES: &[(&str, Language)] = &[
    ("arabic", Language::Arabic),
    ("danish", Language::Danish),
    ("dutch", Language::Dutch),
    ("english", Language::English),
    ("finnish", Language::Finnish),
    ("french", Language::French),
    ("german", Language::German),
    ("greek", Language::Greek),
    ("hungarian", Language::Hungarian),
    ("italian", Language::Italian),
    ("norwegian", Language::Norwegian),
    ("portuguese", Language::Portuguese),
    ("romanian", Language::Romanian),
    ("russian", Language::Russian),
    ("spanish", Language::Spanish),
    ("swedish", Language::Swedish),
    ("tamil", Language::Tamil),
    ("turkish", Language::Turkish),
];

/// Two-letter codes accepted as aliases.
const CODES: &[(&str, &str)] = &[
    ("ar", "arabic"),
    ("da", "danish"),
    ("nl", "dutch"),
    ("en", "english"),
    ("fi", "finnish"),
    ("fr", "french"),
    ("de", "german"),
    ("el", "greek"),
    ("hu", "hungarian"),
    ("it", "italian"),
    ("no", "norwegian"),
    ("pt", "portuguese"),
    ("ro", "romanian"),
    ("ru", "russian"),
    ("es", "spanish"),
    ("sv", "swedish"),
    ("ta", "tamil"),
    ("tr", "turkish"),
];

/// The stemming language: one of the 18 Snowball languages, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stemming(pub(crate) Option<Language>);

impl Stemming {
    /// English stemming (the default).
    pub const ENGLISH: Stemming = Stemming(Some(Language::English));
    /// No stemming: words match only in their exact (lower-cased, accent-folded) form.
    pub const NONE: Stemming = Stemming(None);

    /// Parses a language name (`english`), a two-letter code (`en`) or `none`.
    pub fn from_name(name: &str) -> crate::Result<Stemming> {
        let lower = name.trim().to_ascii_lowercase();
        if lower == "none" || lower == "off" {
            return Ok(Stemming::NONE);
        }
        let full = CODES.iter().find(|(code, _)| *code == lower).map(|(_, full)| *full).unwrap_or(&lower);
        let Some((full, language)) = LANGUAGES.iter().find(|(n, _)| *n == full) else {
            let names: Vec<&str> = LANGUAGES.iter().map(|(n, _)| *n).collect();
            return Err(crate::Error::InvalidArgument(format!(
                "unknown language {name:?}: expected none or one of {}",
                names.join(", ")
            )));
        };
        if !language.is_compiled_in() {
            let built: Vec<&str> = LANGUAGES.iter().filter(|(_, l)| l.is_compiled_in()).map(|(n, _)| *n).collect();
            return Err(crate::Error::InvalidArgument(format!(
                "this build of trovi cannot stem {full}: it was compiled with {} (trovi-core's `stem-{full}` or \
                 `all-languages` feature adds it)",
                if built.is_empty() { "no stemming language".to_string() } else { built.join(", ") }
            )));
        }
        Ok(Stemming(Some(*language)))
    }

    /// Whether `name` is a language (or code, or `none`) that trovi knows,
    /// compiled into this build or not.
    pub(crate) fn is_known(name: &str) -> bool {
        let lower = name.trim().to_ascii_lowercase();
        lower == "none"
            || lower == "off"
            || CODES.iter().any(|(code, _)| *code == lower)
            || LANGUAGES.iter().any(|(n, _)| *n == lower)
    }

    /// The name stored in bundle headers (`english`, …, or `none`).
    pub fn name(self) -> &'static str {
        match self.0 {
            None => "none",
            Some(language) => LANGUAGES.iter().find(|(_, l)| *l == language).map(|(n, _)| *n).unwrap_or("none"),
        }
    }
}

impl Default for Stemming {
    fn default() -> Self {
        Stemming::ENGLISH
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_parse_by_name_and_code() {
        assert_eq!(Stemming::from_name("en").unwrap(), Stemming::ENGLISH);
        assert_eq!(Stemming::from_name("English").unwrap().name(), "english");
        assert_eq!(Stemming::from_name("de").unwrap().name(), "german");
        assert_eq!(Stemming::from_name("none").unwrap(), Stemming::NONE);
        let err = Stemming::from_name("klingon").unwrap_err().to_string();
        assert!(err.contains("klingon") && err.contains("english"), "{err}");
    }
}
