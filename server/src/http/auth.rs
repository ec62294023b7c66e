//! Sessions, CSRF and sign-in/out over HTTP. The rules live in
//! `app::ssr::auth`; this file only moves them onto requests and responses.

use super::error::HttpError;
use app::forms::login::{field, Outcome};
use app::forms::Outcome as _;
use app::paths;
use app::ssr::audit::{self, Action, Event};
use app::ssr::auth::{
    access, cross_origin,
    login::{self, LoginError},
    routes::{rule_for, Rule},
    second_factor, session, AccessError, CurrentUser,
};
use app::ssr::proxies;
use app::ssr::request::{cookie, local_return_path, request_locale, ClientIp};
use app::ssr::state::AppState;
use app::ssr::users;
use axum::{
    extract::{ConnectInfo, Request, State},
    response::{IntoResponse, Response},
    Extension, Form,
};
use http::{header, HeaderMap, HeaderValue, StatusCode};
use serde::Deserialize;
use std::net::SocketAddr;

/// Puts the client address and the signed-in user (if any) into the
/// request's extensions, where handlers, pages and server functions find
/// them; what it found is applied to the response by [`Session::finish`].
/// `Err` is the answer for someone who must enrol a second factor first.
pub async fn load_session(
    state: &AppState,
    mut req: Request,
) -> Result<(Request, Session), Response> {
    let ip = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(
            || "unknown".into(),
            |c| {
                let forwarded = req
                    .headers()
                    .get_all("x-forwarded-for")
                    .iter()
                    .filter_map(|v| v.to_str().ok());
                proxies::client_ip(c.0.ip(), forwarded, &state.config.trusted_proxies).to_string()
            },
        );
    req.extensions_mut().insert(ClientIp(ip));
    let mut found = Session::default();
    if let Some(token) = cookie(
        req.headers(),
        session::cookie_name(state.config.secure_cookies()),
    ) {
        match session::resolve(&state.db, &token).await {
            Ok(Some(user)) => {
                match second_factor::enrolment_required(&state.db, &user).await {
                    Ok(true) if !second_factor::open_while_enrolling(req.uri().path()) => {
                        // A password alone opens only the enrolment.
                        return Err(if req.method() == http::Method::GET {
                            see_other(paths::ACCOUNT_SECOND_FACTOR)
                        } else {
                            HttpError::Forbidden("error-second-factor")
                                .respond(request_locale(req.headers()))
                        });
                    }
                    Ok(_) => {}
                    Err(e) => {
                        tracing::warn!(error = %e, "could not check the second factor");
                        return Err(HttpError::Unavailable(e.to_string())
                            .respond(request_locale(req.headers())));
                    }
                }
                req.extensions_mut().insert(user);
                found.signed_in = true;
            }
            Ok(None) => found.stale = true,
            // Not "signed out": a database that does not answer says so,
            // and the person stays signed in for when it does.
            Err(e) => {
                return Err(
                    HttpError::Unavailable(format!("could not load the session: {e}"))
                        .respond(request_locale(req.headers())),
                );
            }
        }
    }
    Ok((req, found))
}

/// What [`load_session`] found, for the response.
#[derive(Default)]
pub struct Session {
    /// The cookie names a session that has ended: remove it.
    stale: bool,
    signed_in: bool,
}

impl Session {
    /// A cookie for a session that has ended is removed; what a signed-in
    /// user is sent is marked `no-store` (see [`shared_cache_allowed`]).
    pub fn finish(self, state: &AppState, mut res: Response) -> Response {
        if self.stale && !res.headers().contains_key(header::SET_COOKIE) {
            res.headers_mut()
                .append(header::SET_COOKIE, clear_cookie(state));
        }
        if self.signed_in && !shared_cache_allowed(res.headers()) {
            res.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
        res
    }
}

/// What a signed-in user is sent is kept by no cache — not the browser's
/// back-forward history on a shared computer, not a proxy: only responses
/// that say they are the same for everyone (`public`, the built assets) or
/// that never change (`immutable`, course pictures named by their content
/// hash) keep their own caching.
fn shared_cache_allowed(headers: &HeaderMap) -> bool {
    headers
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("public") || v.contains("immutable"))
}

/// The refusal of a state-changing request sent from another site.
pub fn refuse_cross_site(state: &AppState, req: &Request) -> Option<Response> {
    let reason = cross_origin::refusal(req.method(), req.headers(), &state.config.base_url)?;
    tracing::warn!(reason, method = %req.method(), path = %req.uri().path(), "refused a cross-site request");
    Some(HttpError::Forbidden("error-cross-site").respond(request_locale(req.headers())))
}

/// Applies the route table (`app::ssr::auth::routes`): a visitor asking for
/// a protected page is sent to sign in and brought back; a signed-in user
/// without the role gets 403. `None` lets the request through.
pub fn enforce_routes(req: &Request) -> Option<Response> {
    let user = req.extensions().get::<CurrentUser>();
    let outcome = match rule_for(req.uri().path()) {
        Rule::Public => Ok(()),
        Rule::SignedIn => access::signed_in(user).map(|_| ()),
        Rule::AnyOf(roles) => access::require_any(user, roles).map(|_| ()),
    };
    match outcome {
        Ok(()) => None,
        Err(AccessError::SignInRequired) if req.method() == http::Method::GET => {
            let target = req
                .uri()
                .path_and_query()
                .map_or("/", http::uri::PathAndQuery::as_str);
            Some(see_other(&paths::login_then(target)))
        }
        Err(AccessError::SignInRequired) => Some(
            HttpError::Unauthorized("error-sign-in-required")
                .respond(request_locale(req.headers())),
        ),
        Err(AccessError::Forbidden) => {
            Some(HttpError::Forbidden("error-forbidden").respond(request_locale(req.headers())))
        }
    }
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

/// `POST /login`.
pub async fn login(
    State(state): State<AppState>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let next = local_return_path(form.next.as_deref().filter(|n| !n.is_empty()));
    let back = |outcome: Outcome, minutes: Option<String>| {
        let mut extra: Vec<(&str, &str)> = Vec::new();
        if let Some(minutes) = &minutes {
            extra.push((field::MINUTES, minutes));
        }
        if next != "/" {
            extra.push((field::NEXT, &next));
        }
        see_other(&outcome.location_with(paths::LOGIN, &extra))
    };
    match login::sign_in(&state.db, &form.email, &form.password, &ip).await {
        Ok(user_id) => match second_step(&state, user_id, &next).await {
            Ok(Some(token)) => {
                // The password was right; a code from the app finishes it.
                let mut res = see_other(paths::LOGIN_CODE);
                res.headers_mut()
                    .append(header::SET_COOKIE, challenge_cookie(&state, &token));
                res
            }
            Ok(None) => begin_session(&state, user_id, &ip, &headers, &next).await,
            Err(e) => HttpError::Unavailable(e.to_string()).respond(request_locale(&headers)),
        },
        Err(LoginError::Invalid) => back(Outcome::Invalid, None),
        Err(LoginError::RateLimited { minutes }) => {
            back(Outcome::RateLimited, Some(minutes.to_string()))
        }
        Err(LoginError::Db(e)) => {
            HttpError::Unavailable(e.to_string()).respond(request_locale(&headers))
        }
    }
}

/// A challenge token when `user_id` must finish signing in with a code
/// (they need a second factor and have one); `None` to sign in now.
async fn second_step(
    state: &AppState,
    user_id: i64,
    next: &str,
) -> Result<Option<String>, sqlx::Error> {
    let roles = users::roles_of(&state.db, user_id).await?;
    if second_factor::required_for(&state.db, &roles).await?
        && second_factor::enrolled(&state.db, user_id).await?
    {
        Ok(Some(
            second_factor::challenge(&state.db, user_id, next).await?,
        ))
    } else {
        Ok(None)
    }
}

/// Starts a session for `user_id` and goes on to `next`, in the account's
/// language.
pub(super) async fn begin_session(
    state: &AppState,
    user_id: i64,
    ip: &str,
    headers: &HeaderMap,
    next: &str,
) -> Response {
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok());
    match session::start(&state.db, user_id, Some(ip), agent).await {
        Ok(token) => {
            let mut res = see_other(next);
            res.headers_mut()
                .append(header::SET_COOKIE, session_cookie(state, &token));
            // The interface switches to the language of the account.
            match users::preferred_language(&state.db, user_id).await {
                Ok(locale) => {
                    if let Ok(v) =
                        HeaderValue::from_str(&super::language::language_cookie(state, locale))
                    {
                        res.headers_mut().append(header::SET_COOKIE, v);
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, "could not read the preferred language");
                }
            }
            res
        }
        Err(e) => HttpError::Unavailable(e.to_string()).respond(request_locale(headers)),
    }
}

/// `POST /logout`: ends every session of the user and forgets the cookie.
pub async fn logout(
    State(state): State<AppState>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    user: Option<Extension<CurrentUser>>,
) -> Response {
    if let Some(Extension(user)) = user {
        // Signing out anywhere signs out everywhere: a session left open on
        // a shared office computer ends with the one the user can see.
        if let Err(e) = session::end_all(&state.db, user.id, None).await {
            tracing::warn!(error = %e, "could not end the sessions");
        }
        let event = Event {
            actor_id: Some(user.id),
            subject: Some(&user.email),
            ip: Some(&ip),
            ..Event::new(Action::SignOut)
        };
        if let Err(e) = audit::record(&state.db, event).await {
            tracing::warn!(error = %e, "could not record the sign-out");
        }
    }
    let mut res = see_other(paths::HOME);
    res.headers_mut()
        .append(header::SET_COOKIE, clear_cookie(&state));
    res
}

/// The half-done sign-in's cookie, scoped to the code step.
pub(super) fn challenge_cookie(state: &AppState, token: &str) -> HeaderValue {
    let secure = if state.config.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{}={token}; Path={}; Max-Age={}; HttpOnly; SameSite=Lax{secure}",
        second_factor::CHALLENGE_COOKIE,
        paths::LOGIN_CODE,
        second_factor::CHALLENGE_SECS
    ))
    .expect("hex token is a valid header value")
}

pub(super) fn clear_challenge(state: &AppState) -> HeaderValue {
    challenge_cookie(state, "").to_str().map_or_else(
        |_| HeaderValue::from_static(""),
        |v| {
            HeaderValue::from_str(&v.replace(
                &format!("Max-Age={}", second_factor::CHALLENGE_SECS),
                "Max-Age=0",
            ))
            .unwrap_or_else(|_| HeaderValue::from_static(""))
        },
    )
}

pub(super) fn see_other(location: &str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, location.to_string())],
    )
        .into_response()
}

fn secure(state: &AppState) -> &'static str {
    if state.config.secure_cookies() {
        "; Secure"
    } else {
        ""
    }
}

/// No `Max-Age`: the browser forgets it when closed; the server enforces
/// idle and absolute expiry either way.
fn session_cookie(state: &AppState, token: &str) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Lax{}",
        session::cookie_name(state.config.secure_cookies()),
        secure(state)
    ))
    .expect("hex token is a valid header value")
}

fn clear_cookie(state: &AppState) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{}",
        session::cookie_name(state.config.secure_cookies()),
        secure(state)
    ))
    .expect("valid header value")
}
