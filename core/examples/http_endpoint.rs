//! A search endpoint over HTTP with axum: `GET /search?q=…` answering the
//! same JSON as `trovi search --json`.
//!
//! ```sh
//! cargo run --example http_endpoint -p trovi-core                 # demo index, port 3000
//! cargo run --example http_endpoint -p trovi-core -- 8080 my-index # `trovi index … --out my-index`
//! PORT=0 cargo run --example http_endpoint -p trovi-core           # any free port
//! curl 'http://127.0.0.1:3000/search?q=rust&tag=web&sort=newest&limit=5'
//! ```
//!
//! Parameters: trovi's URL vocabulary (`SearchRequest::from_query_pairs`):
//! `q` (the query text, in trovi's query syntax), `limit` (default 10, at
//! most 100), `offset` (at most 10 000), `sort` (`relevance`, `newest`,
//! `oldest`), `tag` (repeatable) with `tag_mode` (`any`, `all`), `author`,
//! `after`, `before`, `fuzzy` and `prefix`.
//! The answer is `trovi_core::SearchResults` as JSON (status 200), or
//! `{"error": "…"}` with status 400 for a bad parameter. The query text itself
//! is never an error: malformed syntax degrades to plain words.
//!
//! The server binds to 127.0.0.1 only; put a reverse proxy in front to
//! expose it. With port 0 the system picks a free port: the first line on
//! stdout says which (`listening on http://127.0.0.1:PORT`).

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use std::path::PathBuf;
use std::sync::Arc;
use trovi_core::{parse_date, Article, Bundle, IndexBuilder, SearchRequest, Searcher};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Configuration: `[PORT] [INDEX_DIR]` as arguments, else the PORT and
    // TROVI_INDEX environment variables, else port 3000 and a demo index.
    let mut args = std::env::args().skip(1);
    let port: u16 = match args.next().or_else(|| std::env::var("PORT").ok()) {
        Some(port) => port.parse().map_err(|_| format!("{port:?} is not a port number"))?,
        None => 3000,
    };
    let index = args.next().or_else(|| std::env::var("TROVI_INDEX").ok()).map(PathBuf::from);

    // One `Searcher` for the whole process. It is immutable (`search` takes
    // `&self`) and cheap to share: an `Arc` is all the synchronisation
    // needed. Opening is the slow part (reading and checking the bundle), so
    // do it once at start-up, not per request.
    let searcher = Arc::new(match &index {
        Some(dir) => Searcher::open(Bundle::read_dir(dir)?)?,
        None => demo_index()?,
    });
    eprintln!("serving {} articles", searcher.doc_count());

    let app = Router::new().route("/search", get(search)).with_state(searcher);

    // Loopback only. Print the address actually bound (it differs from the
    // requested one for port 0); stdout is line-buffered, so a supervising
    // process reading our output sees the line at once.
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}

/// `GET /search`. Query parameters arrive as a list of pairs rather than a
/// struct so that `tag` may repeat (`?tag=rust&tag=web`).
async fn search(State(searcher): State<Arc<Searcher>>, Query(params): Query<Vec<(String, String)>>) -> Response {
    // trovi's URL vocabulary (q, limit, offset, sort, tag, tag_mode, author,
    // after, before, fuzzy, prefix), the same as `trovi serve`'s
    // /api/search and the web app's page URL; unknown parameters (cache
    // busters like `_=1712…`) are ignored, a bad value is named.
    let request = match SearchRequest::from_query_pairs(params.iter().map(|(key, value)| (key, value))) {
        Ok(request) => request,
        Err(e) => return error(StatusCode::BAD_REQUEST, e.to_string()),
    };
    // A search is CPU-bound work (well under a millisecond on a small index,
    // more on a large one). Run it on tokio's blocking pool so that slow
    // queries never stall the threads that accept connections.
    match tokio::task::spawn_blocking(move || searcher.search(&request)).await {
        // The body is exactly `trovi search --json`: serde of SearchResults.
        Ok(Ok(results)) => Json(results).into_response(),
        // Only I/O or index damage gets here, never the query text.
        Ok(Err(e)) => error(StatusCode::INTERNAL_SERVER_ERROR, format!("search failed: {e}")),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, format!("search failed: {e}")),
    }
}

fn error(status: StatusCode, message: String) -> Response {
    (status, Json(serde_json::json!({ "error": message }))).into_response()
}

/// A small index built in memory, so the example runs without any files.
fn demo_index() -> trovi_core::Result<Searcher> {
    let posts = [
        ("async-rust", "Getting started with async Rust", "Futures, executors and tokio.", "2024-01-15", &["rust", "async"][..]),
        ("rust-errors", "Error handling in Rust", "thiserror for libraries, anyhow for applications.", "2024-03-02", &["rust"][..]),
        ("css-grid", "CSS grid layouts", "Two columns in a few lines; no Rust involved.", "2024-05-20", &["web", "css"][..]),
        ("rust-wasm", "Rust in the browser", "wasm-bindgen turns a Rust crate into a WebAssembly module.", "2024-07-04", &["rust", "web"][..]),
        ("axum-intro", "A web server in Rust with axum", "Routers, extractors and shared state.", "2024-09-12", &["rust", "web"][..]),
    ];
    let mut builder = IndexBuilder::new()?;
    for (id, title, body, date, tags) in posts {
        let mut article = Article::new(id, title, body);
        article.date = parse_date(date);
        article.tags = tags.iter().map(|t| t.to_string()).collect();
        builder.add(&article)?;
    }
    Searcher::open(builder.finish()?)
}
