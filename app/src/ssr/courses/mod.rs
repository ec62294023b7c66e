//! Reading courses: the catalog, a course page, a module, and a trainee's
//! progress. Everything a page needs comes from a few queries over the
//! HTML rendered at import — no Markdown work and no query per module.

pub mod catalog;
pub mod completion;
pub mod progress;
pub mod reader;

use crate::api::courses::TextLanguage;

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
}
