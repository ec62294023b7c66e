//! Reading courses: the catalog, a course page, a module, and a trainee's
//! progress. Everything a page needs comes from a few queries over the
//! HTML rendered at import — no Markdown work and no query per module.

pub mod catalog;
pub mod progress;
pub mod reader;
pub mod store;

#[cfg(test)]
mod cache_tests;
