//! Fair questions in the starter curriculum (issue 18, items 8–9).
//!
//! A test-wise trainee must not pass on the form of the options, and the
//! final assessment's bank (which is also the pre-test) must not repeat the
//! knowledge checks, or the measured knowledge gain is inflated. The rules
//! these tests hold, per course, pool (knowledge checks or final bank) and
//! language, are written for authors in `content/README.md`:
//!
//! - the key is the longest option about as often as chance would have it,
//!   and the shortest too (so that shortening every key is no way out);
//! - a question with several right answers has at least two wrong ones;
//! - "always", "never" and "only" are no more common in wrong answers than
//!   in right ones;
//! - no knowledge-check question and final question share nearly the same
//!   situation, key and explanation ([`similarity`] below).

use super::compile::{compile_tree, CompiledCourse};
use crate::ssr::quiz::question::{Kind, Question};
use std::collections::BTreeSet;
use std::path::Path;

/// How far above chance the key may be the longest (or shortest) option:
/// ten percentage points leaves room for a key that is naturally a little
/// longer without letting length decide.
const ABOVE_CHANCE: f64 = 0.10;

/// Knowledge-check and final questions this similar are near-duplicates.
/// Set so that every pair the expert review named (see
/// [`the_similarity_measure_finds_the_pairs_the_review_named`]) is caught.
const NEAR_DUPLICATE: f64 = 0.20;

fn courses() -> Vec<CompiledCourse> {
    compile_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../content"))
        .unwrap_or_else(|e| panic!("content/ does not compile:\n{e}"))
}

/// Each course's pools: (label, language, questions).
fn pools(course: &CompiledCourse) -> Vec<(String, String, Vec<Question>)> {
    let mut out = Vec::new();
    for text in &course.assessment {
        out.push((
            format!("{} final bank", course.slug),
            text.language.clone(),
            text.pool.clone(),
        ));
    }
    let mut languages: Vec<String> = course
        .modules
        .iter()
        .flat_map(|m| m.texts.iter().map(|t| t.language.clone()))
        .collect();
    languages.sort();
    languages.dedup();
    for language in languages {
        let questions = course
            .modules
            .iter()
            .filter_map(|m| m.texts.iter().find(|t| t.language == language))
            .flat_map(|t| t.quiz.clone())
            .collect();
        out.push((
            format!("{} knowledge checks", course.slug),
            language,
            questions,
        ));
    }
    out
}

/// How a pool's one-answer questions place the key by length.
#[derive(Debug, PartialEq)]
struct LengthCue {
    questions: usize,
    key_longest: usize,
    key_shortest: usize,
    /// The share of questions in which a key chosen at random would be the
    /// longest: the mean of 1/(number of options).
    chance: f64,
}

fn length_cue(pool: &[Question]) -> LengthCue {
    let mut cue = LengthCue {
        questions: 0,
        key_longest: 0,
        key_shortest: 0,
        chance: 0.0,
    };
    for q in pool {
        let Kind::Single { options } = &q.kind else {
            continue;
        };
        let Some(key) = options.iter().find(|o| o.correct) else {
            continue;
        };
        let key_len = key.text.chars().count();
        let others: Vec<usize> = options
            .iter()
            .filter(|o| !o.correct)
            .map(|o| o.text.chars().count())
            .collect();
        if others.is_empty() {
            continue;
        }
        cue.questions += 1;
        cue.chance += 1.0 / options.len() as f64;
        if others.iter().all(|&l| key_len > l) {
            cue.key_longest += 1;
        }
        if others.iter().all(|&l| key_len < l) {
            cue.key_shortest += 1;
        }
    }
    if cue.questions > 0 {
        cue.chance /= cue.questions as f64;
    }
    cue
}

#[test]
fn the_key_is_the_longest_or_shortest_option_about_as_often_as_chance() {
    let mut problems = Vec::new();
    for course in courses() {
        for (label, language, pool) in pools(&course) {
            let cue = length_cue(&pool);
            if cue.questions == 0 {
                continue;
            }
            let n = cue.questions as f64;
            let limit = cue.chance + ABOVE_CHANCE;
            for (what, count) in [("longest", cue.key_longest), ("shortest", cue.key_shortest)] {
                if count as f64 / n > limit {
                    problems.push(format!(
                        "{label} ({language}): the key is the {what} option in {count} of {} \
                         one-answer questions; chance is {:.0} %, the limit {:.0} %",
                        cue.questions,
                        cue.chance * 100.0,
                        limit * 100.0
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn several_answer_questions_have_at_least_two_wrong_options() {
    let mut problems = Vec::new();
    for course in courses() {
        for (label, language, pool) in pools(&course) {
            for q in &pool {
                let Kind::Multiple { options } = &q.kind else {
                    continue;
                };
                let wrong = options.iter().filter(|o| !o.correct).count();
                if wrong < 2 {
                    problems.push(format!(
                        "{label} ({language}): `{}` has {wrong} wrong option(s)",
                        q.id
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

fn has_absolute(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|w| matches!(w.to_lowercase().as_str(), "always" | "never" | "only"))
}

#[test]
fn absolutes_do_not_mark_the_wrong_answers() {
    let mut problems = Vec::new();
    for course in courses() {
        for (label, language, pool) in pools(&course) {
            if language != course.source_language {
                continue;
            }
            let (mut keys, mut keys_absolute, mut wrong, mut wrong_absolute) = (0, 0, 0, 0);
            for q in &pool {
                let (Kind::Single { options } | Kind::Multiple { options }) = &q.kind else {
                    continue;
                };
                for o in options {
                    let (all, absolute) = if o.correct {
                        (&mut keys, &mut keys_absolute)
                    } else {
                        (&mut wrong, &mut wrong_absolute)
                    };
                    *all += 1;
                    *absolute += usize::from(has_absolute(&o.text));
                }
            }
            let share = |a: usize, n: usize| a as f64 / n.max(1) as f64;
            if share(wrong_absolute, wrong) > share(keys_absolute, keys) + 0.05 {
                problems.push(format!(
                    "{label}: {wrong_absolute} of {wrong} wrong options say always, never or only, \
                     against {keys_absolute} of {keys} right ones"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// Words that carry no situation: left out of the comparison.
const STOP_WORDS: &[&str] = &[
    "about", "after", "again", "all", "also", "and", "any", "are", "because", "been", "before",
    "both", "but", "can", "could", "did", "does", "down", "each", "every", "few", "for", "from",
    "had", "has", "have", "her", "here", "him", "his", "how", "into", "its", "just", "may",
    "might", "more", "most", "must", "not", "one", "only", "other", "our", "out", "over", "own",
    "same", "she", "should", "some", "still", "such", "than", "that", "the", "their", "them",
    "then", "there", "these", "they", "this", "those", "three", "two", "under", "very", "was",
    "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with",
    "would", "yet", "you", "your",
];

/// A question's distinctive words (stem, key and explanation): lower case,
/// without short and common words, a plural or tense ending taken off and
/// cut to six letters so that "interpret", "interpreter" and
/// "interpreted" meet.
fn words(q: &Question) -> BTreeSet<String> {
    let mut text = format!("{} {}", q.text, q.explanation.as_deref().unwrap_or(""));
    match &q.kind {
        Kind::Single { options } | Kind::Multiple { options } => {
            for o in options.iter().filter(|o| o.correct) {
                text.push(' ');
                text.push_str(&o.text);
            }
        }
        Kind::Short { accepted } => text.push_str(&accepted.join(" ")),
        Kind::Matching { pairs } => {
            for (a, b) in pairs {
                text.push_str(&format!(" {a} {b}"));
            }
        }
    }
    text.to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() >= 3 && !STOP_WORDS.contains(w))
        .map(|w| {
            let stem = ["ing", "ed", "es", "s", "ly"]
                .iter()
                .find_map(|suffix| w.strip_suffix(suffix).filter(|rest| rest.len() >= 4))
                .unwrap_or(w);
            stem.chars().take(6).collect()
        })
        .collect()
}

/// Shared distinctive words over all distinctive words (Jaccard).
fn similarity(a: &Question, b: &Question) -> f64 {
    let (a, b) = (words(a), words(b));
    let union = a.union(&b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(&b).count() as f64 / union as f64
}

#[test]
fn no_knowledge_check_question_nearly_repeats_a_final_question() {
    let mut problems = Vec::new();
    for course in courses() {
        let Some(bank) = course.assessment.first() else {
            continue;
        };
        for module in &course.modules {
            for kc in &module.texts[0].quiz {
                for f in &bank.pool {
                    let s = similarity(kc, f);
                    if s >= NEAR_DUPLICATE {
                        problems.push(format!(
                            "{}: `{}` ({}) and final `{}` are near-duplicates ({s:.2})",
                            course.slug, kc.id, module.slug, f.id
                        ));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

fn single(id: &str, text: &str, key: &str, wrong: &[&str], explanation: &str) -> Question {
    use crate::ssr::quiz::question::Choice;
    let mut options = vec![Choice {
        text: key.into(),
        correct: true,
    }];
    options.extend(wrong.iter().map(|w| Choice {
        text: (*w).into(),
        correct: false,
    }));
    Question {
        id: id.into(),
        text: text.into(),
        kind: Kind::Single { options },
        explanation: Some(explanation.into()),
        module: None,
    }
}

/// The measure is only worth its threshold if it finds what an expert
/// found: the five near-duplicate pairs the review named, as they stood
/// before the rewrite, all reach it — and two questions on the same topic
/// in different situations do not.
#[test]
fn the_similarity_measure_finds_the_pairs_the_review_named() {
    let pairs = [
        (
            single(
                "vi4-kc-third-person",
                "Which way of asking is best in an interpreted interview?",
                "\"How much do you owe the broker?\"",
                &["\"Ask him how much he owes the broker.\"", "\"Find out about his debt.\""],
                "Speak directly to the person, in the first person, and let the interpreter interpret.",
            ),
            single(
                "vi-final-interpreter-talk",
                "In an interpreted interview, whom do you look at and speak to?",
                "The person, in the first person",
                &["The interpreter, asking them to put the question", "Your notes, to avoid pressure"],
                "The person is at the centre; the interpreter is a voice.",
            ),
        ),
        (
            single(
                "vi6-kc-age",
                "A girl found in a raid says she is 18 but has no documents and looks younger. How should she be treated?",
                "As a child, until her age is established, with the benefit of the doubt",
                &["As an adult, since she says she is 18", "As an adult until an X-ray proves otherwise"],
                "When age is uncertain and there are reasons to believe the person is a child, presume they are a child.",
            ),
            single(
                "vi-final-age",
                "A boy found on a farm has no documents. He says he is 19 but looks about 15. Which approach is right?",
                "Treat him as a child until his age is established, giving him the benefit of the doubt",
                &["Treat him as an adult; he says he is 19", "Order a bone X-ray and follow its result exactly"],
                "When there are reasons to believe a person is a child, presume they are; medical tests give only a range.",
            ),
        ),
        (
            single(
                "vi3-kc-inconsistent",
                "A fisherman gives slightly different dates for his recruitment in two conversations. What does this suggest?",
                "Little by itself: trauma, fear and exhaustion commonly affect memory",
                &["That he is probably lying", "That he should be interviewed again until the dates match"],
                "Gaps and changes are common in truthful accounts of traumatic events. Repeated interviews to test consistency can re-traumatise.",
            ),
            single(
                "vi-final-memory",
                "In a second conversation, a victim gives a different order of events from the first. What is the most likely reason?",
                "Trauma and stress often disturb memory of the order of events",
                &["She is lying and is not a victim", "The interpreter made a mistake"],
                "Inconsistent details are common in truthful accounts of traumatic events and are not, alone, a sign of lying.",
            ),
        ),
        (
            single(
                "tc1-kc-flat",
                "A resident describes being beaten in a flat, calm voice, as if talking about someone else. What is the most likely explanation?",
                "Dissociation, a protective reaction to overwhelming threat",
                &["She is making the story up", "She was not really affected by it"],
                "Emotional numbness and detachment are common trauma reactions and say nothing about truthfulness.",
            ),
            single(
                "tc-final-numb",
                "A resident describes years of abuse in a flat, emotionless voice. A new colleague says she \"doesn't seem traumatised\". What do you explain?",
                "Emotional numbness can be dissociation, a common trauma reaction",
                &["She is probably exaggerating her story", "She has recovered already and needs no support"],
                "A flat account often reflects dissociation, not the absence of harm.",
            ),
        ),
        (
            single(
                "tc4-kc-imminent",
                "A resident says she plans to take the tablets she has saved tonight. What must you do?",
                "Stay with her and not leave her alone; remove the tablets with her cooperation; contact the mental-health service or doctor on call immediately",
                &["Arrange an appointment for next week"],
                "A plan and the means mean imminent risk: stay, remove means, get urgent help.",
            ),
            single(
                "tc-final-imminent",
                "A resident tells you she has a rope hidden and plans to use it tonight. Put the first steps in order.",
                "Stay with her and do not leave her alone; remove the rope, with her cooperation; call the doctor or mental-health service on call",
                &[],
                "With a plan and the means, the risk is imminent: stay, remove the means, get urgent help.",
            ),
        ),
    ];
    for (a, b) in &pairs {
        let s = similarity(a, b);
        assert!(
            s >= NEAR_DUPLICATE,
            "`{}` / `{}`: {s:.2} is below {NEAR_DUPLICATE}",
            a.id,
            b.id
        );
    }
    // Same topic, different situation and key: not a near-duplicate.
    let (age, _) = &pairs[1];
    let xray = single(
        "vi6-kc-xray",
        "Why should a bone X-ray not decide a child's age on its own?",
        "It gives a range of several years, not an exact age",
        &["It is always illegal"],
        "Medical methods have wide margins of error. Use several methods, and take the lower end of any range.",
    );
    assert!(similarity(age, &xray) < NEAR_DUPLICATE);
}

#[test]
fn the_length_cue_counts_keys_that_are_longest_and_shortest() {
    let pool = [
        single("a", "?", "the long right answer", &["short", "shorter"], ""),
        single("b", "?", "ok", &["a wrong one", "another wrong one"], ""),
        single(
            "c",
            "?",
            "middle one",
            &["tiny", "a much longer wrong answer"],
            "",
        ),
    ];
    let cue = length_cue(&pool);
    assert_eq!(
        (cue.questions, cue.key_longest, cue.key_shortest),
        (3, 1, 1)
    );
    assert!((cue.chance - 1.0 / 3.0).abs() < 1e-9);
}
