//! Ballista's scheduler and executor with fenji's codec and aggregate, as
//! `fenji-executor` runs them.

use std::sync::Arc;

use ballista_core::registry::BallistaFunctionRegistry;
use ballista_executor::executor_process::{ExecutorProcessConfig, start_executor_process};
use ballista_scheduler::cluster::BallistaCluster;
use ballista_scheduler::config::SchedulerConfig;
use ballista_scheduler::scheduler_process::start_server;
use datafusion::execution::FunctionRegistry;
use datafusion::execution::object_store::{DefaultObjectStoreRegistry, ObjectStoreRegistry};
use datafusion::execution::runtime_env::RuntimeEnvBuilder;
use datafusion::prelude::SessionConfig;
use object_store::ObjectStore;
use url::Url;

use super::FenjiCodec;
use crate::detect::DetectorSet;
use crate::detect::aggregate::DetectUdaf;

/// Where a scheduler listens and how fast it gives up on a silent executor.
pub struct SchedulerOptions {
    pub bind: String,
    pub port: u16,
    /// Seconds without a heartbeat before an executor is taken as lost.
    pub executor_timeout: u64,
}

/// Where an executor listens and which scheduler it serves.
pub struct ExecutorOptions {
    pub bind: String,
    pub port: u16,
    pub grpc_port: u16,
    pub scheduler_host: String,
    pub scheduler_port: u16,
    pub heartbeat: u64,
    pub concurrent_tasks: usize,
    pub work_dir: Option<String>,
}

/// Object stores on an executor: local files, and any `s3://bucket` with the
/// usual `AWS_*` variables (endpoint, region, credentials), made on first use.
#[derive(Debug, Default)]
struct Stores {
    inner: DefaultObjectStoreRegistry,
}

impl ObjectStoreRegistry for Stores {
    fn register_store(
        &self,
        url: &Url,
        store: Arc<dyn ObjectStore>,
    ) -> Option<Arc<dyn ObjectStore>> {
        self.inner.register_store(url, store)
    }

    fn get_store(&self, url: &Url) -> datafusion::common::Result<Arc<dyn ObjectStore>> {
        if let Ok(s) = self.inner.get_store(url) {
            return Ok(s);
        }
        if url.scheme() == "s3"
            && let Some(bucket) = url.host_str()
        {
            let s3 = object_store::aws::AmazonS3Builder::from_env()
                .with_bucket_name(bucket)
                .build()?;
            let s3: Arc<dyn ObjectStore> = Arc::new(s3);
            self.inner.register_store(url, s3.clone());
            return Ok(s3);
        }
        self.inner.get_store(url)
    }
}

fn failed(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Run a scheduler until stopped.
pub async fn scheduler(opts: SchedulerOptions, set: Arc<DetectorSet>) -> Result<(), String> {
    let udaf_set = set.clone();
    let config = SchedulerConfig {
        bind_host: opts.bind.clone(),
        bind_port: opts.port,
        external_host: opts.bind.clone(),
        executor_timeout_seconds: opts.executor_timeout,
        expire_dead_executor_interval_seconds: 1.max(opts.executor_timeout / 4),
        no_executors_grace_period_seconds: opts.executor_timeout,
        override_physical_codec: Some(Arc::new(FenjiCodec::new(set))),
        override_session_builder: Some(Arc::new(move |cfg: SessionConfig| {
            let mut state = ballista_core::utils::default_session_builder(cfg)?;
            state.register_udaf(Arc::new(DetectUdaf::udaf(udaf_set.clone())))?;
            Ok(state)
        })),
        ..Default::default()
    };
    let addr = format!("{}:{}", opts.bind, opts.port)
        .parse()
        .map_err(failed)?;
    let cluster = BallistaCluster::new_from_config(&config)
        .await
        .map_err(failed)?;
    start_server(cluster, addr, Arc::new(config))
        .await
        .map_err(failed)
}

/// Run an executor until stopped.
pub async fn executor(opts: ExecutorOptions, set: Arc<DetectorSet>) -> Result<(), String> {
    let mut registry = BallistaFunctionRegistry::default();
    let udaf = Arc::new(DetectUdaf::udaf(set.clone()));
    registry
        .aggregate_functions
        .insert(udaf.name().to_string(), udaf);
    let config = ExecutorProcessConfig {
        bind_host: opts.bind.clone(),
        external_host: Some(opts.bind.clone()),
        port: opts.port,
        grpc_port: opts.grpc_port,
        scheduler_host: opts.scheduler_host,
        scheduler_port: opts.scheduler_port,
        scheduler_connect_timeout_seconds: 10,
        vcores: opts.concurrent_tasks.max(1),
        work_dir: opts.work_dir,
        executor_heartbeat_interval_seconds: opts.heartbeat.max(1),
        override_function_registry: Some(Arc::new(registry)),
        override_physical_codec: Some(Arc::new(FenjiCodec::new(set))),
        override_runtime_producer: Some(Arc::new(|_: &SessionConfig| {
            RuntimeEnvBuilder::new()
                .with_object_store_registry(Arc::new(Stores::default()))
                .build_arc()
        })),
        ..Default::default()
    };
    start_executor_process(Arc::new(config))
        .await
        .map_err(failed)
}
