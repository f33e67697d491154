//! Related articles: more like this, staged for lazy fetching.

use super::request::{Hit, SearchRequest};
use super::{DocFreqMemo, Searcher};
use crate::snippet::{SnippetTokenizer, TermMatcher};
use crate::{Error, Result};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, TantivyDocument, Value};
use tantivy::Term;

impl Searcher {
    /// The articles most similar to the one with `id`, best first, without
    /// the article itself: the article's 30 most distinctive title and body
    /// terms (term frequency × inverse document frequency, words of 3+
    /// characters in 2 to a tenth of the articles), each boosted by its weight
    /// relative to the best, as tantivy's more-like-this does. Built here
    /// rather than by `MoreLikeThisQuery` so that, on a lazily opened index,
    /// the terms' dictionary lookups and postings are fetched in one round
    /// each instead of one round per term.
    pub fn related(&self, id: &str, limit: usize) -> Result<Vec<Hit>> {
        let searcher = self.reader.searcher();
        let f = &self.fields;
        let id_term = Term::from_field_text(f.id, id);
        let found = searcher.search(&TermQuery::new(id_term.clone(), IndexRecordOption::Basic), &TopDocs::with_limit(1).order_by_score())?;
        self.fetched()?;
        let Some(&(_, address)) = found.first() else {
            return Err(Error::InvalidArgument(format!("no article with id {id:?}")));
        };
        if limit == 0 {
            return Ok(Vec::new());
        }
        let doc: TantivyDocument = searcher.doc(address)?;
        let stats = DocFreqMemo::new(&searcher);
        let num_docs = searcher.num_docs();
        let max_df = (num_docs / 10).max(2);
        let mut frequencies: std::collections::HashMap<Term, u32> = Default::default();
        let mut analyzer = self.analyzer();
        for field in [f.title, f.body] {
            for value in doc.get_all(field).filter_map(|v| v.as_str()) {
                let mut stream = analyzer.token_stream(value);
                while let Some(token) = stream.next() {
                    if token.text.chars().count() >= 3 {
                        *frequencies.entry(Term::from_field_text(field, &token.text)).or_default() += 1;
                    }
                }
            }
        }
        // Every document frequency first: lazily, one round for all of them.
        let mut scored: Vec<(f32, Term)> = frequencies
            .into_iter()
            .map(|(term, tf)| (stats.doc_freq_or_zero(&term), tf, term))
            .collect::<Vec<_>>()
            .into_iter()
            .filter(|&(df, _, _)| (2..=max_df).contains(&df))
            .map(|(df, tf, term)| {
                let idf = (1.0 + (num_docs as f32 - df as f32 + 0.5) / (df as f32 + 0.5)).ln();
                (tf as f32 * idf, term)
            })
            .collect();
        self.fetched()?;
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        scored.truncate(30);
        let best = scored.first().map_or(1.0, |s| s.0);
        let like: Vec<(Occur, Box<dyn Query>)> = scored
            .into_iter()
            .map(|(score, term)| {
                let query: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
                (Occur::Should, Box::new(BoostQuery::new(query, score / best)) as Box<dyn Query>)
            })
            .collect();
        if like.is_empty() {
            return Ok(Vec::new());
        }
        let query = BooleanQuery::new(vec![
            (Occur::Must, Box::new(BooleanQuery::new(like)) as Box<dyn Query>),
            (Occur::MustNot, Box::new(TermQuery::new(id_term, IndexRecordOption::Basic))),
        ]);
        if !self.is_complete() {
            self.prefetch(&searcher, &query, &[]);
            self.fetched()?;
        }
        let top = searcher.search_with_statistics_provider(&query, &TopDocs::with_limit(limit).order_by_score(), &stats)?;
        let mut tokenizer = SnippetTokenizer::new(self.stemming.0);
        let matcher = TermMatcher::default();
        let docs: Vec<tantivy::Result<TantivyDocument>> = top.iter().map(|&(_, address)| searcher.doc(address)).collect();
        self.fetched()?;
        top.into_iter()
            .zip(docs)
            .map(|((score, _), doc)| self.hit(doc?, score, &matcher, &mut tokenizer, SearchRequest::default().snippet_len))
            .collect()
    }
}
