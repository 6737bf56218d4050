//! What the server serves and what it refuses: the flags, their metadata, nothing outside `dir`.

use flags_server::art;

use super::*;

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
