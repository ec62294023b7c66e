//! Hostile input for the importers: whatever a file holds — random bytes
//! read as text, Markdown and quiz syntax shuffled together, deep nesting,
//! a huge quiz — parsing ends with content or a list of errors, never a
//! panic, a hang or a blow-up. Generated cases run in every `make test`
//! (proptest shrinks a failure to a minimal input); the fixed cases are
//! the shapes known to break parsers.

use super::front_matter;
use super::gift;
use super::markdown::{self, Context};
use super::quiz;
use proptest::prelude::*;
use std::collections::HashSet;
use std::time::{Duration, Instant};

/// Pieces of the content syntax, so generated files reach past the first
/// line of each parser.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("+++\n".to_string()),
        Just("title = \"T\"\n".to_string()),
        Just("objectives = [\"a\"]\n".to_string()),
        Just("```quiz\n".to_string()),
        Just("```\n".to_string()),
        Just("? [q1] Stem?\n".to_string()),
        Just("(x) Right\n".to_string()),
        Just("( ) Wrong\n".to_string()),
        Just("[x] Tick\n".to_string()),
        Just("= 1300\n".to_string()),
        Just("> explanation\n".to_string()),
        Just("@ module\n".to_string()),
        Just("> [!CASE]\n".to_string()),
        Just("- item\n  - nested\n".to_string()),
        Just("![alt](images/a.png)\n".to_string()),
        Just("<script>alert(1)</script>\n".to_string()),
        Just("\u{202E}evil\u{202C}\n".to_string()),
        Just("สมชาย ใจดี\n".to_string()),
        Just("::Title::Question {=right ~wrong}\n".to_string()),
        Just("// comment\n".to_string()),
        "[^\\n]{0,40}\n",
        "\\PC{0,20}",
    ]
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..40).prop_map(|parts| parts.concat())
}

fn render(body: &str) {
    let mut ids = HashSet::new();
    let mut image = |_: &str| -> Result<String, String> { Err("no images here".into()) };
    let mut cx = Context {
        file: "m.md",
        body_line: 1,
        language: "en",
        image: &mut image,
        quiz_ids: &mut ids,
        modules: None,
    };
    let _ = markdown::render(&mut cx, body);
}

fn parse_quiz(block: &str) {
    let mut seen = HashSet::new();
    let _ = quiz::parse("m.md", block, 1, &mut seen, None);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(crate::ssr::testing::proptest_cases(256)))]

    #[test]
    fn no_file_makes_the_importers_panic(text in document()) {
        let _ = front_matter::split("m.md", &text);
        render(&text);
        parse_quiz(&text);
        let _ = gift::convert(&text);
    }

    #[test]
    fn no_text_at_all_makes_them_panic(text in "\\PC{0,400}") {
        let _ = front_matter::split("m.md", &text);
        render(&text);
        parse_quiz(&text);
        let _ = gift::convert(&text);
    }
}

/// Runs `f` and fails if it takes longer than `limit` (a blow-up, not a
/// slow machine: the limits are generous).
fn within(limit: Duration, what: &str, f: impl FnOnce()) {
    let start = Instant::now();
    f();
    let took = start.elapsed();
    assert!(took < limit, "{what} took {took:?}");
}

#[test]
fn deep_nesting_and_huge_inputs_end_quickly() {
    let quotes = "> ".repeat(5_000) + "deep\n";
    within(Duration::from_secs(5), "5,000 nested block quotes", || {
        render(&quotes);
    });
    let lists: String = (0..2_000)
        .map(|i| format!("{}- item\n", "  ".repeat(i)))
        .collect();
    within(Duration::from_secs(5), "2,000 nested list levels", || {
        render(&lists);
    });
    let options: String = std::iter::once("? [big] Which?\n(x) Right\n".to_string())
        .chain((0..100_000).map(|i| format!("( ) Wrong {i}\n")))
        .collect();
    within(
        Duration::from_secs(5),
        "a question with 100,000 options",
        || {
            parse_quiz(&options);
        },
    );
    let long_line = "a".repeat(5_000_000);
    within(Duration::from_secs(10), "a 5 MB line", || {
        render(&long_line);
    });
    let emphasis = "*a **b ".repeat(20_000);
    within(
        Duration::from_secs(5),
        "20,000 unclosed emphasis runs",
        || {
            render(&emphasis);
        },
    );
}
