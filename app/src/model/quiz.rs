//! Quiz questions as a trainee's browser receives them. By construction
//! there is no field for the answer key or the explanation: they cannot be
//! sent before an attempt is graded, because this type cannot hold them.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicQuestion {
    pub id: String,
    pub text: String,
    pub kind: PublicKind,
}

/// Options are in the order this attempt presents them; answers refer to
/// them by that position.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PublicKind {
    Single {
        options: Vec<String>,
    },
    Multiple {
        options: Vec<String>,
    },
    Short,
    /// Left-hand sides in order; right-hand sides shuffled.
    Matching {
        lefts: Vec<String>,
        rights: Vec<String>,
    },
}

/// A knowledge check as a trainee gets it: the questions, and the seed that
/// ordered their options (sent back with the answers; it orders, it does
/// not grade).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckPaper {
    pub seed: i64,
    pub questions: Vec<PublicQuestion>,
}

/// One question's outcome, shown after the answers were sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionResult {
    pub text: String,
    pub correct: bool,
    pub your_answer: String,
    /// `None` where the review policy keeps the key back.
    pub right_answer: Option<String>,
    pub explanation: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckResult {
    /// Percent.
    pub score: f64,
    pub questions: Vec<QuestionResult>,
}
