//! The rules of a final assessment, as `assessment.md`'s front matter
//! sets them (parsed by `content::compile`) and as attempts apply them.

/// When explanations and correct answers are shown after an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Review {
    AfterSubmit,
    AfterPass,
    Never,
}

/// The rules of a final assessment (`assessment.md`'s front matter).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AssessmentSettings {
    /// Percent needed to pass.
    pub pass_mark: u32,
    /// Questions drawn at random from the pool per attempt (all if `None`).
    pub draw: Option<u32>,
    pub max_attempts: Option<u32>,
    pub time_limit_minutes: Option<u32>,
    pub review: Review,
    /// Taken once before the first module, to measure knowledge gain.
    pub pretest: bool,
    /// Proportional credit for multiple-response and matching questions.
    pub partial: bool,
}
