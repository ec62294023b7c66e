//! Server-only code: the one module behind the `ssr` feature.
//!
//! Nothing here is compiled into the wasm bundle, so this is where the
//! database, password hashing and configuration live. Server functions in
//! the rest of the crate call into it from their `ssr`-only bodies.

pub mod api;
pub mod audit;
pub mod auth;
pub mod authoring;
pub mod certificates;
pub mod cohorts;
pub mod config;
pub mod content;
pub mod course_names;
pub mod courses;
pub mod csv;
pub mod db;
pub mod error;
pub mod limits;
pub mod organisations;
pub mod passwords;
pub mod people;
pub mod proxies;
pub mod quiz;
pub mod records;
pub mod reports;
pub mod request;
pub mod secrets;
pub mod seed;
pub mod shell;
pub mod standings;
pub mod state;
#[doc(hidden)]
pub mod testing;
pub mod texts;
pub mod users;
pub mod zone;
