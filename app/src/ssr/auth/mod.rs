//! Authentication and access: sessions, sign-in with rate limiting, the
//! cross-origin (CSRF) rule, and the role checks every route and server
//! function goes through.

pub mod access;
pub mod cross_origin;
pub mod login;
pub mod password_reset;
pub mod policy;
pub mod rate_limit;
pub mod routes;
pub mod scope;
pub mod second_factor;
pub mod session;
#[cfg(test)]
mod session_cache_tests;
pub mod store;

pub use access::{AccessError, CurrentUser};
