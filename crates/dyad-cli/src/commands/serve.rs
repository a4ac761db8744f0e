//! `dyad serve`: the HTTP API and the web workbench (`dyad-server`) over
//! the analysis pipeline and a store.
//!
//! Without `--db` it serves a fresh SQLite database in a temporary folder
//! (deleted on exit) with the example article already stored, so a first
//! run shows something real.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use dyad_core::{Document, InputFormat, Meta, Origin};
use dyad_server::{AppState, ServerConfig, StorePool};

use crate::cli::{ServeArgs, StageName};
use crate::commands::analyze;
use crate::exit;

/// Log to standard error: one access line per request (`dyad::access`),
/// the server's warnings and store errors. `RUST_LOG` overrides the
/// default filter (`RUST_LOG=warn` drops the access lines).
fn init_log() {
    use std::io::IsTerminal;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new("warn,dyad::access=info,dyad_server=info")
    });
    // Only fails when a subscriber is already installed.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}

/// The example article, stored in the workbench database.
const EXAMPLE: &str = include_str!("../../../../examples/riyadh-talks.txt");
const EXAMPLE_PATH: &str = "examples/riyadh-talks.txt";
const EXAMPLE_DATE: &str = "2025-02-18";

pub(crate) fn run(args: &ServeArgs) -> anyhow::Result<u8> {
    init_log();
    let token = args.token.clone().filter(|t| !t.trim().is_empty());
    if !args.addr.ip().is_loopback() && token.is_none() {
        anyhow::bail!(
            "refusing to serve on {} without a token: set --token or DYAD_TOKEN, or listen on \
             127.0.0.1",
            args.addr
        );
    }
    let pipeline = Arc::new(analyze::pipeline_until(
        StageName::Events,
        analyze::event_options(&args.coder),
    )?);
    // Without --db: a workbench database in a temporary folder.
    let mut workbench = None;
    let url = match &args.db {
        Some(url) => url.clone(),
        None => {
            let dir = tempfile::Builder::new()
                .prefix("dyad-workbench-")
                .tempdir()
                .context("cannot create a temporary folder for the workbench database")?;
            let url = format!(
                "sqlite://{}",
                dir.path().join("dyad-workbench.db").display()
            );
            workbench = Some(dir);
            url
        }
    };
    let pool = StorePool::open(&url, args.connections)
        .with_context(|| format!("cannot open store {url}"))?;
    if let Some(dir) = &workbench {
        let mut store = dyad_store::open(&url)?;
        let mut doc = Document::new(
            Meta {
                id: EXAMPLE_PATH.into(),
                title: Some("Example: Russia–US talks in Riyadh".into()),
                date: Some(EXAMPLE_DATE.into()),
                origin: Origin {
                    path: EXAMPLE_PATH.into(),
                    format: InputFormat::Text,
                    ..Origin::default()
                },
                ..Meta::default()
            },
            EXAMPLE.to_owned(),
        )?;
        pipeline.run(&mut doc);
        store.ingest(&[doc], &dyad_store::IngestOptions::default())?;
        eprintln!(
            "dyad: no --db given: serving a fresh workbench database in {} (deleted on exit) \
             holding the example article {EXAMPLE_PATH}",
            dir.path().display()
        );
    }
    let config = ServerConfig {
        addr: args.addr,
        token,
        body_limit: args.body_limit_mib.max(1) << 20,
        batch_limit: args.batch_limit_mib.max(1) << 20,
        timeout: Duration::from_secs(args.timeout_secs.max(1)),
        analysis_threads: if args.threads == 0 {
            ServerConfig::default().analysis_threads
        } else {
            args.threads
        },
        ..ServerConfig::default()
    };
    let state = AppState::new(pipeline, pool, config.clone());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async {
        let listener = dyad_server::bind(&config).await?;
        let addr = listener.local_addr()?;
        eprintln!("listening on http://{addr}");
        dyad_server::serve_on(listener, state, dyad_server::shutdown_signal()).await?;
        eprintln!("dyad: stopped");
        Ok::<_, anyhow::Error>(())
    })?;
    drop(workbench);
    Ok(exit::OK)
}
