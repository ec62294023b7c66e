//! The importer end to end, on both databases: a good tree imports, a
//! broken file is reported precisely and changes nothing, unchanged content
//! changes nothing, a change makes a version, a stale translation is
//! flagged.

use super::compile::compile_tree;
use super::content_hash;
use super::import::import;
use crate::ssr::db::Db;
use crate::test_on_both_databases;
use sqlx::Row;
use std::path::Path;

const COURSE: &str = "+++\ntitle = \"Identifying victims\"\nsummary = \"Protection first.\"\naudience = [\"police\", \"social-welfare\"]\nlanguages = [\"en\", \"th\"]\nestimated_minutes = 40\ncertificate = true\ncontent_warning = \"Describes exploitation.\"\n+++\nThis course is for **first responders**.\n";
const MODULE: &str = "+++\ntitle = \"Indicators\"\nestimated_minutes = 20\nobjectives = [\"Name three indicators\"]\n+++\n## Control\n\n> [!CASE]\n> A worker's passport is kept by the employer.\n\n![A passport held by a hand](images/passport.png)\n\n```quiz\n? [ind-1] Is a held passport an indicator?\n(x) Yes\n( ) No\n```\n";

fn write(root: &Path, path: &str, text: impl AsRef<[u8]>) {
    let file = root.join(path);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(file, text).unwrap();
}

/// A valid one-course tree with a Thai translation of each file.
fn good_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "identification/course.md", COURSE);
    write(root, "identification/01-indicators.md", MODULE);
    write(
        root,
        "identification/images/passport.png",
        crate::ssr::content::pictures::png_header(4, 3, b"fake"),
    );
    write(root, "identification/course.th.md", format!(
        "+++\ntitle = \"การคัดแยกผู้เสียหาย\"\nsummary = \"คุ้มครองก่อน\"\ntranslation_of = \"{}\"\n+++\nสำหรับผู้ปฏิบัติงานด่านหน้า\n",
        content_hash(COURSE)
    ));
    write(root, "identification/01-indicators.th.md", format!(
        "+++\ntitle = \"ตัวบ่งชี้\"\ntranslation_of = \"{}\"\n+++\n## การควบคุม\n\n```quiz\n? [ind-1] หนังสือเดินทางที่ถูกยึดเป็นตัวบ่งชี้หรือไม่\n(x) ใช่\n( ) ไม่ใช่\n```\n",
        content_hash(MODULE)
    ));
    dir
}

async fn counts(db: &Db) -> Vec<i64> {
    let mut out = Vec::new();
    for table in [
        "courses",
        "course_texts",
        "modules",
        "module_versions",
        "media",
        "audit_log",
    ] {
        out.push(
            sqlx::query(&format!("SELECT COUNT(*) AS n FROM {table}"))
                .fetch_one(db.pool())
                .await
                .unwrap()
                .get::<i64, _>("n"),
        );
    }
    out
}

async fn imports_then_reimports_without_change(db: Db) {
    let tree = good_tree();
    let courses = compile_tree(tree.path()).unwrap();
    let report = import(&db, &courses, None).await.unwrap();
    assert_eq!(
        (report.courses, report.modules, report.new_versions),
        (1, 1, 4)
    );
    assert!(report.stale_translations.is_empty(), "{report:?}");
    let before = counts(&db).await;
    assert_eq!(before, vec![1, 2, 1, 2, 1, 1]);
    let again = import(&db, &compile_tree(tree.path()).unwrap(), None)
        .await
        .unwrap();
    assert!(!again.changed());
    assert_eq!(
        counts(&db).await,
        before,
        "re-importing unchanged content changes nothing"
    );
}

async fn a_change_makes_a_version_and_flags_the_translation(db: Db) {
    let tree = good_tree();
    import(&db, &compile_tree(tree.path()).unwrap(), None)
        .await
        .unwrap();
    let old: i64 = sqlx::query("SELECT id FROM module_versions WHERE language = 'en'")
        .fetch_one(db.pool())
        .await
        .unwrap()
        .get("id");
    write(
        tree.path(),
        "identification/01-indicators.md",
        MODULE.replace("Indicators", "Indicators of control"),
    );
    let report = import(&db, &compile_tree(tree.path()).unwrap(), None)
        .await
        .unwrap();
    assert_eq!(report.new_versions, 1);
    assert_eq!(
        report.stale_translations,
        ["identification/01-indicators.th.md"]
    );
    let rows = sqlx::query(
        "SELECT id, title, superseded_at FROM module_versions WHERE language = 'en' ORDER BY id",
    )
    .fetch_all(db.pool())
    .await
    .unwrap();
    assert_eq!(rows.len(), 2, "the earlier version stays");
    assert_eq!(rows[0].get::<i64, _>("id"), old);
    assert!(rows[0].get::<Option<i64>, _>("superseded_at").is_some());
    assert_eq!(rows[1].get::<String, _>("title"), "Indicators of control");
    assert!(rows[1].get::<Option<i64>, _>("superseded_at").is_none());
    // Removing a module retires it; its versions stay.
    write(
        tree.path(),
        "identification/02-care.md",
        "+++\ntitle = \"Care\"\nestimated_minutes = 5\n+++\nText.\n",
    );
    import(&db, &compile_tree(tree.path()).unwrap(), None)
        .await
        .unwrap();
    std::fs::remove_file(tree.path().join("identification/02-care.md")).unwrap();
    let report = import(&db, &compile_tree(tree.path()).unwrap(), None)
        .await
        .unwrap();
    assert_eq!(report.retired_modules, 1);
}

test_on_both_databases!(
    imports_then_reimports_without_change,
    a_change_makes_a_version_and_flags_the_translation
);

/// One broken variant of the good tree: the file to overwrite, its text,
/// and the error expected (`file:line:col: message`, or part of it).
fn broken(path: &str, text: &str) -> String {
    let tree = good_tree();
    write(tree.path(), path, text);
    let errors = compile_tree(tree.path()).unwrap_err();
    errors
        .to_string()
        .replace(&tree.path().display().to_string(), "content")
}

#[test]
fn a_course_may_require_face_to_face_session_days() {
    let dir = good_tree();
    let with = COURSE.replace(
        "certificate = true\n",
        "certificate = true\nattendance_sessions = 2\n",
    );
    write(dir.path(), "identification/course.md", &with);
    // The translation follows its (changed) source.
    write(dir.path(), "identification/course.th.md", format!(
        "+++\ntitle = \"การคัดแยกผู้เสียหาย\"\nsummary = \"คุ้มครองก่อน\"\ntranslation_of = \"{}\"\n+++\nสำหรับผู้ปฏิบัติงานด่านหน้า\n",
        content_hash(&with)
    ));
    let courses = compile_tree(dir.path()).unwrap();
    let texts = &courses[0].texts;
    assert!(texts.iter().all(|t| t.attendance_sessions == Some(2)));
    let zero = COURSE.replace(
        "certificate = true\n",
        "certificate = true\nattendance_sessions = 0\n",
    );
    assert!(broken("identification/course.md", &zero)
        .contains("front matter key `attendance_sessions` must be a positive integer"));
}

#[test]
fn broken_fixtures_get_precise_errors() {
    let m = "identification/01-indicators.md";
    assert_eq!(
        broken(m, "+++\ntitle = \"Indicators\nestimated_minutes = 20\n+++\nBody\n").lines().next().unwrap(),
        "content/identification/01-indicators.md:2:20: the front matter is not valid TOML: invalid basic string, expected `\"`"
    );
    assert_eq!(
        broken(m, "+++\ntitle = \"Indicators\"\nestimated_minutes = \"ten\"\n+++\nBody\n"),
        "content/identification/01-indicators.md:3:1: front matter key `estimated_minutes` must be a positive integer, found \"ten\"\n"
    );
    assert_eq!(
        broken(m, "+++\ntitle = \"Indicators\"\nestimated_minutes = 20\nauthor = \"me\"\n+++\nBody\n"),
        "content/identification/01-indicators.md:4:1: unknown front matter key `author` (expected one of: title, estimated_minutes, objectives, content_warning)\n"
    );
    assert_eq!(
        broken(m, "+++\nestimated_minutes = 20\n+++\nBody\n"),
        "content/identification/01-indicators.md:1:1: front matter key `title` is required\n"
    );
    assert_eq!(
        broken(m, "+++\ntitle = \"I\"\nestimated_minutes = 20\n+++\nText\n\n```quiz\n? [q9] Which?\n( ) a\n( ) b\n```\n"),
        "content/identification/01-indicators.md:8:1: single-choice question `q9` needs exactly one `(x)` correct option, found 0\n"
    );
    assert_eq!(
        broken(m, "+++\ntitle = \"I\"\nestimated_minutes = 20\n+++\nSee:\n\n  ![](images/passport.png)\n"),
        "content/identification/01-indicators.md:7:3: image `images/passport.png` needs alt text describing it: ![what the picture shows](images/passport.png)\n"
    );
    let duplicate = broken(
        "identification/02-indicators.md",
        "+++\ntitle = \"Again\"\nestimated_minutes = 5\n+++\nx\n",
    );
    assert!(
        duplicate.starts_with(
            "content/identification/02-indicators.md:1:1: duplicate module slug `indicators`"
        ),
        "{duplicate}"
    );
    assert!(broken("identification/03-xy.md", "no front matter\n")
        .contains("03-xy.md:1:1: expected front matter"));
    assert!(broken("identification/notes.md", "x")
        .contains("notes.md:1:1: expected `course.md`, `assessment.md` or a module named `NN-<module-slug>.md`"));
    assert!(broken(
        "identification/01-indicators.km.md",
        "+++\ntitle = \"x\"\ntranslation_of = \"ab\"\n+++\n"
    )
    .contains("does not list `km`"));
}

async fn a_broken_tree_changes_nothing(db: Db) {
    let tree = good_tree();
    import(&db, &compile_tree(tree.path()).unwrap(), None)
        .await
        .unwrap();
    let before = counts(&db).await;
    write(
        tree.path(),
        "identification/01-indicators.md",
        MODULE.replace("Indicators", "Changed"),
    );
    write(
        tree.path(),
        "identification/02-bad.md",
        "+++\ntitle = 5\n+++\n",
    );
    assert!(compile_tree(tree.path()).is_err());
    assert_eq!(counts(&db).await, before);
}

test_on_both_databases!(a_broken_tree_changes_nothing);

#[test]
fn the_html_is_sanitised_and_images_become_media() {
    let tree = good_tree();
    write(tree.path(), "identification/02-xss.md", "+++\ntitle = \"X\"\nestimated_minutes = 1\n+++\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n<img src=\"images/passport.png\" onerror=\"alert(1)\" alt=\"p\">\n");
    let courses = compile_tree(tree.path()).unwrap();
    let xss = &courses[0].modules[1].texts[0].html;
    assert!(
        !xss.contains("<script") && !xss.contains("javascript:") && !xss.contains("onerror"),
        "{xss}"
    );
    let html = &courses[0].modules[0].texts[0].html;
    let hash = &courses[0].media[0].hash;
    assert!(
        html.contains(&format!("src=\"/media/{hash}.png\"")),
        "{html}"
    );
    assert_eq!(courses[0].modules[0].texts[0].quiz[0].id, "ind-1");
    assert_eq!(
        courses[0].modules[0].texts[1].quiz[0].id, "ind-1",
        "translations reuse the source's ids"
    );
}

const ASSESSMENT: &str = "+++\npass_mark = 80\ndraw = 2\nmax_attempts = 3\ntime_limit_minutes = 20\nreview = \"after_pass\"\npretest = true\npartial = true\n+++\nAnswer on your own.\n\n```quiz\n? [final-1] Who decides?\n(x) The person\n( ) The officer\n\n? [final-2] Hotline?\n= 1300\n\n? [final-3] Indicators?\n[x] Debt\n[ ] Sunshine\n```\n";

fn with_assessment() -> tempfile::TempDir {
    let tree = good_tree();
    write(tree.path(), "identification/assessment.md", ASSESSMENT);
    write(tree.path(), "identification/assessment.th.md", format!(
        "+++\ntitle = \"แบบทดสอบ\"\ntranslation_of = \"{}\"\n+++\n```quiz\n? [final-1] ใครเป็นผู้ตัดสินใจ\n(x) บุคคลนั้น\n( ) เจ้าหน้าที่\n```\n",
        content_hash(ASSESSMENT)
    ));
    tree
}

#[test]
fn assessments_compile_with_their_rules_and_pool() {
    let courses = compile_tree(with_assessment().path()).unwrap();
    let a = &courses[0].assessment;
    assert_eq!(a.len(), 2);
    let s = &a[0].settings;
    assert_eq!(
        (s.pass_mark, s.draw, s.max_attempts, s.time_limit_minutes),
        (80, Some(2), Some(3), Some(20))
    );
    assert_eq!(s.review, super::compile::Review::AfterPass);
    assert!(s.pretest && s.partial);
    assert_eq!(a[0].title, "Final assessment");
    assert_eq!(a[0].pool.len(), 3);
    assert_eq!(a[1].title, "แบบทดสอบ");
    assert_eq!(
        a[1].settings, a[0].settings,
        "a translation keeps the source's rules"
    );
    assert!(
        !a[0].intro_html.contains("1300"),
        "the pool is not in the HTML"
    );
}

#[test]
fn broken_assessments_get_precise_errors() {
    let a = "identification/assessment.md";
    assert_eq!(
        broken(a, "+++\npass_mark = 180\n+++\n```quiz\n? [f] Q?\n= a\n```\n"),
        "content/identification/assessment.md:2:1: front matter key `pass_mark` is a percentage: at most 100\n"
    );
    assert!(broken(a, "+++\npass_mark = 80\nreview = \"sometimes\"\n+++\n```quiz\n? [f] Q?\n= a\n```\n")
        .contains("assessment.md:3:1: front matter key `review` must be one of \"after_submit\", \"after_pass\", \"never\", found \"sometimes\""));
    assert!(broken(
        a,
        "+++\npass_mark = 80\ndraw = 5\n+++\n```quiz\n? [f] Q?\n= a\n```\n"
    )
    .contains(
        "assessment.md:3:1: front matter key `draw` is 5, but the pool has only 1 questions"
    ));
    assert!(broken(a, "+++\npass_mark = 80\n+++\nNo questions.\n")
        .contains("the assessment has no questions"));
    assert!(
        broken(
            a,
            "+++\npass_mark = 80\n+++\n```quiz\n? [ind-1] Again?\n= a\n```\n"
        )
        .contains("duplicate question id `ind-1`"),
        "ids are unique across the course"
    );
    let tree = with_assessment();
    write(
        tree.path(),
        "identification/assessment.th.md",
        format!(
            "+++\ntranslation_of = \"{}\"\n+++\n```quiz\n? [final-9] ?\n= x\n```\n",
            content_hash(ASSESSMENT)
        ),
    );
    let e = compile_tree(tree.path()).unwrap_err().to_string();
    assert!(
        e.contains("question `final-9` is not in the source assessment"),
        "{e}"
    );
}

async fn assessments_are_versioned(db: Db) {
    let tree = with_assessment();
    let report = import(&db, &compile_tree(tree.path()).unwrap(), None)
        .await
        .unwrap();
    assert_eq!(report.new_versions, 6);
    let again = import(&db, &compile_tree(tree.path()).unwrap(), None)
        .await
        .unwrap();
    assert!(!again.changed());
    write(
        tree.path(),
        "identification/assessment.md",
        ASSESSMENT.replace("pass_mark = 80", "pass_mark = 70"),
    );
    let changed = import(&db, &compile_tree(tree.path()).unwrap(), None)
        .await
        .unwrap();
    assert_eq!(changed.new_versions, 1);
    assert_eq!(
        changed.stale_translations,
        ["identification/assessment.th.md"]
    );
    let current: String = sqlx::query(
        "SELECT settings FROM assessments WHERE language = 'en' AND superseded_at IS NULL",
    )
    .fetch_one(db.pool())
    .await
    .unwrap()
    .get("settings");
    assert!(current.contains("\"pass_mark\":70"), "{current}");
    let all: i64 = sqlx::query("SELECT COUNT(*) AS n FROM assessments")
        .fetch_one(db.pool())
        .await
        .unwrap()
        .get("n");
    assert_eq!(all, 3, "the earlier version stays");
}

test_on_both_databases!(assessments_are_versioned);

/// A picture's bytes decide: an impostor, a picture under another type's
/// name and a decompression bomb are each refused at their line, and
/// nothing compiles.
#[test]
fn pictures_are_checked_from_their_bytes_at_import() {
    use crate::ssr::content::pictures::png_header;
    for (bytes, name, expected) in [
        (
            b"<svg onload=alert(1)>".to_vec(),
            "images/a.png",
            "is not a PNG, JPEG, GIF or WebP picture",
        ),
        (
            png_header(4, 3, b""),
            "images/a.jpg",
            "is a PNG picture named `.jpg`",
        ),
        (
            png_header(50_000, 50_000, b""),
            "images/a.png",
            "is 50000 × 50000 pixels",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(
            root,
            "pics/course.md",
            COURSE.replace("languages = [\"en\", \"th\"]\n", ""),
        );
        write(
            root,
            "pics/01-one.md",
            format!(
                "+++\ntitle = \"One\"\nestimated_minutes = 5\n+++\nText.\n\n![A map]({name})\n"
            ),
        );
        write(root, &format!("pics/{name}"), &bytes);
        let errors = compile_tree(root).unwrap_err();
        let shown = errors.to_string();
        assert!(shown.contains(expected), "{shown}");
        assert!(shown.contains("pics/01-one.md:7:"), "{shown}");
    }
}

/// A 50 MB Markdown file and a file that is not UTF-8 are each refused at
/// their name; nothing of the folder compiles (so nothing is stored).
#[test]
fn huge_and_binary_files_are_refused_whole() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "big/course.md",
        COURSE.replace("languages = [\"en\", \"th\"]\n", ""),
    );
    let huge = std::fs::File::create(root.join("big/01-huge.md")).unwrap();
    huge.set_len(50 * 1024 * 1024).unwrap();
    write(
        root,
        "big/02-binary.md",
        b"+++\ntitle = \"\xff\xfe\"\n+++\n",
    );
    let start = std::time::Instant::now();
    let shown = compile_tree(root).unwrap_err().to_string();
    assert!(
        start.elapsed() < std::time::Duration::from_secs(2),
        "the big file was read"
    );
    assert!(
        shown.contains("big/01-huge.md:1:1: the file is 52 MB"),
        "{shown}"
    );
    assert!(
        shown.contains("big/02-binary.md:1:1: cannot read the file as UTF-8 text"),
        "{shown}"
    );
}

/// Two processes importing the same changed tree at the same moment (two
/// operators, or a deploy script run on two nodes): both succeed, one after
/// the other, and the change is one new version — not a unique-key failure
/// for the second.
async fn two_imports_at_once_make_one_version(db: Db, other: Db) {
    let tree = good_tree();
    let courses = compile_tree(tree.path()).unwrap();
    import(&db, &courses, None).await.unwrap();
    write(
        tree.path(),
        "identification/01-indicators.md",
        MODULE.replace("## Control", "## Control and debt"),
    );
    let changed = compile_tree(tree.path()).unwrap();
    let (a, b) = tokio::join!(import(&db, &changed, None), import(&other, &changed, None));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.new_versions + b.new_versions, 1, "{a:?} {b:?}");
    let versions: i64 = sqlx::query(
        "SELECT COUNT(*) FROM module_versions v JOIN modules m ON m.id = v.module_id
         WHERE m.slug = 'indicators' AND v.language = 'en'",
    )
    .fetch_one(db.pool())
    .await
    .unwrap()
    .get(0);
    assert_eq!(versions, 2);
}

crate::test_on_both_databases_from_two_processes!(two_imports_at_once_make_one_version);
