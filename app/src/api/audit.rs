//! The audit log viewer (administrators).

use super::ApiError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: i64,
    /// Who acted: their name and e-mail, when known.
    pub actor: Option<String>,
    pub action: String,
    pub subject: Option<String>,
    pub detail: Option<String>,
    pub ip: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChainStatus {
    Intact { entries: i64 },
    Broken { id: Option<i64>, reason: String },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    /// Newest first.
    pub entries: Vec<AuditEntry>,
    /// The `before` of the next (older) page, if there is one.
    pub older: Option<i64>,
    pub chain: ChainStatus,
}

/// Entries older than `before` (the newest when `None`), 100 at a time.
#[server(endpoint = "audit/page")]
pub async fn audit_log_page(before: Option<i64>) -> Result<AuditPage, ApiError> {
    use crate::roles::Role;
    use crate::ssr::{api, audit, auth::access};
    api::respond(async move {
        access::require_any(api::caller().as_ref(), &[Role::Admin])?;
        let db = api::state()?.db;
        let (entries, older) = audit::recent(&db, before, 100).await?;
        let chain = match audit::verify(&db).await? {
            audit::Verification::Intact { entries } => ChainStatus::Intact { entries },
            audit::Verification::Broken { id, reason } => ChainStatus::Broken { id, reason },
        };
        Ok(AuditPage {
            entries,
            older,
            chain,
        })
    })
    .await
}
