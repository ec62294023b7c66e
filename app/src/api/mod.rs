//! Server functions: what pages ask the server for, one resource per file.
//! Each is a thin adapter — it finds the caller and the database through
//! [`crate::ssr::api`] and calls plain domain code in [`crate::ssr`], which
//! checks access. They take and return the wire types of [`crate::model`];
//! this module holds nothing else.
//!
//! Changes (create, save, disable…) are plain form posts to the server's
//! routes instead, so they work without JavaScript.

pub mod account;
pub mod assessment;
pub mod audit;
pub mod authoring;
pub mod certificates;
pub mod cohorts;
pub mod courses;
pub mod organisations;
pub mod people;
pub mod reports;
pub mod second_factor;
