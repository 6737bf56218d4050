//! The built-in server over real loopback HTTP: what it serves, what it refuses, its delays,
//! its seeded errors, and 1,000 requests held open at once.

use std::time::{Duration, Instant};

use flags_server::{Config, Counters, Delay, Server, TEAPOT, art, countries::COUNTRIES};
use futures::future::join_all;

fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Runtime::new().expect("a runtime")
}

fn start(config: Config) -> Server {
    Server::start(config).expect("the server starts")
}

async fn get(client: &reqwest::Client, url: &str) -> (u16, String, Vec<u8>) {
    let resp = client.get(url).send().await.expect("an answer");
    let status = resp.status().as_u16();
    let content_type = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    (
        status,
        content_type,
        resp.bytes().await.expect("a body").to_vec(),
    )
}

/// Sends `GET {path}` exactly as written (an HTTP client would normalise `..` away) and
/// returns the whole answer.
fn raw_get(server: &Server, path: &str) -> String {
    use std::io::{Read, Write};
    let mut stream =
        std::net::TcpStream::connect(server.addr()).expect("the server accepts connections");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .expect("request sent");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).expect("answer read");
    String::from_utf8_lossy(&answer).into_owned()
}

#[test]
fn serves_gifs_and_metadata_for_the_194_codes_in_lower_case_and_404_otherwise() {
    let server = start(Config::default());
    let base = server.base_url();
    runtime().block_on(async {
        let client = client();
        let (status, content_type, body) = get(&client, &format!("{base}/br/br.gif")).await;
        assert_eq!((status, content_type.as_str()), (200, "image/gif"));
        let br = COUNTRIES.iter().position(|c| c.iso_cc == "BR").expect("BR");
        assert_eq!(body, art::all_flags()[br]);

        let (status, content_type, body) = get(&client, &format!("{base}/ci/metadata.json")).await;
        assert_eq!((status, content_type.as_str()), (200, "application/json"));
        let json: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
        assert_eq!(json["country"], "Côte d'Ivoire");
        assert_eq!(json["gec_cc"], "IV");

        for path in [
            "/xx/xx.gif",
            "/BR/BR.gif",
            "/br/bd.gif",
            "/br",
            "/",
            "/br/br.gif/x",
        ] {
            let (status, ..) = get(&client, &format!("{base}{path}")).await;
            assert_eq!(status, 404, "{path}");
        }
        let (status, ..) = get(&client, &format!("http://{}/", server.addr())).await;
        assert_eq!(status, 404);
    });
    let counters = server.stop();
    assert_eq!(
        (counters.ok, counters.not_found, counters.requests),
        (2, 7, 9)
    );
}

#[test]
fn every_request_waits_its_delay_404s_included() {
    let delay = Duration::from_millis(150);
    let server = start(Config {
        delay: Delay::fixed(delay),
        ..Config::default()
    });
    let base = server.base_url();
    runtime().block_on(async {
        let client = client();
        for path in ["/br/br.gif", "/xx/xx.gif"] {
            let t0 = Instant::now();
            get(&client, &format!("{base}{path}")).await;
            assert!(t0.elapsed() >= delay, "{path} answered early");
        }
    });
}

#[test]
fn a_seeded_error_rate_gives_the_same_outcome_per_country_in_any_order() {
    let outcomes = |reverse: bool| {
        let server = start(Config {
            error_rate: 0.25,
            seed: Some(42),
            delay: "0..0.01".parse().expect("valid"),
            ..Config::default()
        });
        let base = server.base_url();
        let mut codes: Vec<&str> = COUNTRIES.iter().map(|c| c.iso_cc).collect();
        if reverse {
            codes.reverse();
        }
        let statuses = runtime().block_on(async {
            let client = client();
            let requests = codes.iter().map(|cc| {
                let url = format!("{base}/{0}/{0}.gif", cc.to_lowercase());
                let client = &client;
                async move { (cc.to_string(), get(client, &url).await.0) }
            });
            let mut statuses = join_all(requests).await;
            statuses.sort();
            statuses
        });
        (statuses, server.stop())
    };
    let (forward, counters) = outcomes(false);
    let (backward, _) = outcomes(true);
    assert_eq!(forward, backward);
    let teapots = forward.iter().filter(|(_, status)| *status == 418).count();
    assert_eq!(teapots as u64, counters.injected_errors);
    // 0.25 of 194 is 48.5: a seed that gave none or nearly all would be a broken draw.
    assert!((25..=75).contains(&teapots), "{teapots} errors");
}

#[test]
fn the_teapot_has_the_reason_phrase_python_sends() {
    let server = start(Config {
        error_rate: 1.0,
        ..Config::default()
    });
    let answer = raw_get(&server, "/flags/br/br.gif");
    assert!(
        answer.starts_with(&format!("HTTP/1.1 418 {TEAPOT}\r\n")),
        "{answer}"
    );
}

#[test]
fn a_thousand_requests_are_held_open_at_once_and_all_served() {
    let _ = serving::open_files::raise_limit();
    let server = start(Config {
        // Long enough for all 1,000 to arrive before the first is answered, even in a
        // debug build on a busy machine.
        delay: Delay::fixed(Duration::from_secs(2)),
        ..Config::default()
    });
    let base = server.base_url();
    let statuses = runtime().block_on(async {
        let client = client();
        let requests = (0..1000).map(|i| {
            let cc = COUNTRIES[i % COUNTRIES.len()].iso_cc.to_lowercase();
            let url = format!("{base}/{cc}/{cc}.gif");
            let client = &client;
            async move { client.get(&url).send().await.map(|r| r.status().as_u16()) }
        });
        join_all(requests).await
    });
    let served = statuses.iter().filter(|s| matches!(s, Ok(200))).count();
    assert_eq!(
        served,
        1000,
        "refused or failed: {:?}",
        statuses.iter().find(|s| s.is_err())
    );
    let Counters {
        requests,
        peak_in_flight,
        in_flight,
        ..
    } = server.stop();
    assert_eq!((requests, peak_in_flight, in_flight), (1000, 1000, 0));
}

#[test]
fn nothing_outside_dir_is_served_whatever_the_path() {
    let root = tempfile::tempdir().expect("temp dir");
    let served = root.path().join("served");
    std::fs::create_dir_all(served.join("flags/br")).expect("mkdir");
    std::fs::write(served.join("flags/br/br.gif"), b"GIF89a-from-dir").expect("write");
    std::fs::write(root.path().join("secret.txt"), b"secret").expect("write");
    std::fs::create_dir_all(served.join("flags/zz")).expect("mkdir");
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        root.path().join("secret.txt"),
        served.join("flags/zz/zz.gif"),
    )
    .expect("symlink");

    let server = start(Config {
        dir: Some(served),
        ..Config::default()
    });
    assert!(raw_get(&server, "/flags/br/br.gif").ends_with("GIF89a-from-dir"));
    for path in [
        "/flags/zz/zz.gif",
        "/flags/../secret.txt",
        "/flags/../../secret.txt",
        "/flags/%2e%2e/secret.txt",
        "/flags/br/..%2f..%2f..%2fsecret.txt",
        "/flags/br/../../../secret.txt",
        "/secret.txt",
        "/served/flags/br/br.gif",
        "/flags/cn/cn.gif",
    ] {
        let answer = raw_get(&server, path);
        assert!(answer.starts_with("HTTP/1.1 404 "), "{path}: {answer}");
        assert!(!answer.contains("secret"), "{path}: {answer}");
    }
    assert_eq!(server.counters().ok, 1);
}

#[cfg(unix)]
#[test]
fn the_binary_logs_each_request_and_sums_up_on_ctrl_c() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};

    let mut child = Command::new(env!("CARGO_BIN_EXE_flags-server"))
        .args([
            "--profile",
            "error",
            "--port",
            "0",
            "--error-rate",
            "0",
            "--delay",
            "0.01",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let first = lines.next().expect("a first line").expect("text");
    let base = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("the base URL")
        .to_string();
    assert!(
        lines
            .next()
            .expect("a second line")
            .expect("text")
            .contains("delay 0.01s")
    );

    runtime().block_on(async {
        let client = client();
        assert_eq!(get(&client, &format!("{base}/br/br.gif")).await.0, 200);
        assert_eq!(get(&client, &format!("{base}/xx/xx.gif")).await.0, 404);
    });
    assert_eq!(
        lines.next().expect("a log line").expect("text"),
        "BR delay: 0.01s"
    );
    assert_eq!(
        lines.next().expect("a log line").expect("text"),
        "XX delay: 0.01s -> 404 Not Found"
    );
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    assert!(
        // One connection, or two: the client may open a second before it reuses the first.
        rest.iter()
            .any(|l| l.starts_with("flags-server: 2 requests on ")
                && l.ends_with(": 1 OK, 1 not found, 0 errors injected; peak 1 in flight")),
        "{rest:?}"
    );
    assert!(child.wait().expect("it exits").success());
}

#[test]
fn a_busy_server_answers_503_with_retry_after_and_counts_it() {
    let server = start(Config {
        busy_rate: 1.0,
        retry_after: 2,
        ..Config::default()
    });
    let answer = raw_get(&server, "/flags/br/br.gif");
    assert!(
        answer.starts_with("HTTP/1.1 503 Service Unavailable\r\n"),
        "{answer}"
    );
    assert!(
        answer
            .to_ascii_lowercase()
            .contains("\r\nretry-after: 2\r\n"),
        "{answer}"
    );
    let counters = server.stop();
    assert_eq!((counters.busy, counters.ok), (1, 0));
    assert!(counters.to_string().contains("1 busy (503)"));
}

#[test]
fn a_slow_accepting_server_takes_its_delay_for_each_new_connection() {
    let server = start(Config {
        accept_delay: Duration::from_millis(100),
        backlog: 5,
        ..Config::default()
    });
    let t0 = Instant::now();
    for _ in 0..3 {
        // A fresh connection each time: each waits for its own accept.
        assert!(raw_get(&server, "/flags/br/br.gif").starts_with("HTTP/1.1 200 OK"));
    }
    assert!(
        t0.elapsed() >= Duration::from_millis(300),
        "{:?}",
        t0.elapsed()
    );
}

/// The binary's log is a pipe nobody reads any more: it must go on serving.
#[cfg(unix)]
#[test]
fn a_closed_log_never_stops_the_serving() {
    use std::io::BufRead;
    use std::process::{Command, Stdio};

    let mut child = Command::new(env!("CARGO_BIN_EXE_flags-server"))
        .args(["--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().expect("piped"))
        .read_line(&mut first)
        .expect("a line");
    // Reader dropped: the log pipe is closed from now on.
    let url = first
        .split_whitespace()
        .last()
        .expect("the base URL")
        .to_string();
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::blocking::Client::new();
    for _ in 0..3 {
        let resp = client
            .get(format!("{url}/br/br.gif"))
            .send()
            .expect("answered");
        assert_eq!(resp.status(), 200);
        assert!(resp.bytes().expect("a body").starts_with(b"GIF89a"));
    }
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn metadata_is_the_books_byte_for_byte() {
    let server = start(Config::default());
    for (cc, line) in [
        (
            "ci",
            r#"{"tld_cc": ".ci", "iso_cc": "CI", "country": "C\u00f4te d'Ivoire", "gec_cc": "IV"}"#,
        ),
        (
            "us",
            r#"{"tld_cc": ".us", "iso_cc": "US", "country": "United States of America", "gec_cc": "US"}"#,
        ),
        (
            "gb",
            r#"{"tld_cc": ".uk", "iso_cc": "GB", "country": "United Kingdom", "gec_cc": "UK"}"#,
        ),
    ] {
        let answer = raw_get(&server, &format!("/flags/{cc}/metadata.json"));
        assert!(answer.ends_with(&format!("\r\n\r\n{line}")), "{answer}");
    }
}

/// A FIFO where a flag should be: a 404 at once, not a request (and a Ctrl-C) that hangs.
#[cfg(unix)]
#[test]
fn only_regular_files_are_served_from_dir() {
    let data = tempfile::tempdir().expect("a folder");
    let folder = data.path().join("flags/br");
    std::fs::create_dir_all(&folder).expect("mkdir");
    let made = std::process::Command::new("mkfifo")
        .arg(folder.join("br.gif"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let server = start(Config {
        dir: Some(data.path().to_path_buf()),
        ..Config::default()
    });
    let t0 = Instant::now();
    let answer = raw_get(&server, "/flags/br/br.gif");
    assert!(answer.starts_with("HTTP/1.1 404"), "{answer}");
    assert!(t0.elapsed() < Duration::from_secs(2));
}

/// `kill` (SIGTERM) stops the server with the same summary as Ctrl-C.
#[cfg(unix)]
#[test]
fn sigterm_prints_the_summary_too() {
    use std::io::BufRead;
    use std::process::{Command, Stdio};

    let mut child = Command::new(env!("CARGO_BIN_EXE_flags-server"))
        .args(["--port", "0", "--quiet"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut lines = std::io::BufReader::new(child.stdout.take().expect("piped")).lines();
    let first = lines.next().and_then(Result::ok).unwrap_or_default();
    assert!(first.starts_with("flags-server: serving"), "{first}");
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    assert!(
        rest.iter()
            .any(|l| l.starts_with("flags-server: 0 requests on 0 connections")),
        "{rest:?}"
    );
    assert!(child.wait().expect("ends").success());
}

/// A client that connects and sends nothing, or goes quiet after an answer, loses its
/// connection after the idle timeout; a slow answer is never cut (the timeout is at least
/// twice the longest delay).
#[test]
fn idle_connections_are_closed_after_the_idle_timeout() {
    use std::io::{Read, Write};
    let server = start(Config {
        idle_timeout: Duration::from_millis(300),
        delay: "0.2".parse().expect("valid"),
        ..Config::default()
    });
    let mut quiet = std::net::TcpStream::connect(server.addr()).expect("connects");
    quiet
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    let t0 = Instant::now();
    let mut buf = [0u8; 16];
    let n = quiet.read(&mut buf).unwrap_or(0);
    assert_eq!(n, 0, "closed without a word");
    assert!(t0.elapsed() < Duration::from_secs(2), "{:?}", t0.elapsed());

    // A request waits its 0.2 s delay and is answered whole; then the idle connection goes.
    let mut client = std::net::TcpStream::connect(server.addr()).expect("connects");
    client
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    write!(
        client,
        "GET /flags/br/metadata.json HTTP/1.1\r\nHost: x\r\n\r\n"
    )
    .expect("sent");
    let mut answer = Vec::new();
    let _ = client.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    assert!(answer.ends_with(r#""gec_cc": "BR"}"#), "{answer}");
}

/// With `record`, the server keeps each request: its path, its status and when it arrived
/// and was answered (the server's side of a timeline); without, nothing.
#[test]
fn a_recording_server_keeps_each_request_and_a_plain_one_none() {
    let delay = Duration::from_millis(40);
    let server = start(Config {
        delay: Delay::fixed(delay),
        error_rate: 1.0,
        record: true,
        ..Config::default()
    });
    let base = server.base_url();
    runtime().block_on(async {
        let client = client();
        let urls = ["br", "xx"].map(|cc| format!("{base}/{cc}/{cc}.gif"));
        join_all(urls.iter().map(|url| get(&client, url))).await;
    });
    let mut served = server.served();
    served.sort_by(|a, b| a.path.cmp(&b.path));
    let paths: Vec<(&str, u16)> = served.iter().map(|s| (s.path.as_str(), s.status)).collect();
    assert_eq!(
        paths,
        [("/flags/br/br.gif", 418), ("/flags/xx/xx.gif", 418)]
    );
    for s in &served {
        assert!(s.end - s.start >= delay.as_secs_f64(), "{s:?}");
    }
    let plain = start(Config::default());
    runtime().block_on(get(&client(), &format!("{}/br/br.gif", plain.base_url())));
    assert!(plain.served().is_empty());
    assert_eq!(plain.counters().requests, 1);
}
