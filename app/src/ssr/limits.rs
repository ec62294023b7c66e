//! How long each text a person can type may be — checked before anything is
//! stored or hashed, so no form can fill the database or keep a worker busy
//! with megabytes of "name". The request body limit (1 MiB) is the outer
//! wall; these are the per-field ones, in characters.

/// RFC 5321's longest deliverable address.
pub const EMAIL: usize = 254;
/// A person's name in their own script or in Latin letters.
pub const NAME: usize = 200;
pub const POSITION: usize = 120;
pub const PROVINCE: usize = 120;
/// An organisation's name.
pub const ORGANISATION_NAME: usize = 200;
/// Why a certificate was revoked.
pub const REASON: usize = 500;
/// A search box.
pub const SEARCH: usize = 200;
/// A password: long passphrases welcome, but Argon2 is not fed megabytes.
pub const PASSWORD: usize = 1024;
/// A typed quiz answer (a short-answer question wants a word or a phrase);
/// longer text is cut here before it is graded or stored.
pub const ANSWER: usize = 200;

/// One Markdown file written in the browser's editor (a long module is
/// about 30,000 characters).
pub const DRAFT: usize = 300_000;

/// Whether `value` holds characters a person cannot see but a display
/// obeys: controls (line breaks and tabs included — these are one-line
/// fields) and the explicit direction marks, embeddings, overrides and
/// isolates (U+200E–U+200F, U+202A–U+202E, U+2066–U+2069), with which
/// "Somchai" can be made to display as someone else's name. Joiners that
/// scripts of the region need (U+200C, U+200D) are allowed.
pub fn has_hidden_characters(value: &str) -> bool {
    value.chars().any(|c| {
        c.is_control()
            || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    })
}

/// A field longer than its limit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field} is longer than {max} characters")]
pub struct TooLong {
    pub field: &'static str,
    pub max: usize,
}

/// `Ok` if `value` has at most `max` characters.
pub fn check(field: &'static str, value: &str, max: usize) -> Result<(), TooLong> {
    if value.chars().count() > max {
        Err(TooLong { field, max })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_characters_not_bytes() {
        // 200 Thai characters are 600 bytes and still fit a name.
        assert_eq!(check("name", &"ก".repeat(NAME), NAME), Ok(()));
        assert_eq!(
            check("name", &"ก".repeat(NAME + 1), NAME),
            Err(TooLong {
                field: "name",
                max: NAME
            })
        );
    }
}
