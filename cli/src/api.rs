//! The search API behind `GET /api/search`: URL query parameters in, the
//! `trovi search --json` contract out.
//!
//! The parameters are trovi-core's URL vocabulary (`SearchRequest::from_query_string`,
//! the same as the web app's page URL): `q`, `limit` (capped at
//! [`MAX_URL_LIMIT`]), `offset` (at most [`MAX_URL_OFFSET`]), `sort`, `tag`
//! (repeatable), `tag_mode`, `author`, `after`, `before`, `fuzzy`, `prefix`;
//! unknown ones are ignored. Values are form-decoded (`+` as a space).
//! The answer is `(200, SearchResults as JSON)`, or `(400, {"error": "…"})`
//! for a bad parameter. The query text never causes an error; only a failure
//! of the index itself gives `(500, {"error": "…"})`.

use trovi_core::{SearchRequest, Searcher};
#[cfg(test)]
use trovi_core::{parse_date, MAX_URL_LIMIT};

/// Answers a search given the raw URL query string (without the `?`):
/// the HTTP status and the JSON body.
pub fn search_response(searcher: &Searcher, query_string: &str) -> (u16, String) {
    let request = match parse_request(query_string) {
        Ok(request) => request,
        Err(message) => return (400, error_json(&message)),
    };
    match searcher.search(&request) {
        Ok(results) => match serde_json::to_string(&results) {
            Ok(json) => (200, json),
            Err(e) => (500, error_json(&format!("cannot encode the results: {e}"))),
        },
        Err(e) => (500, error_json(&format!("search failed: {e}"))),
    }
}

fn error_json(message: &str) -> String {
    serde_json::json!({ "error": message }).to_string()
}

/// The `SearchRequest` a query string asks for, or why it is invalid.
pub fn parse_request(query_string: &str) -> Result<SearchRequest, String> {
    SearchRequest::from_query_string(query_string).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;
    use trovi_core::{Article, IndexBuilder};

    fn searcher() -> Searcher {
        let mut builder = IndexBuilder::new().unwrap();
        let posts = [
            ("wheat-1", "Wheat exports rise", "Farmers shipped more wheat.", "1987-03-02", "Ann", "grain"),
            ("wheat-2", "Wheat prices fall", "Wheat futures dropped.", "1987-04-10", "Bob", "grain"),
            ("oil-1", "Oil and wheat", "OPEC met; wheat was mentioned.", "1987-05-01", "Ann", "oil"),
            ("money-1", "Money supply grows", "The money supply rose in March.", "1987-03-20", "Cid", "money"),
        ];
        for (id, title, body, date, author, tag) in posts {
            let mut article = Article::new(id, title, body);
            article.date = parse_date(date);
            article.author = Some(author.into());
            article.tags = vec![tag.into()];
            builder.add(&article).unwrap();
        }
        Searcher::open(builder.finish().unwrap()).unwrap()
    }

    fn get(searcher: &Searcher, query: &str) -> (u16, Value) {
        let (status, body) = search_response(searcher, query);
        (status, serde_json::from_str(&body).expect("the body is JSON"))
    }

    fn ids(json: &Value) -> Vec<&str> {
        json["hits"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap()).collect()
    }

    #[test]
    fn answers_the_search_json_contract() {
        let s = searcher();
        let (status, json) = get(&s, "q=wheat");
        assert_eq!(status, 200);
        for key in ["total", "took_us", "hits", "facets"] {
            assert!(json.get(key).is_some(), "missing {key}: {json}");
        }
        assert_eq!(json["total"], 3);
        let hit = &json["hits"][0];
        for key in ["id", "title", "url", "date", "author", "tags", "score", "snippet", "title_highlights"] {
            assert!(hit.get(key).is_some(), "hit lacks {key}: {hit}");
        }
        // The same JSON as the library's serde gives (the CLI's --json), but for the time taken.
        let request = parse_request("q=wheat").unwrap();
        let mut direct: Value = serde_json::from_str(&serde_json::to_string(&s.search(&request).unwrap()).unwrap()).unwrap();
        let mut json = json;
        direct["took_us"] = Value::Null;
        json["took_us"] = Value::Null;
        assert_eq!(json, direct);
    }

    #[test]
    fn filters_sort_and_paging() {
        let s = searcher();
        assert_eq!(ids(&get(&s, "q=wheat&tag=oil").1), ["oil-1"]);
        let (_, both) = get(&s, "q=wheat&tag=oil&tag=grain&sort=newest");
        assert_eq!(ids(&both), ["oil-1", "wheat-2", "wheat-1"]);
        assert_eq!(get(&s, "q=wheat&tag=oil&tag=grain&tag_mode=all").1["total"], 0);
        assert_eq!(ids(&get(&s, "q=wheat&sort=oldest&limit=1&offset=1").1), ["wheat-2"]);
        assert_eq!(ids(&get(&s, "q=wheat&author=Bob").1), ["wheat-2"]);
        assert_eq!(ids(&get(&s, "q=wheat&sort=oldest&after=1987-04-01&before=1987-05-01").1), ["wheat-2"]);
        // An empty date input means no bound.
        assert_eq!(get(&s, "q=wheat&after=&before=").1["total"], 3);
    }

    #[test]
    fn decodes_percent_and_plus() {
        let request = parse_request("q=money+supply%21&author=Ann%20Lee&tag=topic%3Agrain&tag=caf%C3%A9").unwrap();
        assert_eq!(request.query, "money supply!");
        assert_eq!(request.author.as_deref(), Some("Ann Lee"));
        assert_eq!(request.tags, ["topic:grain", "café"]);
        let s = searcher();
        assert_eq!(ids(&get(&s, "q=%22money+supply%22").1), ["money-1"]);
    }

    #[test]
    fn fuzzy_and_prefix_switches() {
        let s = searcher();
        assert_eq!(get(&s, "q=wheet").1["total"], 3, "typo tolerance is on by default");
        assert_eq!(get(&s, "q=wheet&fuzzy=0&prefix=0").1["total"], 0);
        assert_eq!(get(&s, "q=whe&fuzzy=0").1["total"], 3, "prefix matching is on by default");
        assert_eq!(get(&s, "q=whe&fuzzy=0&prefix=false").1["total"], 0);
        assert!(parse_request("fuzzy=1&prefix=true").unwrap().fuzzy);
    }

    #[test]
    fn caps_the_limit() {
        assert_eq!(parse_request("limit=5000").unwrap().limit, MAX_URL_LIMIT);
        assert_eq!(parse_request("limit=7").unwrap().limit, 7);
        assert_eq!(parse_request("").unwrap().limit, 10);
    }

    #[test]
    fn bad_parameters_are_400_with_a_message() {
        let s = searcher();
        for (query, needle) in [
            ("q=x&limit=abc", "limit"),
            ("limit=-1", "limit"),
            ("offset=1.5", "offset"),
            ("offset=99999999999999999999999", "offset"),
            ("offset=10001", "at most"),
            ("sort=best", "unknown sort"),
            ("tag_mode=some", "tag_mode"),
            ("after=yesterday", "after"),
            ("before=2024-13-45", "before"),
            ("fuzzy=maybe", "fuzzy"),
            ("prefix=2", "prefix"),
        ] {
            let (status, json) = get(&s, query);
            assert_eq!(status, 400, "{query}: {json}");
            let message = json["error"].as_str().unwrap_or_default();
            assert!(message.contains(needle), "{query}: {message}");
        }
    }

    #[test]
    fn query_text_is_never_an_error() {
        let s = searcher();
        for query in [
            "",
            "q=",
            "q=%22unclosed",
            "q=(((",
            "q=OR",
            "q=-",
            "q=title%3A",
            "q=after%3Anot-a-date",
            "q=%00%FF%FE",
            "q=*%3F~%5E%5B%5D%7B%7D",
            "q&limit=0",
            "&&&=&q=wheat=x",
        ] {
            let (status, json) = get(&s, query);
            assert_eq!(status, 200, "{query}: {json}");
            assert!(json["hits"].is_array(), "{query}: {json}");
        }
        // A key without a value, and an unknown parameter, are harmless.
        assert_eq!(get(&s, "q=wheat&_=1712345&debug").1["total"], 3);
    }
}
