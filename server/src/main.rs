//! `lantern`: the Lantern server and its command line.

mod certificates;
mod cli;
mod cohorts;
mod commands;
mod http;
mod reports;
mod telemetry;
mod typeset;

use std::process::ExitCode;

/// mimalloc instead of the system allocator: see `Cargo.toml` for why.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    cli::run().await
}
