//! Delta Lake tables: a folder with a `_delta_log/` is one dataset, read at
//! its current snapshot only. The log is read with `deltalake-core` over the
//! source's own (counting) object store; files the log has removed are not
//! scanned, however many of them are still in the folder.

use std::collections::BTreeSet;
use std::sync::{Arc, Once};

use deltalake_core::logstore::{
    LogStore, LogStoreFactory, ObjectStoreRef, StorageConfig, default_logstore, logstore_factories,
};
use deltalake_core::{DeltaResult, DeltaTableBuilder};
use object_store::path::Path;

use super::{Dataset, SourceError, first_line};

/// deltalake-core knows only `file://` and `memory://` tables unless a
/// crate for a cloud (deltalake-aws, ...) registers its scheme. fenji hands
/// it the scan's own S3 store and only reads, so the default log store does.
struct ReadOnly;

impl LogStoreFactory for ReadOnly {
    fn with_options(
        &self,
        prefixed_store: ObjectStoreRef,
        root_store: ObjectStoreRef,
        location: &url::Url,
        options: &StorageConfig,
    ) -> DeltaResult<Arc<dyn LogStore>> {
        Ok(default_logstore(
            prefixed_store,
            root_store,
            location,
            options,
        ))
    }
}

fn register_s3() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let s3 = url::Url::parse("s3://").expect("a URL");
        if !logstore_factories().contains_key(&s3) {
            logstore_factories().insert(s3, Arc::new(ReadOnly));
        }
    });
}

/// Keep only the files of the table's current snapshot; the number dropped.
pub async fn snapshot(ds: &mut Dataset) -> Result<usize, SourceError> {
    let Some(root) = ds.delta_root.clone() else {
        return Ok(0);
    };
    register_s3();
    let err = |m: String| SourceError::new(&ds.uri, m);
    let url = url::Url::parse(&format!(
        "{}{}",
        ds.source.store_url.as_str(),
        root.as_ref()
    ))
    .map_err(|e| err(format!("not a table URL: {e}")))?;
    let table = DeltaTableBuilder::from_url(url.clone())
        .map_err(|e| err(first_line(&e.to_string())))?
        .with_storage_backend(ds.source.store.clone(), url)
        .load()
        .await
        .map_err(|e| err(format!("Delta log: {}", first_line(&e.to_string()))))?;
    let snapshot = table
        .snapshot()
        .map_err(|e| err(format!("Delta log: {}", first_line(&e.to_string()))))?;
    let active: BTreeSet<String> = snapshot
        .log_data()
        .into_iter()
        .map(|add| {
            let rel = add.object_store_path();
            Path::from_iter(root.parts().chain(rel.parts())).to_string()
        })
        .collect();
    let before = ds.files.len();
    ds.files
        .retain(|f| active.contains(f.meta.location.as_ref()));
    if ds.files.len() < active.len() {
        return Err(err(format!(
            "the Delta log lists {} files, {} of them are missing",
            active.len(),
            active.len() - ds.files.len()
        )));
    }
    Ok(before - ds.files.len())
}
