//! `POST /language`: choose the interface language, then go back.

/// Field names.
pub mod field {
    /// A locale code (`en`, `th`).
    pub const LANG: &str = "lang";
    /// The local path (and query) to go back to.
    pub const RETURN_TO: &str = "return_to";
}
