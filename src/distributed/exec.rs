//! The sampling plan as a table and a leaf plan that travel.

use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::catalog::Session;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::common::{DataFusionError, Result};
use datafusion::datasource::{TableProvider, TableType};
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::logical_expr::Expr;
use datafusion::physical_expr::{EquivalenceProperties, PhysicalExpr};
use datafusion::physical_plan::execution_plan::{Boundedness, EmissionType};
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::{
    DisplayAs, DisplayFormatType, ExecutionPlan, Partitioning, PlanProperties,
};
use futures::StreamExt;

use crate::sample::ScanSpec;

fn spec_error(e: String) -> DataFusionError {
    DataFusionError::Execution(format!("fenji scan spec: {e}"))
}

/// A dataset's sample as a table: what [`ScanSpec`] reads, one partition per
/// file group.
#[derive(Debug)]
pub struct SampleTable {
    spec: ScanSpec,
    schema: SchemaRef,
}

impl SampleTable {
    pub fn new(spec: ScanSpec) -> Result<Self> {
        let schema = spec.output_schema().map_err(spec_error)?;
        Ok(SampleTable { spec, schema })
    }
}

#[async_trait]
impl TableProvider for SampleTable {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    fn table_type(&self) -> TableType {
        TableType::Base
    }

    async fn scan(
        &self,
        _state: &dyn Session,
        projection: Option<&Vec<usize>>,
        _filters: &[Expr],
        _limit: Option<usize>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        Ok(Arc::new(SampleExec::new(
            self.spec.clone(),
            projection.cloned(),
        )?))
    }
}

/// A leaf that reads a [`ScanSpec`]: partition `i` builds the scan of the
/// spec's group `i` where it runs (an executor, or this machine) and
/// streams it, keeping the `projection` of its output columns.
#[derive(Debug)]
pub struct SampleExec {
    spec: ScanSpec,
    projection: Option<Vec<usize>>,
    schema: SchemaRef,
    properties: Arc<PlanProperties>,
}

impl SampleExec {
    pub fn new(spec: ScanSpec, projection: Option<Vec<usize>>) -> Result<Self> {
        let full = spec.output_schema().map_err(spec_error)?;
        let schema = match &projection {
            Some(p) => Arc::new(full.project(p)?),
            None => full,
        };
        let properties = Arc::new(PlanProperties::new(
            EquivalenceProperties::new(schema.clone()),
            Partitioning::UnknownPartitioning(spec.groups.len().max(1)),
            EmissionType::Incremental,
            Boundedness::Bounded,
        ));
        Ok(SampleExec {
            spec,
            projection,
            schema,
            properties,
        })
    }

    pub fn spec(&self) -> &ScanSpec {
        &self.spec
    }

    pub fn projection(&self) -> Option<&Vec<usize>> {
        self.projection.as_ref()
    }
}

impl DisplayAs for SampleExec {
    fn fmt_as(&self, _: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        let files: usize = self.spec.groups.iter().map(Vec::len).sum();
        write!(
            f,
            "SampleExec: {} files in {} groups, store={}",
            files,
            self.spec.groups.len(),
            self.spec.store
        )
    }
}

impl ExecutionPlan for SampleExec {
    fn name(&self) -> &str {
        "SampleExec"
    }

    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        &self.properties
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![]
    }

    fn apply_expressions(
        &self,
        _f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> Result<TreeNodeRecursion>,
    ) -> Result<TreeNodeRecursion> {
        Ok(TreeNodeRecursion::Continue)
    }

    fn with_new_children(
        self: Arc<Self>,
        _children: Vec<Arc<dyn ExecutionPlan>>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        Ok(self)
    }

    fn execute(
        &self,
        partition: usize,
        context: Arc<TaskContext>,
    ) -> Result<SendableRecordBatchStream> {
        let group = self.spec.group(partition);
        let schema = self.schema.clone();
        let Some(exec) = group.exec(None).map_err(spec_error)? else {
            return Ok(Box::pin(RecordBatchStreamAdapter::new(
                schema,
                futures::stream::empty(),
            )));
        };
        let stream = exec.execute(0, context)?;
        let projection = self.projection.clone();
        let projected = stream.map(move |batch| match &projection {
            Some(p) => Ok(batch?.project(p)?),
            None => batch,
        });
        Ok(Box::pin(RecordBatchStreamAdapter::new(schema, projected)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::DetectorSet;
    use crate::detect::aggregate::{DetectAccumulator, DetectUdaf};
    use crate::sample::{FILE_COLUMN, ScanFile, ScanFormat};
    use datafusion::arrow::array::AsArray;
    use datafusion::prelude::{SessionContext, ident};

    /// Read through a `SampleTable` and `fenji_detect` grouped by file, on
    /// this machine: each file is read once, in one partition per file.
    #[tokio::test]
    async fn each_file_is_read_once() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("corpus/lake/partitioned/jiaotong_pass");
        let mut files = Vec::new();
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            for f in std::fs::read_dir(&p).unwrap() {
                files.push(f.unwrap().path());
            }
        }
        files.sort();
        let first = std::fs::File::open(&files[0]).unwrap();
        let reader =
            datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(
                first,
            )
            .unwrap();
        let schema = reader.schema().clone();
        let groups: Vec<Vec<ScanFile>> = files
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let meta = std::fs::metadata(f).unwrap();
                vec![ScanFile {
                    location: object_store::path::Path::from_absolute_path(f)
                        .unwrap()
                        .as_ref()
                        .to_string(),
                    size: meta.len(),
                    last_modified: "2026-01-01T00:00:00Z".into(),
                    e_tag: None,
                    version: None,
                    index: i as u32,
                    range: None,
                    selection: None,
                    schema: None,
                }]
            })
            .collect();
        let spec = ScanSpec {
            store: "file:///".into(),
            format: ScanFormat::Parquet,
            compression: "none".into(),
            schema: crate::sample::spec::schema_to_hex(&schema).unwrap(),
            groups,
            limit: None,
        };
        let set = Arc::new(DetectorSet::load(None).unwrap());
        let udaf = DetectUdaf::udaf(set.clone());
        let ctx = SessionContext::new_with_config(
            datafusion::prelude::SessionConfig::new().with_target_partitions(3),
        );
        let table = Arc::new(SampleTable::new(spec).unwrap());
        let plan = ctx
            .read_table(table)
            .unwrap()
            .aggregate(
                vec![ident(FILE_COLUMN)],
                vec![udaf.call(vec![ident("hphm")])],
            )
            .unwrap()
            .create_physical_plan()
            .await
            .unwrap();
        // Through the codec, as Ballista ships it.
        use datafusion_proto::physical_plan::AsExecutionPlan;
        let codec = crate::distributed::FenjiCodec::new(set.clone());
        let node =
            datafusion_proto::protobuf::PhysicalPlanNode::try_from_physical_plan(plan, &codec)
                .unwrap();
        let plan = node
            .try_into_physical_plan(&ctx.task_ctx(), &codec)
            .unwrap();
        eprintln!(
            "{}",
            datafusion::physical_plan::displayable(plan.as_ref()).indent(true)
        );
        let out = datafusion::physical_plan::collect(plan, ctx.task_ctx())
            .await
            .unwrap();
        let mut rows = 0;
        for b in &out {
            let col = b.column(1).as_binary::<i32>();
            for i in 0..b.num_rows() {
                rows += DetectAccumulator::decode(&set, col.value(i)).unwrap().rows;
            }
        }
        assert_eq!(rows, 2400);
    }
}
