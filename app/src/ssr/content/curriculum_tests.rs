//! The starter curriculum shipped in `content/`: every module of the two
//! courses states its objectives, ends with its sources and a knowledge
//! check of at least five explained questions, has 800–2,000 words of text,
//! and has a Thai translation where the curriculum promises one — a
//! translation of the current source, not of an earlier version.

use super::compile::{compile_tree, CompiledCourse};
use super::content_hash;
use std::path::{Path, PathBuf};

/// The courses and what is promised in Thai: the course page, the module
/// positions, and whether the final assessment is translated.
const CURRICULUM: &[(&str, &[u32], bool)] = &[
    ("victim-identification", &[1, 2, 3, 4, 5, 6, 7, 8, 9], true),
    ("trauma-informed-care", &[1, 2, 3, 4, 5, 6], true),
];

fn content_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../content")
}

fn courses() -> Vec<CompiledCourse> {
    compile_tree(&content_dir()).unwrap_or_else(|e| panic!("content/ does not compile:\n{e}"))
}

/// Words of a module's prose: without front matter and quiz blocks.
fn prose_words(source: &str) -> usize {
    let body = source.splitn(3, "+++").nth(2).unwrap_or("");
    let mut words = 0;
    let mut in_quiz = false;
    for line in body.lines() {
        if line.trim_start().starts_with("```") {
            in_quiz = !in_quiz && line.contains("quiz");
            continue;
        }
        if !in_quiz {
            words += line.split_whitespace().count();
        }
    }
    words
}

fn translation_of(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix("translation_of = "))
        .map(|v| v.trim().trim_matches('"').to_string())
}

#[test]
fn every_module_has_objectives_sources_a_quiz_and_enough_text() {
    let courses = courses();
    let mut problems = Vec::new();
    for (slug, _, _) in CURRICULUM {
        let course = courses
            .iter()
            .find(|c| c.slug == *slug)
            .unwrap_or_else(|| panic!("content/{slug} is missing"));
        assert!(course.modules.len() >= 5, "{slug}: too few modules");
        for module in &course.modules {
            for text in &module.texts {
                let at = format!(
                    "{slug}/{:02}-{} ({})",
                    module.position, module.slug, text.language
                );
                if text.objectives.is_empty() {
                    problems.push(format!("{at}: no objectives"));
                }
                let sources = if text.language == "th" {
                    "แหล่งอ้างอิง"
                } else {
                    "Sources"
                };
                if !text.toc.iter().any(|t| t.text == sources) {
                    problems.push(format!("{at}: no “{sources}” section"));
                }
                if text.quiz.len() < 5 {
                    problems.push(format!(
                        "{at}: {} quiz questions, 5 needed",
                        text.quiz.len()
                    ));
                }
                for q in text.quiz.iter().filter(|q| q.explanation.is_none()) {
                    problems.push(format!("{at}: question {} has no explanation", q.id));
                }
            }
            let file = content_dir()
                .join(slug)
                .join(format!("{:02}-{}.md", module.position, module.slug));
            let words = prose_words(&std::fs::read_to_string(&file).unwrap());
            if !(800..=2000).contains(&words) {
                problems.push(format!(
                    "{}: {words} words, 800–2,000 wanted",
                    file.display()
                ));
            }
        }
        let Some(final_assessment) = course.assessment.first() else {
            problems.push(format!("{slug}: no final assessment"));
            continue;
        };
        let s = &final_assessment.settings;
        if final_assessment.pool.len() < 30
            || s.draw != Some(15)
            || s.pass_mark != 80
            || s.max_attempts != Some(3)
            || !s.pretest
        {
            problems.push(format!(
                "{slug}: the final needs a pool of 30+ (has {}), draw 15, pass 80, 3 attempts, pre-test on",
                final_assessment.pool.len()
            ));
        }
        for q in final_assessment
            .pool
            .iter()
            .filter(|q| q.explanation.is_none())
        {
            problems.push(format!(
                "{slug}/assessment: question {} has no explanation",
                q.id
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn promised_thai_translations_exist_and_are_current() {
    let courses = courses();
    let mut problems = Vec::new();
    for (slug, modules, assessment) in CURRICULUM {
        let course = courses.iter().find(|c| c.slug == *slug).unwrap();
        let dir = content_dir().join(slug);
        let mut pairs = vec![("course.md".to_string(), "course.th.md".to_string())];
        for module in course
            .modules
            .iter()
            .filter(|m| modules.contains(&m.position))
        {
            let stem = format!("{:02}-{}", module.position, module.slug);
            pairs.push((format!("{stem}.md"), format!("{stem}.th.md")));
        }
        if *assessment {
            pairs.push(("assessment.md".into(), "assessment.th.md".into()));
        }
        for (source, translation) in pairs {
            let hash = content_hash(&std::fs::read_to_string(dir.join(&source)).unwrap());
            match translation_of(&dir.join(&translation)) {
                None => problems.push(format!("{slug}/{translation}: missing")),
                Some(of) if of != hash => problems.push(format!(
                    "{slug}/{translation}: translates an earlier {source}; update it and set translation_of = \"{hash}\""
                )),
                Some(_) => {}
            }
        }
        // Translated quizzes ask the same questions as their sources.
        for module in course
            .modules
            .iter()
            .filter(|m| modules.contains(&m.position))
        {
            let ids = |lang: &str| -> Vec<String> {
                module
                    .texts
                    .iter()
                    .find(|t| t.language == lang)
                    .map(|t| t.quiz.iter().map(|q| q.id.clone()).collect())
                    .unwrap_or_default()
            };
            if ids("th") != ids("en") {
                problems.push(format!(
                    "{slug}/{:02}-{}: the Thai quiz differs from the English one",
                    module.position, module.slug
                ));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn prose_words_leave_out_front_matter_and_quizzes() {
    let text = "+++\ntitle = \"A b\"\n+++\nOne two three.\n\n```quiz\n? [x] Four five?\n(x) six\n```\nSeven.\n";
    assert_eq!(prose_words(text), 4);
}

/// Knowledge gain per module needs every final-assessment question tagged
/// with the module it tests (`@ module-slug`), and every module tested by
/// at least one question.
#[test]
fn every_final_question_tests_a_module_and_every_module_is_tested() {
    let mut problems = Vec::new();
    for course in courses() {
        let Some(source) = course.assessment.first() else {
            continue;
        };
        for q in &source.pool {
            if q.module.is_none() {
                problems.push(format!(
                    "{}: question `{}` has no `@ module`",
                    course.slug, q.id
                ));
            }
        }
        for m in &course.modules {
            if !source
                .pool
                .iter()
                .any(|q| q.module.as_deref() == Some(m.slug.as_str()))
            {
                problems.push(format!(
                    "{}: no final question tests module `{}`",
                    course.slug, m.slug
                ));
            }
        }
        for translation in &course.assessment[1..] {
            for q in &translation.pool {
                let tag = source
                    .pool
                    .iter()
                    .find(|s| s.id == q.id)
                    .and_then(|s| s.module.clone());
                assert_eq!(
                    q.module, tag,
                    "{}: a translation tests what its source tests",
                    course.slug
                );
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}
