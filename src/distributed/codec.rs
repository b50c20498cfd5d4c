//! Serialising fenji's nodes for Ballista: [`SampleExec`] as its spec (JSON)
//! and `fenji_detect` by name and detector fingerprint; everything else goes
//! to Ballista's own codec.

use std::sync::Arc;

use ballista_core::serde::BallistaPhysicalExtensionCodec;
use datafusion::common::{DataFusionError, Result};
use datafusion::execution::TaskContext;
use datafusion::logical_expr::{AggregateUDF, ScalarUDF, WindowUDF};
use datafusion::physical_plan::ExecutionPlan;
use datafusion_proto::physical_plan::{PhysicalExtensionCodec, PhysicalProtoConverterExtension};
use serde::{Deserialize, Serialize};

use super::SampleExec;
use crate::detect::DetectorSet;
use crate::detect::aggregate::{self, DetectUdaf};
use crate::sample::ScanSpec;

/// Starts every fenji payload. `F` (0x46) would be field 8 with wire type 6
/// in protobuf, which does not exist: Ballista's own payloads never start so.
const MAGIC: &[u8] = b"FENJI\x01";

#[derive(Serialize, Deserialize)]
struct SampleNode {
    spec: ScanSpec,
    projection: Option<Vec<usize>>,
}

/// Ballista's physical codec, with fenji's sample scan and aggregate.
pub struct FenjiCodec {
    inner: BallistaPhysicalExtensionCodec,
    set: Arc<DetectorSet>,
}

impl std::fmt::Debug for FenjiCodec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FenjiCodec")
            .field("detectors", &self.set.fingerprint())
            .finish_non_exhaustive()
    }
}

impl FenjiCodec {
    pub fn new(set: Arc<DetectorSet>) -> Self {
        FenjiCodec {
            inner: BallistaPhysicalExtensionCodec::default(),
            set,
        }
    }
}

fn codec_error(e: impl std::fmt::Display) -> DataFusionError {
    DataFusionError::Execution(format!("fenji codec: {e}"))
}

impl PhysicalExtensionCodec for FenjiCodec {
    fn try_decode(
        &self,
        buf: &[u8],
        inputs: &[Arc<dyn ExecutionPlan>],
        ctx: &TaskContext,
        conv: &dyn PhysicalProtoConverterExtension,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        if let Some(payload) = buf.strip_prefix(MAGIC) {
            let node: SampleNode = serde_json::from_slice(payload).map_err(codec_error)?;
            return Ok(Arc::new(SampleExec::new(node.spec, node.projection)?));
        }
        self.inner.try_decode(buf, inputs, ctx, conv)
    }

    fn try_encode(
        &self,
        node: Arc<dyn ExecutionPlan>,
        buf: &mut Vec<u8>,
        conv: &dyn PhysicalProtoConverterExtension,
    ) -> Result<()> {
        if let Some(exec) = node.downcast_ref::<SampleExec>() {
            buf.extend_from_slice(MAGIC);
            let node = SampleNode {
                spec: exec.spec().clone(),
                projection: exec.projection().cloned(),
            };
            return serde_json::to_writer(&mut *buf, &node).map_err(codec_error);
        }
        self.inner.try_encode(node, buf, conv)
    }

    fn try_decode_udaf(&self, name: &str, buf: &[u8]) -> Result<Arc<AggregateUDF>> {
        if name == aggregate::NAME {
            // The client's detectors must be this side's: the fingerprint
            // says. Its watch list (key-entity USCCs) follows on the next line.
            let text = std::str::from_utf8(buf).unwrap_or_default();
            let (theirs, watch) = text.split_once('\n').unwrap_or((text, ""));
            let ours = self.set.fingerprint();
            if theirs != ours {
                return Err(codec_error(format!(
                    "{name}: the client's detectors ({theirs}) are not this executor's ({ours}); \
                     run the same fenji version with the same --detectors"
                )));
            }
            if watch.is_empty() {
                return Ok(Arc::new(DetectUdaf::udaf(self.set.clone())));
            }
            let wire: std::collections::BTreeMap<String, Vec<u64>> =
                serde_json::from_str(watch).map_err(|e| codec_error(format!("{name}: {e}")))?;
            let watch = crate::detect::Watch::from_wire(&wire, &self.set).map_err(codec_error)?;
            return Ok(Arc::new(DetectUdaf::udaf_watching(
                self.set.clone(),
                Arc::new(watch),
            )));
        }
        self.inner.try_decode_udaf(name, buf)
    }

    fn try_encode_udaf(&self, node: &AggregateUDF, buf: &mut Vec<u8>) -> Result<()> {
        if node.name() == aggregate::NAME {
            buf.extend_from_slice(self.set.fingerprint().as_bytes());
            if let Some(udaf) = node.inner().downcast_ref::<DetectUdaf>()
                && !udaf.watch().is_empty()
            {
                let wire = udaf.watch().to_wire(&self.set);
                buf.push(b'\n');
                buf.extend_from_slice(
                    &serde_json::to_vec(&wire).map_err(|e| codec_error(e.to_string()))?,
                );
            }
            return Ok(());
        }
        self.inner.try_encode_udaf(node, buf)
    }

    fn try_decode_udf(&self, name: &str, buf: &[u8]) -> Result<Arc<ScalarUDF>> {
        self.inner.try_decode_udf(name, buf)
    }

    fn try_encode_udf(&self, node: &ScalarUDF, buf: &mut Vec<u8>) -> Result<()> {
        self.inner.try_encode_udf(node, buf)
    }

    fn try_decode_udwf(&self, name: &str, buf: &[u8]) -> Result<Arc<WindowUDF>> {
        self.inner.try_decode_udwf(name, buf)
    }

    fn try_encode_udwf(&self, node: &WindowUDF, buf: &mut Vec<u8>) -> Result<()> {
        self.inner.try_encode_udwf(node, buf)
    }
}
