//! A question with its answer key, as stored and graded on the server —
//! never sent to a browser (`model::quiz::PublicQuestion` is what is sent).
//! Quiz blocks in the content (`content::quiz`) and Moodle GIFT banks
//! (`content::gift`) are parsed into these.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub text: String,
    pub kind: Kind,
    pub explanation: Option<String>,
    /// In a final assessment, the module (its slug) whose learning
    /// objective the question tests — for knowledge gain per module.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub module: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum Kind {
    Single { options: Vec<Choice> },
    Multiple { options: Vec<Choice> },
    Short { accepted: Vec<String> },
    Matching { pairs: Vec<(String, String)> },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub text: String,
    pub correct: bool,
}
