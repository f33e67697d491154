#![no_main]
//! The query language: `query::parse` and `Searcher::search` (which compiles
//! the parsed query) on any text, over a small index built once. The first
//! byte sets the request's options. Query text must never produce an error.

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use trovi_core::{Article, IndexBuilder, SearchRequest, Searcher, Sort, TagMode, parse_date, query};

fn searcher() -> &'static Searcher {
    static SEARCHER: OnceLock<Searcher> = OnceLock::new();
    SEARCHER.get_or_init(|| {
        let mut builder = IndexBuilder::new().expect("builder");
        let articles = [
            ("wheat-1", "Wheat exports rise", "Farmers shipped more wheat to Egypt in March. Grain prices rose.", &["topic:grain", "place:egypt"][..], Some("Ann Smith"), Some("1987-03-02")),
            ("oil-1", "Oil prices fall", "OPEC met in Vienna and decided to cut output; the oil price fell.", &["topic:crude"][..], Some("Bob Jones"), Some("1987-04-10T12:00:00Z")),
            ("money-1", "Money supply grows", "The money supply (M1) grew by 2.5 % — economists were surprised.", &["topic:money-fx"][..], None, None),
            ("unicode-1", "Çà et là : naïve café", "Ünïcödé wörds, 日本語のテキスト, emoji 🙂 and combining e\u{301} marks.", &[][..], Some("Zoë"), Some("2020-02-29")),
            ("corn-1", "Corn OR wheat? A \"phrase\" test", "Corn and wheat harvests; -negative (grouped) title:field author:someone tag:grain.", &["topic:grain", "topic:corn"][..], Some("Ann Smith"), Some("2021-12-31")),
        ];
        for (id, title, body, tags, author, date) in articles {
            let mut article = Article::new(id, title, body);
            article.tags = tags.iter().map(|t| t.to_string()).collect();
            article.author = author.map(String::from);
            article.date = date.and_then(parse_date);
            builder.add(&article).expect("add");
        }
        Searcher::open(builder.finish().expect("finish")).expect("open")
    })
}

/// Highlight ranges are sorted, non-overlapping, inside the text and on char boundaries.
fn check_ranges(text: &str, ranges: &[[usize; 2]]) {
    let mut last = 0;
    for &[start, end] in ranges {
        assert!(last <= start && start < end && end <= text.len(), "bad range {start}..{end} in {text:?} ({ranges:?})");
        assert!(text.is_char_boundary(start) && text.is_char_boundary(end), "range {start}..{end} splits a character in {text:?}");
        last = end;
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let _ = query::parse(&text);
    let mut request = SearchRequest::new(text.as_ref())
        .fuzzy(flags & 1 != 0)
        .prefix(flags & 2 != 0)
        .sort(match (flags >> 2) & 3 {
            0 | 3 => Sort::Relevance,
            1 => Sort::Newest,
            _ => Sort::Oldest,
        })
        .limit(1 + usize::from(flags >> 4 & 3))
        .offset(usize::from(flags >> 6 & 1));
    if flags & 0x80 != 0 {
        request = request.tag("topic:grain").tag("topic:corn").tag_mode(TagMode::All);
    }
    let results = match searcher().search(&request) {
        Ok(results) => results,
        Err(error) => panic!("query text {text:?} produced an error: {error}"),
    };
    assert!(results.hits.len() <= request.limit && results.total >= results.hits.len());
    for hit in &results.hits {
        check_ranges(&hit.title, &hit.title_highlights);
        check_ranges(&hit.snippet.text, &hit.snippet.highlights);
    }
});
