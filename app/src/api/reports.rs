//! The ministry reports.

use crate::model::reports::{ReportPage, ReportQuery};
use crate::model::ApiError;
use leptos::prelude::*;

#[server(endpoint = "reports/completions")]
pub async fn completion_report(query: ReportQuery) -> Result<ReportPage, ApiError> {
    use crate::ssr::{api, reports::completions};
    api::respond(async move {
        let user = api::signed_in()?;
        Ok(completions::page(&api::state()?.db, &user, &query, api::locale()).await?)
    })
    .await
}
