use super::Locale;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::OnceLock;

const SOURCES: [(Locale, &str); 2] = [
    (Locale::En, include_str!("../../locales/en.ftl")),
    (Locale::Th, include_str!("../../locales/th.ftl")),
];

type Bundle = FluentBundle<FluentResource>;

/// Parsed once per process (or per page load in the browser).
fn bundles() -> &'static [Bundle] {
    static BUNDLES: OnceLock<Vec<Bundle>> = OnceLock::new();
    BUNDLES.get_or_init(|| {
        SOURCES
            .iter()
            .map(|(locale, source)| {
                let resource = FluentResource::try_new(source.to_string())
                    .unwrap_or_else(|(resource, _errors)| resource);
                let langid = locale
                    .code()
                    .parse()
                    .expect("locale codes are valid language identifiers");
                let mut bundle = FluentBundle::new_concurrent(vec![langid]);
                // Unicode isolation marks around arguments would end up in
                // copied text and PDFs; our scripts do not mix directions.
                bundle.set_use_isolating(false);
                bundle
                    .add_resource(resource)
                    .expect("message ids are unique (checked by tests)");
                bundle
            })
            .collect()
    })
}

fn bundle(locale: Locale) -> &'static Bundle {
    let index = SOURCES
        .iter()
        .position(|(l, _)| *l == locale)
        .expect("every locale has a source");
    &bundles()[index]
}

/// The text for `key` in `locale`, falling back to English, then to the key
/// itself so a missing translation is visible rather than blank.
pub fn message(locale: Locale, key: &str) -> String {
    format(locale, key, None)
}

/// Like [`message`], with named arguments (`{ $name }` in the message).
pub fn message_with(locale: Locale, key: &str, args: &[(&str, &str)]) -> String {
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        // A number goes in as a number, so `{ $count -> [one] … }` picks
        // the plural form ("1 person", not "1 people").
        if is_number(value) {
            fluent_args.set(*name, FluentValue::try_number(value));
        } else {
            fluent_args.set(*name, *value);
        }
    }
    format(locale, key, Some(&fluent_args))
}

/// A plain decimal number as Lantern writes counts and scores (`3`,
/// `-2`, `85.5`) — not a code or an id with leading zeros.
fn is_number(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && !fraction.is_empty()
        && fraction.bytes().all(|b| b.is_ascii_digit())
        && (whole == "0" || !whole.starts_with('0'))
}

fn format(locale: Locale, key: &str, args: Option<&FluentArgs>) -> String {
    for candidate in [locale, Locale::En] {
        let bundle = bundle(candidate);
        if let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            return bundle
                .format_pattern(pattern, args, &mut errors)
                .into_owned();
        }
    }
    key.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn keys(source: &str) -> BTreeSet<String> {
        let resource = FluentResource::try_new(source.to_string())
            .unwrap_or_else(|(_, errors)| panic!("Fluent syntax errors: {errors:?}"));
        resource
            .entries()
            .filter_map(|entry| match entry {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn counts_take_their_plural_form() {
        let one = message_with(Locale::En, "people-count", &[("count", "1")]);
        assert_eq!(one, "One person");
        let many = message_with(Locale::En, "people-count", &[("count", "12")]);
        assert_eq!(many, "12 people");
        assert!(is_number("85.5") && is_number("0") && is_number("-2"));
        assert!(!is_number("007") && !is_number("1.") && !is_number("LNT-1") && !is_number(""));
    }

    #[test]
    fn every_locale_parses_and_has_every_english_key() {
        let english = keys(SOURCES[0].1);
        for (locale, source) in SOURCES {
            let these = keys(source);
            let missing: Vec<_> = english.difference(&these).collect();
            let extra: Vec<_> = these.difference(&english).collect();
            assert!(missing.is_empty(), "{locale} lacks {missing:?}");
            assert!(extra.is_empty(), "{locale} has unknown keys {extra:?}");
        }
    }

    /// Every key the code asks for exists, so no page shows a raw key.
    #[test]
    fn every_key_used_in_the_code_exists() {
        let english = keys(SOURCES[0].1);
        let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let mut used = BTreeSet::new();
        collect_used_keys(std::path::Path::new(src), &mut used);
        assert!(!used.is_empty(), "the scan found no translated text");
        let missing: Vec<_> = used.difference(&english).collect();
        assert!(missing.is_empty(), "keys used but not defined: {missing:?}");
    }

    fn collect_used_keys(dir: &std::path::Path, used: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                collect_used_keys(&path, used);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for marker in [".t(\"", ".t_with(\"", "message(locale, \""] {
                    for piece in text.split(marker).skip(1) {
                        if let Some(end) = piece.find('"') {
                            used.insert(piece[..end].to_string());
                        }
                    }
                }
                // Functions named `…_key` map codes to keys: every string
                // they return (`=> "key"`) is a key too.
                for piece in text.split("fn ").skip(1) {
                    let name_end = piece.find('(').unwrap_or(0);
                    if !piece[..name_end].ends_with("_key") {
                        continue;
                    }
                    let body = &piece[..piece.find("\n}").unwrap_or(piece.len())];
                    let body = &body[..body.find("\n    }\n").unwrap_or(body.len())];
                    for arm in body.split("=> \"").skip(1) {
                        // `""` means "no key" (see `audience_key`).
                        if let Some(end) = arm.find('"').filter(|end| *end > 0) {
                            used.insert(arm[..end].to_string());
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn falls_back_to_english_then_to_the_key() {
        assert_eq!(message(Locale::Th, "no-such-key"), "no-such-key");
        assert_eq!(message(Locale::En, "site-name"), "Lantern");
    }

    #[test]
    fn fills_arguments() {
        let text = message_with(Locale::Th, "footer-version", &[("version", "9.8.7")]);
        assert_eq!(text, "Lantern รุ่น 9.8.7");
    }
}
