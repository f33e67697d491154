//! Opening a bundle and using it, shared by the bundle targets.

use trovi_core::{Bundle, SearchRequest, Searcher};

/// `Bundle::from_bytes`, then (when it is accepted) `Searcher::open`, a few
/// searches, related articles and the stored articles: none may panic.
pub fn open_and_search(bytes: Vec<u8>) {
    let Ok(bundle) = Bundle::from_bytes(bytes) else { return };
    let Ok(searcher) = Searcher::open(bundle) else { return };
    for query in ["wheat", "\"grain prices\" -oil", "expo", "title:wheat OR author:smith"] {
        if let Ok(results) = searcher.search(&SearchRequest::new(query)) {
            for hit in &results.hits {
                let _ = searcher.related(&hit.id, 3);
            }
        }
    }
    for article in searcher.articles().take(100) {
        let _ = article;
    }
}
