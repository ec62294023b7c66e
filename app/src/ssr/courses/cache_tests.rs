//! The reader's caches (`reader.rs`): a module version's body and check are
//! kept by version and content hash, a course's outline and its current
//! final assessment for [`FRESH_FOR`], a trainee's progress for the same
//! bound — so a page is
//! never a mix of two versions, a new version or new progress shows at once
//! on the process that wrote it and within the bound on any other, and
//! reading a page again writes nothing.

use super::reader;
use crate::i18n::Locale;
use crate::model::roles::Role;
use crate::ssr::db::cache::FRESH_FOR;
use crate::ssr::db::Db;
use crate::ssr::testing::{actor, import_tree, insert_user, within};
use crate::test_on_both_databases;
use crate::test_on_both_databases_from_two_processes;
use sqlx::Row;
use std::time::Duration;

/// Imports course `read` with one module whose text and check question
/// carry `word`.
async fn import(db: &Db, word: &str) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("read");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(
        root.join("course.md"),
        format!(
            "+++\ntitle = \"Reading\"\nsummary = \"The {word} summary.\"\naudience = [\"police\"]\n\
             estimated_minutes = 10\n+++\nIntro.\n"
        ),
    )
    .unwrap();
    std::fs::write(
        root.join("01-page.md"),
        format!(
            "+++\ntitle = \"Page\"\nestimated_minutes = 10\n+++\nThe {word} text.\n\n\
             ```quiz\n? [q-{word}] Which {word} question?\n(x) This one\n( ) That one\n```\n"
        ),
    )
    .unwrap();
    std::fs::write(
        root.join("assessment.md"),
        format!(
            "+++\ntitle = \"The {word} final\"\npass_mark = 75\n+++\nAnswer.\n\n\
             ```quiz\n? [a-{word}] Who decides?\n( ) The officer\n(x) The person\n```\n"
        ),
    )
    .unwrap();
    import_tree(db, dir.path()).await;
}

/// The summary the catalog shows of the course.
async fn catalog_summary(db: &Db, user: &crate::ssr::auth::CurrentUser) -> String {
    let catalog = super::catalog::catalog(db, user, Locale::En, "", "")
        .await
        .unwrap();
    let card = catalog.courses.iter().find(|c| c.slug == "read");
    card.expect("the course is in the catalog").summary.clone()
}

/// The title of the final assessment the course page offers.
async fn final_title(db: &Db, user: &crate::ssr::auth::CurrentUser) -> String {
    reader::course(db, user, Locale::En, "read")
        .await
        .unwrap()
        .assessment
        .expect("the course has a final")
        .title
}

async fn reader_of(db: &Db) -> crate::ssr::auth::CurrentUser {
    let id = insert_user(db, "reader@example.org", "Reader", &[Role::Trainee], None).await;
    actor(id, &[Role::Trainee], None)
}

/// The word a page shows, having checked that its text and its check are
/// of the same version.
fn word_of(view: &crate::model::courses::ModuleView) -> &'static str {
    let question = &view.check.as_ref().expect("a check").questions[0].text;
    for word in ["first", "second"] {
        if view.html.contains(&format!("The {word} text")) {
            assert!(
                question.contains(word),
                "text and check of one version: {} / {question}",
                view.html
            );
            return word;
        }
    }
    panic!("neither version: {}", view.html);
}

async fn a_new_version_is_served_at_once_where_it_was_imported(db: Db) {
    let user = reader_of(&db).await;
    import(&db, "first").await;
    let first = reader::module(&db, &user, Locale::En, "read", "page", None)
        .await
        .unwrap();
    assert_eq!(word_of(&first), "first");
    // Read again from the caches: the same version, whole.
    let again = reader::module(&db, &user, Locale::En, "read", "page", None)
        .await
        .unwrap();
    assert_eq!((again.version, word_of(&again)), (first.version, "first"));
    assert_eq!(final_title(&db, &user).await, "The first final");
    assert_eq!(final_title(&db, &user).await, "The first final");
    assert_eq!(catalog_summary(&db, &user).await, "The first summary.");
    assert_eq!(catalog_summary(&db, &user).await, "The first summary.");

    import(&db, "second").await;
    assert_eq!(final_title(&db, &user).await, "The second final");
    assert_eq!(catalog_summary(&db, &user).await, "The second summary.");
    let second = reader::module(&db, &user, Locale::En, "read", "page", None)
        .await
        .unwrap();
    assert_ne!(second.version, first.version);
    assert_eq!(word_of(&second), "second");
    let course = reader::course(&db, &user, Locale::En, "read")
        .await
        .unwrap();
    assert_eq!(course.modules.len(), 1);
}

async fn a_new_version_imported_elsewhere_shows_within_the_bound(a: Db, b: Db) {
    let user = reader_of(&a).await;
    import(&a, "first").await;
    let first = reader::module(&a, &user, Locale::En, "read", "page", None)
        .await
        .unwrap();
    assert_eq!(word_of(&first), "first");
    assert_eq!(final_title(&a, &user).await, "The first final");
    assert_eq!(catalog_summary(&a, &user).await, "The first summary.");
    import(&b, "second").await;
    within(
        FRESH_FOR + Duration::from_millis(750),
        "another process's new course text shows in the catalog",
        || async { catalog_summary(&a, &user).await == "The second summary." },
    )
    .await;
    within(
        FRESH_FOR + Duration::from_millis(750),
        "another process's new final shows",
        || async { final_title(&a, &user).await == "The second final" },
    )
    .await;
    within(
        FRESH_FOR + Duration::from_millis(750),
        "another process's import shows",
        || async {
            let view = reader::module(&a, &user, Locale::En, "read", "page", None)
                .await
                .unwrap();
            // Whichever version is shown, it is shown whole.
            let word = word_of(&view);
            assert_eq!(view.version == first.version, word == "first");
            word == "second"
        },
    )
    .await;
}

/// Progress is read once per course and trainee for the bound: marking a
/// module done shows at once where it was done, and on another process
/// within the bound.
async fn progress_marked_elsewhere_shows_within_the_bound(a: Db, b: Db) {
    let user = reader_of(&a).await;
    import(&a, "first").await;
    let view = reader::module(&a, &user, Locale::En, "read", "page", None)
        .await
        .unwrap();
    assert!(!view.done);
    super::progress::mark_done(&b, user.id, "read", "page", view.version)
        .await
        .unwrap()
        .unwrap();
    let there = reader::module(&b, &user, Locale::En, "read", "page", None)
        .await
        .unwrap();
    assert!(there.done, "at once where it was marked");
    within(
        FRESH_FOR + Duration::from_millis(750),
        "progress from another process shows",
        || async {
            reader::module(&a, &user, Locale::En, "read", "page", None)
                .await
                .unwrap()
                .done
        },
    )
    .await;
}

test_on_both_databases_from_two_processes!(
    a_new_version_imported_elsewhere_shows_within_the_bound,
    progress_marked_elsewhere_shows_within_the_bound,
);

/// The first visit records the module as opened and where to resume; a
/// second visit writes nothing.
async fn reading_a_page_again_writes_nothing(db: Db) {
    let user = reader_of(&db).await;
    import(&db, "first").await;
    reader::module(&db, &user, Locale::En, "read", "page", None)
        .await
        .unwrap();
    let stamp = |db: Db| async move {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM module_progress) AS opened,
                    (SELECT at FROM course_positions) AS at",
        )
        .fetch_one(db.pool())
        .await
        .unwrap();
        (row.get::<i64, _>("opened"), row.get::<i64, _>("at"))
    };
    assert_eq!(stamp(db.clone()).await.0, 1);
    sqlx::query("UPDATE course_positions SET at = 7")
        .execute(db.pool())
        .await
        .unwrap();
    reader::module(&db, &user, Locale::En, "read", "page", None)
        .await
        .unwrap();
    assert_eq!(stamp(db.clone()).await, (1, 7), "nothing written");
}

test_on_both_databases!(
    a_new_version_is_served_at_once_where_it_was_imported,
    reading_a_page_again_writes_nothing,
);
