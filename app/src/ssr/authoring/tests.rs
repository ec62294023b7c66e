//! Authoring end to end on both databases: creating a course, validation
//! at line and column, the lost-update refusal (also across a
//! publication), publishing and rolling back as new versions, attempts
//! pinned to the version taken, four-eyes, editor scope, the translation
//! workspace, and the audit of each step.

use super::edit::{self, add_editor, add_module, create_course, move_module, retire_module, save};
use super::history::{self, roll_back, translations, versions};
use super::publish::{approve, publish};
use super::{AuthoringError, Workspace};
use crate::i18n::Locale;
use crate::model::assessment::Purpose;
use crate::model::roles::Role::{self, *};
use crate::ssr::auth::CurrentUser;
use crate::ssr::content::content_hash;
use crate::ssr::db::Db;
use crate::ssr::testing::{actor, import_two_courses, insert_user};
use crate::test_on_both_databases;
use sqlx::Row;

async fn person(db: &Db, email: &str, roles: &[Role], org: Option<i64>) -> CurrentUser {
    let id = insert_user(db, email, email, roles, org).await;
    actor(id, roles, org)
}

async fn workspace(db: &Db, slug: &str, user: &CurrentUser) -> Workspace {
    let mut conn = db.pool().acquire().await.unwrap();
    Workspace::open(&mut conn, slug, user).await.unwrap()
}

async fn count(db: &Db, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(db.pool())
        .await
        .unwrap()
        .get::<i64, _>(0)
}

async fn audited(db: &Db, action: &str) -> i64 {
    sqlx::query("SELECT COUNT(*) FROM audit_log WHERE action = $1")
        .bind(action)
        .fetch_one(db.pool())
        .await
        .unwrap()
        .get::<i64, _>(0)
}

const MODULE: &str = "+++\ntitle = \"Screening\"\nestimated_minutes = 10\nobjectives = [\"Screen safely\"]\n+++\n## First contact\n\nSpeak to the person alone.\n\n```quiz\n? [s-1] Who should be present?\n(x) Only the person and an interpreter they accept\n( ) Their employer\n```\n";

async fn a_trainer_creates_and_publishes_a_course(db: Db) {
    let trainer = person(&db, "t@example.org", &[Trainer], None).await;
    create_course(&db, &trainer, "screening", "Screening at the border", "en")
        .await
        .unwrap();
    // Drafts only: nothing in the catalog, nothing published.
    assert_eq!(count(&db, "SELECT COUNT(*) FROM course_texts").await, 0);
    let ws = workspace(&db, "screening", &trainer).await;
    assert_eq!(
        ws.files(None).into_keys().collect::<Vec<_>>(),
        ["01-introduction.md", "course.md"]
    );
    assert!(ws
        .text("course.md")
        .unwrap()
        .contains("\"Screening at the border\""));
    let r = ws.revision("01-introduction.md");
    save(
        &db,
        "screening",
        &trainer,
        "01-introduction.md",
        &MODULE.replace('\n', "\r\n"),
        r,
    )
    .await
    .unwrap();
    let ws = workspace(&db, "screening", &trainer).await;
    // A browser's CRLF is stored as the LF files in git have.
    assert_eq!(ws.text("01-introduction.md"), Some(MODULE));
    let report = publish(&db, "screening", &trainer, ws.course.draft_revision)
        .await
        .unwrap();
    assert_eq!(report.new_versions, 2);
    let by: Option<i64> = sqlx::query("SELECT published_by FROM module_versions")
        .fetch_one(db.pool())
        .await
        .unwrap()
        .get(0);
    assert_eq!(by, Some(trainer.id));
    let ws = workspace(&db, "screening", &trainer).await;
    assert!(ws.drafts.is_empty());
    assert_eq!(
        ws.published.get("01-introduction.md").map(String::as_str),
        Some(MODULE)
    );
    assert_eq!(audited(&db, "content.course_created").await, 1);
    assert_eq!(audited(&db, "content.published").await, 1);
    // A second editor-less publication has nothing to do.
    assert!(matches!(
        publish(&db, "screening", &trainer, ws.course.draft_revision).await,
        Err(AuthoringError::NothingToPublish)
    ));
}

async fn format_errors_name_the_line_and_column_and_block_publication(db: Db) {
    let trainer = person(&db, "t@example.org", &[Trainer], None).await;
    create_course(&db, &trainer, "screening", "Screening", "en")
        .await
        .unwrap();
    let broken = "+++\ntitle = \"Screening\"\nestimated_minutes = 10\n+++\n## Part\n\n```quiz\n? [q] Which?\n(x) A\n(x B\n```\n";
    let ws = workspace(&db, "screening", &trainer).await;
    // The preview's compile and publication report the same place.
    let errors = ws
        .compile(Some(("01-introduction.md", broken)))
        .unwrap_err();
    let e = errors
        .iter()
        .find(|e| e.file == "screening/01-introduction.md")
        .expect("an error in the edited file");
    assert_eq!((e.line, e.column), (10, 1), "{e}");
    let r = ws.revision("01-introduction.md");
    save(&db, "screening", &trainer, "01-introduction.md", broken, r)
        .await
        .unwrap();
    let ws = workspace(&db, "screening", &trainer).await;
    match publish(&db, "screening", &trainer, ws.course.draft_revision).await {
        Err(AuthoringError::Invalid(errors)) => {
            assert!(errors
                .iter()
                .any(|e| e.line == 10 && e.file.ends_with("01-introduction.md")));
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
    // Nothing was written, and the draft is still there to fix.
    assert_eq!(count(&db, "SELECT COUNT(*) FROM module_versions").await, 0);
    assert_eq!(workspace(&db, "screening", &trainer).await.drafts.len(), 2);
    // A file name outside the format is refused before anything is stored.
    assert!(matches!(
        save(&db, "screening", &trainer, "../etc/passwd", "x", 0).await,
        Err(AuthoringError::BadInput(_))
    ));
}

async fn a_stale_save_is_refused_with_both_texts(db: Db) {
    import_two_courses(&db).await;
    let admin = person(&db, "a@example.org", &[Admin], None).await;
    let other = person(&db, "b@example.org", &[Admin], None).await;
    let ws = workspace(&db, "care", &admin).await;
    let loaded = ws.revision("01-one.md");
    let published = ws.text("01-one.md").unwrap().to_string();
    let mine = published.replace("Text 1.", "Mine.");
    let theirs = published.replace("Text 1.", "Theirs.");
    // Both opened the published text; the second save is stale.
    save(&db, "care", &other, "01-one.md", &theirs, loaded)
        .await
        .unwrap();
    match save(&db, "care", &admin, "01-one.md", &mine, loaded).await {
        Err(AuthoringError::Stale(stale)) => {
            assert_eq!(stale.theirs.as_deref(), Some(theirs.as_str()));
            // Saving again over what was shown works.
            save(&db, "care", &admin, "01-one.md", &mine, stale.revision)
                .await
                .unwrap();
        }
        other => panic!("expected a stale save, got {other:?}"),
    }
    // Across a publication: an editor who loaded before it cannot save
    // over it unknowingly.
    let ws = workspace(&db, "care", &admin).await;
    let before = ws.revision("02-two.md");
    let two = ws
        .text("02-two.md")
        .unwrap()
        .replace("Text 2.", "Published meanwhile.");
    save(&db, "care", &other, "02-two.md", &two, before)
        .await
        .unwrap();
    let ws = workspace(&db, "care", &other).await;
    publish(&db, "care", &other, ws.course.draft_revision)
        .await
        .unwrap();
    assert!(matches!(
        save(&db, "care", &admin, "02-two.md", "stale text", before).await,
        Err(AuthoringError::Stale(_))
    ));
    // A publication naming drafts that changed since is refused too.
    let ws = workspace(&db, "care", &admin).await;
    let seen = ws.course.draft_revision;
    let r = ws.revision("01-one.md");
    save(
        &db,
        "care",
        &other,
        "01-one.md",
        &published.replace("Text 1.", "Later."),
        r,
    )
    .await
    .unwrap();
    assert!(matches!(
        publish(&db, "care", &admin, seen).await,
        Err(AuthoringError::Changed)
    ));
}

async fn attempts_and_progress_stay_on_the_version_taken(db: Db) {
    import_two_courses(&db).await;
    let admin = person(&db, "a@example.org", &[Admin], None).await;
    let trainee = insert_user(&db, "tr@example.org", "Trainee", &[Trainee], None).await;
    let attempt =
        crate::ssr::quiz::attempt::start(&db, trainee, "ident", Purpose::Pretest, Locale::En)
            .await
            .unwrap()
            .unwrap();
    let taken: i64 = sqlx::query("SELECT assessment_id FROM assessment_attempts WHERE id = $1")
        .bind(attempt)
        .fetch_one(db.pool())
        .await
        .unwrap()
        .get(0);
    let ws = workspace(&db, "ident", &admin).await;
    let text = ws
        .text("assessment.md")
        .unwrap()
        .replace("Who decides?", "Who decides what happens next?");
    save(
        &db,
        "ident",
        &admin,
        "assessment.md",
        &text,
        ws.revision("assessment.md"),
    )
    .await
    .unwrap();
    let ws = workspace(&db, "ident", &admin).await;
    publish(&db, "ident", &admin, ws.course.draft_revision)
        .await
        .unwrap();
    let still: i64 = sqlx::query("SELECT assessment_id FROM assessment_attempts WHERE id = $1")
        .bind(attempt)
        .fetch_one(db.pool())
        .await
        .unwrap()
        .get(0);
    assert_eq!(still, taken);
    let current: i64 = sqlx::query(
        "SELECT a.id FROM assessments a JOIN courses c ON c.id = a.course_id
          WHERE c.slug = 'ident' AND a.superseded_at IS NULL",
    )
    .fetch_one(db.pool())
    .await
    .unwrap()
    .get(0);
    assert_ne!(current, taken);
    // The old version is still stored for the attempt to be read by.
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM assessments WHERE superseded_at IS NOT NULL"
        )
        .await,
        1
    );
}

async fn rollback_publishes_an_earlier_text_again(db: Db) {
    import_two_courses(&db).await;
    let admin = person(&db, "a@example.org", &[Admin], None).await;
    let ws = workspace(&db, "care", &admin).await;
    let first = ws.text("01-one.md").unwrap().to_string();
    save(
        &db,
        "care",
        &admin,
        "01-one.md",
        &first.replace("Text 1.", "Changed."),
        ws.revision("01-one.md"),
    )
    .await
    .unwrap();
    let ws = workspace(&db, "care", &admin).await;
    publish(&db, "care", &admin, ws.course.draft_revision)
        .await
        .unwrap();
    let (ws, list) = versions(&db, "care", &admin, "01-one.md").await.unwrap();
    assert_eq!(list.len(), 2);
    assert!(list[0].superseded_at.is_none() && list[1].superseded_at.is_some());
    assert_eq!(list[0].published_by.as_deref(), Some("a@example.org"));
    let original = list[1].id;
    roll_back(
        &db,
        "care",
        &admin,
        "01-one.md",
        original,
        ws.revision("01-one.md"),
    )
    .await
    .unwrap();
    let ws = workspace(&db, "care", &admin).await;
    assert_eq!(ws.text("01-one.md"), Some(first.as_str()));
    publish(&db, "care", &admin, ws.course.draft_revision)
        .await
        .unwrap();
    // The earlier version is current again — the same row, not a copy.
    let (_, list) = versions(&db, "care", &admin, "01-one.md").await.unwrap();
    assert_eq!(list.len(), 2);
    let current: Vec<i64> = list
        .iter()
        .filter(|v| v.superseded_at.is_none())
        .map(|v| v.id)
        .collect();
    assert_eq!(current, [original]);
    assert_eq!(audited(&db, "content.rolled_back").await, 1);
    assert_eq!(audited(&db, "content.published").await, 2);
}

async fn four_eyes_needs_another_editors_approval(db: Db) {
    import_two_courses(&db).await;
    let org = crate::ssr::organisations::create(&db, "dsdw", "DSDW", None, None)
        .await
        .unwrap();
    let admin = person(&db, "a@example.org", &[Admin], None).await;
    let writer = person(&db, "w@example.org", &[Trainer], Some(org)).await;
    let reviewer = person(&db, "r@example.org", &[Trainer], Some(org)).await;
    add_editor(&db, "care", &admin, "w@example.org")
        .await
        .unwrap();
    add_editor(&db, "care", &writer, "r@example.org")
        .await
        .unwrap();
    edit::set_four_eyes(&db, "care", &writer, true)
        .await
        .unwrap();
    // Only an admin turns it off again.
    assert!(matches!(
        edit::set_four_eyes(&db, "care", &writer, false).await,
        Err(AuthoringError::Forbidden)
    ));
    let ws = workspace(&db, "care", &writer).await;
    let text = ws
        .text("01-one.md")
        .unwrap()
        .replace("Text 1.", "Sensitive.");
    save(
        &db,
        "care",
        &writer,
        "01-one.md",
        &text,
        ws.revision("01-one.md"),
    )
    .await
    .unwrap();
    let ws = workspace(&db, "care", &writer).await;
    let revision = ws.course.draft_revision;
    assert!(matches!(
        publish(&db, "care", &writer, revision).await,
        Err(AuthoringError::NeedsApproval)
    ));
    // The writer cannot approve their own drafts.
    assert!(matches!(
        approve(&db, "care", &writer, revision).await,
        Err(AuthoringError::OwnDrafts)
    ));
    approve(&db, "care", &reviewer, revision).await.unwrap();
    publish(&db, "care", &writer, revision).await.unwrap();
    let approved: Option<i64> = sqlx::query(
        "SELECT approved_by FROM module_versions WHERE superseded_at IS NULL AND published_by IS NOT NULL",
    )
    .fetch_one(db.pool())
    .await
    .unwrap()
    .get(0);
    assert_eq!(approved, Some(reviewer.id));
    assert_eq!(audited(&db, "content.approved").await, 1);
    // An approval is of the drafts seen: a later save voids it.
    let ws = workspace(&db, "care", &writer).await;
    save(
        &db,
        "care",
        &writer,
        "02-two.md",
        "+++\ntitle = \"Two\"\nestimated_minutes = 5\n+++\nA.\n",
        ws.revision("02-two.md"),
    )
    .await
    .unwrap();
    let seen = workspace(&db, "care", &writer).await.course.draft_revision;
    approve(&db, "care", &reviewer, seen).await.unwrap();
    let ws = workspace(&db, "care", &writer).await;
    save(
        &db,
        "care",
        &writer,
        "02-two.md",
        "+++\ntitle = \"Two\"\nestimated_minutes = 5\n+++\nB.\n",
        ws.revision("02-two.md"),
    )
    .await
    .unwrap();
    let now = workspace(&db, "care", &writer).await.course.draft_revision;
    assert!(matches!(
        publish(&db, "care", &writer, now).await,
        Err(AuthoringError::NeedsApproval)
    ));
}

async fn only_editors_and_admins_change_a_course(db: Db) {
    import_two_courses(&db).await;
    let org = crate::ssr::organisations::create(&db, "dsdw", "DSDW", None, None)
        .await
        .unwrap();
    let elsewhere = crate::ssr::organisations::create(&db, "police", "Police", None, None)
        .await
        .unwrap();
    let admin = person(&db, "a@example.org", &[Admin], None).await;
    let editor = person(&db, "e@example.org", &[Trainer], Some(org)).await;
    let outsider = person(&db, "o@example.org", &[Trainer], Some(org)).await;
    let far = person(&db, "f@example.org", &[Trainer], Some(elsewhere)).await;
    let ministry = person(&db, "m@example.org", &[Ministry], Some(org)).await;
    let trainee = person(&db, "tr@example.org", &[Trainee], Some(org)).await;
    add_editor(&db, "care", &admin, "e@example.org")
        .await
        .unwrap();
    // An editor names colleagues of their own subtree, never someone
    // elsewhere (same answer as an unknown address).
    let refused = add_editor(&db, "care", &editor, "f@example.org")
        .await
        .unwrap_err()
        .to_string();
    let unknown = add_editor(&db, "care", &editor, "nobody@example.org")
        .await
        .unwrap_err()
        .to_string();
    assert_eq!(
        refused.replace("f@example.org", "?"),
        unknown.replace("nobody@example.org", "?")
    );
    let ws = workspace(&db, "care", &editor).await;
    let r = ws.revision("01-one.md");
    let revision = ws.course.draft_revision;
    for who in [&outsider, &far, &ministry, &trainee] {
        let mut conn = db.pool().acquire().await.unwrap();
        assert!(matches!(
            Workspace::open(&mut conn, "care", who).await,
            Err(AuthoringError::Forbidden)
        ));
        assert!(matches!(
            save(&db, "care", who, "01-one.md", "x", r).await,
            Err(AuthoringError::Forbidden)
        ));
        assert!(matches!(
            publish(&db, "care", who, revision).await,
            Err(AuthoringError::Forbidden)
        ));
        assert!(matches!(
            approve(&db, "care", who, revision).await,
            Err(AuthoringError::Forbidden)
        ));
        assert!(matches!(
            add_module(&db, "care", who, "three", "Three").await,
            Err(AuthoringError::Forbidden)
        ));
        assert!(matches!(
            retire_module(&db, "care", who, "one").await,
            Err(AuthoringError::Forbidden)
        ));
        assert!(matches!(
            move_module(&db, "care", who, "two", true).await,
            Err(AuthoringError::Forbidden)
        ));
        assert!(matches!(
            add_editor(&db, "care", who, "o@example.org").await,
            Err(AuthoringError::Forbidden)
        ));
        assert!(matches!(
            roll_back(&db, "care", who, "01-one.md", 1, r).await,
            Err(AuthoringError::Forbidden)
        ));
        assert!(matches!(
            versions(&db, "care", who, "01-one.md").await,
            Err(AuthoringError::Forbidden)
        ));
    }
    // Only trainers and admins create courses.
    for who in [&ministry, &trainee] {
        assert!(matches!(
            create_course(&db, who, "mine", "Mine", "en").await,
            Err(AuthoringError::Forbidden)
        ));
    }
    // Nothing changed: no drafts, no editors beyond the one named.
    assert_eq!(count(&db, "SELECT COUNT(*) FROM drafts").await, 0);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM course_editors").await, 1);
    // The editor may; the other course they do not edit stays closed.
    add_module(&db, "care", &editor, "three", "Three")
        .await
        .unwrap();
    let mut conn = db.pool().acquire().await.unwrap();
    assert!(matches!(
        Workspace::open(&mut conn, "ident", &editor).await,
        Err(AuthoringError::Forbidden)
    ));
}

async fn modules_are_added_moved_and_retired(db: Db) {
    import_two_courses(&db).await;
    let admin = person(&db, "a@example.org", &[Admin], None).await;
    let trainee = insert_user(&db, "tr@example.org", "Trainee", &[Trainee], None).await;
    let file = add_module(&db, "care", &admin, "three", "Three")
        .await
        .unwrap();
    assert_eq!(file, "03-three.md");
    move_module(&db, "care", &admin, "three", true)
        .await
        .unwrap();
    let ws = workspace(&db, "care", &admin).await;
    assert_eq!(
        ws.files(None).into_keys().collect::<Vec<_>>(),
        ["01-one.md", "02-three.md", "03-two.md", "course.md"]
    );
    // A trainee's progress on module one points at its version.
    let (_, modules) = crate::ssr::testing::course(&db, "care").await;
    let one_version = modules[0].2;
    sqlx::query("INSERT INTO module_progress (user_id, module_version_id, opened_at, done_at) VALUES ($1, $2, 1, 1)")
        .bind(trainee)
        .bind(one_version)
        .execute(db.pool())
        .await
        .unwrap();
    retire_module(&db, "care", &admin, "one").await.unwrap();
    let ws = workspace(&db, "care", &admin).await;
    let report = publish(&db, "care", &admin, ws.course.draft_revision)
        .await
        .unwrap();
    assert_eq!(report.retired_modules, 1);
    let positions: Vec<(String, i64)> = sqlx::query(
        "SELECT m.slug, m.position FROM modules m JOIN courses c ON c.id = m.course_id
          WHERE c.slug = 'care' AND m.retired_at IS NULL ORDER BY m.position",
    )
    .fetch_all(db.pool())
    .await
    .unwrap()
    .into_iter()
    .map(|r| (r.get(0), r.get(1)))
    .collect();
    assert_eq!(
        positions,
        [("three".to_string(), 2), ("two".to_string(), 3)]
    );
    // The retired module's version stays for the progress that names it.
    assert_eq!(count(&db, "SELECT COUNT(*) FROM module_progress").await, 1);
    assert_eq!(audited(&db, "content.module_retired").await, 1);
}

async fn translations_out_of_date_are_shown_with_changed_paragraphs(db: Db) {
    let admin = person(&db, "a@example.org", &[Admin], None).await;
    create_course(&db, &admin, "pfa", "PFA", "en")
        .await
        .unwrap();
    let ws = workspace(&db, "pfa", &admin).await;
    let course = ws
        .text("course.md")
        .unwrap()
        .replace("languages = [\"en\"]", "languages = [\"en\", \"th\"]");
    save(
        &db,
        "pfa",
        &admin,
        "course.md",
        &course,
        ws.revision("course.md"),
    )
    .await
    .unwrap();
    let source = "+++\ntitle = \"One\"\nestimated_minutes = 5\n+++\nFirst paragraph.\n\nKeep children with their carers.\n";
    save(
        &db,
        "pfa",
        &admin,
        "01-introduction.md",
        source,
        ws.revision("01-introduction.md"),
    )
    .await
    .unwrap();
    let thai = format!(
        "+++\ntitle = \"หนึ่ง\"\ntranslation_of = \"{}\"\n+++\nย่อหน้าแรก\n\nให้เด็กอยู่กับผู้ดูแล\n",
        content_hash(source)
    );
    save(&db, "pfa", &admin, "01-introduction.th.md", &thai, 0)
        .await
        .unwrap();
    let ws = workspace(&db, "pfa", &admin).await;
    publish(&db, "pfa", &admin, ws.course.draft_revision)
        .await
        .unwrap();
    let ws = workspace(&db, "pfa", &admin).await;
    let fresh = translations(&ws);
    let module = fresh
        .iter()
        .find(|t| t.source_file == "01-introduction.md")
        .unwrap();
    assert_eq!(module.translations.len(), 1);
    assert!(!module.translations[0].stale);
    // The source changes one paragraph and is published.
    let edited = source.replace(
        "with their carers.",
        "with their carers once the relationship is verified and safe.",
    );
    save(
        &db,
        "pfa",
        &admin,
        "01-introduction.md",
        &edited,
        ws.revision("01-introduction.md"),
    )
    .await
    .unwrap();
    let ws = workspace(&db, "pfa", &admin).await;
    publish(&db, "pfa", &admin, ws.course.draft_revision)
        .await
        .unwrap();
    let ws = workspace(&db, "pfa", &admin).await;
    let stale = translations(&ws);
    let module = stale
        .iter()
        .find(|t| t.source_file == "01-introduction.md")
        .unwrap();
    assert!(module.translations[0].stale);
    let marked = history::changed_since_translation(&db, "pfa", &admin, "01-introduction.th.md")
        .await
        .unwrap();
    let changed: Vec<&str> = marked
        .iter()
        .filter(|p| p.1)
        .map(|p| p.0.as_str())
        .collect();
    assert_eq!(
        changed,
        ["Keep children with their carers once the relationship is verified and safe."]
    );
    // The editor shows the translation beside its source, the changed
    // paragraph marked, and the hash that brings it up to date.
    let view = super::views::editor(&db, "pfa", &admin, "01-introduction.th.md")
        .await
        .unwrap();
    assert_eq!(view.source_hash, Some(content_hash(&edited)));
    let marked: Vec<&str> = view
        .source
        .as_ref()
        .unwrap()
        .iter()
        .filter(|p| p.changed)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(
        marked,
        ["Keep children with their carers once the relationship is verified and safe."]
    );
    // The published translation records the source version it translates.
    let recorded: Option<String> = sqlx::query(
        "SELECT translation_of FROM module_versions WHERE language = 'th' AND superseded_at IS NULL",
    )
    .fetch_one(db.pool())
    .await
    .unwrap()
    .get(0);
    assert_eq!(recorded, Some(content_hash(source)));
}

async fn uploaded_pictures_are_published_and_exported(db: Db) {
    let admin = person(&db, "a@example.org", &[Admin], None).await;
    create_course(&db, &admin, "maps", "Maps", "en")
        .await
        .unwrap();
    let png = crate::ssr::content::pictures::png_header(4, 3, b"border");
    let path = super::images::upload(&db, "maps", &admin, "Border.png", &png)
        .await
        .unwrap();
    assert_eq!(path, "images/border.png");
    assert!(matches!(
        super::images::upload(&db, "maps", &admin, "x.png", b"not a picture").await,
        Err(AuthoringError::NotAnImage)
    ));
    let ws = workspace(&db, "maps", &admin).await;
    let text =
        "+++\ntitle = \"Maps\"\nestimated_minutes = 5\n+++\n![The border](images/border.png)\n";
    save(
        &db,
        "maps",
        &admin,
        "01-introduction.md",
        text,
        ws.revision("01-introduction.md"),
    )
    .await
    .unwrap();
    let ws = workspace(&db, "maps", &admin).await;
    publish(&db, "maps", &admin, ws.course.draft_revision)
        .await
        .unwrap();
    let html: String = sqlx::query("SELECT html FROM module_versions")
        .fetch_one(db.pool())
        .await
        .unwrap()
        .get(0);
    assert!(
        html.contains(&crate::ssr::content::content_hash_bytes(&png)),
        "{html}"
    );
    let out = tempfile::tempdir().unwrap();
    crate::ssr::content::export::write(
        out.path(),
        &crate::ssr::content::export::folders(&db).await.unwrap(),
    )
    .unwrap();
    assert_eq!(
        std::fs::read(out.path().join("maps/images/border.png")).unwrap(),
        png
    );
}

/// The pages' data on both databases: the list (an admin sees every
/// course, an editor theirs), the workspace, the editor and the history.
async fn the_pages_data_reads_on_both_databases(db: Db) {
    import_two_courses(&db).await;
    let admin = person(&db, "a@example.org", &[Admin], None).await;
    let trainer = person(&db, "t@example.org", &[Trainer], None).await;
    add_editor(&db, "care", &admin, "t@example.org")
        .await
        .unwrap();
    let all = super::views::list(&db, &admin).await.unwrap();
    assert_eq!(all.courses.len(), 2);
    let mine = super::views::list(&db, &trainer).await.unwrap();
    assert_eq!(
        mine.courses
            .iter()
            .map(|c| c.slug.as_str())
            .collect::<Vec<_>>(),
        ["care"]
    );
    let ws = super::views::workspace(&db, "care", &trainer)
        .await
        .unwrap();
    assert_eq!(ws.title.as_deref(), Some("Trauma-informed care"));
    assert_eq!(ws.modules.len(), 2);
    assert_eq!(ws.editors, ["t@example.org"]);
    assert!(ws.problems.is_empty(), "{:?}", ws.problems);
    let view = super::views::editor(&db, "care", &trainer, "01-one.md")
        .await
        .unwrap();
    assert!(view.preview.is_some());
    assert!(view.problems.is_empty());
    let w = workspace(&db, "care", &trainer).await;
    let changed = w.text("01-one.md").unwrap().replace("Text 1.", "Text one.");
    save(
        &db,
        "care",
        &trainer,
        "01-one.md",
        &changed,
        w.revision("01-one.md"),
    )
    .await
    .unwrap();
    let w = workspace(&db, "care", &trainer).await;
    publish(&db, "care", &trainer, w.course.draft_revision)
        .await
        .unwrap();
    let h = super::views::file_history(&db, "care", &trainer, "01-one.md", None, None)
        .await
        .unwrap();
    assert_eq!(h.versions.len(), 2);
    let (old, new) = (h.versions[1].id, h.versions[0].id);
    let h = super::views::file_history(&db, "care", &trainer, "01-one.md", Some(old), Some(new))
        .await
        .unwrap();
    let diff = h.diff.unwrap();
    assert!(diff
        .spans
        .iter()
        .any(|s| s.change == super::diff::Change::Added && s.text.contains("one")));
    assert!(matches!(
        super::views::list(&db, &person(&db, "m@example.org", &[Ministry], None).await).await,
        Err(AuthoringError::Forbidden)
    ));
}

test_on_both_databases!(
    the_pages_data_reads_on_both_databases,
    uploaded_pictures_are_published_and_exported,
    a_trainer_creates_and_publishes_a_course,
    format_errors_name_the_line_and_column_and_block_publication,
    a_stale_save_is_refused_with_both_texts,
    attempts_and_progress_stay_on_the_version_taken,
    rollback_publishes_an_earlier_text_again,
    four_eyes_needs_another_editors_approval,
    only_editors_and_admins_change_a_course,
    modules_are_added_moved_and_retired,
    translations_out_of_date_are_shown_with_changed_paragraphs,
);
