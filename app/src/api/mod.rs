//! Server functions, one per file. Each is a thin adapter: it finds the
//! current user and the state in context, checks access through
//! `ssr::auth`, and calls the domain code in `ssr`.

pub mod viewer;
