//! web-charfinder: the book's `web_mojifinder.py` (1st edition: `http_charfinder.py`): a
//! web server that finds Unicode characters by name, with a search page of its own.
//!
//! The idea to notice: a FastAPI route is an `async def` that returns a value turned into
//! JSON; an axum handler is an `async fn` whose arguments say what it takes from the
//! request (`Query`, `State`) and whose return value becomes the response (`Json`). The
//! index is built once and shared by every request, read only.
//!
//! What Rust does here and Python leaves to its server (uvicorn), and why, lives beside
//! the lesson: [`limits`] (time limits, a cap on connections, the shutdown) and
//! [`streamed`] (an answer written as the client reads it, so a slow reader costs a chunk,
//! not 5 MB).
//!
//! Layout: this file has the book's code: [`init`], which builds the index, [`app`], the
//! routes, and what they take and give ([`Search`], [`MAX_QUERY`], [`CharName`]);
//! `page.html` the search page, typed into and answered without reloading; [`limits`]
//! serving within limits; [`streamed`] the streamed JSON list; `main.rs` the command line
//! and the serving, which the book leaves to uvicorn. Beside them, the book's
//! `web_mojifinder_bottle.py`, the same search served one client at a time:
//! `bin/web-charfinder-blocking.rs` its routes, [`blocking`] what bottle's `run` does.

pub mod blocking;
pub mod limits;
pub mod streamed;

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use charindex::InvertedIndex;
use closed_stdout::say;

/// One character found: the book's `{"char": "😸", "name": "GRINNING CAT FACE ..."}`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CharName {
    /// The character, as a string: JSON has no character type (nor has Python).
    pub char: String,
    /// Its Unicode name.
    pub name: String,
}

/// `GET /search?q=...`: the query string.
#[derive(Debug, serde::Deserialize)]
pub struct Search {
    /// The words to look for; none finds nothing.
    #[serde(default)]
    pub q: String,
}

/// The longest query taken, in characters: a longer one finds nothing, without work.
pub const MAX_QUERY: usize = 200;

/// The book's `init`: the index, built once before the server starts and shared, read
/// only, by every request. The book's `init` also reads the search page from a file; here
/// it is built into the program (`form`).
pub fn init() -> Arc<InvertedIndex> {
    say("Building index.");
    Arc::new(InvertedIndex::new())
}

/// The routes: `/` the search page, `/search` the JSON answers.
pub fn app(index: Arc<InvertedIndex>) -> Router {
    Router::new()
        .route("/", get(form))
        .route("/search", get(search))
        .with_state(index)
}

/// `@app.get('/', response_class=HTMLResponse)`: the search page.
async fn form() -> Html<&'static str> {
    Html(include_str!("page.html"))
}

/// `@app.get('/search')`: the characters whose names hold every word, in code-point order.
async fn search(State(index): State<Arc<InvertedIndex>>, Query(search): Query<Search>) -> Response {
    if search.q.chars().count() > MAX_QUERY {
        return Json(Vec::<CharName>::new()).into_response();
    }
    let found: Vec<char> = index.search(&search.q).into_iter().collect();
    // The book returns the list for FastAPI to write as JSON; here it is written as the
    // client reads it (streamed.rs): 90,000 characters for `cjk` never sit in memory whole.
    streamed::json_list(found, |&char| CharName {
        char: char.to_string(),
        name: charindex::name(char).unwrap_or_default().to_string(),
    })
}
