//! Distributed scans on Ballista (cargo feature `distributed`).
//!
//! The client plans each dataset as it does on one machine (listing, footers,
//! the sample), then ships the scan as data: a [`SampleTable`] whose `scan`
//! is a [`SampleExec`], a leaf that carries the [`ScanSpec`] and that
//! [`FenjiCodec`] serialises. Detection is the same `fenji_detect`
//! aggregate, grouped by file: executors run the partial aggregates next to
//! the files, the final aggregate merges their states (in any order), and the
//! client gets one evidence per file and column, graded as on one machine.
//!
//! `fenji-executor scheduler` and `fenji-executor executor` run Ballista's
//! scheduler and executor with the codec and the aggregate registered.

mod client;
mod codec;
mod exec;
pub mod server;

pub use client::Engine;
pub use codec::FenjiCodec;
pub use exec::{SampleExec, SampleTable};

pub use crate::sample::ScanSpec;
