//! Distributed scans on a real Ballista: a scheduler and two executors
//! (`fenji-executor`) on 127.0.0.1, started here. Scanning the corpus on
//! them gives what a scan on this machine gives; losing an executor in the
//! middle of a scan ends in Ballista's retry or a clear error, never a hang
//! and never a partial report presented as complete.

#![cfg(feature = "distributed")]

mod common;

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{fenji, lake, parse, scratch};
use serde_json::Value;

/// A port free on 127.0.0.1 now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_for_port(port: u16, what: &str) {
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{what} did not listen on {port} within 60 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A scheduler and two executors, stopped (by pid) when dropped.
struct Cluster {
    scheduler: Child,
    executors: Vec<Child>,
    port: u16,
}

impl Cluster {
    fn start(name: &str) -> Cluster {
        let bin = env!("CARGO_BIN_EXE_fenji-executor");
        let dir = scratch(name);
        let port = free_port();
        let log = |n: &str| std::fs::File::create(dir.join(n)).unwrap();
        let scheduler = Command::new(bin)
            .args([
                "scheduler",
                "--port",
                &port.to_string(),
                "--executor-timeout",
                "3",
            ])
            .stdout(Stdio::null())
            .stderr(log("scheduler.log"))
            .spawn()
            .expect("start the scheduler");
        wait_for_port(port, "the scheduler");
        let executors = (0..2)
            .map(|i| {
                let (flight, grpc) = (free_port(), free_port());
                let work = dir.join(format!("work{i}"));
                std::fs::create_dir_all(&work).unwrap();
                let child = Command::new(bin)
                    .args([
                        "executor",
                        "--scheduler",
                        &format!("127.0.0.1:{port}"),
                        "--port",
                        &flight.to_string(),
                        "--grpc-port",
                        &grpc.to_string(),
                        "--heartbeat",
                        "1",
                        "--concurrent-tasks",
                        "2",
                        "--work-dir",
                        work.to_str().unwrap(),
                    ])
                    .stdout(Stdio::null())
                    .stderr(log(&format!("executor{i}.log")))
                    .spawn()
                    .expect("start an executor");
                wait_for_port(flight, "an executor");
                child
            })
            .collect();
        // Registration rides on the first heartbeat.
        std::thread::sleep(Duration::from_secs(2));
        Cluster {
            scheduler,
            executors,
            port,
        }
    }

    fn url(&self) -> String {
        format!("ballista://127.0.0.1:{}", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        for c in self
            .executors
            .iter_mut()
            .chain(std::iter::once(&mut self.scheduler))
        {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// Per dataset: level, category, columns with their types, proposals.
fn grading(report: &Value) -> Vec<Value> {
    report["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let columns: Vec<Value> = d["columns"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    serde_json::json!([
                        c["name"],
                        c["types"],
                        c["level"],
                        c["dates"],
                        c["sensitive_personal"]
                    ])
                })
                .collect();
            let proposals: Vec<&Value> = d["proposals"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| &p["id"])
                .collect();
            serde_json::json!({
                "key": d["key"], "level": d["level"], "category": d["category"],
                "columns": columns, "proposals": proposals,
            })
        })
        .collect()
}

/// `fenji scan LAKE --format json --quiet` with `extra`.
fn scan(lake: &str, extra: &[&str]) -> common::Run {
    let mut args = vec!["scan", lake, "--format", "json", "--quiet"];
    args.extend_from_slice(extra);
    fenji(&args)
}

#[test]
fn the_corpus_grades_the_same_on_ballista() {
    let cluster = Cluster::start("ballista-same");
    let (lake, url) = (lake(), cluster.url());
    for mode in [&["--full"][..], &[][..]] {
        let local = scan(&lake, mode);
        let remote = scan(&lake, &[mode, &["--engine", url.as_str()]].concat());
        assert_eq!(remote.code, local.code, "{}", remote.stderr);
        let (local, remote) = (parse(&local), parse(&remote));
        assert_eq!(local["errors"], remote["errors"]);
        let (a, b) = (grading(&local), grading(&remote));
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x, y, "{mode:?}: differs on Ballista");
        }
        if mode.is_empty() {
            // Sampled, the executors read the samples: the client reads
            // footers and heads only.
            let read = |r: &Value| r["scan"]["io"]["bytes_read"].as_u64().unwrap();
            assert!(
                read(&remote) < read(&local),
                "{} vs {}",
                read(&remote),
                read(&local)
            );
        }
    }
}

/// The proposal rules' fixtures grade the same on a cluster: dates, minors'
/// birth months and the key-entity list (which travels with the aggregate to
/// the executors) come back from the executors.
#[test]
fn the_rules_fire_the_same_on_ballista() {
    let cluster = Cluster::start("ballista-rules");
    let url = cluster.url();
    let corpus = common::corpus();
    let rules = corpus.join("rules").display().to_string();
    let profile = corpus
        .join("policy/local-profile.toml")
        .display()
        .to_string();
    let catalog = corpus.join("policy/catalog.csv").display().to_string();
    let settings = [
        "--policy",
        profile.as_str(),
        "--catalog",
        catalog.as_str(),
        "--as-of",
        "2026-07-01T00:00:00Z",
    ];
    for mode in [&["--full"][..], &[][..]] {
        let local = parse(&scan(&rules, &[mode, &settings].concat()));
        let remote = parse(&scan(
            &rules,
            &[mode, &settings, &["--engine", url.as_str()]].concat(),
        ));
        assert_eq!(grading(&local), grading(&remote), "{mode:?}");
        let key = common::dataset(&remote, "key_entity/fires/zhongdian_qiye.csv");
        assert!(
            key["proposals"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["rule"] == "key_entity"),
            "{key}"
        );
    }
}

/// On S3 (SeaweedFS), the executors read the objects with the usual `AWS_*`
/// variables, and grade them as this machine does.
#[test]
fn an_s3_lake_grades_the_same_on_ballista() {
    let Some(lake) = common::s3_lake() else {
        return;
    };
    let cluster = Cluster::start("ballista-s3");
    let url = cluster.url();
    let local = parse(&scan(&lake, &["--full"]));
    let remote = parse(&scan(&lake, &["--full", "--engine", &url]));
    assert_eq!(local["errors"], remote["errors"]);
    assert_eq!(grading(&local), grading(&remote));
}

#[test]
fn an_unreachable_engine_is_a_usage_error() {
    let port = free_port();
    let run = fenji(&[
        "scan",
        &lake(),
        "--engine",
        &format!("ballista://127.0.0.1:{port}"),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot reach the scheduler"),
        "{}",
        run.stderr
    );
}

#[test]
fn losing_an_executor_mid_scan_is_retried_or_reported() {
    let mut cluster = Cluster::start("ballista-loss");
    let lake = lake();
    let out = scratch("ballista-loss-out").join("report.json");
    let mut child = Command::new(env!("CARGO_BIN_EXE_fenji"))
        .args([
            "scan",
            &lake,
            "--full",
            "--quiet",
            "--engine",
            &cluster.url(),
        ])
        .args(["--format", "json", "--output", out.to_str().unwrap()])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_secs(3));
    let mut lost = cluster.executors.remove(0);
    lost.kill().unwrap();
    lost.wait().unwrap();
    // Bounded: Ballista notices the loss within seconds (3 s timeout).
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(300) {
            let _ = child.kill();
            panic!("the scan hung after an executor was lost");
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let code = status.code().unwrap_or(-1);
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let local = parse(&fenji(&[
        "scan", &lake, "--full", "--format", "json", "--quiet",
    ]));
    match code {
        // Retried: the report is whole and the same as on this machine.
        3 if report["errors"] == local["errors"] => {
            eprintln!("the lost executor's tasks were run again");
            assert_eq!(grading(&report), grading(&local));
        }
        // Failed: every dataset that could not finish is an error, with
        // exit code 3; what is reported graded is what finished.
        3 => {
            eprintln!("the scan reported the failed datasets");
            let errors = report["errors"].as_array().unwrap();
            assert!(
                errors
                    .iter()
                    .any(|e| e["error"].as_str().unwrap().contains("Ballista")),
                "{errors:?}"
            );
            for d in local["datasets"].as_array().unwrap() {
                let graded = report["datasets"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|r| r["uri"] == d["uri"]);
                let failed = errors.iter().any(|e| e["uri"] == d["uri"]);
                assert!(
                    graded || failed,
                    "{} is neither graded nor an error",
                    d["uri"]
                );
            }
        }
        other => panic!("exit code {other} after losing an executor"),
    }
}
