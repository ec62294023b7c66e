//! Short answers compare without regard to case, spaces or Unicode form, so
//! "Bangkok", " bangkok " and a Thai answer typed with a different
//! composition of its vowels and tone marks all match.

use unicode_normalization::UnicodeNormalization;

/// NFKC, lower case, and no whitespace at all (Thai, Burmese, Khmer and Lao
/// do not separate words with spaces, so a space is never meaningful in a
/// short answer) — including the zero-width space editors insert.
pub fn normalise(answer: &str) -> String {
    answer
        .nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| {
            !c.is_whitespace() && !matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}')
        })
        .collect()
}

/// Whether `given` matches one of the `accepted` answers.
pub fn matches(given: &str, accepted: &[String]) -> bool {
    let given = normalise(given);
    !given.is_empty() && accepted.iter().any(|a| normalise(a) == given)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_space_and_width_do_not_matter() {
        let accepted = vec!["Bangkok".to_string(), "1300".to_string()];
        assert!(matches("  bangKOK ", &accepted));
        assert!(matches("1 300", &accepted));
        assert!(matches("１３００", &accepted), "full-width digits");
        assert!(!matches("Bangkok Noi", &accepted));
        assert!(!matches("   ", &accepted), "an empty answer never matches");
    }

    #[test]
    fn thai_compositions_compare_equal() {
        // SARA AM (U+0E33) and its decomposition NIKHAHIT + SARA AA.
        let accepted = vec!["น้ำ".to_string()];
        assert!(matches("น\u{0e49}\u{0e4d}\u{0e32}", &accepted));
        assert!(matches("น้\u{200b}ำ", &accepted), "zero-width space");
        assert!(
            !matches("นำ", &accepted),
            "a missing tone mark is a different word"
        );
    }
}
