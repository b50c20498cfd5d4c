//! `fenji-executor`: Ballista's scheduler and executor with fenji's scan
//! codec and `fenji_detect` aggregate, for `fenji scan --engine
//! ballista://HOST:PORT`. Parses and calls the library.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use fenji::detect::DetectorSet;
use fenji::distributed::server::{self, ExecutorOptions, SchedulerOptions};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "fenji-executor",
    version,
    about = "Ballista scheduler and executor for fenji"
)]
struct Cli {
    /// Detector definitions added or overridden, as the client's `--detectors`.
    #[arg(long, global = true)]
    detectors: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a scheduler: clients submit scans to it, executors register with it.
    Scheduler {
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        #[arg(long, default_value_t = 50050)]
        port: u16,
        /// Seconds without a heartbeat before an executor is taken as lost
        /// and its tasks run elsewhere.
        #[arg(long, default_value_t = 180)]
        executor_timeout: u64,
    },
    /// Run an executor: it reads files and runs `fenji_detect` next to them.
    Executor {
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Arrow Flight port (shuffle reads).
        #[arg(long, default_value_t = 50051)]
        port: u16,
        /// Task port (the scheduler pushes tasks to it).
        #[arg(long, default_value_t = 50052)]
        grpc_port: u16,
        /// The scheduler, HOST:PORT.
        #[arg(long, default_value = "127.0.0.1:50050")]
        scheduler: String,
        /// Seconds between heartbeats to the scheduler.
        #[arg(long, default_value_t = 60)]
        heartbeat: u64,
        /// Tasks run at once (default: CPU count).
        #[arg(long)]
        concurrent_tasks: Option<usize>,
        /// Where shuffle files go (default: a temporary folder).
        #[arg(long)]
        work_dir: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let set = match DetectorSet::load(cli.detectors.as_deref()) {
        Ok(s) => Arc::new(s),
        Err(e) => {
            eprintln!("fenji-executor: {e}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("fenji-executor: {e}");
            return ExitCode::from(2);
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Scheduler {
                bind,
                port,
                executor_timeout,
            } => {
                let opts = SchedulerOptions {
                    bind,
                    port,
                    executor_timeout,
                };
                server::scheduler(opts, set).await
            }
            Command::Executor {
                bind,
                port,
                grpc_port,
                scheduler,
                heartbeat,
                concurrent_tasks,
                work_dir,
            } => {
                let (host, sport) = scheduler
                    .rsplit_once(':')
                    .ok_or_else(|| format!("--scheduler {scheduler}: expected HOST:PORT"))?;
                let opts = ExecutorOptions {
                    bind,
                    port,
                    grpc_port,
                    scheduler_host: host.to_string(),
                    scheduler_port: sport
                        .parse()
                        .map_err(|e| format!("--scheduler {scheduler}: {e}"))?,
                    heartbeat,
                    concurrent_tasks: concurrent_tasks.unwrap_or_else(|| {
                        std::thread::available_parallelism().map_or(2, |n| n.get())
                    }),
                    work_dir,
                };
                server::executor(opts, set).await
            }
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fenji-executor: {e}");
            ExitCode::from(1)
        }
    }
}
