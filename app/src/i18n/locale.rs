use serde::{Deserialize, Serialize};
use std::fmt;

/// A language the interface is available in.
///
/// Adding one means adding a variant here and an `app/locales/<code>.ftl`
/// file; the tests fail until every key is translated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    En,
    Th,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::En, Locale::Th];

    /// The BCP 47 code, as used in `lang` attributes and cookies.
    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Th => "th",
        }
    }

    /// The language's own name for itself, shown in the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Th => "ไทย",
        }
    }

    /// Parses a code such as `th` or `th-TH` (case-insensitive).
    pub fn from_code(code: &str) -> Option<Locale> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Locale::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// Picks the best locale from an `Accept-Language` header, honouring
    /// q-values; falls back to English.
    pub fn negotiate(accept_language: &str) -> Locale {
        let mut best: Option<(f32, Locale)> = None;
        for part in accept_language.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            if let Some(locale) = Locale::from_code(tag) {
                if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                    best = Some((q, locale));
                }
            }
        }
        best.map(|(_, l)| l).unwrap_or_default()
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The locale the server wrote into `<html lang>`; `None` outside a browser.
pub(super) fn document_locale() -> Option<Locale> {
    #[cfg(feature = "hydrate")]
    {
        let lang = leptos::prelude::document()
            .document_element()?
            .get_attribute("lang")?;
        Locale::from_code(&lang)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_with_regions_and_case() {
        assert_eq!(Locale::from_code("th-TH"), Some(Locale::Th));
        assert_eq!(Locale::from_code("EN_gb"), Some(Locale::En));
        assert_eq!(Locale::from_code("my"), None);
        assert_eq!(Locale::from_code(""), None);
    }

    #[test]
    fn negotiates_by_quality() {
        assert_eq!(Locale::negotiate("th-TH,th;q=0.9,en;q=0.8"), Locale::Th);
        assert_eq!(Locale::negotiate("en;q=0.5, th;q=0.7"), Locale::Th);
        assert_eq!(Locale::negotiate("fr, de;q=0.9"), Locale::En);
        assert_eq!(Locale::negotiate("th;q=0, en;q=0.1"), Locale::En);
        assert_eq!(Locale::negotiate(""), Locale::En);
    }
}
