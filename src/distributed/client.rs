//! The client side: a dataset's scan and `fenji_detect`, grouped by file,
//! planned here and run on a Ballista cluster.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use ballista_core::config::BallistaConfig;
use ballista_core::execution_plans::execute_physical_plan;
use ballista_core::extension::SessionConfigExt;
use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::{DataType, UInt32Type};
use datafusion::datasource::TableProvider;
use datafusion::functions::core::expr_fn::get_field;
use datafusion::prelude::{SessionConfig, SessionContext, ident};
use datafusion_proto::protobuf::PhysicalPlanNode;
use futures::{StreamExt, TryStreamExt};

use super::{FenjiCodec, SampleTable};
use crate::detect::aggregate::{DetectAccumulator, DetectUdaf};
use crate::detect::{ColumnEvidence, DetectorSet};
use crate::sample::{FILE_COLUMN, ScanSpec};

/// Jobs (files) one dataset has on the cluster at once.
const JOBS_IN_FLIGHT: usize = 16;

/// A Ballista scheduler to run detection on.
pub struct Engine {
    /// `http://HOST:PORT`, as Ballista's client dials it.
    url: String,
    codec: FenjiCodec,
    set: Arc<DetectorSet>,
}

impl Engine {
    /// `ballista://HOST:PORT`; the scheduler must answer within 10 s.
    pub async fn connect(engine: &str, set: Arc<DetectorSet>) -> Result<Self, String> {
        let addr = engine
            .strip_prefix("ballista://")
            .or_else(|| engine.strip_prefix("df://"))
            .ok_or_else(|| format!("--engine {engine}: expected ballista://HOST:PORT"))?
            .trim_end_matches('/');
        let reach = tokio::time::timeout(
            Duration::from_secs(10),
            tokio::net::TcpStream::connect(addr),
        )
        .await;
        match reach {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => {
                return Err(format!(
                    "--engine {engine}: cannot reach the scheduler: {e}"
                ));
            }
            Err(_) => {
                return Err(format!(
                    "--engine {engine}: the scheduler did not answer in 10 s"
                ));
            }
        }
        Ok(Engine {
            url: format!("http://{addr}"),
            codec: FenjiCodec::new(set.clone()),
            set,
        })
    }

    /// Run `fenji_detect` over each scanned column (`paths` into the scan's
    /// output, as `PlannedColumn::path`), grouped by file: the evidence per
    /// file index, one per column.
    ///
    /// One Ballista job per file (a task on one executor), [`JOBS_IN_FLIGHT`]
    /// at a time. A job's scan is a single partition: Ballista 55 hands each
    /// task its share of a stage's partitions by rewriting the leaves it
    /// knows (file scans, shuffle readers), and a leaf of ours with several
    /// partitions would be read whole by every task.
    pub async fn detect(
        &self,
        spec: &ScanSpec,
        paths: &[Vec<usize>],
    ) -> Result<BTreeMap<usize, Vec<ColumnEvidence>>, String> {
        let per_file = spec.per_file();
        let jobs: Vec<ScanSpec> = (0..per_file.groups.len())
            .map(|i| per_file.group(i))
            .collect();
        let results: Vec<_> = futures::stream::iter(jobs)
            .map(|job| async move { self.detect_job(job, paths).await })
            .buffer_unordered(JOBS_IN_FLIGHT)
            .try_collect()
            .await?;
        let mut out = BTreeMap::new();
        for (file, evidence) in results.into_iter().flatten() {
            add(&mut out, file, evidence);
        }
        Ok(out)
    }

    /// One job: `fenji_detect` over one file group, grouped by file.
    async fn detect_job(
        &self,
        spec: ScanSpec,
        paths: &[Vec<usize>],
    ) -> Result<BTreeMap<usize, Vec<ColumnEvidence>>, String> {
        let err = |e: &dyn std::fmt::Display| format!("on Ballista: {e}");
        let config = SessionConfig::new_with_ballista().with_target_partitions(1);
        let ctx = SessionContext::new_with_config(config.clone());
        let table = Arc::new(SampleTable::new(spec).map_err(|e| err(&e))?);
        let schema = table.schema();
        let udaf = DetectUdaf::udaf(self.set.clone());
        let mut aggregates = Vec::new();
        for (k, path) in paths.iter().enumerate() {
            let Some(&top) = path.first() else {
                return Err("a column without a path".into());
            };
            let field = schema
                .fields()
                .get(top)
                .ok_or_else(|| format!("no column {top} in the scan"))?;
            let mut expr = ident(field.name());
            let mut data_type = field.data_type().clone();
            for &i in &path[1..] {
                let DataType::Struct(fields) = data_type else {
                    return Err(format!("column {}: not a struct", field.name()));
                };
                let child = fields
                    .get(i)
                    .ok_or_else(|| format!("column {}: no field {i}", field.name()))?
                    .clone();
                expr = get_field(expr, child.name().as_str());
                data_type = child.data_type().clone();
            }
            aggregates.push(udaf.call(vec![expr]).alias(format!("c{k}")));
        }
        let plan = ctx
            .read_table(table)
            .and_then(|df| df.aggregate(vec![ident(FILE_COLUMN)], aggregates))
            .map_err(|e| err(&e))?
            .create_physical_plan()
            .await
            .map_err(|e| err(&e))?;
        let session = format!("fenji-{}", std::process::id());
        let stream = execute_physical_plan::<PhysicalPlanNode>(
            self.url.clone(),
            &BallistaConfig::default(),
            plan,
            &self.codec,
            session,
            config,
        )
        .await
        .map_err(|e| err(&e))?;
        let batches: Vec<_> = stream.try_collect().await.map_err(|e| err(&e))?;
        let mut out = BTreeMap::new();
        for b in batches {
            let files = b
                .column(0)
                .as_primitive_opt::<UInt32Type>()
                .ok_or("the file column is not UInt32")?;
            for row in 0..b.num_rows() {
                let mut evidence = Vec::with_capacity(paths.len());
                for k in 0..paths.len() {
                    let col = b
                        .column(1 + k)
                        .as_binary_opt::<i32>()
                        .ok_or("fenji_detect did not return bytes")?;
                    let ev = if col.is_null(row) {
                        ColumnEvidence::new(self.set.len())
                    } else {
                        DetectAccumulator::decode(&self.set, col.value(row)).map_err(|e| err(&e))?
                    };
                    evidence.push(ev);
                }
                add(&mut out, files.value(row) as usize, evidence);
            }
        }
        Ok(out)
    }
}

/// Merge a file's evidence into `out`: a file read in byte ranges comes back
/// once per range, from one job each.
fn add(out: &mut BTreeMap<usize, Vec<ColumnEvidence>>, file: usize, evidence: Vec<ColumnEvidence>) {
    match out.get_mut(&file) {
        None => {
            out.insert(file, evidence);
        }
        Some(seen) => {
            for (a, b) in seen.iter_mut().zip(&evidence) {
                a.merge(b);
            }
        }
    }
}
