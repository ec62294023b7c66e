//! `POST /certificates/batches`: prepare a ZIP of a course's certificates.

use super::outcomes;

/// Field names.
pub mod field {
    /// The course's slug.
    pub const COURSE: &str = "course";
}

outcomes! {
    pub enum Outcome {
        Started = (done, "started", "batches-started"),
        Empty = (error, "empty", "batches-error-empty"),
        Busy = (error, "busy", "batches-error-busy"),
        Forbidden = (error, "forbidden", "error-forbidden"),
        Unavailable = (error, "unavailable", "error-unavailable"),
    }
    unknown = ("batches-started", "error-unavailable");
}
