//! Tables found the way catalogue crawlers find them: files in one folder
//! with the same format and the same schema are one table, whatever their
//! names (`part-*`, `000000_0`, `data_0`, uuids, `0.parquet`); files with
//! other schemas stay datasets of their own. Files without an extension are
//! identified by their content first: Parquet by its `PAR1` magic, gzip,
//! zstd and bzip2 by theirs, the rest as delimited text (sniffed when planned).

use std::collections::BTreeMap;

use datafusion::datasource::physical_plan::parquet::metadata::DFParquetMetadata;
use datafusion::prelude::SessionContext;
use futures::StreamExt;
use object_store::ObjectStoreExt;

use super::text;
use crate::source::{Compression, DataFile, Dataset, Format};

/// Find what an extensionless file holds from its first and last bytes.
async fn identify(ds: &mut Dataset) {
    let Some(f) = ds.files.first() else { return };
    if f.meta.size < 4 {
        return;
    }
    let head = ds.source.store.get_range(&f.meta.location, 0..4).await;
    let Ok(head) = head else { return };
    if head.starts_with(b"PAR1") {
        ds.format = Format::Parquet;
        ds.sniff = false;
        return;
    }
    for c in [Compression::Gzip, Compression::Zstd, Compression::Bzip2] {
        if text::magic_ok(c, &head) {
            ds.compression = c;
        }
    }
}

/// What makes two files one table: their columns (and, for text, how they
/// are delimited). `None` when the file cannot be read: it stays alone and
/// its planning reports why.
async fn signature(ds: &mut Dataset, ctx: &SessionContext) -> Option<String> {
    let f = ds.files.first()?;
    match ds.format {
        Format::Parquet => {
            let cache = ctx.runtime_env().cache_manager.get_file_metadata_cache();
            let md = DFParquetMetadata::new(ds.source.store.as_ref(), &f.meta)
                .with_file_metadata_cache(Some(cache))
                .fetch_metadata()
                .await
                .ok()?;
            let columns: Vec<String> = md
                .file_metadata()
                .schema_descr()
                .columns()
                .iter()
                .map(|c| format!("{}:{}", c.path().string(), c.physical_type()))
                .collect();
            Some(columns.join(","))
        }
        Format::Csv | Format::Json => text::signature(ds).await,
        Format::Spreadsheet => None,
    }
}

/// Merge the one-file datasets of a listing into tables where their folder,
/// format and schema agree.
pub async fn tables(
    datasets: Vec<Dataset>,
    ctx: &SessionContext,
    known: &(dyn Fn(&Dataset) -> Option<String> + Sync),
) -> Vec<Dataset> {
    // Extensionless files first: what they are decides their group.
    let datasets: Vec<Dataset> = futures::stream::iter(datasets)
        .map(|mut ds| async move {
            if ds.identify {
                identify(&mut ds).await;
            }
            ds
        })
        .buffered(16)
        .collect()
        .await;
    // Candidates: one-file datasets sharing a folder and a kind with another.
    type Kind = (String, String, Format, Compression, bool);
    let kind = |ds: &Dataset| -> Option<Kind> {
        if ds.files.len() != 1
            || ds.format == Format::Spreadsheet
            || !ds.partitions.is_empty()
            || ds.delta_root.is_some()
        {
            return None;
        }
        let folder = ds.key.rsplit_once('/').map_or("", |(f, _)| f).to_string();
        Some((
            ds.source.display.clone(),
            folder,
            ds.format,
            ds.compression,
            ds.sniff,
        ))
    };
    let mut counts: BTreeMap<Kind, usize> = BTreeMap::new();
    // Folders whose every candidate file is unchanged since the baseline are
    // grouped as the baseline grouped them, without reading a byte.
    let mut all_known: BTreeMap<Kind, bool> = BTreeMap::new();
    for ds in &datasets {
        if let Some(k) = kind(ds) {
            *counts.entry(k.clone()).or_default() += 1;
            *all_known.entry(k).or_insert(true) &= known(ds).is_some();
        }
    }
    let signed: Vec<(Dataset, Option<(Kind, String)>)> = futures::stream::iter(datasets)
        .map(|ds| {
            let k = kind(&ds).filter(|k| counts[k] > 1);
            let unchanged = k.as_ref().is_some_and(|k| all_known[k]);
            async move {
                let mut ds = ds;
                let sig = match k {
                    Some(k) if unchanged => known(&ds).map(|t| (k, format!("baseline:{t}"))),
                    Some(k) => signature(&mut ds, ctx).await.map(|s| (k, s)),
                    None => None,
                };
                (ds, sig)
            }
        })
        .buffered(16)
        .collect()
        .await;
    let mut groups: BTreeMap<(Kind, String), Vec<Dataset>> = BTreeMap::new();
    let mut out = Vec::new();
    for (ds, sig) in signed {
        match sig {
            Some(key) => groups.entry(key).or_default().push(ds),
            None => out.push(ds),
        }
    }
    // Folders holding more than one multi-file table name each by its files.
    let mut tables_in: BTreeMap<(String, String), usize> = BTreeMap::new();
    for ((k, _), members) in &groups {
        if members.len() > 1 {
            *tables_in.entry((k.0.clone(), k.1.clone())).or_default() += 1;
        }
    }
    for ((k, _), mut members) in groups {
        if members.len() == 1 {
            out.extend(members);
            continue;
        }
        members.sort_by(|a, b| a.uri.cmp(&b.uri));
        let first = members[0].clone();
        let folder_uri = if k.1.is_empty() {
            first.source.display.clone()
        } else {
            format!("{}/{}", first.source.display, k.1)
        };
        let shared = tables_in[&(k.0.clone(), k.1.clone())] > 1;
        let (uri, key) = if shared {
            // Several tables in one folder: each named by its first and last
            // file (`folder/a_0.csv..a_9.csv`), unique since no file is in two.
            let name = |m: &Dataset| m.key.rsplit('/').next().unwrap_or("").to_string();
            let span = format!(
                "{}..{}",
                name(&members[0]),
                name(&members[members.len() - 1])
            );
            let key = if k.1.is_empty() {
                span.clone()
            } else {
                format!("{}/{span}", k.1)
            };
            (format!("{folder_uri}/{span}"), key)
        } else if k.1.is_empty() {
            (
                format!("{}/", first.source.display),
                crate::source::root_name(&first.source),
            )
        } else {
            (format!("{folder_uri}/"), k.1.clone())
        };
        // A table samples a few of its files: their heads are not kept.
        let files = members
            .into_iter()
            .flat_map(|m| m.files)
            .map(|f| DataFile { head: None, ..f })
            .collect();
        out.push(Dataset {
            uri,
            key,
            files,
            ..first
        });
    }
    out.sort_by(|a, b| a.uri.cmp(&b.uri));
    // Heads kept for planning stay within a bound, however many files listing read.
    let mut kept = 0usize;
    for f in out.iter_mut().flat_map(|d| d.files.iter_mut()) {
        if let Some(h) = &f.head {
            kept += h.len();
            if kept > MAX_HEADS {
                f.head = None;
            }
        }
    }
    out
}

/// Most bytes of file heads kept from listing for planning to reuse.
const MAX_HEADS: usize = 64 << 20;
