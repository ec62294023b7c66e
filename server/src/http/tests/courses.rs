//! The reader over HTTP, on the repository's own `content/`: catalog,
//! course and module pages in English and Thai, fallback and staleness
//! notices, progress, and no answer key in any page.

use super::support::TestApp;
use app::model::roles::Role;
use app::ssr::content::{compile::compile_tree, import::import};
use app::ssr::testing::insert_user;
use http::StatusCode;
use std::path::Path;

pub const CONTENT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../content");

/// The short sample course the tests read and answer
/// (`identification-basics`): a fixture, not part of the curriculum.
pub const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/content");

/// The shipped curriculum and the sample course, compiled.
pub fn courses() -> Vec<app::ssr::content::compile::CompiledCourse> {
    let mut courses = compile_tree(Path::new(CONTENT)).expect("content/ compiles");
    courses.extend(compile_tree(Path::new(SAMPLE)).expect("the sample course compiles"));
    courses
}

/// An app with `content/` and the sample course imported, and a trainee's
/// session cookie.
pub async fn with_content() -> (TestApp, String) {
    let app = TestApp::new().await;
    import(&app.state.db, &courses(), None).await.unwrap();
    let id = insert_user(
        &app.state.db,
        "reader@e.test",
        "Reader",
        &[Role::Trainee],
        None,
    )
    .await;
    let cookie = app.session_for(id).await;
    (app, cookie)
}

fn thai(cookie: &str) -> String {
    format!("{cookie}; lantern_lang=th")
}

/// The sample course copied to a temporary directory (returned with it, to
/// keep it), with `edit` applied to its first module's source.
fn sample_with(edit: impl FnOnce(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("identification-basics");
    std::fs::create_dir_all(&copy).unwrap();
    for entry in std::fs::read_dir(Path::new(SAMPLE).join("identification-basics")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), copy.join(entry.file_name())).unwrap();
    }
    let module = copy.join("01-recognising-indicators.md");
    let text = std::fs::read_to_string(&module).unwrap();
    std::fs::write(&module, edit(text)).unwrap();
    dir
}

/// A knowledge-check form's hidden `version` and `seed`.
fn check_form(page: &str) -> (String, String) {
    let field = |name: &str| {
        let start = page.find(&format!(r#"name="{name}" value=""#)).unwrap() + name.len() + 15;
        page[start..]
            .chars()
            .take_while(|c| *c == '-' || c.is_ascii_digit())
            .collect::<String>()
    };
    (field("version"), field("seed"))
}

/// Sends `answer` to the first question of the check at `path` (the form's
/// `version` and `seed`) and returns the result page it redirects to.
async fn send_check(
    app: &TestApp,
    path: &str,
    form: &(String, String),
    answer: usize,
    cookie: &str,
) -> String {
    let (version, seed) = form;
    let reply = app
        .post_as(
            &format!("{path}/check"),
            &format!("version={version}&seed={seed}&q0={answer}"),
            cookie,
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    app.get_as(reply.header("location").split('#').next().unwrap(), cookie)
        .await
        .text()
}

/// The options of the form's first question, each up to its label's end.
fn first_question_options(page: &str) -> Vec<&str> {
    page.match_indices(r#"name="q0" value=""#)
        .map(|(i, _)| &page[i..i + page[i..].find("</label>").unwrap()])
        .collect()
}

#[tokio::test]
async fn courses_are_for_signed_in_users() {
    let (app, _) = with_content().await;
    let reply = app.get("/courses").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert!(reply.header("location").starts_with("/login?next=/courses"));
}

#[tokio::test]
async fn the_catalog_course_and_module_render_in_place() {
    let (app, cookie) = with_content().await;
    let catalog = app.get_as("/courses", &cookie).await;
    assert_eq!(catalog.status, StatusCode::OK);
    let text = catalog.text();
    assert!(
        text.contains("Protection-first identification: the basics"),
        "{text}"
    );
    assert!(text.contains("0 of 2 modules done"));
    assert!(!text.contains("<template"), "readable without JavaScript");

    let course = app
        .get_as("/courses/identification-basics", &cookie)
        .await
        .text();
    assert!(
        course.contains("Content warning")
            && course.contains("describes situations of exploitation")
    );
    assert!(course.contains("Start the course"));
    assert!(
        course.contains("Take the pre-test") && course.contains("Final assessment"),
        "the pre-test is offered before the first module"
    );
    assert!(
        course.contains("<strong>protection-first</strong>"),
        "intro HTML is rendered"
    );

    let module = app
        .get_as(
            "/courses/identification-basics/recognising-indicators",
            &cookie,
        )
        .await
        .text();
    assert!(
        module.contains(r#"<h2 id="h-act-means-purpose">"#),
        "{module}"
    );
    assert!(
        module.contains(r##"href="#h-indicators-of-control""##),
        "table of contents"
    );
    assert!(module.contains(r#"<aside class="callout callout-case" role="note">"#));
    assert!(module.contains("Module 1 of 2"));
    // The knowledge check's question is in the page, its key is not.
    assert!(module.contains("Check your understanding"));
    assert!(!module.contains("Holding documents is a common indicator"));
    assert!(!module.contains("<template"));

    let missing = app
        .get_as("/courses/identification-basics/nothing-here", &cookie)
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn thai_readers_get_thai_or_a_notice() {
    let (app, cookie) = with_content().await;
    let course = app
        .get_as("/courses/identification-basics", &thai(&cookie))
        .await
        .text();
    assert!(course.contains("การคัดแยกผู้เสียหายโดยยึดการคุ้มครองเป็นหลัก"));
    assert!(!course.contains("ส่วนนี้ยังไม่มีในภาษาของคุณ"));
    let translated = app
        .get_as(
            "/courses/identification-basics/recognising-indicators",
            &thai(&cookie),
        )
        .await
        .text();
    assert!(translated.contains("ตัวบ่งชี้ของการควบคุม") && translated.contains(r#"lang="th""#));
    let fallback = app
        .get_as(
            "/courses/identification-basics/first-contact",
            &thai(&cookie),
        )
        .await
        .text();
    assert!(fallback.contains("ส่วนนี้ยังไม่มีในภาษาของคุณ"), "fallback notice");
    assert!(
        fallback.contains("Safety first"),
        "shown in the source language"
    );
    assert!(
        fallback.contains(r#"class="module" lang="en""#)
            || fallback.contains(r#"lang="en" class="module""#),
        "marked as English for screen readers"
    );
}

#[tokio::test]
async fn marking_done_is_idempotent_and_moves_on() {
    let (app, cookie) = with_content().await;
    let page = app
        .get_as(
            "/courses/identification-basics/recognising-indicators",
            &cookie,
        )
        .await
        .text();
    let start = page.find(r#"name="version" value=""#).unwrap() + r#"name="version" value=""#.len();
    let version: String = page[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let path = "/courses/identification-basics/recognising-indicators/done";
    for _ in 0..2 {
        let reply = app
            .post_as(path, &format!("version={version}"), &cookie)
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        assert_eq!(
            reply.header("location"),
            "/courses/identification-basics/first-contact"
        );
    }
    let rows: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM module_progress WHERE done_at IS NOT NULL")
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
    assert_eq!(rows, 1, "a double click records once");
    let course = app
        .get_as("/courses/identification-basics", &cookie)
        .await
        .text();
    assert!(course.contains("Continue where you left off"));
    assert!(
        course.contains(r#"<span class="status done">Done</span>"#),
        "{course}"
    );
    assert!(course.contains("13 min left of 25 min"), "{course}");
    let catalog = app.get_as("/courses", &cookie).await.text();
    assert!(catalog.contains("1 of 2 modules done"));
    // A version from another module is refused.
    let wrong = app
        .post_as(
            "/courses/identification-basics/first-contact/done",
            &format!("version={version}"),
            &cookie,
        )
        .await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_changed_source_marks_the_translation_out_of_date() {
    let (app, cookie) = with_content().await;
    let dir =
        sample_with(|text| text.replace("Indicators are signs", "Indicators are warning signs"));
    import(&app.state.db, &compile_tree(dir.path()).unwrap(), None)
        .await
        .unwrap();
    let page = app
        .get_as(
            "/courses/identification-basics/recognising-indicators",
            &thai(&cookie),
        )
        .await
        .text();
    assert!(page.contains("คำแปลนี้จัดทำสำหรับฉบับก่อนหน้า"), "stale notice");
    // Trainers see which translations need work; trainees do not.
    let trainer = insert_user(
        &app.state.db,
        "trainer@e.test",
        "Trainer",
        &[Role::Trainer],
        None,
    )
    .await;
    let trainer = app.session_for(trainer).await;
    let course = app
        .get_as("/courses/identification-basics", &trainer)
        .await
        .text();
    assert!(
        course.contains("For trainers: these translations"),
        "{course}"
    );
    assert!(course.contains("<li>การสังเกตตัวบ่งชี้ (th)</li>"), "{course}");
    let as_trainee = app
        .get_as("/courses/identification-basics", &cookie)
        .await
        .text();
    assert!(!as_trainee.contains("For trainers"));
}

#[tokio::test]
async fn the_knowledge_check_is_graded_on_the_server() {
    let (app, cookie) = with_content().await;
    let path = "/courses/identification-basics/recognising-indicators";
    let page = app.get_as(path, &cookie).await.text();
    // The form: the question and its options, no key, no explanation.
    assert!(page.contains("Check your understanding"));
    assert!(page.contains("What is it?"));
    assert!(page.contains("Proof that the worker is a victim of trafficking"));
    assert!(
        !page.contains("Holding documents is a common indicator"),
        "no explanation before sending"
    );
    assert!(!page.contains("correct"), "no marker of the right option");
    let (version, seed) = check_form(&page);
    // Find the position of the right option on this paper.
    let options = first_question_options(&page);
    assert_eq!(options.len(), 3);
    let right = options
        .iter()
        .position(|o| o.contains("An indicator of control"))
        .expect("the right option is on the page");
    let reply = app
        .post_as(
            &format!("{path}/check"),
            &format!("version={version}&seed={seed}&q0={right}"),
            &cookie,
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let location = reply.header("location").to_string();
    assert!(location.contains("?check="), "{location}");
    let result = app
        .get_as(location.split('#').next().unwrap(), &cookie)
        .await
        .text();
    assert!(result.contains("Your score: 100%"), "{result}");
    assert!(
        result.contains("Holding documents is a common indicator"),
        "explanation after sending"
    );
    // Another reader cannot open this result by its id.
    let other = insert_user(
        &app.state.db,
        "other@e.test",
        "Other",
        &[Role::Trainee],
        None,
    )
    .await;
    let other = app.session_for(other).await;
    let theirs = app
        .get_as(location.split('#').next().unwrap(), &other)
        .await
        .text();
    assert!(!theirs.contains("Your score"));
    // A wrong answer is marked and the right one shown.
    let result = send_check(&app, path, &(version, seed), (right + 1) % 3, &cookie).await;
    assert!(
        result.contains("Your score: 0%") && result.contains("Right answer"),
        "{result}"
    );
}

/// The module page keeps its text and check as rendered HTML
/// (`pages/fragments.rs`): a new version of the module shows at once, with
/// nothing of the old one, though both were rendered and kept before.
#[tokio::test]
async fn a_new_version_never_shows_a_kept_rendering_of_the_old_one() {
    let (app, cookie) = with_content().await;
    let path = "/courses/identification-basics/recognising-indicators";
    let before = app.get_as(path, &cookie).await.text();
    assert!(before.contains("Indicators are signs"), "{before}");
    let thai_before = app.get_as(path, &thai(&cookie)).await.text();
    assert!(thai_before.contains(r#"lang="th""#));
    let dir = sample_with(|text| {
        text.replace("Indicators are signs", "Indicators are early signs")
            .replace("What is it?", "What does it tell you?")
    });
    import(&app.state.db, &compile_tree(dir.path()).unwrap(), None)
        .await
        .unwrap();
    for _ in 0..10 {
        let after = app.get_as(path, &cookie).await.text();
        assert!(after.contains("Indicators are early signs"), "{after}");
        assert!(!after.contains("Indicators are signs"));
        assert!(after.contains("What does it tell you?") && !after.contains("What is it?"));
    }
}

/// Each reading shows the check in one of a few kept orders; whichever it
/// is, the seed in the form grades it.
#[tokio::test]
async fn every_kept_order_of_the_check_is_graded_by_its_own_seed() {
    let (app, cookie) = with_content().await;
    let path = "/courses/identification-basics/recognising-indicators";
    let mut seeds = std::collections::BTreeSet::new();
    for _ in 0..40 {
        let page = app.get_as(path, &cookie).await.text();
        let form = check_form(&page);
        if !seeds.insert(form.1.clone()) {
            continue;
        }
        let right = first_question_options(&page)
            .iter()
            .position(|o| o.contains("An indicator of control"))
            .expect("the right option is on the page");
        let result = send_check(&app, path, &form, right, &cookie).await;
        assert!(
            result.contains("Your score: 100%"),
            "seed {}: {result}",
            form.1
        );
    }
    assert!(seeds.len() >= 2, "readings get different orders: {seeds:?}");
}
