//! Text in the reader's language, picked one way everywhere: the reader's
//! language if the item has it, else the item's source language — never a
//! silent mix, and with a note when the translation is of an older
//! version of its source. Course pages, modules, assessments, certificates
//! and catalog cards all choose through here.

use crate::model::courses::TextLanguage;

/// Picks the text to show from those available (`(language, item)`):
/// the reader's language if there is one, else the source language.
/// `stale` compares a translation's `translation_of` with the source hash.
pub fn pick<'a, T>(
    available: &'a [(String, T)],
    wanted: &str,
    source_language: &str,
    translation_of: impl Fn(&T) -> Option<&str>,
    hash: impl Fn(&T) -> &str,
) -> Option<(&'a T, TextLanguage)> {
    let source = available.iter().find(|(l, _)| l == source_language);
    let chosen = available.iter().find(|(l, _)| l == wanted).or(source)?;
    let stale = match (source, chosen.0 != source_language) {
        (Some((_, s)), true) => translation_of(&chosen.1) != Some(hash(s)),
        _ => false,
    };
    Some((
        &chosen.1,
        TextLanguage {
            language: chosen.0.clone(),
            fallback: chosen.0 != wanted,
            stale,
        },
    ))
}

/// The item in language `wanted`, else the one in `source`, else `None`:
/// for when only the text matters (a title in a heading), not whether it
/// is a fallback.
pub fn in_language<'a, T>(
    available: &'a [T],
    language: impl Fn(&T) -> &str,
    wanted: &str,
    source: &str,
) -> Option<&'a T> {
    available
        .iter()
        .find(|t| language(t) == wanted)
        .or_else(|| available.iter().find(|t| language(t) == source))
}

#[cfg(test)]
mod tests {
    use super::*;

    type T = (&'static str, Option<&'static str>);

    fn texts() -> Vec<(String, T)> {
        vec![
            ("en".into(), ("h1", None)),
            ("th".into(), ("h2", Some("h0"))),
        ]
    }

    #[test]
    fn picks_the_readers_language_then_the_source() {
        fn of(x: &T) -> Option<&str> {
            x.1
        }
        fn hash(x: &T) -> &str {
            x.0
        }
        let t = texts();
        let (_, th) = pick(&t, "th", "en", of, hash).unwrap();
        assert_eq!(
            (th.language.as_str(), th.fallback, th.stale),
            ("th", false, true)
        );
        let (_, en) = pick(&t, "en", "en", of, hash).unwrap();
        assert_eq!((en.fallback, en.stale), (false, false));
        let (_, km) = pick(&t, "km", "en", of, hash).unwrap();
        assert_eq!((km.language.as_str(), km.fallback), ("en", true));
    }

    #[test]
    fn in_language_falls_back_to_the_source_only() {
        let t = [("en", "Title"), ("th", "ชื่อ")];
        fn lang<'a>(x: &'a (&str, &str)) -> &'a str {
            x.0
        }
        assert_eq!(in_language(&t, lang, "th", "en").map(|x| x.1), Some("ชื่อ"));
        assert_eq!(
            in_language(&t, lang, "km", "en").map(|x| x.1),
            Some("Title")
        );
        assert_eq!(in_language(&t, lang, "km", "lo"), None);
    }
}
