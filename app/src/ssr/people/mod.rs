//! Other people's accounts: the directory (search and view), the
//! administrator's changes, a person's own data export, and the
//! show-once secrets handed back to whoever issued them. Every function
//! takes the acting user and applies [`crate::ssr::auth::policy`] through
//! the scope [`crate::ssr::auth::scope`] loads.

pub mod admin;
pub mod directory;
pub mod export;
pub mod reveal;
pub mod store;
