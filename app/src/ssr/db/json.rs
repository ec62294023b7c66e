//! JSON stored in a text column (a paper, saved answers, a question pool,
//! objectives…), decoded in one place. A value that does not decode is an
//! error that names the column — never an empty default: an attempt whose
//! stored paper read as empty would be graded as an empty paper and use up
//! one of the trainee's attempts.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// A stored JSON value that does not decode as what the code expects.
#[derive(Debug, thiserror::Error)]
#[error("the stored {column} does not decode: {detail}")]
pub struct Corrupt {
    /// The column (or table.column) that held it.
    pub column: &'static str,
    pub detail: String,
}

/// Decodes the JSON text stored in `column`.
pub fn decode<T: DeserializeOwned>(column: &'static str, text: &str) -> Result<T, Corrupt> {
    serde_json::from_str(text).map_err(|e| {
        tracing::error!(column, error = %e, "a stored JSON value does not decode");
        Corrupt {
            column,
            detail: e.to_string(),
        }
    })
}

/// Decodes a nullable JSON column; SQL `NULL` is `None`.
pub fn decode_opt<T: DeserializeOwned>(
    column: &'static str,
    text: Option<&str>,
) -> Result<Option<T>, Corrupt> {
    text.map(|t| decode(column, t)).transpose()
}

/// Encodes a value for a JSON text column. Serialising plain data types
/// (no maps with non-string keys) cannot fail.
pub fn encode<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| {
        // Only reachable by a type that cannot be JSON at all: a bug.
        tracing::error!(error = %e, "a value could not be encoded as JSON");
        String::from("null")
    })
}

impl From<Corrupt> for sqlx::Error {
    /// Lets a store return a decode failure through `sqlx::Error`, as a
    /// column decode error (it is one).
    fn from(e: Corrupt) -> Self {
        sqlx::Error::ColumnDecode {
            index: e.column.to_string(),
            source: Box::new(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_round_trips() {
        let v = vec![("q1".to_string(), "a".to_string())];
        let back: Vec<(String, String)> = decode("answers", &encode(&v)).expect("decodes");
        assert_eq!(back, v);
    }

    #[test]
    fn garbage_is_an_error_naming_the_column_not_an_empty_value() {
        let e = decode::<Vec<String>>("quiz_attempts.paper", "{not json").unwrap_err();
        assert_eq!(e.column, "quiz_attempts.paper");
        let e = decode::<Vec<String>>("quiz_attempts.paper", "").unwrap_err();
        assert!(e.to_string().contains("quiz_attempts.paper"), "{e}");
    }

    #[test]
    fn null_is_none_and_garbage_is_still_an_error() {
        assert_eq!(decode_opt::<Vec<String>>("x", None).unwrap(), None);
        assert!(decode_opt::<Vec<String>>("x", Some("[1")).is_err());
    }
}
