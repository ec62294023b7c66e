//! Builds a batch: renders the PDFs of a course's certificates in chunks
//! off the async workers, stores each chunk's progress, and writes them
//! into one ZIP (entries stored: PDFs are compressed already) with an
//! index CSV.

use super::pdf;
use app::model::certificates::PublicCertificate;
use app::ssr::auth::CurrentUser;
use app::ssr::certificates::batch;
use app::ssr::state::AppState;
use std::io::{Cursor, Write};
use tokio::sync::Semaphore;
use zip::write::SimpleFileOptions;

/// Certificates rendered between two progress updates.
const CHUNK: usize = 25;

/// Builds at once in this process: rendering is CPU work, and pages must
/// keep being served on a two-core machine while a ZIP is made. (How many
/// may wait across the deployment is `batch::RUNNING_AT_ONCE`.)
static BUILDING: Semaphore = Semaphore::const_new(1);

/// Starts building batch `id` in the background, once this process has no
/// other build running.
pub fn spawn(state: AppState, requester: CurrentUser, id: i64, course: i64) {
    tokio::spawn(async move {
        let Ok(_turn) = BUILDING.acquire().await else {
            return;
        };
        if let Err(e) = build(&state, &requester, id, course).await {
            tracing::warn!(batch = id, error = %e, "a certificate batch failed");
            let _ = batch::fail(&state.db, id, &e).await;
        }
    });
}

async fn build(
    state: &AppState,
    requester: &CurrentUser,
    id: i64,
    course: i64,
) -> Result<(), String> {
    let members = batch::members(&state.db, requester, course)
        .await
        .map_err(|e| e.to_string())?;
    let total = members.len();
    let index = batch::index_csv(&members);
    let base = state.config.base_url.clone();
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut done = 0;
    for chunk in members.chunks(CHUNK) {
        let chunk: Vec<PublicCertificate> = chunk.iter().map(|(c, _)| c.clone()).collect();
        let base = base.clone();
        let rendered = tokio::task::spawn_blocking(move || {
            chunk
                .into_iter()
                .map(|c| {
                    let url = format!("{base}{}", app::paths::verify(&c.code));
                    (c.code.clone(), pdf::render(&c, &url))
                })
                .collect::<Vec<_>>()
        })
        .await
        .map_err(|e| e.to_string())?;
        for (code, bytes) in rendered {
            zip.start_file(format!("{code}.pdf"), stored)
                .and_then(|()| zip.write_all(&bytes).map_err(Into::into))
                .map_err(|e| e.to_string())?;
        }
        done += CHUNK.min(total - done);
        batch::set_progress(&state.db, id, done, total)
            .await
            .map_err(|e| e.to_string())?;
    }
    zip.start_file("index.csv", stored)
        .and_then(|()| zip.write_all(index.as_bytes()).map_err(Into::into))
        .map_err(|e| e.to_string())?;
    let archive = zip.finish().map_err(|e| e.to_string())?.into_inner();
    batch::finish(&state.db, id, archive)
        .await
        .map_err(|e| e.to_string())
}
