//! What a user of the library notices when searching index_data and Reuters-21578.

use std::sync::OnceLock;
use trovi_core::{Article, SearchRequest, Searcher, Sort, TagMode};
use trovi_tests::{index_data, marked, searcher_for, searcher_for_paths, shared_file};

fn demo() -> &'static Searcher {
    static S: OnceLock<Searcher> = OnceLock::new();
    S.get_or_init(|| searcher_for_paths(&[index_data()]))
}

fn reuters() -> Option<&'static Searcher> {
    static S: OnceLock<Option<Searcher>> = OnceLock::new();
    S.get_or_init(|| shared_file("news/reuters21578.jsonl").map(|p| searcher_for_paths(&[p]))).as_ref()
}

fn all_text(hit: &trovi_core::Hit) -> String {
    format!("{} {}", hit.title, hit.snippet.text).to_lowercase()
}

#[test]
fn seed_article_is_found_by_its_content_and_its_boilerplate_is_gone() {
    let results = demo().search(&SearchRequest::new("military-technical cooperation multipolar")).unwrap();
    let top = &results.hits[0];
    assert!(top.title.starts_with("Putin extends a warm embrace"), "top hit: {}", top.title);
    let all = demo().search(&SearchRequest::new("\"post a comment\"")).unwrap();
    assert!(all.hits.iter().all(|h| !h.title.starts_with("Putin")), "boilerplate was indexed");
}

#[test]
fn misspelt_query_finds_the_intended_article() {
    // "Shoygu" (the Russian defence minister) typed with one letter wrong.
    let results = demo().search(&SearchRequest::new("Shoigu")).unwrap();
    assert!(results.hits.iter().any(|h| h.title.starts_with("Putin extends")), "{:?}", results.hits);
    // Typo tolerance can be switched off.
    let exact = demo().search(&SearchRequest::new("Shoigu").fuzzy(false).prefix(false)).unwrap();
    assert_eq!(exact.total, 0);
}

#[test]
fn a_word_in_the_index_is_taken_as_meant_and_an_unknown_one_is_corrected() {
    let s = searcher_for(&[Article::new("plural", "A story about trumps", "cards")]);
    let results = s.search(&SearchRequest::new("trump").prefix(false).fuzzy(false)).unwrap();
    assert_eq!(results.total, 1, "the plural matches through stemming");
    let s = searcher_for(&[
        Article::new("misspelt", "Elections in Pensylvania", ""),
        Article::new("right", "Elections in Pennsylvania", ""),
        Article::new("other", "Elections in Ohio", ""),
    ]);
    let ids = |q: &str| {
        let mut ids: Vec<String> =
            s.search(&SearchRequest::new(q).prefix(false)).unwrap().hits.into_iter().map(|h| h.id).collect();
        ids.sort();
        ids
    };
    // Both spellings are in the index: each finds exactly its own articles.
    assert_eq!(ids("pennsylvania elections"), ["right"]);
    assert_eq!(ids("pensylvania elections"), ["misspelt"]);
    // A spelling in no article (2 edits from "pennsylvania", 11 letters) finds both near ones.
    assert_eq!(ids("pensilvania elections"), ["misspelt", "right"]);
    // Words under 5 letters are never corrected.
    let short = s.search(&SearchRequest::new("ohoi elections").prefix(false)).unwrap();
    assert_eq!(short.relaxed, Some(trovi_core::Relaxed { required: 1, of: 2 }), "\"ohoi\" is not corrected to \"ohio\"");
    // A typo in the first letter is not corrected.
    assert_eq!(ids("oennsylvania elections"), ["misspelt", "other", "right"], "relaxed to \"elections\" alone");
}

#[test]
fn a_rare_misspelling_that_occurs_in_the_corpus_also_finds_the_common_word() {
    // "goverment" is in a handful of articles; "government" in many. One
    // article in 2,000 or fewer makes a word rare (RARE_WORD_DOCS).
    let mut articles = vec![Article::new("typo", "The goverment said", "a statement")];
    for i in 0..30 {
        articles.push(Article::new(format!("gov-{i}"), "The government said", "a statement"));
    }
    for i in 0..trovi_core::RARE_WORD_DOCS {
        articles.push(Article::new(format!("filler-{i}"), "Weather", "sunny spells"));
    }
    let s = searcher_for(&articles);
    let results = s.search(&SearchRequest::new("goverment").prefix(false)).unwrap();
    assert_eq!(results.total, 31, "the misspelling and the common word");
    assert_eq!(results.hits[0].id, "typo", "the exact match ranks first");
    assert_eq!(marked(&results.hits[1].title, &results.hits[1].title_highlights), ["government"]);
    // A common word is taken as meant: the misspelling does not come back.
    let results = s.search(&SearchRequest::new("government").prefix(false)).unwrap();
    assert_eq!(results.total, 30);
}

#[test]
fn last_word_matches_as_a_prefix_while_typing() {
    let typed = demo().search(&SearchRequest::new("putin multipo")).unwrap();
    assert!(typed.hits.iter().any(|h| h.title.starts_with("Putin extends")));
    let off = demo().search(&SearchRequest::new("putin multipo").prefix(false).fuzzy(false)).unwrap();
    assert!(typed.relaxed.is_none(), "both words matched while typing");
    assert!(off.relaxed.is_some(), "without prefix matching \"multipo\" matches nothing");
    // A half-typed word longer than its stem ("governme" → government).
    let s = searcher_for(&[Article::new("g", "The government resigned", ""), Article::new("x", "Other news", "")]);
    let hits = s.search(&SearchRequest::new("governme").fuzzy(false)).unwrap();
    assert_eq!(hits.hits.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(), ["g"]);
    assert_eq!(marked(&hits.hits[0].title, &hits.hits[0].title_highlights), ["government"]);
}

#[test]
fn short_query_requires_every_word_and_relaxes_rather_than_answer_nothing() {
    let s = searcher_for(&[
        Article::new("a", "Wheat harvest", "farmers"),
        Article::new("b", "Wheat prices", "markets"),
        Article::new("c", "Corn prices", "markets"),
    ]);
    let both = s.search(&SearchRequest::new("wheat prices").prefix(false)).unwrap();
    assert_eq!(both.total, 1);
    assert_eq!(both.hits[0].id, "b");
    assert!(both.relaxed.is_none());
    let none_together = s.search(&SearchRequest::new("harvest markets").prefix(false)).unwrap();
    assert_eq!(none_together.total, 3, "relaxed to either word");
    assert_eq!(none_together.relaxed, Some(trovi_core::Relaxed { required: 1, of: 2 }));
    let nothing = s.search(&SearchRequest::new("zebra").prefix(false).fuzzy(false)).unwrap();
    assert_eq!((nothing.total, nothing.relaxed), (0, None));
}

#[test]
fn long_query_ranks_by_all_its_words_without_requiring_them() {
    let s = searcher_for(&[
        Article::new("a", "Wheat harvest", "farmers expect a record wheat harvest this summer"),
        Article::new("b", "Corn", "corn only"),
    ]);
    let results = s.search(&SearchRequest::new("what do farmers expect from the wheat harvest")).unwrap();
    assert_eq!(results.hits[0].id, "a");
    assert!(results.relaxed.is_none());
}

#[test]
fn stop_words_of_a_long_query_match_nothing_on_their_own() {
    let s = searcher_for(&[
        Article::new("wheat", "Wheat harvest", "farmers expect a record wheat harvest this summer"),
        Article::new("filler", "What is it", "what do you do with all of the time that is left"),
    ]);
    let results = s.search(&SearchRequest::new("what do farmers expect from the wheat harvest")).unwrap();
    assert_eq!(results.hits.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(), ["wheat"]);
    // A query of stop words only keeps them, and a short query always does.
    assert_eq!(s.search(&SearchRequest::new("what do you do with")).unwrap().hits[0].id, "filler");
    assert_eq!(s.search(&SearchRequest::new("what is it")).unwrap().total, 1);
}

#[test]
fn words_of_a_long_query_found_close_together_rank_first() {
    // Same words, same lengths: only their distance differs.
    let s = searcher_for(&[
        Article::new("far", "Markets", "interest grew across europe while many rates fell"),
        Article::new("near", "Markets", "interest rates fell across europe while many grew"),
    ]);
    let results = s.search(&SearchRequest::new("latest news about interest rates please")).unwrap();
    assert_eq!(results.hits.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(), ["near", "far"]);
}

#[test]
fn phrase_query_returns_only_articles_containing_the_phrase() {
    let Some(s) = reuters() else { return };
    let results = s.search(&SearchRequest::new("\"money supply\"").limit(50).prefix(false)).unwrap();
    assert!(results.total > 20, "total {}", results.total);
    let words = s.search(&SearchRequest::new("money supply").limit(1).prefix(false)).unwrap();
    assert!(words.total > results.total, "both words anywhere must match more than the phrase");
    for hit in &results.hits {
        let text = all_text(hit);
        assert!(text.contains("money suppl"), "{}: {}", hit.id, text);
        let mut marks = marked(&hit.snippet.text, &hit.snippet.highlights);
        marks.extend(marked(&hit.title, &hit.title_highlights));
        let marks = marks.join(" ").to_lowercase();
        assert!(marks.contains("money"), "{}: highlights {:?}", hit.id, marks);
    }
}

#[test]
fn exclusion_excludes() {
    let Some(s) = reuters() else { return };
    let with = s.search(&SearchRequest::new("grain").limit(1000).fuzzy(false).prefix(false)).unwrap();
    let without = s.search(&SearchRequest::new("grain -wheat").limit(1000).fuzzy(false).prefix(false)).unwrap();
    assert!(without.total > 0 && without.total < with.total, "{} vs {}", without.total, with.total);
    let wheat = s.search(&SearchRequest::new("grain wheat").limit(1).fuzzy(false).prefix(false)).unwrap();
    assert_eq!(without.total + wheat.total, with.total);
}

#[test]
fn tag_filter_results_and_facet_counts_add_up() {
    let Some(s) = reuters() else { return };
    let all = s.search(&SearchRequest::new("wheat").prefix(false)).unwrap();
    let grain = all.facets.tags["topic:grain"];
    let filtered = s.search(&SearchRequest::new("wheat").prefix(false).tag("topic:grain").limit(100)).unwrap();
    assert_eq!(filtered.total as u64, grain);
    assert!(filtered.hits.iter().all(|h| h.tags.iter().any(|t| t == "topic:grain")));
    assert_eq!(filtered.facets.tags["topic:grain"], grain, "every filtered hit has the tag");
    // Any vs all.
    let usa = all.facets.tags["place:usa"];
    let any = s.search(&SearchRequest::new("wheat").prefix(false).tag("topic:grain").tag("place:usa")).unwrap();
    let both = s
        .search(&SearchRequest::new("wheat").prefix(false).tag("topic:grain").tag("place:usa").tag_mode(TagMode::All))
        .unwrap();
    assert_eq!(any.total as u64 + both.total as u64, grain + usa);
    // tag: in the query finds the tag's value without its prefix.
    let q = s.search(&SearchRequest::new("wheat tag:grain").prefix(false)).unwrap();
    assert_eq!(q.total as u64, grain);
    // Author facet and filter agree.
    let (author, n) = all.facets.authors.iter().max_by_key(|(_, n)| **n).map(|(a, n)| (a.clone(), *n)).unwrap_or_default();
    if n > 0 {
        let by = s.search(&SearchRequest::new("wheat").prefix(false).author(&author)).unwrap();
        assert_eq!(by.total as u64, n);
    }
}

#[test]
fn date_sort_is_ordered_and_date_bounds_filter() {
    let Some(s) = reuters() else { return };
    for sort in [Sort::Newest, Sort::Oldest] {
        let results = s.search(&SearchRequest::new("coffee").sort(sort).limit(50)).unwrap();
        let dates: Vec<&str> = results.hits.iter().filter_map(|h| h.date.as_deref()).collect();
        assert_eq!(dates.len(), results.hits.len());
        let mut sorted = dates.clone();
        sorted.sort();
        if sort == Sort::Newest {
            sorted.reverse();
        }
        assert_eq!(dates, sorted, "{sort:?}");
    }
    let march = s.search(&SearchRequest::new("coffee after:1987-03-10 before:1987-03-20").limit(100)).unwrap();
    assert!(march.total > 0);
    for hit in &march.hits {
        let d = hit.date.as_deref().unwrap_or("");
        assert!(("1987-03-10".."1987-03-20").contains(&d), "{d}");
    }
}

#[test]
fn highlight_ranges_point_at_the_matched_words() {
    let results = demo().search(&SearchRequest::new("olympic athletes").limit(20)).unwrap();
    assert!(!results.hits.is_empty());
    for hit in &results.hits {
        for word in marked(&hit.snippet.text, &hit.snippet.highlights).into_iter().chain(marked(&hit.title, &hit.title_highlights)) {
            let w = word.to_lowercase();
            assert!(w.starts_with("olympi") || w.starts_with("athlet"), "{}: marked {word:?}", hit.id);
        }
    }
    assert!(results.hits.iter().any(|h| !h.snippet.highlights.is_empty() || !h.title_highlights.is_empty()));
}

#[test]
fn malformed_query_syntax_degrades_to_words() {
    for q in ["\"unclosed quote", "(trump", "trump)", "OR", "- -", "title:", "after:yesterday trump", "((()))", "\u{0}"] {
        let results = demo().search(&SearchRequest::new(q));
        assert!(results.is_ok(), "{q:?} errored: {results:?}");
    }
    let unclosed = demo().search(&SearchRequest::new("\"world cup").prefix(false)).unwrap();
    let plain = demo().search(&SearchRequest::new("world cup").prefix(false)).unwrap();
    assert_eq!(unclosed.total, plain.total);
}

#[test]
fn related_articles_of_a_grain_story_are_grain_stories() {
    let Some(s) = reuters() else { return };
    let story = s
        .search(&SearchRequest::new("wheat export subsidies").tag("topic:grain").limit(1))
        .unwrap()
        .hits
        .remove(0);
    let related = s.related(&story.id, 10).unwrap();
    assert_eq!(related.len(), 10);
    assert!(related.iter().all(|h| h.id != story.id));
    let grain = related.iter().filter(|h| h.tags.iter().any(|t| t == "topic:grain")).count();
    assert!(grain >= 8, "only {grain}/10 related are grain stories");
    assert!(s.related("no-such-id", 5).is_err());
}

#[test]
fn huge_offset_or_limit_answers_empty_instead_of_crashing() {
    for (offset, limit) in [(usize::MAX, 10), (4_000_000_000_000, 10), (0, usize::MAX), (usize::MAX, usize::MAX)] {
        let results = demo().search(&SearchRequest::new("trump").offset(offset).limit(limit)).unwrap();
        assert!(results.total > 0);
        if offset > 0 {
            assert!(results.hits.is_empty());
        }
    }
}

#[test]
fn paging_and_totals_are_consistent() {
    let first = demo().search(&SearchRequest::new("trump").limit(5)).unwrap();
    let second = demo().search(&SearchRequest::new("trump").limit(5).offset(5)).unwrap();
    let both = demo().search(&SearchRequest::new("trump").limit(10)).unwrap();
    assert_eq!(first.total, both.total);
    let ids: Vec<_> = first.hits.iter().chain(&second.hits).map(|h| h.id.clone()).collect();
    assert_eq!(ids, both.hits.iter().map(|h| h.id.clone()).collect::<Vec<_>>());
}

/// A bundle written by trovi 0.1.0 (format version 1) and committed: readers of
/// format 1 must keep opening it. When FORMAT_VERSION changes, this test must
/// change to assert the clear refusal instead, and a new fixture is committed.
#[test]
fn committed_format_1_bundle_still_opens_and_searches() {
    let dir = trovi_tests::workspace().join("tests/fixtures/bundle-v1");
    match trovi_core::Bundle::read_dir(&dir) {
        Ok(bundle) => {
            assert_eq!(trovi_core::FORMAT_VERSION, 1);
            let searcher = Searcher::open(bundle).unwrap();
            let results = searcher.search(&SearchRequest::new("multipolar")).unwrap();
            assert_eq!(results.total, 1);
            assert!(results.hits[0].title.starts_with("Putin extends"));
        }
        Err(error) => {
            assert_ne!(trovi_core::FORMAT_VERSION, 1, "format 1 reader refused a format 1 bundle: {error}");
            assert!(error.to_string().contains("version 1"), "{error}");
        }
    }
}

#[test]
fn live_index_updates_and_deletes_are_seen_after_commit_and_exported() {
    let Some(path) = shared_file("news/reuters21578.jsonl") else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut live = trovi_core::LiveIndex::create(&dir.path().join("live"), Default::default()).unwrap();
    let mut articles = Vec::new();
    trovi_core::read_inputs(&[path], &trovi_core::ReadOptions::default(), &mut |a| {
        if articles.len() < 2000 {
            articles.push(a)
        }
    });
    for a in &articles {
        live.add(a).unwrap();
    }
    live.commit().unwrap();
    let before = live.doc_count();
    let mut changed = articles[0].clone();
    changed.title = "Zanzibar cloves shortage worries traders".into();
    live.upsert(&changed).unwrap();
    live.delete(&articles[1].id).unwrap();
    // Not visible before the commit.
    let phrase = SearchRequest::new("\"zanzibar cloves shortage\"");
    assert_eq!(live.searcher().search(&phrase).unwrap().total, 0);
    live.commit().unwrap();
    let s = live.searcher();
    let found = s.search(&phrase).unwrap();
    assert_eq!(found.hits.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(), [articles[0].id.as_str()]);
    assert_eq!(live.doc_count(), before - 1, "upsert replaced, delete removed");
    let id_query = format!("\"{}\"", articles[1].title);
    assert!(s.search(&SearchRequest::new(&id_query).limit(100)).unwrap().hits.iter().all(|h| h.id != articles[1].id));
    // The exported bundle has the change and opens like any other.
    let bundle = live.to_bundle().unwrap();
    assert_eq!(bundle.header().documents, before - 1);
    let exported = Searcher::open(trovi_core::Bundle::from_bytes(bundle.as_bytes().to_vec()).unwrap()).unwrap();
    assert_eq!(exported.search(&phrase).unwrap().total, 1);
    // And the live index reopens from disk with the same content.
    drop(live);
    let reopened = trovi_core::LiveIndex::open(&dir.path().join("live"), Default::default()).unwrap();
    assert_eq!(reopened.doc_count(), before - 1);
}

/// The same input gives a byte-identical bundle, even when the build spills
/// into several segments before merging (so CDN caches and diffs work).
#[test]
fn rebuilding_the_same_input_gives_identical_bytes() {
    let Some(path) = shared_file("news/reuters21578.jsonl") else { return };
    // A small memory budget makes several segments per thread, merged at the end.
    let build = |threads, memory_per_thread| {
        let options = trovi_core::IndexOptions { memory_per_thread, threads, ..Default::default() };
        let mut builder = trovi_core::IndexBuilder::with_options(options).unwrap();
        trovi_core::read_inputs(std::slice::from_ref(&path), &trovi_core::ReadOptions::default(), &mut |a| builder.add(&a).unwrap());
        builder.finish().unwrap()
    };
    let (a, b) = (build(3, 15 << 20), build(3, 15 << 20));
    assert_eq!(a.file_name(), b.file_name());
    assert!(a.as_bytes() == b.as_bytes(), "bundles differ");
    // However many threads index: articles are kept in input order.
    assert!(build(2, 128 << 20).as_bytes() == a.as_bytes(), "two threads and three give different bundles");
    assert!(build(1, 128 << 20).as_bytes() == a.as_bytes(), "one thread and three give different bundles");
    // A small input, where threads may or may not both get articles.
    let small = || {
        let mut builder = trovi_core::IndexBuilder::new().unwrap();
        for i in 0..5 {
            builder.add(&Article::new(format!("a{i}"), format!("Title {i}"), "body text")).unwrap();
        }
        builder.finish().unwrap()
    };
    let first = small();
    for _ in 0..10 {
        assert!(small().as_bytes() == first.as_bytes(), "a small input gave different bundles");
    }
    // And unpacking, changing and re-exporting keeps working with the fixed segment id.
    let dir = tempfile::tempdir().unwrap();
    let mut live = trovi_core::LiveIndex::from_bundle(&a, &dir.path().join("live"), Default::default()).unwrap();
    live.upsert(&Article::new("new-1", "Quokka sightings rise", "Rottnest island")).unwrap();
    let again = live.to_bundle().unwrap();
    assert_eq!(again.header().documents, a.header().documents + 1);
    let s = Searcher::open(again).unwrap();
    assert_eq!(s.search(&SearchRequest::new("quokka")).unwrap().total, 1);
}

/// In a very large index a word in most articles ("said" in Reuters stands in
/// for one, with the threshold lowered) is left out of a query with other
/// words, and searched in titles only when it is all there is: its postings
/// would cost about a byte per article to fetch lazily.
#[test]
fn a_common_word_of_a_very_large_index_is_left_out_or_searched_in_titles_only() {
    let Some(reuters) = shared_file("news/reuters21578.jsonl") else { return };
    let mut searcher = searcher_for_paths(&[reuters]);
    let said_docs = searcher.search(&SearchRequest::new("said").fuzzy(false).prefix(false)).unwrap().total as u64;
    assert!(said_docs > 10_000, "{said_docs}");
    searcher.set_tuning(trovi_core::Tuning { common_word_docs: 10_000, ..Default::default() });

    let results = searcher.search(&SearchRequest::new("said coffee").prefix(false)).unwrap();
    assert_eq!(results.common_words, ["said"]);
    assert!(!results.titles_only);
    let plain = searcher.search(&SearchRequest::new("coffee").prefix(false)).unwrap();
    assert_eq!(results.total, plain.total, "the query is answered as `coffee`");

    let alone = searcher.search(&SearchRequest::new("said").prefix(false).fuzzy(false)).unwrap();
    assert!(alone.titles_only && alone.common_words == ["said"]);
    assert!(alone.total > 0 && (alone.total as u64) < said_docs / 10, "{} of {said_docs}", alone.total);
    for hit in &alone.hits {
        assert!(hit.title.to_lowercase().contains("said"), "{}", hit.title);
    }

    // Below the threshold (the default, 200,000 articles) nothing changes.
    searcher.set_tuning(trovi_core::Tuning::default());
    let normal = searcher.search(&SearchRequest::new("said coffee").prefix(false)).unwrap();
    assert!(normal.common_words.is_empty() && !normal.titles_only);
}

/// "Alzheimer's" is the word alzheimer, not the phrase "alzheimer s": it
/// finds articles that write it either way (and reads no positions of "s").
#[test]
fn an_english_possessive_is_the_word_itself() {
    let article = |id: &str, title: &str| Article { id: id.into(), title: title.into(), body: "A report.".into(), ..Default::default() };
    let s = searcher_for(&[article("a", "Alzheimer's research funded"), article("b", "New Alzheimer drug"), article("c", "Gardening")]);
    let mut found: Vec<String> = s.search(&SearchRequest::new("Alzheimer's").prefix(false)).unwrap().hits.into_iter().map(|h| h.id).collect();
    found.sort();
    assert_eq!(found, ["a", "b"]);
    let curly: Vec<String> = s.search(&SearchRequest::new("Alzheimer’s research").prefix(false)).unwrap().hits.into_iter().map(|h| h.id).collect();
    assert_eq!(curly, ["a"]);
}
