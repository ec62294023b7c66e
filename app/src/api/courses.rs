//! Courses for a reader: the catalog, a course, a module. No answer keys:
//! quiz questions are not part of these types at all.

use crate::model::courses::{Catalog, CourseView, ModuleView};
use crate::model::ApiError;
use leptos::prelude::*;

/// Courses the caller can take, filtered by content language and audience
/// (empty for any).
#[server(endpoint = "courses/catalog")]
pub async fn get_catalog(language: String, audience: String) -> Result<Catalog, ApiError> {
    use crate::ssr::{api, courses};
    api::respond(async move {
        let user = api::signed_in()?;
        let locale = api::locale();
        Ok(
            courses::catalog::catalog(&api::state()?.db, &user, locale, &language, &audience)
                .await?,
        )
    })
    .await
}

#[server(endpoint = "courses/show")]
pub async fn get_course(slug: String) -> Result<CourseView, ApiError> {
    use crate::ssr::{api, courses};
    api::respond(async move {
        let user = api::signed_in()?;
        Ok(courses::reader::course(&api::state()?.db, &user, api::locale(), &slug).await?)
    })
    .await
}

/// The module, recorded as opened (and as where to resume); with `check`,
/// the result of that knowledge-check try of the caller's.
#[server(endpoint = "courses/module")]
pub async fn get_module(
    course: String,
    module: String,
    check: Option<i64>,
) -> Result<ModuleView, ApiError> {
    use crate::ssr::{api, courses};
    api::respond(async move {
        let user = api::signed_in()?;
        Ok(courses::reader::module(
            &api::state()?.db,
            &user,
            api::locale(),
            &course,
            &module,
            check,
        )
        .await?)
    })
    .await
}
