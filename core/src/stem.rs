//! Stemming: the Snowball stemmers of [frostem], one cargo feature per language.
//!
//! tantivy's own `Stemmer` (its `stemmer` feature) links all 18 languages; a
//! browser app that opens English bundles only needs one. This filter is
//! tantivy's `Stemmer` token filter over the same frostem algorithms, so it
//! gives the same stems (tested against tantivy's on a word list in every
//! language), with each language compiled in only under its `stem-<language>`
//! feature (`all-languages` has them all; the `indexer` feature implies it).
//! [`crate::Stemming::from_name`] refuses a language that is not compiled in,
//! so a build never searches a bundle with the wrong stems.

use std::borrow::Cow;
use std::mem;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// The stemming languages a bundle header can name (all of them, whether
/// compiled in or not).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub(crate) enum Language {
    Arabic,
    Danish,
    Dutch,
    English,
    Finnish,
    French,
    German,
    Greek,
    Hungarian,
    Italian,
    Norwegian,
    Portuguese,
    Romanian,
    Russian,
    Spanish,
    Swedish,
    Tamil,
    Turkish,
}

impl Language {
    /// Whether this build can stem `self` (its `stem-<language>` feature is on).
    pub(crate) fn is_compiled_in(self) -> bool {
        self.algorithm().is_some()
    }

    /// frostem's algorithm for `self`, when its feature is on.
    #[cfg(feature = "stemming")]
    fn algorithm(self) -> Option<frostem::Algorithm> {
        #[allow(unused_imports)]
        use frostem::Algorithm as A;
        match self {
            #[cfg(feature = "stem-arabic")]
            Language::Arabic => Some(A::Arabic),
            #[cfg(feature = "stem-danish")]
            Language::Danish => Some(A::Danish),
            #[cfg(feature = "stem-dutch")]
            Language::Dutch => Some(A::Dutch),
            #[cfg(feature = "stem-english")]
            Language::English => Some(A::English),
            #[cfg(feature = "stem-finnish")]
            Language::Finnish => Some(A::Finnish),
            #[cfg(feature = "stem-french")]
            Language::French => Some(A::French),
            #[cfg(feature = "stem-german")]
            Language::German => Some(A::German),
            #[cfg(feature = "stem-greek")]
            Language::Greek => Some(A::Greek),
            #[cfg(feature = "stem-hungarian")]
            Language::Hungarian => Some(A::Hungarian),
            #[cfg(feature = "stem-italian")]
            Language::Italian => Some(A::Italian),
            #[cfg(feature = "stem-norwegian")]
            Language::Norwegian => Some(A::Norwegian),
            #[cfg(feature = "stem-portuguese")]
            Language::Portuguese => Some(A::Portuguese),
            #[cfg(feature = "stem-romanian")]
            Language::Romanian => Some(A::Romanian),
            #[cfg(feature = "stem-russian")]
            Language::Russian => Some(A::Russian),
            #[cfg(feature = "stem-spanish")]
            Language::Spanish => Some(A::Spanish),
            #[cfg(feature = "stem-swedish")]
            Language::Swedish => Some(A::Swedish),
            #[cfg(feature = "stem-tamil")]
            Language::Tamil => Some(A::Tamil),
            #[cfg(feature = "stem-turkish")]
            Language::Turkish => Some(A::Turkish),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    /// No stemmer is compiled in.
    #[cfg(not(feature = "stemming"))]
    fn algorithm(self) -> Option<()> {
        None
    }
}

/// Adds stemming in `language` to `builder` (nothing when the language is not
/// compiled in: [`crate::Stemming::from_name`] refuses such a language first).
pub(crate) fn with_stemming<T: Tokenizer>(
    builder: tantivy::tokenizer::TextAnalyzerBuilder<T>,
    language: Option<Language>,
) -> tantivy::tokenizer::TextAnalyzer {
    #[cfg(feature = "stemming")]
    if let Some(algorithm) = language.and_then(Language::algorithm) {
        return builder.filter(StemFilter { algorithm }).build();
    }
    #[cfg(not(feature = "stemming"))]
    let _ = language;
    builder.build()
}

/// The stemming token filter (tokens are expected lower-cased).
#[cfg(feature = "stemming")]
#[derive(Clone)]
struct StemFilter {
    algorithm: frostem::Algorithm,
}

#[cfg(feature = "stemming")]
impl TokenFilter for StemFilter {
    type Tokenizer<T: Tokenizer> = StemTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> StemTokenizer<T> {
        StemTokenizer { algorithm: self.algorithm, inner: tokenizer }
    }
}

#[cfg(feature = "stemming")]
#[derive(Clone)]
pub(crate) struct StemTokenizer<T> {
    algorithm: frostem::Algorithm,
    inner: T,
}

#[cfg(feature = "stemming")]
impl<T: Tokenizer> Tokenizer for StemTokenizer<T> {
    type TokenStream<'a> = StemTokenStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StemTokenStream {
            tail: self.inner.token_stream(text),
            stemmer: frostem::Stemmer::new(self.algorithm),
            buffer: String::new(),
        }
    }
}

#[cfg(feature = "stemming")]
pub(crate) struct StemTokenStream<T> {
    tail: T,
    stemmer: frostem::Stemmer,
    buffer: String,
}

#[cfg(feature = "stemming")]
impl<T: TokenStream> TokenStream for StemTokenStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        match self.stemmer.stem(&token.text) {
            Cow::Owned(stemmed) => token.text = stemmed,
            Cow::Borrowed(stemmed) => {
                self.buffer.clear();
                self.buffer.push_str(stemmed);
                mem::swap(&mut token.text, &mut self.buffer);
            }
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(all(test, feature = "all-languages"))]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::schema::LANGUAGES;
    use tantivy::tokenizer::{LowerCaser, RawTokenizer, TextAnalyzer};

    /// Inflected words of every language (and some that no rule touches).
    const WORDS: &[&str] = &[
        // English
        "running", "generously", "nationalization", "happiness", "flies", "agreed", "relational", "ponies",
        "caresses", "hopping", "conditional", "electricity", "traditionally", "said", "news",
        // French
        "continuellement", "nationales", "gouvernements", "chevaux", "finissons", "heureusement", "évidemment",
        "présidentielle", "mangeaient", "activités",
        // German
        "häuser", "kinderbücher", "aufeinanderfolgenden", "bundesregierung", "schönsten", "freundlichkeit",
        "geschäften", "verhandlungen",
        // Spanish, Portuguese, Italian, Romanian
        "corriendo", "nacionalidades", "felizmente", "canciones", "informações", "cidadãos", "rapidamente",
        "ragazzini", "politiche", "gestione", "românești", "guvernului", "copiilor", "frumoasele",
        // Dutch, Danish, Norwegian, Swedish
        "mogelijkheden", "ontwikkelingen", "kinderen", "lopende", "bygningerne", "forbindelsen", "husene",
        "kommunene", "regjeringen", "tidningarna", "möjligheterna", "flickorna", "springande",
        // Finnish, Hungarian, Turkish
        "taloissamme", "kirjoittamattomuudellansakaan", "kaupungeissa", "házakban", "megoldásainkat",
        "gyerekeknek", "kitaplarımızdan", "evlerinde", "çocukların", "güzelleştirmek",
        // Russian, Greek
        "правительства", "хорошими", "бегающие", "красивейший", "книгами", "καλημέρα", "χαρούμενε",
        "φορολογούμενε", "αντιθετε", "κυβερνήσεις", "ανθρώπων",
        // Arabic, Tamil
        "المكتبات", "والطلاب", "بالمدرسة", "سيكتبون", "பள்ளிக்கூடங்களில்", "மாணவர்களுக்கு", "படித்தார்கள்",
        // Unchanged by most: numbers, short words, mixed
        "a", "x1", "2024", "ok", "café",
    ];

    fn ours(language: Language) -> TextAnalyzer {
        with_stemming(TextAnalyzer::builder(RawTokenizer::default()).filter(LowerCaser), Some(language))
    }

    fn tantivys(language: tantivy::tokenizer::Language) -> TextAnalyzer {
        TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .filter(tantivy::tokenizer::Stemmer::new(language))
            .build()
    }

    fn stem(analyzer: &mut TextAnalyzer, word: &str) -> String {
        let mut stream = analyzer.token_stream(word);
        assert!(stream.advance(), "{word:?}");
        stream.token().text.clone()
    }

    /// tantivy's language of the same name (the header names; serde spells them alike).
    fn tantivy_language(name: &str) -> tantivy::tokenizer::Language {
        let mut capitalized = name[..1].to_uppercase();
        capitalized.push_str(&name[1..]);
        serde_json::from_value(serde_json::Value::String(capitalized)).unwrap()
    }

    #[test]
    fn stems_like_tantivys_stemmer_in_every_language() {
        assert_eq!(LANGUAGES.len(), 18);
        let mut outputs = Vec::new();
        for (name, language) in LANGUAGES {
            assert!(language.is_compiled_in(), "{name}");
            let (mut mine, mut theirs) = (ours(*language), tantivys(tantivy_language(name)));
            let stems: Vec<String> = WORDS.iter().map(|w| stem(&mut mine, w)).collect();
            for (word, stemmed) in WORDS.iter().zip(&stems) {
                assert_eq!(*stemmed, stem(&mut theirs, word), "{name}: {word}");
            }
            // Every language changes some word of the list (so the comparison means something).
            assert!(WORDS.iter().zip(&stems).any(|(w, s)| w != s), "{name} stems nothing");
            outputs.push((name, stems));
        }
        // No two languages stem the whole list alike (a language mapped to another's algorithm shows).
        for (i, (a, sa)) in outputs.iter().enumerate() {
            for (b, sb) in &outputs[i + 1..] {
                assert_ne!(sa, sb, "{a} and {b} give the same stems");
            }
        }
    }
}
