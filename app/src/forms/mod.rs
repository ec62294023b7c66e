//! One contract per form: its field names and what its post comes back
//! with. A plain form post (it works without JavaScript) redirects back to
//! its page with `?done=CODE` or `?error=CODE`; the handler builds that
//! address and the page reads it through the same enum, so the codes, the
//! field names and the messages are written once, here, for both.
//!
//! Compiled for the server and the browser: nothing here may be secret.

pub mod account_password;
pub mod answers;
pub mod assessment_start;
pub mod authoring;
pub mod certificate_batch;
pub mod cohort;
pub mod join;
pub mod language;
pub mod login;
pub mod module;
pub mod organisation;
pub mod person;
pub mod report_export;
pub mod reset_password;
pub mod revoke;
pub mod second_factor;

/// The query key of a success.
pub const DONE: &str = "done";
/// The query key of a failure.
pub const ERROR: &str = "error";

/// What a form post comes back with.
pub trait Outcome: Copy + Sized + 'static {
    /// Every outcome, so a code read back from an address can be matched.
    const ALL: &'static [Self];
    /// The message shown for a `?done=` or `?error=` code this form does not
    /// know (an old bookmark, a hand-edited address).
    const UNKNOWN: (&'static str, &'static str);

    /// The code in the address (stable: bookmarked and scripted).
    fn code(self) -> &'static str;
    /// The translation key of the message shown.
    fn message_key(self) -> &'static str;
    /// A failure (`?error=`) rather than a success (`?done=`).
    fn is_error(self) -> bool;

    /// `done` or `error`.
    fn kind(self) -> &'static str {
        if self.is_error() {
            ERROR
        } else {
            DONE
        }
    }

    /// `path` with this outcome in its query string.
    fn location(self, path: &str) -> String {
        crate::paths::with_query(path, &[(self.kind(), self.code())])
    }

    /// `path` with this outcome and `extra` pairs (values the form sends
    /// back, a reveal key…).
    fn location_with(self, path: &str, extra: &[(&str, &str)]) -> String {
        let mut pairs = vec![(self.kind(), self.code())];
        pairs.extend_from_slice(extra);
        crate::paths::with_query(path, &pairs)
    }

    /// The outcome an address was sent back with (`kind` = `done` or
    /// `error`).
    fn parse(kind: &str, code: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|o| o.kind() == kind && o.code() == code)
    }
}

/// The message key for `?kind=code` on the page of form `O` (what the
/// `FormOutcome` component shows).
pub fn message_key<O: Outcome>(kind: &str, code: &str) -> &'static str {
    match O::parse(kind, code) {
        Some(o) => o.message_key(),
        None if kind == DONE => O::UNKNOWN.0,
        None => O::UNKNOWN.1,
    }
}

/// Declares an outcome enum: each variant with `done` or `error`, its code
/// and its message key.
macro_rules! outcomes {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = ($kind:ident, $code:literal, $key:literal) ),+ $(,)?
        }
        unknown = ($done_key:literal, $error_key:literal);
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $crate::forms::Outcome for $name {
            const ALL: &'static [Self] = &[$( $name::$variant ),+];
            const UNKNOWN: (&'static str, &'static str) = ($done_key, $error_key);

            fn code(self) -> &'static str {
                match self { $( $name::$variant => $code ),+ }
            }

            fn message_key(self) -> &'static str {
                match self { $( $name::$variant => $key ),+ }
            }

            fn is_error(self) -> bool {
                match self { $( $name::$variant => outcomes!(@error $kind) ),+ }
            }
        }
    };
    (@error done) => { false };
    (@error error) => { true };
}
pub(crate) use outcomes;

#[cfg(test)]
mod tests {
    use super::*;

    /// Every form's codes are distinct within their kind and survive the
    /// round trip through an address.
    fn round_trips<O: Outcome + std::fmt::Debug + PartialEq>() {
        let defined = |key: &str| {
            crate::i18n::message(crate::i18n::Locale::En, key) != key
                && crate::i18n::message(crate::i18n::Locale::Th, key) != key
        };
        assert!(defined(O::UNKNOWN.0) && defined(O::UNKNOWN.1));
        for o in O::ALL {
            assert!(
                defined(o.message_key()),
                "{o:?}: no message {}",
                o.message_key()
            );
            assert_eq!(O::parse(o.kind(), o.code()), Some(*o), "{o:?}");
            assert_eq!(message_key::<O>(o.kind(), o.code()), o.message_key());
            let at = o.location("/x");
            assert_eq!(at, format!("/x?{}={}", o.kind(), o.code()));
        }
        assert_eq!(message_key::<O>(DONE, "no-such-code"), O::UNKNOWN.0);
        assert_eq!(message_key::<O>(ERROR, "no-such-code"), O::UNKNOWN.1);
    }

    #[test]
    fn every_form_outcome_round_trips() {
        round_trips::<account_password::Outcome>();
        round_trips::<assessment_start::Outcome>();
        round_trips::<certificate_batch::Outcome>();
        round_trips::<authoring::Outcome>();
        round_trips::<cohort::Outcome>();
        round_trips::<report_export::Outcome>();
        round_trips::<login::Outcome>();
        round_trips::<organisation::Outcome>();
        round_trips::<person::Outcome>();
        round_trips::<reset_password::Outcome>();
        round_trips::<revoke::Outcome>();
    }
}
