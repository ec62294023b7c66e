//! The translation layer. Every string a user reads goes through here.
//!
//! Messages are [Fluent](https://projectfluent.org) files in `app/locales/`,
//! compiled into the binary and the wasm bundle. Fluent was chosen over
//! leptos_i18n because translators already know its format, it handles plural
//! and select rules for every language we plan (Burmese, Khmer, Lao,
//! Vietnamese), and it adds no framework-specific build step or the large ICU
//! dependency tree to a two-core build. Missing keys are caught by tests
//! (see `tests` below), not at run time.

mod locale;
mod messages;

pub use locale::Locale;
pub use messages::{message, message_with};

use leptos::prelude::*;

/// The locale of the page being rendered, available to every component.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct I18n {
    pub locale: Locale,
}

impl I18n {
    /// The translated text for `key`.
    pub fn t(&self, key: &str) -> String {
        message(self.locale, key)
    }

    /// The translated text for `key` with Fluent arguments filled in.
    pub fn t_with(&self, key: &str, args: &[(&str, &str)]) -> String {
        message_with(self.locale, key, args)
    }
}

/// Makes the locale available to the component tree.
pub fn provide_i18n(locale: Locale) {
    provide_context(I18n { locale });
}

/// The page's locale. On the server the shell provides it from the request;
/// in the browser it is read back from `<html lang>`, which the server wrote,
/// so hydration renders exactly the text the server sent.
pub fn use_i18n() -> I18n {
    if let Some(i18n) = use_context::<I18n>() {
        return i18n;
    }
    let i18n = I18n {
        locale: locale::document_locale().unwrap_or_default(),
    };
    provide_context(i18n);
    i18n
}
