//! What a domain read refuses, before anyone decides how to say it: the
//! page-data functions (catalog, reader, assessment views, directory,
//! verification) return this, and `ssr/api.rs` maps it to the browser's
//! [`crate::model::ApiError`] in one place. Areas with rules of their own
//! (accounts, revocation, progress…) keep their own error types.

/// Why a domain read gave no answer.
#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    /// Missing, or outside what the caller may see (the two look the same,
    /// so ids cannot be probed).
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("too many requests")]
    RateLimited,
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// A stored value that no longer decodes: refused loudly rather than
    /// read as empty (an empty paper would be graded and use an attempt).
    #[error(transparent)]
    Corrupt(#[from] super::db::json::Corrupt),
}
