//! Form posts of the cohort pages: create, save details and courses, and
//! add or remove a member, a trainer or a session day. Each redirects back
//! with the outcome; whether the caller may is decided by `cohorts`.

use super::auth::see_other;
use app::forms::cohort::{field, Outcome, OP_ADD, OP_REMOVE};
use app::forms::Outcome as _;
use app::i18n::Locale;
use app::model::cohorts::ProgressQuery;
use app::paths;
use app::ssr::auth::CurrentUser;
use app::ssr::cohorts::{self, CohortError, Details, Place};
use app::ssr::cohorts::{enrol, join, progress, sheets};
use app::ssr::request::ClientIp;
use app::ssr::state::AppState;
use axum::{
    extract::{Multipart, Path, Query, State},
    response::Response,
    Extension, Form,
};

/// A posted form as its pairs, repeated keys kept (the course boxes).
type Pairs = Vec<(String, String)>;

fn value(form: &Pairs, key: &str) -> String {
    form.iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

fn details(form: &Pairs) -> Details {
    Details {
        name: value(form, field::NAME),
        organisation: value(form, field::ORGANISATION),
        province: value(form, field::PROVINCE),
        starts_on: value(form, field::STARTS_ON),
        due_on: value(form, field::DUE_ON),
    }
}

fn courses(form: &Pairs) -> Vec<String> {
    form.iter()
        .filter(|(k, _)| k == field::COURSE)
        .map(|(_, v)| v.clone())
        .collect()
}

/// The outcome a refused change is shown as.
fn outcome(e: &CohortError) -> Outcome {
    match e {
        CohortError::NotFound => Outcome::NotFound,
        CohortError::Forbidden => Outcome::Forbidden,
        CohortError::EmptyName => Outcome::EmptyName,
        CohortError::TooLong(_) => Outcome::TooLong,
        CohortError::UnknownOrganisation(_) => Outcome::UnknownOrganisation,
        CohortError::BadDate(_) => Outcome::BadDate,
        CohortError::DueBeforeStart => Outcome::DueBeforeStart,
        CohortError::UnknownCourse(_) => Outcome::UnknownCourse,
        CohortError::UnknownAccount(_) => Outcome::UnknownAccount,
        CohortError::TooLarge => Outcome::TooLarge,
        CohortError::BadJoinTerms => Outcome::BadJoinTerms,
        CohortError::Db(e) => {
            tracing::warn!(error = %e, "a cohort change failed");
            Outcome::Unavailable
        }
    }
}

/// `POST /cohorts`: a new cohort, then its page.
pub async fn create(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Form(form): Form<Pairs>,
) -> Response {
    match cohorts::create(&state.db, &user, &details(&form), &courses(&form)).await {
        Ok(id) => see_other(&Outcome::Created.location(&paths::cohort(id))),
        Err(e) => see_other(&outcome(&e).location_with(
            paths::COHORTS,
            &[
                (field::NAME, &value(&form, field::NAME)),
                (field::PROVINCE, &value(&form, field::PROVINCE)),
            ],
        )),
    }
}

/// `POST /cohorts/{id}`: details and assigned courses.
pub async fn save(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
    Form(form): Form<Pairs>,
) -> Response {
    let result = cohorts::save(&state.db, &user, id, &details(&form), &courses(&form)).await;
    back(id, result.map(|()| Outcome::Saved))
}

/// Where a change on cohort `id`'s page goes back to.
fn back(id: i64, result: Result<Outcome, CohortError>) -> Response {
    let page = paths::cohort(id);
    match result {
        Ok(o) => see_other(&o.location(&page)),
        Err(CohortError::NotFound) => see_other(&Outcome::NotFound.location(paths::COHORTS)),
        Err(e) => see_other(&outcome(&e).location(&page)),
    }
}

/// Added, or there already; removed, or not there.
fn added(done: bool) -> Outcome {
    if done {
        Outcome::Added
    } else {
        Outcome::AlreadyThere
    }
}

fn person(form: &Pairs) -> i64 {
    value(form, field::PERSON).parse().unwrap_or(-1)
}

/// Adds or removes a member or a trainer, as the form's `op` says.
async fn people(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    place: Place,
    form: &Pairs,
) -> Response {
    let db = &state.db;
    let result = match value(form, field::OP).as_str() {
        OP_ADD => cohorts::add(db, user, id, place, &value(form, field::EMAIL))
            .await
            .map(added),
        OP_REMOVE => cohorts::remove(db, user, id, place, person(form))
            .await
            .map(|_| Outcome::Removed),
        _ => Ok(Outcome::Unavailable),
    };
    back(id, result)
}

/// `POST /cohorts/{id}/members`.
pub async fn members(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
    Form(form): Form<Pairs>,
) -> Response {
    people(&state, &user, id, Place::Member, &form).await
}

/// `POST /cohorts/{id}/trainers`.
pub async fn trainers(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
    Form(form): Form<Pairs>,
) -> Response {
    people(&state, &user, id, Place::Trainer, &form).await
}

/// `POST /cohorts/{id}/sessions`.
pub async fn sessions(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
    Form(form): Form<Pairs>,
) -> Response {
    let db = &state.db;
    let day = value(&form, field::DAY);
    let result = match value(&form, field::OP).as_str() {
        op @ (OP_ADD | OP_REMOVE) => cohorts::change_session(db, &user, id, &day, op == OP_ADD)
            .await
            .map(|done| match (op == OP_ADD, done) {
                (true, done) => added(done),
                (false, _) => Outcome::Removed,
            }),
        _ => Ok(Outcome::Unavailable),
    };
    back(id, result)
}

/// `POST /cohorts/{id}/attendance`: the members present on a session day.
pub async fn attendance(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
    Form(form): Form<Pairs>,
) -> Response {
    let present: Vec<i64> = form
        .iter()
        .filter(|(k, _)| k == field::PRESENT)
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    let result =
        cohorts::record_attendance(&state.db, &user, id, &value(&form, field::DAY), &present)
            .await
            .map(|_| Outcome::AttendanceSaved);
    back(id, result)
}

/// `POST /cohorts/{id}/roster` (multipart): keeps the file for its preview
/// at `/cohorts/{id}/roster?upload=N`. Nothing is enrolled yet.
pub async fn upload_roster(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
    mut form: Multipart,
) -> Response {
    let mut file: Option<(String, Vec<u8>)> = None;
    loop {
        match form.next_field().await {
            Ok(Some(part)) if part.name() == Some(field::ROSTER) => {
                let name = part.file_name().unwrap_or_default().to_string();
                match part.bytes().await {
                    Ok(bytes) if !bytes.is_empty() => file = Some((name, bytes.to_vec())),
                    Ok(_) => {}
                    Err(_) => return back(id, Err(CohortError::TooLarge)),
                }
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            // Cut off at the body limit, or not multipart at all.
            Err(_) => return back(id, Err(CohortError::TooLarge)),
        }
    }
    let Some((name, bytes)) = file else {
        return back(id, Ok(Outcome::NoFile));
    };
    match enrol::upload(&state.db, &user, id, &name, &bytes).await {
        Ok(upload) => see_other(&paths::cohort_roster_preview(id, upload)),
        Err(e) => back(id, Err(e)),
    }
}

/// `POST /cohorts/{id}/roster/import`: the previewed upload, in one
/// transaction; if it is no longer clean, back to its preview.
pub async fn import_roster(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
    Form(form): Form<Pairs>,
) -> Response {
    let upload: i64 = value(&form, field::UPLOAD).parse().unwrap_or(-1);
    match enrol::import_upload(&state.db, &user, id, upload).await {
        Ok(Ok(_)) => back(id, Ok(Outcome::Enrolled)),
        Ok(Err(_)) => {
            see_other(&Outcome::NotClean.location(&paths::cohort_roster_preview(id, upload)))
        }
        Err(e) => back(id, Err(e)),
    }
}

/// `POST /cohorts/{id}/join-codes`: make a code (`days`, `uses`) or revoke
/// one (`code_id`).
pub async fn join_codes(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
    Form(form): Form<Pairs>,
) -> Response {
    let db = &state.db;
    let number = |key| value(&form, key).trim().parse::<i64>().unwrap_or(0);
    let result = match value(&form, field::OP).as_str() {
        OP_ADD => join::create_code(db, &user, id, number(field::DAYS), number(field::USES))
            .await
            .map(|_| Outcome::CodeMade),
        OP_REMOVE => join::revoke_code(db, &user, id, number(field::CODE_ID))
            .await
            .map(|_| Outcome::CodeRevoked),
        _ => Ok(Outcome::Unavailable),
    };
    back(id, result)
}

/// `POST /cohorts/{id}/sign-in-sheets`: issues set-password links (ending
/// earlier ones) and answers with the PDF to print; nobody to print for
/// goes back to the page.
pub async fn sign_in_sheets(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
    locale: Locale,
    Form(form): Form<Pairs>,
) -> Response {
    let everyone = !value(&form, field::EVERYONE).is_empty();
    let sheets = match sheets::print(&state.db, &user, id, everyone).await {
        Ok(s) if s.slips.is_empty() => return back(id, Ok(Outcome::NobodyNew)),
        Ok(s) => s,
        Err(e) => return back(id, Err(e)),
    };
    let until = app::i18n::date_time_in(locale, &app::ssr::zone::current(), sheets.expires_at);
    let base = state.config.base_url.clone();
    // Typesetting is CPU work: off the async workers.
    match tokio::task::spawn_blocking(move || {
        crate::cohorts::sheets::render(&sheets, &base, &until, locale)
    })
    .await
    {
        Ok(pdf) => {
            let mut res = super::reports::download("application/pdf", "sign-in-sheets.pdf", pdf);
            // Links that work once: no cache keeps a copy.
            res.headers_mut().insert(
                http::header::CACHE_CONTROL,
                http::HeaderValue::from_static("no-store"),
            );
            res
        }
        Err(e) => {
            tracing::warn!(error = %e, "sign-in sheets failed");
            back(id, Ok(Outcome::Unavailable))
        }
    }
}

/// The dashboard for a download, its reading audited.
async fn progress_for_download(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    query: &ProgressQuery,
    locale: Locale,
    format: &str,
    ip: &str,
) -> Result<app::model::cohorts::CohortProgress, Response> {
    let refused = |e: CohortError| {
        let e: app::ssr::error::DomainError = e.into();
        super::error::HttpError::from(e).respond(locale)
    };
    let p = progress::progress(&state.db, user, id, query, locale)
        .await
        .map_err(refused)?;
    progress::record_export(&state.db, user, id, format, Some(ip))
        .await
        .map_err(|e| refused(CohortError::Db(e)))?;
    Ok(p)
}

/// `GET /cohorts/{id}/progress.csv`.
pub async fn progress_csv(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    Path(id): Path<i64>,
    locale: Locale,
    Query(query): Query<ProgressQuery>,
) -> Response {
    match progress_for_download(&state, &user, id, &query, locale, "csv", &ip).await {
        Ok(p) => {
            let body = progress::csv(&p, &app::ssr::zone::current());
            super::reports::download(
                "text/csv; charset=utf-8",
                "cohort-progress.csv",
                body.into_bytes(),
            )
        }
        Err(r) => r,
    }
}

/// `GET /cohorts/{id}/progress.xlsx`.
pub async fn progress_xlsx(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    Path(id): Path<i64>,
    locale: Locale,
    Query(query): Query<ProgressQuery>,
) -> Response {
    let p = match progress_for_download(&state, &user, id, &query, locale, "xlsx", &ip).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let zone = app::ssr::zone::current();
    let book = tokio::task::spawn_blocking(move || {
        let mut book = rust_xlsxwriter::Workbook::new();
        let columns = progress::export_columns(&p);
        let widths: Vec<f64> = columns
            .iter()
            .map(|c| match c.as_str() {
                "name" | "name_latin" | "login" | "course" => 24.0,
                "certificate_id" => 30.0,
                _ => 12.0,
            })
            .collect();
        crate::reports::xlsx::sheet(
            &mut book,
            "progress",
            &columns,
            &widths,
            p.rows.iter().map(|r| progress::export_cells(&p, r, &zone)),
        )?;
        book.save_to_buffer()
    })
    .await;
    match book {
        Ok(Ok(bytes)) => super::reports::download(
            crate::reports::xlsx::CONTENT_TYPE,
            "cohort-progress.xlsx",
            bytes,
        ),
        Ok(Err(e)) => super::error::HttpError::Unavailable(e.to_string()).respond(locale),
        Err(e) => super::error::HttpError::Unavailable(e.to_string()).respond(locale),
    }
}
