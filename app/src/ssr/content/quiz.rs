//! The grammar of `quiz` blocks (see `docs/content-format.md`):
//!
//! ```text
//! ? [stable-id] Question text
//! (x) a correct option      ( ) a wrong one         single choice
//! [x] a correct option      [ ] a wrong one         multiple response
//! = an accepted answer                              short answer
//! - left -> right                                   matching
//! > explanation, shown after grading
//! @ module-slug                                     (assessment.md) the module it tests
//! ```
//!
//! Questions are separated by their `?` lines; blank lines are ignored.
//! The parsed questions (`quiz::question`) hold the answer key: they stay
//! on the server.

use super::error::ContentError;
pub use crate::ssr::quiz::question::{Choice, Kind, Question};
use std::collections::HashSet;

/// A question being read, with where it started.
struct Draft {
    id: String,
    text: String,
    line: usize,
    single: Vec<Choice>,
    multiple: Vec<Choice>,
    accepted: Vec<String>,
    pairs: Vec<(String, String)>,
    explanation: Vec<String>,
    module: Option<String>,
}

/// Parses one block. `first_line` is the file line of the block's first
/// line; `seen` collects ids across blocks so duplicates are caught.
/// `modules` are the course's module slugs a question may be tagged with
/// (`@ slug`) — `None` outside `assessment.md`, where tags are an error.
pub fn parse(
    file: &str,
    block: &str,
    first_line: usize,
    seen: &mut HashSet<String>,
    modules: Option<&HashSet<String>>,
) -> Result<Vec<Question>, Vec<ContentError>> {
    let mut errors = Vec::new();
    let mut questions = Vec::new();
    let mut draft: Option<Draft> = None;
    for (i, raw) in block.lines().enumerate() {
        let line_no = first_line + i;
        let indent = raw.chars().take_while(|c| c.is_whitespace()).count();
        let line = raw.trim();
        let col = indent + 1;
        let err = |errors: &mut Vec<ContentError>, col: usize, msg: String| {
            errors.push(ContentError::new(file, line_no, col, msg));
        };
        if line.is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix('?') {
            if let Some(d) = draft.take() {
                finish(file, d, &mut questions, &mut errors);
            }
            let rest = rest.trim_start();
            let Some((id, text)) = rest
                .strip_prefix('[')
                .and_then(|r| r.split_once(']'))
                .map(|(id, text)| (id.trim(), text.trim()))
            else {
                err(
                    &mut errors,
                    col,
                    "expected `? [question-id] question text`".into(),
                );
                continue;
            };
            if id.is_empty()
                || !id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
            {
                err(
                    &mut errors,
                    col + 2,
                    format!("question id `{id}` must be lower-case letters, digits, `-` or `_`"),
                );
                continue;
            }
            if text.is_empty() {
                err(&mut errors, col, format!("question `{id}` has no text"));
            }
            if !seen.insert(id.to_string()) {
                err(
                    &mut errors,
                    col + 2,
                    format!("duplicate question id `{id}` (ids must be unique within a course)"),
                );
            }
            draft = Some(Draft {
                id: id.into(),
                text: text.into(),
                line: line_no,
                single: Vec::new(),
                multiple: Vec::new(),
                accepted: Vec::new(),
                pairs: Vec::new(),
                explanation: Vec::new(),
                module: None,
            });
            continue;
        }
        let Some(d) = draft.as_mut() else {
            err(
                &mut errors,
                col,
                "expected a question first: `? [question-id] question text`".into(),
            );
            continue;
        };
        let option = |rest: &str| rest.trim().to_string();
        if let Some(rest) = line
            .strip_prefix("(x)")
            .or_else(|| line.strip_prefix("(X)"))
        {
            d.single.push(Choice {
                text: option(rest),
                correct: true,
            });
        } else if let Some(rest) = line.strip_prefix("( )") {
            d.single.push(Choice {
                text: option(rest),
                correct: false,
            });
        } else if let Some(rest) = line
            .strip_prefix("[x]")
            .or_else(|| line.strip_prefix("[X]"))
        {
            d.multiple.push(Choice {
                text: option(rest),
                correct: true,
            });
        } else if let Some(rest) = line.strip_prefix("[ ]") {
            d.multiple.push(Choice {
                text: option(rest),
                correct: false,
            });
        } else if let Some(rest) = line.strip_prefix('=') {
            d.accepted.push(option(rest));
        } else if let Some(rest) = line.strip_prefix("- ") {
            match rest.split_once("->") {
                Some((l, r)) if !l.trim().is_empty() && !r.trim().is_empty() => {
                    d.pairs.push((l.trim().into(), r.trim().into()));
                }
                Some(_) => err(
                    &mut errors,
                    col,
                    "a matching pair needs text on both sides of `->`".into(),
                ),
                None => err(
                    &mut errors,
                    col,
                    "a matching pair needs `->` between its two sides: `- left -> right`".into(),
                ),
            }
            continue;
        } else if let Some(rest) = line.strip_prefix('>') {
            d.explanation.push(rest.trim().to_string());
            continue;
        } else if let Some(rest) = line.strip_prefix('@') {
            let slug = rest.trim();
            match modules {
                None => err(&mut errors, col, format!(
                    "`@ {slug}` tags a final-assessment question with the module it tests: it belongs in assessment.md"
                )),
                Some(_) if d.module.is_some() => err(
                    &mut errors,
                    col,
                    format!("question `{}` is tagged with a module twice", d.id),
                ),
                Some(known) if !known.contains(slug) => {
                    let mut names: Vec<&str> = known.iter().map(String::as_str).collect();
                    names.sort_unstable();
                    err(&mut errors, col + 2, format!(
                        "no module `{slug}` in this course (its modules: {})",
                        names.join(", ")
                    ));
                }
                Some(_) => d.module = Some(slug.to_string()),
            }
            continue;
        } else {
            err(&mut errors, col, format!(
                "expected an answer line — `(x)`, `( )`, `[x]`, `[ ]`, `=`, `- left -> right` — or `>` explanation, found {line:?}"
            ));
            continue;
        }
        let last_empty = d
            .single
            .last()
            .is_some_and(|c| c.text.is_empty() && d.multiple.is_empty())
            || d.multiple
                .last()
                .is_some_and(|c| c.text.is_empty() && d.single.is_empty())
            || d.accepted.last().is_some_and(std::string::String::is_empty);
        if last_empty {
            err(
                &mut errors,
                col,
                format!("empty option in question `{}`", d.id),
            );
        }
    }
    if let Some(d) = draft.take() {
        finish(file, d, &mut questions, &mut errors);
    }
    if errors.is_empty() {
        Ok(questions)
    } else {
        Err(errors)
    }
}

fn finish(file: &str, d: Draft, out: &mut Vec<Question>, errors: &mut Vec<ContentError>) {
    let kinds = [
        !d.single.is_empty(),
        !d.multiple.is_empty(),
        !d.accepted.is_empty(),
        !d.pairs.is_empty(),
    ]
    .iter()
    .filter(|k| **k)
    .count();
    let fail = |errors: &mut Vec<ContentError>, msg: String| {
        errors.push(ContentError::new(file, d.line, 1, msg));
    };
    if kinds == 0 {
        return fail(errors, format!("question `{}` has no answers", d.id));
    }
    if kinds > 1 {
        return fail(
            errors,
            format!(
            "question `{}` mixes answer kinds; use one of `( )`, `[ ]`, `=` or `->` per question",
            d.id
        ),
        );
    }
    let kind = if !d.single.is_empty() {
        let correct = d.single.iter().filter(|c| c.correct).count();
        if correct != 1 {
            return fail(errors, format!(
                "single-choice question `{}` needs exactly one `(x)` correct option, found {correct}",
                d.id
            ));
        }
        if d.single.len() < 2 {
            return fail(
                errors,
                format!("question `{}` needs at least two options", d.id),
            );
        }
        Kind::Single { options: d.single }
    } else if !d.multiple.is_empty() {
        if !d.multiple.iter().any(|c| c.correct) {
            return fail(
                errors,
                format!(
                    "multiple-response question `{}` has no correct `[x]` option",
                    d.id
                ),
            );
        }
        Kind::Multiple {
            options: d.multiple,
        }
    } else if !d.accepted.is_empty() {
        Kind::Short {
            accepted: d.accepted,
        }
    } else {
        if d.pairs.len() < 2 {
            return fail(
                errors,
                format!("matching question `{}` needs at least two pairs", d.id),
            );
        }
        Kind::Matching { pairs: d.pairs }
    };
    let explanation = (!d.explanation.is_empty()).then(|| d.explanation.join("\n"));
    out.push(Question {
        id: d.id,
        text: d.text,
        kind,
        explanation,
        module: d.module,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(block: &str) -> Vec<Question> {
        parse("f.md", block, 10, &mut HashSet::new(), None).unwrap()
    }

    fn first_error(block: &str) -> String {
        parse("f.md", block, 10, &mut HashSet::new(), None).unwrap_err()[0].to_string()
    }

    #[test]
    fn reads_every_kind() {
        let qs = ok("? [q1] Who decides?\n(x) The person\n( ) The officer\n> Consent matters.\n\n\
                     ? [q2] Indicators?\n[x] Debt\n[ ] Sunshine\n[x] Confiscated papers\n\
                     ? [q3] Hotline number?\n= 1300\n= 1 300\n\
                     ? [q4] Match\n- TIP -> trafficking in persons\n- VoT -> victim of trafficking\n");
        assert_eq!(qs.len(), 4);
        assert_eq!(qs[0].explanation.as_deref(), Some("Consent matters."));
        assert!(matches!(&qs[1].kind, Kind::Multiple { options } if options.len() == 3));
        assert!(matches!(&qs[2].kind, Kind::Short { accepted } if accepted == &["1300", "1 300"]));
        assert!(matches!(&qs[3].kind, Kind::Matching { pairs } if pairs[1].0 == "VoT"));
    }

    #[test]
    fn assessment_questions_name_the_module_they_test() {
        let modules: HashSet<String> =
            ["indicators".to_string(), "first-contact".to_string()].into();
        let parse_with = |block: &str| parse("a.md", block, 3, &mut HashSet::new(), Some(&modules));
        let qs =
            parse_with("? [q1] Who?\n@ first-contact\n(x) A\n( ) B\n? [q2] What?\n= x\n").unwrap();
        assert_eq!(qs[0].module.as_deref(), Some("first-contact"));
        assert_eq!(qs[1].module, None);
        assert_eq!(
            parse_with("? [q1] Who?\n@ nowhere\n(x) A\n( ) B\n").unwrap_err()[0].to_string(),
            "a.md:4:3: no module `nowhere` in this course (its modules: first-contact, indicators)"
        );
        assert!(
            parse_with("? [q1] Who?\n@ indicators\n@ first-contact\n(x) A\n( ) B\n").unwrap_err()
                [0]
            .to_string()
            .contains("tagged with a module twice")
        );
        // Not in a module's knowledge check.
        assert_eq!(
            first_error("? [q1] Who?\n@ indicators\n(x) A\n( ) B\n"),
            "f.md:11:1: `@ indicators` tags a final-assessment question with the module it tests: it belongs in assessment.md"
        );
    }

    #[test]
    fn malformed_questions_are_reported_where_they_are() {
        assert_eq!(
            first_error("? [q1] Who?\n( ) A\n( ) B\n"),
            "f.md:10:1: single-choice question `q1` needs exactly one `(x)` correct option, found 0"
        );
        assert_eq!(
            first_error("? [q1] Who?\n(x) A\n( )\n"),
            "f.md:12:1: empty option in question `q1`"
        );
        assert_eq!(
            first_error("? [m] Match\n- a -> b\n  - c to d\n"),
            "f.md:12:3: a matching pair needs `->` between its two sides: `- left -> right`"
        );
        assert_eq!(
            first_error("? Who?\n(x) A\n"),
            "f.md:10:1: expected `? [question-id] question text`"
        );
        assert_eq!(
            first_error("? [q1] Who?\n"),
            "f.md:10:1: question `q1` has no answers"
        );
        assert!(first_error("? [q1] Who?\n(x) A\n[ ] B\n").contains("mixes answer kinds"));
        assert!(first_error("(x) A\n").contains("expected a question first"));
        assert!(first_error("? [q1] A?\n(x) A\n( ) B\nwhat\n").contains("expected an answer line"));
    }

    #[test]
    fn ids_are_unique_across_blocks() {
        let mut seen = HashSet::new();
        parse("a.md", "? [q1] A?\n(x) y\n( ) n\n", 1, &mut seen, None).unwrap();
        let e = parse("b.md", "? [q1] B?\n(x) y\n( ) n\n", 5, &mut seen, None).unwrap_err();
        assert_eq!(
            e[0].to_string(),
            "b.md:5:3: duplicate question id `q1` (ids must be unique within a course)"
        );
    }
}
