//! Router tests: real database, real router, requests sent with `oneshot`.

mod support;

mod access_matrix;
mod assessment;
mod auth;
mod authoring;
mod certificates;
mod cohorts;
mod courses;
mod health;
mod pages;
mod people;
mod reports;
mod security;
mod shutdown;
