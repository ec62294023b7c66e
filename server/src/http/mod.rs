//! The HTTP side: one router with the Leptos pages and server functions, the
//! few plain routes around them, and the middleware every request passes.

mod account;
mod assessment;
pub mod assets;
mod auth;
mod authoring;
mod certificates;
mod cohorts;
mod courses;
mod credentials;
mod error;
mod front;
mod health;
mod join;
mod language;
mod organisations;
mod pages;
mod people;
mod reports;
mod reset;
mod second_factor;
mod security;

use app::ssr::state::AppState;
use assets::Assets;
use axum::{
    body::Body,
    extract::DefaultBodyLimit,
    response::{IntoResponse, Response},
    routing::{get, post, MethodRouter},
    Router,
};
use http::{Method, Request, StatusCode};
use std::{future::Future, sync::Arc, time::Duration};
use tower_http::{compression::CompressionLayer, timeout::TimeoutLayer};

/// Largest request body accepted. Forms are small; uploads (roster files)
/// get a larger limit on their own route.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// Largest roster upload: the file's own limit and a multipart envelope.
pub const UPLOAD_LIMIT: usize = app::ssr::cohorts::enrol::MAX_BYTES + 64 * 1024;

/// The hard cap on every request body (what no extractor can lift): the
/// upload limit on the roster upload route, the form limit elsewhere. A
/// declared length over it is refused before the body is read; a body
/// that turns out longer fails its read.
/// `Some` is the refusal.
fn limit_body(req: &mut Request<Body>) -> Option<Response> {
    let path = req.uri().path();
    let roster = app::paths::is_roster_upload(path);
    let picture = app::paths::is_image_upload(path);
    let upload = roster || picture;
    let limit = if upload { UPLOAD_LIMIT } else { BODY_LIMIT };
    let declared = req
        .headers()
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        // A trainer who picked too big a file sees why on the page.
        use app::forms::Outcome as _;
        if roster {
            let page = path.trim_end_matches("/roster");
            let to = app::forms::cohort::Outcome::TooLarge.location(page);
            return Some(auth::see_other(&to));
        }
        if picture {
            let page = path.trim_end_matches("/images");
            let to = app::forms::authoring::Outcome::TooLarge.location(page);
            return Some(auth::see_other(&to));
        }
        return Some(StatusCode::PAYLOAD_TOO_LARGE.into_response());
    }
    let body = std::mem::take(req.body_mut());
    *req.body_mut() = Body::new(http_body_util::Limited::new(body, limit));
    None
}

/// The checks every request passes before a route, in order, in one
/// middleware (one boxed future per request, not five): the body cap,
/// the cross-site refusal (CSRF), the session, the route table, and the
/// signed credential that shares the verification page's path shape.
async fn gate(
    axum::extract::State(state): axum::extract::State<AppState>,
    mut req: Request<Body>,
    next: axum::middleware::Next,
) -> Response {
    if let Some(res) = limit_body(&mut req) {
        return res;
    }
    if let Some(res) = auth::refuse_cross_site(&state, &req) {
        return res;
    }
    let (req, session) = match auth::load_session(&state, req).await {
        Ok(found) => found,
        Err(res) => return res,
    };
    let res = match auth::enforce_routes(&req) {
        Some(refused) => refused,
        None => match credentials::credential(&state, req).await {
            Ok(req) => next.run(req).await,
            Err(answered) => answered,
        },
    };
    session.finish(&state, res)
}

/// A request still running after this is answered with 408 and dropped, so
/// shutdown and slow clients cannot hang a worker forever.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The plain (non-Leptos) routes: form posts, downloads and health. Listed
/// here once, so the access-matrix test can check that every one of them
/// has an expected outcome for every kind of user.
pub fn plain_routes() -> Vec<(Method, &'static str, MethodRouter<AppState>)> {
    vec![
        (Method::GET, "/healthz", get(health::healthz)),
        (Method::POST, "/language", post(language::set_language)),
        (Method::POST, "/login", post(auth::login)),
        (Method::POST, "/logout", post(auth::logout)),
        (Method::POST, "/login/code", post(second_factor::login_code)),
        (
            Method::POST,
            "/account/second-factor",
            post(second_factor::enrol),
        ),
        (
            Method::POST,
            "/admin/users/{id}/second-factor/reset",
            post(second_factor::reset),
        ),
        (
            Method::POST,
            "/admin/security",
            post(second_factor::security),
        ),
        (
            Method::POST,
            "/account/password",
            post(account::change_password),
        ),
        (Method::GET, "/account/data.json", get(account::export_data)),
        (Method::POST, "/reset/{token}", post(reset::reset_password)),
        (Method::POST, "/admin/users", post(people::create)),
        (Method::POST, "/admin/users/{id}", post(people::update)),
        (
            Method::POST,
            "/admin/users/{id}/disable",
            post(people::disable),
        ),
        (
            Method::POST,
            "/admin/users/{id}/enable",
            post(people::enable),
        ),
        (
            Method::POST,
            "/admin/users/{id}/anonymise",
            post(people::anonymise),
        ),
        (
            Method::POST,
            "/admin/users/{id}/reset-link",
            post(people::reset_link),
        ),
        (
            Method::POST,
            "/admin/organisations",
            post(organisations::create),
        ),
        (
            Method::POST,
            "/admin/organisations/{id}",
            post(organisations::update),
        ),
        (Method::POST, app::paths::AUTHOR, post(authoring::create)),
        (
            Method::POST,
            "/author/{course}/files/{file}",
            post(authoring::file),
        ),
        (
            Method::POST,
            "/author/{course}/files/{file}/rollback",
            post(authoring::rollback),
        ),
        (
            Method::POST,
            "/author/{course}/modules",
            post(authoring::modules),
        ),
        (
            Method::POST,
            "/author/{course}/publish",
            post(authoring::publish_drafts),
        ),
        (
            Method::POST,
            "/author/{course}/approve",
            post(authoring::approve),
        ),
        (
            Method::POST,
            "/author/{course}/editors",
            post(authoring::editors),
        ),
        (
            Method::POST,
            "/author/{course}/images",
            post(authoring::upload_image).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        ),
        (Method::POST, app::paths::COHORTS, post(cohorts::create)),
        (Method::POST, "/cohorts/{id}", post(cohorts::save)),
        (
            Method::POST,
            "/cohorts/{id}/members",
            post(cohorts::members),
        ),
        (
            Method::POST,
            "/cohorts/{id}/trainers",
            post(cohorts::trainers),
        ),
        (
            Method::POST,
            "/cohorts/{id}/sessions",
            post(cohorts::sessions),
        ),
        (
            Method::POST,
            "/cohorts/{id}/attendance",
            post(cohorts::attendance),
        ),
        (
            Method::POST,
            "/cohorts/{id}/roster",
            post(cohorts::upload_roster).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        ),
        (
            Method::POST,
            "/cohorts/{id}/roster/import",
            post(cohorts::import_roster),
        ),
        (
            Method::POST,
            "/cohorts/{id}/join-codes",
            post(cohorts::join_codes),
        ),
        (
            Method::POST,
            "/cohorts/{id}/sign-in-sheets",
            post(cohorts::sign_in_sheets),
        ),
        (
            Method::GET,
            "/cohorts/{id}/progress.csv",
            get(cohorts::progress_csv),
        ),
        (
            Method::GET,
            "/cohorts/{id}/progress.xlsx",
            get(cohorts::progress_xlsx),
        ),
        (Method::POST, app::paths::JOIN, post(join::join)),
        (
            Method::POST,
            "/courses/{course}/{module}/done",
            post(courses::mark_done),
        ),
        (
            Method::POST,
            "/courses/{course}/{module}/check",
            post(courses::check),
        ),
        (
            Method::POST,
            "/courses/{slug}/assessment/start",
            post(assessment::start),
        ),
        (
            Method::POST,
            "/courses/{slug}/assessment/{attempt}",
            post(assessment::submit),
        ),
        (
            Method::POST,
            "/courses/{slug}/assessment/{attempt}/save",
            post(assessment::save),
        ),
        (Method::GET, "/media/{name}", get(courses::media)),
        (Method::GET, "/certificates/{name}", get(certificates::pdf)),
        (Method::GET, app::paths::REPORTS_CSV, get(reports::csv)),
        (Method::GET, app::paths::REPORTS_XLSX, get(reports::xlsx)),
        (Method::GET, app::paths::REPORTS_PDF, get(reports::pdf)),
        (
            Method::POST,
            app::paths::REPORTS_EXPORTS,
            post(reports::start_export),
        ),
        (
            Method::GET,
            "/reports/exports/{name}",
            get(reports::export_file),
        ),
        (
            Method::POST,
            "/certificates/batches",
            post(certificates::start_batch),
        ),
        (
            Method::GET,
            "/certificates/batches/{name}",
            get(certificates::batch_archive),
        ),
        (
            Method::POST,
            "/admin/certificates/{code}/revoke",
            post(certificates::revoke),
        ),
        (Method::GET, "/issuer.json", get(credentials::issuer)),
    ]
}

pub fn router(state: AppState, assets: Arc<Assets>) -> Router {
    let https = state.config.secure_cookies();
    let plain = plain_routes()
        .into_iter()
        .fold(Router::new(), |router, (_, path, handler)| {
            router.route(path, handler)
        })
        .merge(assets.router());

    // Layers wrap what is above them: the last one added sees a request
    // first. Few, because each costs a boxed future per request.
    pages::routes(plain, state.clone())
        .layer(axum::middleware::from_fn_with_state(state, gate))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(axum::middleware::from_fn_with_state(https, front::front))
}

/// A request's path as the logs show it: a reset link's token is a
/// password in all but name, so it is replaced before anything is written.
pub fn log_path(path: &str) -> std::borrow::Cow<'_, str> {
    match path.strip_prefix("/reset/") {
        Some(token) if !token.is_empty() => "/reset/[redacted]".into(),
        _ => path.into(),
    }
}

/// Serves until `shutdown` resolves, then stops accepting connections and
/// waits for the requests in flight to finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

/// Resolves on SIGTERM (what service managers send) or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

#[cfg(test)]
pub(crate) mod tests;
