//! `POST /reports/exports`: build a large download of the completion
//! report in the background. The report's filters come along as the same
//! fields as its query string (`org`, `course`, …).

use super::outcomes;

/// Field names (besides the report's filters).
pub mod field {
    /// `csv` or `xlsx`.
    pub const FORMAT: &str = "format";
}

outcomes! {
    pub enum Outcome {
        Started = (done, "started", "exports-started"),
        Busy = (error, "busy", "exports-error-busy"),
        Format = (error, "format", "exports-error-format"),
        Forbidden = (error, "forbidden", "error-forbidden"),
        Unavailable = (error, "unavailable", "error-unavailable"),
    }
    unknown = ("exports-started", "error-unavailable");
}
