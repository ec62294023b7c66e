//! Courses from Markdown: reading a `content/` tree, checking every file,
//! rendering it once to sanitised HTML, and importing it — all of it in one
//! transaction, or nothing. The format is documented in
//! `docs/content-format.md`.
//!
//! The pipeline: [`source`] reads files → [`front_matter`] splits and checks
//! the TOML header → [`markdown`] renders the body (anchors, table of
//! contents, callouts, images, [`quiz`] blocks) → [`compile`] assembles a
//! course → [`import`] writes versions. Errors carry file, line and column
//! ([`ContentError`]).

pub mod compile;
pub mod error;
pub mod export;
pub mod front_matter;
pub mod gift;
pub mod import;
pub mod markdown;
pub mod pictures;
pub mod quiz;
pub mod source;
pub mod store;

pub use error::{ContentError, ContentErrors};

/// Languages content may be written in (the interface follows later for
/// some): English, Thai, Burmese, Khmer, Lao, Vietnamese.
pub const CONTENT_LANGUAGES: &[&str] = &["en", "th", "my", "km", "lo", "vi"];

/// The SHA-256 of a file's text, hex: a version's identity, and what a
/// translation's `translation_of` names.
pub fn content_hash(text: &str) -> String {
    content_hash_bytes(text.as_bytes())
}

/// The SHA-256 of bytes, hex: a picture's name in `media`.
pub fn content_hash_bytes(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod curriculum_tests;
#[cfg(test)]
mod export_tests;
#[cfg(test)]
mod hostile_tests;
#[cfg(test)]
mod question_fairness_tests;
#[cfg(test)]
mod tests;
