//! What the end-to-end tests share: running the built binary, the bundled
//! corpus, and the S3 bucket `scripts/test` uploads it to.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Run `fenji ARGS` in `dir` (the crate root when `None`).
pub fn fenji_in(dir: Option<&Path>, args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fenji"));
    cmd.args(args);
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    let out = cmd.output().expect("run fenji");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn fenji(args: &[&str]) -> Run {
    fenji_in(None, args)
}

pub fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

pub fn lake() -> String {
    corpus().join("lake").display().to_string()
}

pub fn parse(run: &Run) -> Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("report is not JSON ({e}); stderr: {}", run.stderr))
}

/// The S3 bucket `scripts/test` uploaded the corpus to, if any.
pub fn s3_lake() -> Option<String> {
    match std::env::var("FENJI_TEST_S3_BUCKET") {
        Ok(bucket) if !bucket.is_empty() => Some(format!("s3://{bucket}")),
        _ => {
            assert!(
                std::env::var("FENJI_REQUIRE_S3").is_err(),
                "FENJI_REQUIRE_S3 is set but no S3 server was started"
            );
            eprintln!("no FENJI_TEST_S3_BUCKET: S3 assertions skipped (scripts/test runs them)");
            None
        }
    }
}

/// A fresh, empty folder for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fenji-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every file below `dir`.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// The dataset with this key in a report.
pub fn dataset<'a>(report: &'a Value, key: &str) -> &'a Value {
    report["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["key"] == key)
        .unwrap_or_else(|| panic!("no dataset with key {key}"))
}

/// The empty S3 bucket `scripts/s3-up` makes for tests that write, if any.
pub fn scratch_bucket() -> Option<String> {
    match std::env::var("FENJI_TEST_S3_SCRATCH_BUCKET") {
        Ok(bucket) if !bucket.is_empty() => Some(bucket),
        _ => {
            assert!(
                std::env::var("FENJI_REQUIRE_S3").is_err(),
                "FENJI_REQUIRE_S3 is set but no scratch bucket was made"
            );
            None
        }
    }
}
