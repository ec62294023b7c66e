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
