//! The ministry reports.

use crate::model::reports::{
    Dashboard, ExportSummary, GainReport, QuestionReport, ReportChoices, ReportPage, ReportQuery,
};
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

#[server(endpoint = "reports/choices")]
pub async fn filter_choices() -> Result<ReportChoices, ApiError> {
    use crate::ssr::{api, reports::completions};
    api::respond(async move {
        let user = api::signed_in()?;
        Ok(completions::choices(&api::state()?.db, &user, api::locale()).await?)
    })
    .await
}

#[server(endpoint = "reports/dashboard")]
pub async fn report_dashboard(query: ReportQuery) -> Result<Dashboard, ApiError> {
    use crate::ssr::{api, reports::dashboard};
    api::respond(async move {
        let user = api::signed_in()?;
        Ok(dashboard::dashboard(&api::state()?.db, &user, &query, api::locale()).await?)
    })
    .await
}

#[server(endpoint = "reports/gain")]
pub async fn report_gain(query: ReportQuery) -> Result<GainReport, ApiError> {
    use crate::ssr::{api, reports::gain};
    api::respond(async move {
        let user = api::signed_in()?;
        Ok(gain::gain(&api::state()?.db, &user, &query, api::locale()).await?)
    })
    .await
}

#[server(endpoint = "reports/exports")]
pub async fn report_exports() -> Result<Vec<ExportSummary>, ApiError> {
    use crate::ssr::{api, reports::exports};
    api::respond(async move {
        let user = api::signed_in()?;
        Ok(exports::list(&api::state()?.db, &user).await?)
    })
    .await
}

#[server(endpoint = "reports/questions")]
pub async fn report_questions(query: ReportQuery) -> Result<QuestionReport, ApiError> {
    use crate::ssr::{api, reports::questions};
    api::respond(async move {
        let user = api::signed_in()?;
        Ok(questions::questions(&api::state()?.db, &user, &query).await?)
    })
    .await
}
