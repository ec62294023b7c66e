//! `POST /courses/{slug}/assessment/start`: start (or go back to) an
//! attempt. A refusal goes back to the overview with its reason.

use super::outcomes;

/// Field names.
pub mod field {
    /// `pretest`, `final` or `refresher` (`model::assessment::Purpose`).
    pub const PURPOSE: &str = "purpose";
}

outcomes! {
    pub enum Outcome {
        /// The course has no assessment (the page itself is then missing;
        /// kept so the code stays reserved).
        NoAssessment = (error, "missing", "error-request"),
        NoPretest = (error, "pretest", "assessment-refused-pretest"),
        PretestDue = (error, "pretest-due", "assessment-refused-pretest-due"),
        AlreadyPassed = (error, "passed", "assessment-refused-passed"),
        NoAttemptsLeft = (error, "attempts", "assessment-refused-attempts"),
        NoRenewalDue = (error, "renewal", "assessment-refused-renewal"),
    }
    unknown = ("form-done", "error-request");
}
