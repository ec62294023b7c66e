//! Readable differences between two texts of a file, as plain data: word
//! by word for prose, question by question for quiz blocks, paragraph by
//! paragraph for what a translator must look at again.

pub use crate::model::authoring::{Change, QuestionChange, QuestionChangeKind, Span};
use similar::{ChangeTag, TextDiff};
use std::time::{Duration, Instant};

/// How long a diff may search for the smallest answer before it settles
/// for a coarser one (a pathological pair of texts stays cheap).
const DEADLINE: Duration = Duration::from_millis(200);

/// `old` → `new` word by word, neighbouring words of one kind joined.
pub fn words(old: &str, new: &str) -> Vec<Span> {
    let diff = TextDiff::configure()
        .deadline(Instant::now() + DEADLINE)
        .diff_words(old, new);
    let mut out: Vec<Span> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => Change::Same,
            ChangeTag::Insert => Change::Added,
            ChangeTag::Delete => Change::Removed,
        };
        match out.last_mut() {
            Some(last) if last.change == kind => last.text.push_str(change.value()),
            _ => out.push(Span {
                change: kind,
                text: change.value().to_string(),
            }),
        }
    }
    out
}

/// The quiz questions of a file by id (`? [id] …` up to the next question
/// or the end of its block), in order.
pub fn questions(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut in_quiz = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            in_quiz = !in_quiz && trimmed.trim_start_matches('`').trim() == "quiz";
            continue;
        }
        if !in_quiz {
            continue;
        }
        if let Some(id) = trimmed
            .strip_prefix("? [")
            .and_then(|rest| rest.split_once(']'))
            .map(|(id, _)| id.trim().to_string())
        {
            out.push((id, String::new()));
        }
        if let Some((_, body)) = out.last_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    out
}

/// The questions added, removed or changed between `old` and `new`
/// (unchanged ones are left out), in the order of `new`, removed last.
pub fn question_changes(old: &str, new: &str) -> Vec<QuestionChange> {
    let before = questions(old);
    let after = questions(new);
    let mut out = Vec::new();
    for (id, text) in &after {
        match before.iter().find(|(b, _)| b == id) {
            None => out.push(QuestionChange {
                id: id.clone(),
                change: QuestionChangeKind::Added,
                spans: vec![Span {
                    change: Change::Added,
                    text: text.clone(),
                }],
            }),
            Some((_, old_text)) if old_text != text => out.push(QuestionChange {
                id: id.clone(),
                change: QuestionChangeKind::Changed,
                spans: words(old_text, text),
            }),
            Some(_) => {}
        }
    }
    for (id, text) in &before {
        if !after.iter().any(|(a, _)| a == id) {
            out.push(QuestionChange {
                id: id.clone(),
                change: QuestionChangeKind::Removed,
                spans: vec![Span {
                    change: Change::Removed,
                    text: text.clone(),
                }],
            });
        }
    }
    out
}

/// The paragraphs of `current` (split at blank lines), each marked
/// whether it is new or changed since `earlier` — what a translator of
/// `earlier` must look at again.
pub fn changed_paragraphs(earlier: &str, current: &str) -> Vec<(String, bool)> {
    let before: std::collections::HashSet<&str> = paragraphs(earlier).collect();
    paragraphs(current)
        .map(|p| (p.to_string(), !before.contains(p)))
        .collect()
}

/// The paragraphs of a text: runs between blank lines, trimmed.
pub fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    text.split("\n\n").map(str::trim).filter(|p| !p.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_show_what_changed_and_keep_every_character() {
        let spans = words(
            "Keep children with their carers.",
            "Keep children with their verified carers.",
        );
        assert_eq!(
            spans
                .iter()
                .filter(|s| s.change == Change::Added)
                .map(|s| s.text.trim())
                .collect::<Vec<_>>(),
            ["verified"]
        );
        let new: String = spans
            .iter()
            .filter(|s| s.change != Change::Removed)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(new, "Keep children with their verified carers.");
        let old: String = spans
            .iter()
            .filter(|s| s.change != Change::Added)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(old, "Keep children with their carers.");
    }

    const OLD: &str = "Intro\n\n```quiz\n? [a] First?\n(x) Yes\n( ) No\n\n? [b] Second?\n(x) One\n( ) Two\n```\n\n? [not] outside a block\n";
    const NEW: &str = "Intro\n\n```quiz\n? [a] First?\n(x) Yes\n( ) No\n\n? [b] Second, reworded?\n(x) One\n( ) Two\n\n? [c] Third?\n(x) A\n( ) B\n```\n";

    #[test]
    fn quiz_blocks_are_compared_question_by_question() {
        assert_eq!(
            questions(OLD)
                .iter()
                .map(|q| q.0.as_str())
                .collect::<Vec<_>>(),
            ["a", "b"]
        );
        let changes = question_changes(OLD, NEW);
        assert_eq!(
            changes
                .iter()
                .map(|c| (c.id.as_str(), c.change))
                .collect::<Vec<_>>(),
            [
                ("b", QuestionChangeKind::Changed),
                ("c", QuestionChangeKind::Added)
            ]
        );
        assert!(changes[0]
            .spans
            .iter()
            .any(|s| s.change == Change::Added && s.text.contains("reworded")));
        let back = question_changes(NEW, OLD);
        assert!(back
            .iter()
            .any(|c| c.id == "c" && c.change == QuestionChangeKind::Removed));
    }

    #[test]
    fn paragraphs_changed_since_a_translation_are_marked() {
        let marked = changed_paragraphs(
            "One.\n\nTwo.\n\nThree.\n",
            "One.\n\nTwo, changed.\n\nThree.\n\nFour.\n",
        );
        assert_eq!(
            marked,
            [
                ("One.".to_string(), false),
                ("Two, changed.".to_string(), true),
                ("Three.".to_string(), false),
                ("Four.".to_string(), true),
            ]
        );
    }
}
