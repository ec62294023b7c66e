//! The audit log viewer (administrators).

use crate::model::audit::AuditPage;
use crate::model::ApiError;
use leptos::prelude::*;

/// Entries older than `before` (the newest when `None`), 100 at a time.
#[server(endpoint = "audit/page")]
pub async fn audit_log_page(before: Option<i64>) -> Result<AuditPage, ApiError> {
    use crate::model::audit::ChainStatus;
    use crate::model::roles::Role;
    use crate::ssr::{api, audit, auth::access};
    api::respond(async move {
        access::require_any(api::caller().as_ref(), &[Role::Admin])?;
        let db = api::state()?.db.clone();
        let (entries, older) = audit::recent(&db, before, 100).await?;
        let chain = match audit::verify_recent(&db).await? {
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
