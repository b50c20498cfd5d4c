//! Detection as a DataFusion aggregate: `fenji_detect(column)`.
//!
//! Its state is a [`ColumnEvidence`]: counts that add, and bounded samples
//! (distinct sketch, examples) that keep the smallest keys of their union.
//! States therefore merge in any order, so one machine's partitions and a
//! cluster's executors give the same evidence however the rows were split.
//! The state travels as Arrow scalars: the row counts as `UInt64`, the
//! per-type tallies as one `Binary` (JSON, types by detector id).
//!
//! The single-machine scan runs the same accumulator: [`DetectAccumulator`]
//! per column and batch, merged with [`DetectAccumulator::merge_evidence`],
//! which is what `merge_batch` does with a decoded state.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef, UInt64Type};
use datafusion::common::{DataFusionError, Result, ScalarValue};
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::utils::format_state_name;
use datafusion::logical_expr::{
    Accumulator, AggregateUDF, AggregateUDFImpl, Signature, Volatility,
};

use super::{ColumnEvidence, DetectorSet, EvidenceWire, Scratch, TypeTally};

/// The aggregate's name in SQL and in serialised plans.
pub const NAME: &str = "fenji_detect";

/// The counters of a state, in order; the tallies follow as `types`.
const COUNTERS: [&str; 8] = [
    "rows",
    "non_null",
    "values_cut",
    "binary_utf8",
    "binary_gb18030",
    "binary_not_text",
    "dates",
    "dates_with_time",
];

/// `fenji_detect(column) -> Binary`: the column's evidence as JSON
/// ([`EvidenceWire`]).
pub struct DetectUdaf {
    set: Arc<DetectorSet>,
    /// The values to count when seen (the client's key-entity list).
    watch: Arc<super::Watch>,
    /// Which detectors (the report's `scan.hashes.detectors`): two instances
    /// are the same function when these agree.
    fingerprint: String,
    signature: Signature,
}

impl DetectUdaf {
    pub fn new(set: Arc<DetectorSet>) -> Self {
        let watch = set.watch_list();
        Self::watching(set, watch)
    }

    /// Counting the values on `watch` (an executor's aggregate with the
    /// client's list).
    pub fn watching(set: Arc<DetectorSet>, watch: Arc<super::Watch>) -> Self {
        let fingerprint = set.fingerprint();
        DetectUdaf {
            set,
            watch,
            fingerprint,
            signature: Signature::any(1, Volatility::Immutable),
        }
    }

    pub fn udaf(set: Arc<DetectorSet>) -> AggregateUDF {
        AggregateUDF::new_from_impl(Self::new(set))
    }

    /// The values it counts when seen.
    pub fn watch(&self) -> &Arc<super::Watch> {
        &self.watch
    }

    pub fn udaf_watching(set: Arc<DetectorSet>, watch: Arc<super::Watch>) -> AggregateUDF {
        AggregateUDF::new_from_impl(Self::watching(set, watch))
    }
}

impl std::fmt::Debug for DetectUdaf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DetectUdaf")
            .field("detectors", &self.fingerprint)
            .finish_non_exhaustive()
    }
}

impl PartialEq for DetectUdaf {
    fn eq(&self, other: &Self) -> bool {
        self.fingerprint == other.fingerprint && self.watch == other.watch
    }
}

impl Eq for DetectUdaf {}

impl std::hash::Hash for DetectUdaf {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.fingerprint.hash(state);
    }
}

impl AggregateUDFImpl for DetectUdaf {
    fn name(&self) -> &str {
        NAME
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(DataType::Binary)
    }

    fn accumulator(&self, _: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        Ok(Box::new(DetectAccumulator::watching(
            self.set.clone(),
            self.watch.clone(),
        )))
    }

    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        let mut fields: Vec<FieldRef> = COUNTERS
            .iter()
            .map(|c| {
                Arc::new(Field::new(
                    format_state_name(args.name, c),
                    DataType::UInt64,
                    true,
                ))
            })
            .collect();
        fields.push(Arc::new(Field::new(
            format_state_name(args.name, "types"),
            DataType::Binary,
            true,
        )));
        fields.push(Arc::new(Field::new(
            format_state_name(args.name, "newest"),
            DataType::Int64,
            true,
        )));
        Ok(fields)
    }
}

/// One column's evidence as it accumulates.
pub struct DetectAccumulator {
    set: Arc<DetectorSet>,
    evidence: ColumnEvidence,
    scratch: Scratch,
}

impl std::fmt::Debug for DetectAccumulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DetectAccumulator")
            .field("rows", &self.evidence.rows)
            .finish_non_exhaustive()
    }
}

fn state_error(e: impl std::fmt::Display) -> DataFusionError {
    DataFusionError::Execution(format!("{NAME} state: {e}"))
}

impl DetectAccumulator {
    pub fn new(set: Arc<DetectorSet>) -> Self {
        let watch = set.watch_list();
        Self::watching(set, watch)
    }

    /// Counting the values on `watch` instead of the set's list.
    pub fn watching(set: Arc<DetectorSet>, watch: Arc<super::Watch>) -> Self {
        let evidence = ColumnEvidence::new(set.len());
        DetectAccumulator {
            set,
            evidence,
            scratch: Scratch::watching(watch),
        }
    }

    /// Add one array's values.
    pub fn observe(&mut self, array: &ArrayRef) {
        self.set
            .observe_array(array, &mut self.evidence, &mut self.scratch);
    }

    /// Merge another part's evidence (what `merge_batch` does per state row).
    pub fn merge_evidence(&mut self, other: &ColumnEvidence) {
        self.evidence.merge(other);
    }

    pub fn evidence(&self) -> &ColumnEvidence {
        &self.evidence
    }

    pub fn into_evidence(self) -> ColumnEvidence {
        self.evidence
    }

    /// Decode the evidence a `fenji_detect` result (or a `types` state) holds.
    pub fn decode(set: &DetectorSet, bytes: &[u8]) -> Result<ColumnEvidence> {
        let wire: EvidenceWire = serde_json::from_slice(bytes).map_err(state_error)?;
        ColumnEvidence::from_wire(&wire, set).map_err(state_error)
    }
}

impl Accumulator for DetectAccumulator {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        if let Some(array) = values.first() {
            self.observe(array);
        }
        Ok(())
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        let wire = self.evidence.to_wire(&self.set);
        let bytes = serde_json::to_vec(&wire).map_err(state_error)?;
        Ok(ScalarValue::Binary(Some(bytes)))
    }

    fn size(&self) -> usize {
        let tallies: usize = self
            .evidence
            .tallies
            .iter()
            .map(|t| {
                std::mem::size_of::<TypeTally>()
                    + t.distinct.capacity() * 2
                    + t.evidence
                        .iter()
                        .map(|e| e.1.capacity() + 24)
                        .sum::<usize>()
            })
            .sum();
        std::mem::size_of_val(self) + tallies
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        let e = &self.evidence;
        let counters = [
            e.rows,
            e.non_null,
            e.values_cut,
            e.binary.utf8,
            e.binary.gb18030,
            e.binary.not_text,
            e.temporal.values,
            e.temporal.with_time,
        ];
        let types = serde_json::to_vec(&e.types_by_id(&self.set)).map_err(state_error)?;
        let mut state: Vec<ScalarValue> = counters
            .iter()
            .map(|&n| ScalarValue::UInt64(Some(n)))
            .collect();
        state.push(ScalarValue::Binary(Some(types)));
        state.push(ScalarValue::Int64(e.temporal.newest));
        Ok(state)
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        if states.len() != COUNTERS.len() + 2 {
            return Err(state_error(format!("{} state columns", states.len())));
        }
        let counters: Vec<_> = states[..COUNTERS.len()]
            .iter()
            .map(|a| {
                a.as_primitive_opt::<UInt64Type>()
                    .ok_or_else(|| state_error("counter type"))
            })
            .collect::<Result<_>>()?;
        let types = states[COUNTERS.len()]
            .as_binary_opt::<i32>()
            .ok_or_else(|| state_error("types type"))?;
        let newest = states[COUNTERS.len() + 1]
            .as_primitive_opt::<datafusion::arrow::datatypes::Int64Type>()
            .ok_or_else(|| state_error("newest type"))?;
        for row in 0..types.len() {
            if types.is_null(row) {
                continue;
            }
            let n = |k: usize| counters[k].value(row);
            let mut part = ColumnEvidence::new(self.set.len());
            part.rows = n(0);
            part.non_null = n(1);
            part.values_cut = n(2);
            part.binary.utf8 = n(3);
            part.binary.gb18030 = n(4);
            part.binary.not_text = n(5);
            part.temporal.values = n(6);
            part.temporal.with_time = n(7);
            part.temporal.newest = (!newest.is_null(row)).then(|| newest.value(row));
            let tallies = serde_json::from_slice(types.value(row)).map_err(state_error)?;
            part.add_types(&tallies, &self.set).map_err(state_error)?;
            self.evidence.merge(&part);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::{RecordBatch, StringArray};
    use datafusion::arrow::datatypes::Schema;
    use datafusion::datasource::MemTable;
    use datafusion::prelude::{SessionConfig, SessionContext};

    /// Every detector file's examples, and 400 distinct mobiles (more than
    /// the distinct sketch and example lists keep).
    fn values(set: &DetectorSet) -> Vec<Option<String>> {
        let mut v: Vec<Option<String>> = Vec::new();
        for d in &set.detectors {
            let e = &d.def.examples;
            for x in e.positive.iter().chain(&e.negative).chain(&e.masked) {
                v.push(Some(x.clone()));
            }
        }
        for i in 0..400u64 {
            v.push(Some(format!("138{:08}", i * 7919 % 100_000_000)));
            if i % 9 == 0 {
                v.push(None);
            }
            // Dates, with and without a time of day (the state's `newest`).
            if i % 10 == 0 {
                v.push(Some(format!(
                    "20{:02}-{:02}-{:02} {:02}:30",
                    i % 25,
                    i % 12 + 1,
                    i % 28 + 1,
                    i % 24
                )));
                v.push(Some(format!("19{:02}-06-15", 50 + i % 40)));
            }
        }
        v
    }

    /// `fenji_detect` over `rows` split into `parts` partitions of 7-row
    /// batches, run through DataFusion's aggregate (partial states merged
    /// by the final aggregate when there are several partitions).
    async fn detect(set: &Arc<DetectorSet>, rows: &[Option<String>], parts: usize) -> Vec<u8> {
        let ctx =
            SessionContext::new_with_config(SessionConfig::new().with_target_partitions(parts));
        let udaf = DetectUdaf::udaf(set.clone());
        let schema = Arc::new(Schema::new(vec![Field::new("v", DataType::Utf8, true)]));
        let mut partitions: Vec<Vec<RecordBatch>> = vec![Vec::new(); parts];
        let share = rows.len().div_ceil(parts);
        for (p, chunk) in rows.chunks(share).enumerate() {
            for batch in chunk.chunks(7) {
                let array = StringArray::from_iter(batch.iter().map(|x| x.as_deref()));
                let b = RecordBatch::try_new(schema.clone(), vec![Arc::new(array)]).unwrap();
                partitions[p].push(b);
            }
        }
        let table = MemTable::try_new(schema, partitions).unwrap();
        ctx.register_table("t", Arc::new(table)).unwrap();
        let out = ctx
            .table("t")
            .await
            .unwrap()
            .aggregate(vec![], vec![udaf.call(vec![datafusion::prelude::col("v")])])
            .unwrap()
            .collect()
            .await
            .unwrap();
        out[0].column(0).as_binary::<i32>().value(0).to_vec()
    }

    #[tokio::test]
    async fn evidence_is_the_same_whatever_the_partitioning_and_order() {
        let set = Arc::new(DetectorSet::load(None).unwrap());
        let rows = values(&set);
        let one = detect(&set, &rows, 1).await;
        let ev = DetectAccumulator::decode(&set, &one).unwrap();
        let mobile = &ev.tallies[set.index_of("cn_mobile").unwrap()];
        assert!(mobile.validated >= 400, "{mobile:?}");
        assert_eq!(mobile.distinct.len(), crate::detect::DISTINCT_CAP);
        assert_eq!(mobile.evidence.len(), crate::detect::EVIDENCE_PER_TYPE);
        assert_eq!(ev.temporal.values, 80, "{:?}", ev.temporal);
        assert!(ev.temporal.newest.is_some() && ev.temporal.with_time > 0);
        // The latest birth month of the plain 18-digit resident IDs among the values.
        let want = rows
            .iter()
            .flatten()
            .filter(|v| v.len() == 18)
            .filter(|v| crate::detect::validate::cn_resident_id(v).validated())
            .filter_map(|v| v[6..12].parse::<u32>().ok())
            .max()
            .unwrap();
        let resident = &ev.tallies[set.index_of("cn_resident_id").unwrap()];
        assert_eq!(resident.latest_birth, want, "{resident:?}");
        let mut reversed = rows.clone();
        reversed.reverse();
        // Every third value first, then the rest: another order again.
        let mut interleaved: Vec<_> = rows.iter().step_by(3).cloned().collect();
        interleaved.extend(
            rows.iter()
                .enumerate()
                .filter(|(i, _)| i % 3 != 0)
                .map(|x| x.1.clone()),
        );
        for parts in [1, 2, 8] {
            for order in [&rows, &reversed, &interleaved] {
                let got = detect(&set, order, parts).await;
                assert!(got == one, "{parts} partitions: evidence differs");
            }
        }
        // The single-machine path: batch by batch, merged in any order.
        let mut acc = DetectAccumulator::new(set.clone());
        for chunk in rows.chunks(50).rev() {
            let mut part = DetectAccumulator::new(set.clone());
            part.observe(
                &(Arc::new(StringArray::from_iter(chunk.iter().map(|x| x.as_deref()))) as ArrayRef),
            );
            acc.merge_evidence(part.evidence());
        }
        let ScalarValue::Binary(Some(bytes)) = acc.evaluate().unwrap() else {
            panic!("not binary")
        };
        assert!(bytes == one, "single-machine merge differs");
    }

    #[test]
    fn state_round_trips_through_arrow() {
        let set = Arc::new(DetectorSet::load(None).unwrap());
        let rows = values(&set);
        let array: ArrayRef = Arc::new(StringArray::from_iter(rows.iter().map(|x| x.as_deref())));
        let mut a = DetectAccumulator::new(set.clone());
        a.update_batch(&[array]).unwrap();
        let state = a.state().unwrap();
        let arrays: Vec<ArrayRef> = state.iter().map(|s| s.to_array().unwrap()).collect();
        let mut b = DetectAccumulator::new(set.clone());
        b.merge_batch(&arrays).unwrap();
        assert_eq!(a.evidence(), b.evidence());
        // A state with a type this set does not know is an error, not a panic.
        let mut bad = state.clone();
        bad[6] = ScalarValue::Binary(Some(br#"{"no_such_type":{"matches":1}}"#.to_vec()));
        let arrays: Vec<ArrayRef> = bad.iter().map(|s| s.to_array().unwrap()).collect();
        assert!(b.merge_batch(&arrays).is_err());
    }
}
