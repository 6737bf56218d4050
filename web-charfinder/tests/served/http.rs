//! The routes over HTTP: the book's JSON, the page, and bad queries.

use crate::support;

use web_charfinder::CharName;

fn get(url: &str) -> reqwest::blocking::Response {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::blocking::get(url).expect("the server answers")
}

/// The body as the book's JSON.
fn json(resp: reqwest::blocking::Response) -> Vec<CharName> {
    serde_json::from_slice(&resp.bytes().expect("a body")).expect("JSON")
}

pub fn search_answers_the_books_json_in_code_point_order() {
    let addr = support::start();
    let resp = get(&format!("http://{addr}/search?q=cat%20smiling"));
    assert_eq!(resp.status(), 200);
    assert_eq!(
        resp.headers()["content-type"],
        "application/json",
        "FastAPI's content type"
    );
    let found = json(resp);
    let names: Vec<(&str, &str)> = found
        .iter()
        .map(|c| (c.char.as_str(), c.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("😸", "GRINNING CAT FACE WITH SMILING EYES"),
            ("😺", "SMILING CAT FACE WITH OPEN MOUTH"),
            ("😻", "SMILING CAT FACE WITH HEART-SHAPED EYES"),
        ]
    );
    let raw = get(&format!("http://{addr}/search?q=cat+smiling"))
        .text()
        .expect("text");
    assert!(raw.starts_with(r#"[{"char":"😸","name":"GRINNING CAT FACE WITH SMILING EYES"}"#));
}

pub fn empty_long_and_missing_queries_find_nothing_and_the_page_is_html() {
    let addr = support::start();
    for query in [
        "?q=",
        "",
        "?q=nosuchword",
        &format!("?q={}", "a ".repeat(150)),
    ] {
        let found = json(get(&format!("http://{addr}/search{query}")));
        assert!(found.is_empty(), "{query}");
    }
    let page = get(&format!("http://{addr}/"));
    assert_eq!(page.status(), 200);
    assert!(
        page.headers()["content-type"]
            .to_str()
            .is_ok_and(|t| t.starts_with("text/html"))
    );
    assert!(page.text().expect("text").contains(r#"<input id="query""#));
    assert_eq!(get(&format!("http://{addr}/nothing-here")).status(), 404);
}

pub fn a_query_matching_tens_of_thousands_of_characters_is_answered_whole() {
    let addr = support::start();
    let found = json(get(&format!("http://{addr}/search?q=cjk")));
    assert!(found.len() > 50_000, "{}", found.len());
    assert!(
        found
            .windows(2)
            .all(|w| w[0].char < w[1].char || w[0].char.len() != w[1].char.len())
    );
}
