//! `glueprint publish` and `glueprint ls` where no AWS is needed: settings refused before any request,
//! and secrets kept out of what is printed when a request fails. Against a real Glue and S3 API, they are
//! tested by `tests/roundtrip/publish_moto.py`.

use assert_cmd::Command;

fn fixture(rel: &str) -> String {
    format!("{}/../../shared/data/{rel}", env!("CARGO_MANIFEST_DIR"))
}

const SECRET: &str = "wJalrXUtnFEMI-NEVER-PRINTED";
const TOKEN: &str = "TOKEN-NEVER-PRINTED";

/// `glueprint` with only the given AWS variables set.
fn glueprint(env: &[(&str, &str)]) -> Command {
    let mut command =
        Command::cargo_bin("glueprint").expect("cargo builds the glueprint binary for its tests");
    for (name, _) in std::env::vars() {
        if name.starts_with("AWS_") {
            command.env_remove(name);
        }
    }
    for (name, value) in env {
        command.env(name, value);
    }
    command
}

const KEYS: [(&str, &str); 3] = [
    ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
    ("AWS_SECRET_ACCESS_KEY", SECRET),
    ("AWS_SESSION_TOKEN", TOKEN),
];

#[test]
fn publish_without_credentials_or_with_a_bad_region_exits_2() {
    let file = fixture("csv/header_comma.csv");
    let out = glueprint(&[])
        .args(["publish", "--region", "us-east-1", &file])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("AWS_ACCESS_KEY_ID"));
    let out = glueprint(&KEYS)
        .args(["publish", "--region", "us east", &file])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn failed_requests_never_print_secrets() {
    // Port 9 (discard) on localhost: nothing listens, the connection is refused at once.
    let file = fixture("csv/header_comma.csv");
    let publish = glueprint(&KEYS)
        .args(["publish", "--dry-run", "--region", "us-east-1"])
        .args(["--endpoint", "http://127.0.0.1:9", &file])
        .output()
        .unwrap();
    let ls = glueprint(&KEYS)
        .args([
            "ls",
            "--region",
            "us-east-1",
            "--endpoint",
            "http://127.0.0.1:9",
        ])
        .arg("s3://my-bucket/sales/")
        .output()
        .unwrap();
    for out in [publish, ls] {
        assert_eq!(out.status.code(), Some(1));
        let printed = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!printed.is_empty());
        for secret in [SECRET, TOKEN, "X-Amz-Signature", "Signature="] {
            assert!(!printed.contains(secret), "{printed}");
        }
    }
}
