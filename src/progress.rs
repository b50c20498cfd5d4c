//! Progress on stderr: on a terminal two bars (files done, bytes read with
//! rate and rows), otherwise one plain line per finished dataset. The row
//! count also feeds the report's `scan.throughput`.

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::source::IoCounters;

pub struct Progress {
    bars: Option<(MultiProgress, ProgressBar, ProgressBar)>,
    plain: bool,
    datasets: usize,
    done: AtomicUsize,
    rows: AtomicU64,
    counters: Arc<IoCounters>,
}

fn bar(multi: &MultiProgress, len: u64, template: &str) -> ProgressBar {
    let bar = multi.add(ProgressBar::new(len));
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

impl Progress {
    /// `enabled` asks for progress; bars are drawn only when stderr is a terminal.
    pub fn new(
        enabled: bool,
        datasets: usize,
        files: u64,
        bytes_total: u64,
        counters: Arc<IoCounters>,
    ) -> Self {
        let terminal = enabled && std::io::stderr().is_terminal();
        let bars = terminal.then(|| {
            let multi = MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
            let files = bar(
                &multi,
                files,
                "{spinner} files [{bar:30}] {pos}/{len} {elapsed_precise}",
            );
            let bytes = bar(
                &multi,
                bytes_total,
                "  bytes [{bar:30}] {bytes}/{total_bytes} read, {bytes_per_sec}, {msg}",
            );
            (multi, files, bytes)
        });
        Self {
            bars,
            plain: enabled && !terminal,
            datasets,
            done: AtomicUsize::new(0),
            rows: AtomicU64::new(0),
            counters,
        }
    }

    pub fn add_rows(&self, n: u64) {
        self.rows.fetch_add(n, Ordering::Relaxed);
    }

    pub fn rows(&self) -> u64 {
        self.rows.load(Ordering::Relaxed)
    }

    /// Redraw the bytes bar from the I/O counters (called by a ticker too).
    pub fn tick(&self) {
        if let Some((_, _, bytes)) = &self.bars {
            bytes.set_position(self.counters.bytes_read());
            bytes.set_message(format!("{} rows", self.rows()));
        }
    }

    /// One dataset of `files` files finished; `what` says how (level, failure, skip).
    pub fn dataset_done(&self, uri: &str, files: u64, what: &str) {
        let n = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if let Some((_, bar, _)) = &self.bars {
            bar.inc(files);
        }
        self.tick();
        if self.plain {
            eprintln!(
                "fenji: [{n}/{}] {uri}: {what}; {} MiB read, {} rows so far",
                self.datasets,
                self.counters.bytes_read() >> 20,
                self.rows()
            );
        }
    }

    pub fn finish(&self) {
        if let Some((multi, files, bytes)) = &self.bars {
            files.finish_and_clear();
            bytes.finish_and_clear();
            let _ = multi.clear();
        }
    }
}
