//! Authentication and access: sessions, sign-in with rate limiting, the
//! cross-origin (CSRF) rule, and the role checks every route and server
//! function goes through.

pub mod access;
pub mod cross_origin;
pub mod login;
pub mod rate_limit;
pub mod routes;
pub mod session;

pub use access::{AccessError, CurrentUser};

/// The signed-in user of the request being handled (page render or server
/// function), as the session middleware found it.
pub fn current_user() -> Option<CurrentUser> {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CurrentUser>().cloned())
}
