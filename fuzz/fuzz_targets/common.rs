//! Checks shared by the reader targets: what must hold for any input.

use trovi_core::{Article, ReadReport};

/// Reads `data` as a file named `name` and checks the invariants every reader
/// keeps: no panic, one file, the articles reported are the ones produced,
/// each has an id and a title or body, ids are unique, titles are collapsed,
/// and every diagnostic names the file.
pub fn read_checked(name: &str, data: &[u8]) -> (Vec<Article>, ReadReport) {
    let (articles, report) = trovi_core::fuzzing::read_bytes(name, data).expect("a known extension");
    assert_eq!(report.files, 1);
    assert_eq!(report.read, articles.len());
    let mut ids = std::collections::HashSet::new();
    for article in &articles {
        assert!(!article.id.is_empty(), "empty id: {article:?}");
        assert_eq!(article.id, article.id.trim(), "id not trimmed");
        assert!(ids.insert(article.id.as_str()), "duplicate id {:?} passed to the sink", article.id);
        assert!(!article.title.is_empty() || !article.body.is_empty(), "nothing to index: {article:?}");
        assert!(!article.title.contains("  ") && article.title == article.title.trim(), "title not collapsed: {:?}", article.title);
        assert!(!article.title.chars().any(char::is_control), "control character in title: {:?}", article.title);
    }
    for diagnostic in report.skipped.iter().chain(&report.warnings) {
        assert_eq!(diagnostic.path.to_str(), Some(name), "{diagnostic}");
        assert!(!diagnostic.message.is_empty());
    }
    (articles, report)
}

/// One-article formats: the file is one record, indexed or skipped, unless it
/// is empty (then a warning says so). Returns the article, if indexed.
#[allow(dead_code)] // not used by every target that includes this file
pub fn one_article(name: &str, data: &[u8]) -> Option<Article> {
    let (mut articles, report) = read_checked(name, data);
    let seen = articles.len() + report.skipped.len();
    if seen == 0 {
        assert!(report.warnings.iter().any(|w| w.message.contains("empty file")), "no article, no skip, no empty-file warning: {report:?}");
    } else {
        assert_eq!(seen, 1, "one file is one record: {report:?}");
    }
    articles.pop()
}
