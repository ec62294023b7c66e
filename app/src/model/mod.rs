//! The wire types: everything that crosses between the server and the
//! browser, compiled for both. Pages, components and islands render these;
//! server functions (`crate::api`) return them; the server-only domain
//! (`crate::ssr`) builds them. Nothing here knows about the database or
//! about the functions that carry it, so every layer may depend on it and
//! it depends on none of them.
//!
//! Nothing secret belongs in a type here: whatever it can hold, a browser
//! may receive. (That is why `quiz::PublicQuestion` has no field for a key.)

pub mod assessment;
pub mod audit;
pub mod authoring;
pub mod certificates;
pub mod cohorts;
pub mod courses;
pub mod error;
pub mod organisations;
pub mod people;
pub mod quiz;
pub mod reports;
pub mod roles;
pub mod second_factor;

pub use error::ApiError;
