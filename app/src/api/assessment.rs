//! A course's assessment as a trainee sees it: the overview with its rules
//! and past attempts, an open attempt's paper (questions as
//! [`PublicQuestion`]s: no key), and a submitted attempt's result. Starting,
//! saving and submitting are form posts to the server's routes.

use crate::model::assessment::{AssessmentOverview, AttemptView};
use crate::model::ApiError;
use leptos::prelude::*;

#[server(endpoint = "assessment/show")]
pub async fn get_assessment(course: String) -> Result<AssessmentOverview, ApiError> {
    use crate::ssr::{api, quiz};
    api::respond(async move {
        let user = api::signed_in()?;
        Ok(quiz::views::overview(&api::state()?.db, &user, api::locale(), &course).await?)
    })
    .await
}

/// The caller's own attempt `attempt` (an expired one is graded first).
#[server(endpoint = "assessment/attempt")]
pub async fn get_attempt(course: String, attempt: i64) -> Result<AttemptView, ApiError> {
    use crate::ssr::{api, quiz};
    api::respond(async move {
        let user = api::signed_in()?;
        Ok(quiz::views::attempt(&api::state()?.db, &user, &course, attempt).await?)
    })
    .await
}
