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

    /// The day of an instant in the deployment's time zone, as the reader
    /// writes it: "29 Nov 2026", "29 พ.ย. 2569".
    pub fn date(&self, unix: i64) -> String {
        date_in(self.locale, &zone(), unix)
    }

    /// A calendar day given as `YYYY-MM-DD` (a cohort's due date), as the
    /// reader writes it; anything else as it is.
    pub fn day(&self, iso: &str) -> String {
        crate::dates::parse_date(iso).map_or_else(|| iso.to_string(), |d| local_day(self.locale, d))
    }

    /// The day and time of an instant in the deployment's time zone:
    /// "29 Nov 2026, 14:05", "29 พ.ย. 2569 14:05 น.".
    pub fn date_time(&self, unix: i64) -> String {
        date_time_in(self.locale, &zone(), unix)
    }
}

/// [`I18n::date`] outside a page (a PDF, a command), in `zone`.
pub fn date_in(locale: Locale, zone: &crate::dates::Zone, unix: i64) -> String {
    local_day(locale, zone.local(unix))
}

/// [`I18n::date_time`] outside a page, in `zone`.
pub fn date_time_in(locale: Locale, zone: &crate::dates::Zone, unix: i64) -> String {
    let local = zone.local(unix);
    message_with(
        locale,
        "date-time",
        &[
            ("date", &local_day(locale, local)),
            ("time", &crate::dates::format_clock(local)),
        ],
    )
}

fn local_day(locale: Locale, local: i64) -> String {
    let months = message(locale, "months-short");
    let months: Vec<&str> = months.split(',').map(str::trim).collect();
    crate::dates::format_day(local, &months, locale == Locale::Th)
}

/// The deployment's time zone, provided to the page by the server's shell
/// (UTC if none was).
fn zone() -> crate::dates::Zone {
    use_context::<crate::dates::Zone>().unwrap_or_else(crate::dates::Zone::utc)
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
