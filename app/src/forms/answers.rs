//! Answers as a plain HTML form posts them — the one format of a
//! knowledge check, an assessment attempt and its autosave. The page
//! (`components::question_fields`) writes these names and the server
//! (`ssr::quiz::answer_form`) reads them.

/// The field of question `n`'s single answer: a chosen option's position,
/// or a short answer's text.
pub fn question(n: usize) -> String {
    format!("q{n}")
}

/// The field of question `n`'s part `m`: a ticked box of a multiple
/// response, or the pick for a matching question's left side `m`.
pub fn part(n: usize, m: usize) -> String {
    format!("q{n}_{m}")
}

/// Whether `name` is an answer field (`q{n}` or `q{n}_{m}`); everything
/// else a form posts is not stored with an attempt.
pub fn is_answer_field(name: &str) -> bool {
    name.strip_prefix('q').is_some_and(|rest| {
        !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit() || b == b'_')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_recognised_as_answers() {
        assert_eq!(question(3), "q3");
        assert_eq!(part(3, 1), "q3_1");
        assert!(is_answer_field(&question(0)) && is_answer_field(&part(12, 4)));
        assert!(!is_answer_field("q") && !is_answer_field("qx") && !is_answer_field("seed"));
    }
}
