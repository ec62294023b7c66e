//! Builds background exports (`app::ssr::reports::exports`): the report's
//! rows come one at a time through a bounded channel and are written as
//! they come — CSV into a buffer flushed to the database every megabyte,
//! XLSX by rust_xlsxwriter's constant-memory writer into a temporary file
//! that is then stored a megabyte at a time — so a million rows keep the
//! server's memory flat (docs/benchmarks.md).

use super::xlsx;
use app::i18n::Locale;
use app::model::reports::CompletionRow;
use app::ssr::auth::CurrentUser;
use app::ssr::db::Db;
use app::ssr::reports::export::{cells, csv_head, csv_line};
use app::ssr::reports::exports;
use tokio::sync::{mpsc, Semaphore};

/// Bytes per stored chunk.
pub const CHUNK_BYTES: usize = 1 << 20;
/// Rows in flight between the database and the writer.
const IN_FLIGHT: usize = 1_024;

/// Builds at once in this process: each keeps a core busy, and pages must
/// keep being served on a two-core machine.
static BUILDING: Semaphore = Semaphore::const_new(1);

/// Starts building export `id` in the background.
pub fn spawn(db: Db, requester: CurrentUser, id: i64, format: String, locale: Locale) {
    tokio::spawn(async move {
        let Ok(_turn) = BUILDING.acquire().await else {
            return;
        };
        if let Err(e) = build(&db, &requester, id, &format, locale, CHUNK_BYTES).await {
            tracing::warn!(export = id, error = %e, "a report export failed");
            let _ = exports::fail(&db, id, &e).await;
        }
    });
}

/// Builds export `id` now, storing it in chunks of `chunk_bytes` (what the
/// task runs; tests and the benchmark call it directly). Returns the rows
/// written.
pub async fn build(
    db: &Db,
    requester: &CurrentUser,
    id: i64,
    format: &str,
    locale: Locale,
    chunk_bytes: usize,
) -> Result<i64, String> {
    let (tx, rx) = mpsc::channel::<CompletionRow>(IN_FLIGHT);
    let produce = exports::produce(db, requester, id, locale, tx);
    let (produced, written) = match format {
        "csv" => tokio::join!(produce, write_csv(db, id, rx, chunk_bytes)),
        "xlsx" => tokio::join!(produce, write_xlsx(db, id, rx, chunk_bytes)),
        other => return Err(format!("no such format: {other}")),
    };
    let produced = produced.map_err(|e| e.to_string())?;
    let written = written?;
    if written != produced {
        return Err(format!("{produced} rows read but {written} written"));
    }
    exports::finish(db, id, written)
        .await
        .map_err(|e| e.to_string())?;
    Ok(written)
}

async fn write_csv(
    db: &Db,
    id: i64,
    mut rx: mpsc::Receiver<CompletionRow>,
    chunk_bytes: usize,
) -> Result<i64, String> {
    let zone = app::ssr::zone::current();
    let mut buffer = csv_head();
    let (mut seq, mut rows) = (0, 0);
    while let Some(row) = rx.recv().await {
        buffer.push_str(&csv_line(&cells(&row, &zone)));
        rows += 1;
        if buffer.len() >= chunk_bytes {
            exports::append(db, id, seq, buffer.as_bytes())
                .await
                .map_err(|e| e.to_string())?;
            seq += 1;
            buffer.clear();
        }
    }
    if !buffer.is_empty() {
        exports::append(db, id, seq, buffer.as_bytes())
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(rows)
}

async fn write_xlsx(
    db: &Db,
    id: i64,
    rx: mpsc::Receiver<CompletionRow>,
    chunk_bytes: usize,
) -> Result<i64, String> {
    let zone = app::ssr::zone::current();
    let dir = std::env::temp_dir().join(format!("lantern-export-{}-{id}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let path = dir.join("export.xlsx");
    let file = path.clone();
    // The workbook is written on a blocking thread, row by row as they come.
    let rows = tokio::task::spawn_blocking(move || {
        let mut rx = rx;
        xlsx::write_file(std::iter::from_fn(|| rx.blocking_recv()), &zone, &file)
    })
    .await
    .map_err(|e| e.to_string())?
    .map_err(|e| e.to_string());
    let stored = async {
        let rows = rows?;
        use tokio::io::AsyncReadExt;
        let mut f = tokio::fs::File::open(&path)
            .await
            .map_err(|e| e.to_string())?;
        let mut seq = 0;
        loop {
            let mut chunk = Vec::with_capacity(chunk_bytes);
            (&mut f)
                .take(chunk_bytes as u64)
                .read_to_end(&mut chunk)
                .await
                .map_err(|e| e.to_string())?;
            if chunk.is_empty() {
                break;
            }
            exports::append(db, id, seq, &chunk)
                .await
                .map_err(|e| e.to_string())?;
            seq += 1;
        }
        Ok(i64::from(rows))
    }
    .await;
    let _ = std::fs::remove_dir_all(&dir);
    stored
}
