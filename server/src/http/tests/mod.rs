//! Router tests: real database, real router, requests sent with `oneshot`.

mod support;

mod auth;
mod health;
mod pages;
mod security;
mod shutdown;
