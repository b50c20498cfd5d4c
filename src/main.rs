//! The `fenji` command line: parse arguments, call the library, pick the exit code.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use fenji::grade::Level;
use fenji::report::{self, OutputFormat};
use fenji::sample::SampleConfig;
use fenji::{ScanConfig, detect::DetectorSet};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit codes (see README): 0 complete, 1 --fail-on tripped, 2 usage error or
/// nothing scanned, 3 complete but some inputs failed.
const EXIT_GATE: u8 = 1;
const EXIT_USAGE: u8 = 2;
const EXIT_PARTIAL: u8 = 3;

#[derive(Parser)]
#[command(
    name = "fenji",
    version,
    about = "Grade a data lake's datasets L1-L4 by the identifiers they hold"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Jsonl,
    Table,
    /// One self-contained page for reviewers.
    Html,
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Csv,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Scan sources (local paths, file://, s3://bucket/prefix) and grade every dataset.
    Scan {
        #[arg(required = true)]
        sources: Vec<String>,
        /// Output format (default: table on a terminal, json otherwise).
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Write the report here instead of stdout.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Rows sampled per file.
        #[arg(long, default_value_t = 10_000, conflicts_with = "full")]
        sample_rows: usize,
        /// Files sampled per Parquet table of many files (spread over it, one window each).
        #[arg(long, default_value_t = 3, conflicts_with = "full")]
        sample_files: usize,
        /// Most a sample may fetch of a table, in percent of its bytes (never
        /// less than 768 KiB): big tables give fewer rows than --sample-rows.
        #[arg(long, default_value_t = 1.75, conflicts_with = "full")]
        sample_budget: f64,
        /// Read every row of every file.
        #[arg(long)]
        full: bool,
        /// Policy profile: a built-in name (see `fenji policies`) or a TOML file.
        #[arg(long, default_value = fenji::grade::policy::DEFAULT_POLICY)]
        policy: String,
        /// The government data resource catalogue (CSV or TOML): share type,
        /// open type, department, update cycle and key-entity flag per
        /// dataset path glob. With it, the share type grades (seed 001 §5.2.1).
        #[arg(long)]
        catalog: Option<PathBuf>,
        /// Grade as of this time (RFC 3339 or YYYY-MM-DD) instead of now:
        /// ages of people and data, to reproduce an earlier run.
        #[arg(long, value_parser = parse_time)]
        as_of: Option<chrono::DateTime<chrono::Utc>>,
        /// Exit 1 when any dataset reaches this level.
        #[arg(long, value_parser = parse_level)]
        fail_on: Option<Level>,
        /// Datasets scanned in parallel (default: CPU count).
        #[arg(long)]
        threads: Option<usize>,
        /// Run the scans and detection on a Ballista cluster,
        /// `ballista://HOST:PORT` (a build with the `distributed` feature;
        /// see `fenji-executor`).
        #[arg(long, value_name = "URL")]
        engine: Option<String>,
        /// Add or override detector definitions from this directory.
        #[arg(long)]
        detectors: Option<PathBuf>,
        /// Show no progress on stderr.
        #[arg(long, short)]
        quiet: bool,
        /// Reviewers' decisions (TOML or JSON) to apply: rejected detections,
        /// pinned levels, accepted proposals.
        #[arg(long)]
        decisions: Option<PathBuf>,
        /// Exit 1 when a decision's evidence drifted and it needs re-review.
        #[arg(long)]
        fail_on_drift: bool,
        /// Append this run's summary line to DIR/fenji-audit-YYYY-MM-DD.jsonl.
        #[arg(long)]
        audit_dir: Option<PathBuf>,
        /// The previous run's report (json or jsonl): datasets whose files are
        /// unchanged are not read again, and `changes` says what changed.
        #[arg(long)]
        baseline: Option<PathBuf>,
        /// Exit 1 when anything changed against --baseline.
        #[arg(long, requires = "baseline")]
        fail_on_change: bool,
    },
    /// Write a decisions template from a JSON report: every flagged column and
    /// proposal, with its evidence as comments and the verdict left blank.
    Review {
        report: PathBuf,
        /// Write the template here instead of stdout.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Write the classification and grading list (分类分级清单) from a JSON
    /// report: one row per dataset, and per flagged field at L3 and above.
    Inventory {
        report: PathBuf,
        /// Apply these decisions first (as a scan with --decisions would).
        #[arg(long)]
        decisions: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "csv")]
        format: ListFormat,
        /// Write the list here instead of stdout.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Detector definitions the report was made with, if not the built-in ones.
        #[arg(long)]
        detectors: Option<PathBuf>,
    },
    /// List detector types with level, category and a masked example.
    Detectors {
        #[arg(long)]
        detectors: Option<PathBuf>,
    },
    /// Explain what a detector type or a proposal rule checks, with its
    /// citation and parameters under a policy profile.
    Explain {
        id: String,
        #[arg(long)]
        detectors: Option<PathBuf>,
        #[arg(long, default_value = fenji::grade::policy::DEFAULT_POLICY)]
        policy: String,
    },
    /// List the built-in policy profiles: the document each follows, its
    /// level names and share and open classes.
    Policies,
}

fn parse_time(s: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Ok(t.to_utc());
    }
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(|d| d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc())
        .map_err(|_| format!("{s:?} is not a time (RFC 3339, or YYYY-MM-DD)"))
}

fn parse_level(s: &str) -> Result<Level, String> {
    Level::parse(s).ok_or_else(|| format!("{s:?} is not a level (L1, L2, L3, L4)"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Scan {
            sources,
            format,
            output,
            sample_rows,
            sample_files,
            sample_budget,
            full,
            policy,
            catalog,
            as_of,
            fail_on,
            threads,
            engine,
            detectors,
            quiet,
            decisions,
            fail_on_drift,
            audit_dir,
            baseline,
            fail_on_change,
        } => {
            let mut config = ScanConfig {
                sources,
                sample: SampleConfig {
                    full,
                    rows_per_file: sample_rows.max(1),
                    files_per_dataset: sample_files.max(1),
                    max_byte_fraction: (sample_budget / 100.0).clamp(0.0, 1.0),
                    on_cluster: engine.is_some(),
                },
                policy,
                detectors_dir: detectors,
                progress: !quiet,
                decisions,
                baseline,
                engine,
                catalog,
                as_of,
                ..ScanConfig::default()
            };
            if let Some(t) = threads {
                config.threads = t.max(1);
            }
            let format = match format {
                Some(Format::Json) => OutputFormat::Json,
                Some(Format::Jsonl) => OutputFormat::Jsonl,
                Some(Format::Table) => OutputFormat::Table,
                Some(Format::Html) => OutputFormat::Html,
                None if output.is_none() && std::io::stdout().is_terminal() => OutputFormat::Table,
                None => OutputFormat::Json,
            };
            let runtime = match tokio::runtime::Builder::new_multi_thread()
                .worker_threads(config.threads)
                .enable_all()
                .build()
            {
                Ok(r) => r,
                Err(e) => return fail(&format!("cannot start runtime: {e}")),
            };
            let produced = (|| -> Result<report::Report, String> {
                let cannot_write = |e: std::io::Error| format!("cannot write report: {e}");
                if format == OutputFormat::Jsonl {
                    // Streamed: a line per dataset as soon as it is graded.
                    let out: Box<dyn Write + Send> = match &output {
                        Some(path) => Box::new(std::io::BufWriter::new(
                            std::fs::File::create(path).map_err(cannot_write)?,
                        )),
                        None => Box::new(std::io::stdout()),
                    };
                    let mut sink = report::JsonlSink(out);
                    let report = runtime
                        .block_on(fenji::scan_into(&config, &mut sink))
                        .map_err(|e| e.to_string())?;
                    report::write_jsonl_tail(&report, &mut sink.0)
                        .and_then(|_| sink.0.flush())
                        .map_err(cannot_write)?;
                    Ok(report)
                } else {
                    let report = runtime
                        .block_on(fenji::scan(&config))
                        .map_err(|e| e.to_string())?;
                    write_out(output.as_deref(), |w| report::write(&report, format, w))
                        .map_err(cannot_write)?;
                    Ok(report)
                }
            })();
            let report = match produced {
                Ok(r) => r,
                Err(message) => {
                    // A run that could not scan is logged too.
                    if let Some(dir) = &audit_dir {
                        let _ = report::append_audit_failure(
                            dir,
                            &config.sources,
                            &message,
                            EXIT_USAGE,
                        );
                    }
                    return fail(&message);
                }
            };
            if !quiet {
                for e in &report.errors {
                    eprintln!("fenji: error: {}: {}", e.uri, e.error);
                }
            }
            let gates = Gates {
                level: fail_on,
                drift: fail_on_drift,
                change: fail_on_change,
            };
            let code = exit_code(&report, &gates, quiet);
            if let Some(dir) = &audit_dir {
                match report::append_audit(dir, &report, code) {
                    Ok(path) if !quiet => {
                        eprintln!("fenji: audit line appended to {}", path.display())
                    }
                    Ok(_) => {}
                    Err(e) => {
                        return fail(&format!(
                            "cannot write the audit log in {}: {e}",
                            dir.display()
                        ));
                    }
                }
            }
            ExitCode::from(code)
        }
        Command::Review { report, out } => match review(&report, out.as_deref()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(&e),
        },
        Command::Inventory {
            report,
            decisions,
            format,
            output,
            detectors,
        } => match inventory(
            &report,
            decisions.as_deref(),
            format,
            output.as_deref(),
            detectors.as_deref(),
        ) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(&e),
        },
        Command::Detectors { detectors } => match DetectorSet::load(detectors.as_deref()) {
            Ok(set) => {
                println!(
                    "{:<18} {:<5} {:<13} {:<20} TITLE",
                    "TYPE", "LEVEL", "SUBJECT", "EXAMPLE"
                );
                for d in &set.detectors {
                    let example = d
                        .def
                        .examples
                        .positive
                        .first()
                        .map(|e| fenji::detect::mask::mask(e.trim()))
                        .unwrap_or_default();
                    println!(
                        "{:<18} {:<5} {:<13} {:<20} {}",
                        d.def.id,
                        d.def.level,
                        format!("{:?}", d.def.subject).to_lowercase(),
                        example,
                        d.def.title
                    );
                }
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e.to_string()),
        },
        Command::Explain {
            id,
            detectors,
            policy,
        } => {
            let explained = DetectorSet::load(detectors.as_deref())
                .map_err(|e| e.to_string())
                .and_then(|set| {
                    let policy =
                        fenji::grade::Policy::load(&policy, &set).map_err(|e| e.to_string())?;
                    fenji::explain::explain(&id, &set, &policy).ok_or_else(|| {
                        format!(
                            "unknown type or rule {id:?}; see `fenji detectors` (rules: {})",
                            fenji::grade::rules::REGISTRY
                                .iter()
                                .map(|r| r.id)
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    })
                });
            match explained {
                Ok(text) => {
                    print!("{text}");
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e),
            }
        }
        Command::Policies => match DetectorSet::load(None)
            .map_err(|e| e.to_string())
            .and_then(|set| fenji::explain::policies(&set).map_err(|e| e.to_string()))
        {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e),
        },
    }
}

/// Write to `path`, or to stdout when none is given.
fn write_out(
    path: Option<&std::path::Path>,
    body: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    match path {
        Some(path) => {
            let mut w = std::io::BufWriter::new(std::fs::File::create(path)?);
            body(&mut w)?;
            w.flush()
        }
        None => {
            let mut out = std::io::stdout().lock();
            body(&mut out)?;
            out.flush()
        }
    }
}

/// Read a JSON report written by `fenji scan`.
fn read_report(path: &std::path::Path) -> Result<report::Report, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text)
        .map_err(|e| format!("{}: not a fenji JSON report: {e}", path.display()))
}

fn review(report: &std::path::Path, out: Option<&std::path::Path>) -> Result<(), String> {
    let report = read_report(report)?;
    let text = fenji::review::template::template(&report);
    write_out(out, |w| w.write_all(text.as_bytes())).map_err(|e| e.to_string())
}

fn inventory(
    report_path: &std::path::Path,
    decisions: Option<&std::path::Path>,
    format: ListFormat,
    output: Option<&std::path::Path>,
    detectors: Option<&std::path::Path>,
) -> Result<(), String> {
    let mut report = read_report(report_path)?;
    if let Some(path) = decisions {
        if report.datasets.iter().any(|d| d.decision.is_some()) {
            return Err(format!(
                "{}: the report already carries decisions (it was scanned with --decisions); write the list from it without --decisions",
                report_path.display()
            ));
        }
        let decisions = fenji::review::Decisions::load(path).map_err(|e| e.to_string())?;
        let set = DetectorSet::load(detectors).map_err(|e| e.to_string())?;
        let policy =
            fenji::grade::Policy::load(&report.scan.policy, &set).map_err(|e| e.to_string())?;
        fenji::review::apply_all(&mut report, &decisions, &set, &policy);
    }
    let rows = fenji::review::inventory::rows(&report);
    write_out(output, |w| match format {
        ListFormat::Csv => fenji::review::inventory::write_csv(&rows, w),
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut *w, &rows)?;
            writeln!(w)
        }
    })
    .map_err(|e| e.to_string())
}

/// What makes a scan exit 1.
struct Gates {
    level: Option<Level>,
    drift: bool,
    change: bool,
}

/// 2 when nothing could be scanned, 1 when a gate tripped, 3 when some
/// inputs failed, else 0.
fn exit_code(report: &report::Report, gates: &Gates, quiet: bool) -> u8 {
    if report.summary.datasets == 0 && !report.errors.is_empty() {
        return EXIT_USAGE;
    }
    if let (Some(gate), Some(max)) = (gates.level, report.max_level())
        && max >= gate
    {
        return EXIT_GATE;
    }
    if gates.change && report.summary.changes.unwrap_or(0) > 0 {
        if !quiet {
            eprintln!(
                "fenji: {} changes against the baseline",
                report.summary.changes.unwrap_or(0)
            );
        }
        return EXIT_GATE;
    }
    if gates.drift && report.summary.drift > 0 {
        if !quiet {
            eprintln!(
                "fenji: {} decisions drifted and need re-review",
                report.summary.drift
            );
        }
        return EXIT_GATE;
    }
    if report.errors.is_empty() {
        0
    } else {
        EXIT_PARTIAL
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("fenji: {message}");
    ExitCode::from(EXIT_USAGE)
}
