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
        /// Policy profile: a built-in name (huainan-2023, pingshan-2020) or a TOML file.
        #[arg(long, default_value = fenji::grade::policy::DEFAULT_POLICY)]
        policy: String,
        /// Exit 1 when any dataset reaches this level.
        #[arg(long, value_parser = parse_level)]
        fail_on: Option<Level>,
        /// Datasets scanned in parallel (default: CPU count).
        #[arg(long)]
        threads: Option<usize>,
        /// Add or override detector definitions from this directory.
        #[arg(long)]
        detectors: Option<PathBuf>,
        /// Show no progress on stderr.
        #[arg(long, short)]
        quiet: bool,
    },
    /// List detector types with level, category and a masked example.
    Detectors {
        #[arg(long)]
        detectors: Option<PathBuf>,
    },
    /// Explain what a detector type or a proposal rule checks.
    Explain {
        id: String,
        #[arg(long)]
        detectors: Option<PathBuf>,
    },
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
            fail_on,
            threads,
            detectors,
            quiet,
        } => {
            let mut config = ScanConfig {
                sources,
                sample: SampleConfig {
                    full,
                    rows_per_file: sample_rows.max(1),
                    files_per_dataset: sample_files.max(1),
                    max_byte_fraction: (sample_budget / 100.0).clamp(0.0, 1.0),
                },
                policy,
                detectors_dir: detectors,
                progress: !quiet,
                ..ScanConfig::default()
            };
            if let Some(t) = threads {
                config.threads = t.max(1);
            }
            let format = match format {
                Some(Format::Json) => OutputFormat::Json,
                Some(Format::Jsonl) => OutputFormat::Jsonl,
                Some(Format::Table) => OutputFormat::Table,
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
            let report = match runtime.block_on(fenji::scan(&config)) {
                Ok(r) => r,
                Err(e) => return fail(&e.to_string()),
            };
            let written = match &output {
                Some(path) => std::fs::File::create(path).and_then(|f| {
                    let mut w = std::io::BufWriter::new(f);
                    report::write(&report, format, &mut w)?;
                    w.flush()
                }),
                None => {
                    let mut out = std::io::stdout().lock();
                    report::write(&report, format, &mut out).and_then(|_| out.flush())
                }
            };
            if let Err(e) = written {
                return fail(&format!("cannot write report: {e}"));
            }
            if !quiet {
                for e in &report.errors {
                    eprintln!("fenji: error: {}: {}", e.uri, e.error);
                }
            }
            if report.datasets.is_empty() && !report.errors.is_empty() {
                return ExitCode::from(EXIT_USAGE);
            }
            if let (Some(gate), Some(max)) = (fail_on, report.max_level())
                && max >= gate
            {
                return ExitCode::from(EXIT_GATE);
            }
            if report.errors.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(EXIT_PARTIAL)
            }
        }
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
        Command::Explain { id, detectors } => match DetectorSet::load(detectors.as_deref()) {
            Ok(set) => match set.detectors.iter().find(|d| d.def.id == id) {
                Some(d) => {
                    println!("{} — {}", d.def.id, d.def.title);
                    println!("{}", d.def.description);
                    if !d.def.standard.is_empty() {
                        println!("standard:  {}", d.def.standard);
                    }
                    println!(
                        "validator: {} (signals: {})",
                        d.def.validator,
                        d.validator.signals.join(", ")
                    );
                    println!(
                        "level:     {} (default profile decides; seed 001 appendix B)",
                        d.def.level
                    );
                    println!(
                        "accept:    validated ratio lower bound >= {} ({} with a name hint)",
                        d.def.min_ratio, d.def.hint_min_ratio
                    );
                    println!("hints:     {}", d.def.hints.join(", "));
                    ExitCode::SUCCESS
                }
                None => match fenji::grade::RULES.iter().find(|r| r.0 == id) {
                    Some((rule, action, cite, what)) => {
                        println!("{rule} — proposal rule, {action} ({cite})");
                        println!("{what}");
                        println!(
                            "Proposals are never applied: a data authority reviews them (seed 001 §5.3)."
                        );
                        ExitCode::SUCCESS
                    }
                    None => fail(&format!(
                        "unknown type or rule {id:?}; see `fenji detectors`"
                    )),
                },
            },
            Err(e) => fail(&e.to_string()),
        },
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("fenji: {message}");
    ExitCode::from(EXIT_USAGE)
}
