//! Router tests: real database, real router, requests sent with `oneshot`.

mod support;

mod health;
mod pages;
mod security;
mod shutdown;
