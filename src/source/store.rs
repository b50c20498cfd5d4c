//! A counting wrapper around an [`ObjectStore`]: every byte and request that
//! reaches the store is measured here, so `scan.io` reports real I/O for local
//! files and S3 alike.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use bytes::Bytes;
use futures::StreamExt;
use futures::stream::BoxStream;
use object_store::path::Path;
use object_store::{
    CopyOptions, GetOptions, GetResult, GetResultPayload, ListResult, MultipartUpload, ObjectMeta,
    ObjectStore, PutMultipartOptions, PutOptions, PutPayload, PutResult, Result,
};

/// Requests and bytes read through a [`CountingStore`], in all and per object.
#[derive(Debug, Default)]
pub struct IoCounters {
    requests: AtomicU64,
    bytes_read: AtomicU64,
    /// Bytes per (store, object path).
    by_object: Mutex<HashMap<(String, String), u64>>,
}

impl IoCounters {
    /// Bytes read of one object of the store labelled `store` (its URL).
    pub fn bytes_of(&self, store: &str, location: &Path) -> u64 {
        let key = (store.to_string(), location.to_string());
        self.by_object
            .lock()
            .map_or(0, |m| m.get(&key).copied().unwrap_or(0))
    }
    /// `n` bytes read of the object `key` (store URL, path): in all and per object.
    fn read(&self, key: &(String, String), n: u64) {
        self.bytes_read.fetch_add(n, Ordering::Relaxed);
        if let Ok(mut m) = self.by_object.lock() {
            match m.get_mut(key) {
                Some(b) => *b += n,
                None => {
                    m.insert(key.clone(), n);
                }
            }
        }
    }
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read.load(Ordering::Relaxed)
    }
    fn request(&self) {
        self.requests.fetch_add(1, Ordering::Relaxed);
    }
}

/// Forwards everything to `inner`, counting read requests and the bytes they
/// return, in all and per object of the store labelled `label` (its URL).
#[derive(Debug)]
pub struct CountingStore {
    inner: Arc<dyn ObjectStore>,
    counters: Arc<IoCounters>,
    label: String,
}

impl CountingStore {
    pub fn new(inner: Arc<dyn ObjectStore>, counters: Arc<IoCounters>, label: &str) -> Self {
        Self {
            inner,
            counters,
            label: label.to_string(),
        }
    }
}

impl CountingStore {
    fn key(&self, location: &Path) -> (String, String) {
        (self.label.clone(), location.to_string())
    }
}

impl fmt::Display for CountingStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Counting({})", self.inner)
    }
}

#[async_trait]
impl ObjectStore for CountingStore {
    async fn put_opts(
        &self,
        location: &Path,
        payload: PutPayload,
        opts: PutOptions,
    ) -> Result<PutResult> {
        self.inner.put_opts(location, payload, opts).await
    }

    async fn put_multipart_opts(
        &self,
        location: &Path,
        opts: PutMultipartOptions,
    ) -> Result<Box<dyn MultipartUpload>> {
        self.inner.put_multipart_opts(location, opts).await
    }

    async fn get_opts(&self, location: &Path, options: GetOptions) -> Result<GetResult> {
        self.counters.request();
        let head = options.head;
        let mut result = self.inner.get_opts(location, options).await?;
        if head {
            return Ok(result);
        }
        match result.payload {
            GetResultPayload::Stream(stream) => {
                let counters = Arc::clone(&self.counters);
                let key = self.key(location);
                result.payload = GetResultPayload::Stream(
                    stream
                        .inspect(move |chunk| {
                            if let Ok(bytes) = chunk {
                                counters.read(&key, bytes.len() as u64);
                            }
                        })
                        .boxed(),
                );
            }
            // A local file handle: the caller reads exactly `range` from it.
            GetResultPayload::File(..) => {
                let n = result.range.end - result.range.start;
                self.counters.read(&self.key(location), n);
            }
        }
        Ok(result)
    }

    async fn get_ranges(&self, location: &Path, ranges: &[Range<u64>]) -> Result<Vec<Bytes>> {
        self.counters.request();
        let out = self.inner.get_ranges(location, ranges).await?;
        let n = out.iter().map(|b| b.len() as u64).sum::<u64>();
        self.counters.read(&self.key(location), n);
        Ok(out)
    }

    fn delete_stream(
        &self,
        locations: BoxStream<'static, Result<Path>>,
    ) -> BoxStream<'static, Result<Path>> {
        self.inner.delete_stream(locations)
    }

    fn list(&self, prefix: Option<&Path>) -> BoxStream<'static, Result<ObjectMeta>> {
        self.counters.request();
        self.inner.list(prefix)
    }

    async fn list_with_delimiter(&self, prefix: Option<&Path>) -> Result<ListResult> {
        self.counters.request();
        self.inner.list_with_delimiter(prefix).await
    }

    async fn copy_opts(&self, from: &Path, to: &Path, options: CopyOptions) -> Result<()> {
        self.inner.copy_opts(from, to, options).await
    }
}
