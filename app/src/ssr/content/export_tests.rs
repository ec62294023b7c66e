//! Files → database → files: an export of an import is the folder that was
//! imported, byte for byte, and an import of the export exports the same
//! again — tested on the starter curriculum and on a course with pictures,
//! a translation and a retired module, on both databases.

use super::export::{folders, write};
use crate::ssr::db::Db;
use crate::ssr::testing::{import_tree, TestDb};
use crate::test_on_both_databases;
use std::collections::BTreeMap;
use std::path::Path;

/// Every file under `root` (relative path → bytes), hidden ones included.
fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let name = path.strip_prefix(root).unwrap().display().to_string();
                out.insert(name, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

fn starter() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../content")
}

async fn export_to(db: &Db) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &folders(db).await.unwrap()).unwrap();
    dir
}

async fn the_starter_curriculum_round_trips(db: Db) {
    import_tree(&db, &starter()).await;
    let first = export_to(&db).await;
    let mut expected = tree(&starter());
    expected.remove("README.md");
    let exported = tree(first.path());
    assert_eq!(
        exported.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &expected {
        assert!(exported[name] == *bytes, "{name} differs after export");
    }

    // Into a fresh database of the same kind, and out again.
    let again = if db.backend() == crate::ssr::db::Backend::Postgres {
        TestDb::postgres().await.unwrap()
    } else {
        TestDb::sqlite().await
    };
    import_tree(&again.db, first.path()).await;
    let second = export_to(&again.db).await;
    assert_eq!(tree(first.path()), tree(second.path()));
}

const COURSE: &str = "+++\ntitle = \"Pictures\"\nsummary = \"S.\"\naudience = [\"police\"]\nlanguages = [\"en\", \"th\"]\nestimated_minutes = 10\ncertificate = false\n+++\nIntro.\n";

fn module(title: &str, image: &str) -> String {
    format!("+++\ntitle = \"{title}\"\nestimated_minutes = 5\nobjectives = [\"O\"]\n+++\n## Part\n\n![A map of the border]({image})\n")
}

async fn pictures_translations_and_retired_modules_round_trip(db: Db) {
    let src = tempfile::tempdir().unwrap();
    let course = src.path().join("pictures");
    std::fs::create_dir_all(course.join("images/maps")).unwrap();
    std::fs::write(course.join("course.md"), COURSE).unwrap();
    std::fs::write(
        course.join("course.th.md"),
        format!(
            "+++\ntitle = \"ภาพ\"\nsummary = \"ส\"\ntranslation_of = \"{}\"\n+++\nบทนำ\n",
            super::content_hash(COURSE)
        ),
    )
    .unwrap();
    std::fs::write(
        course.join("01-one.md"),
        module("One", "images/maps/border.png"),
    )
    .unwrap();
    std::fs::write(course.join("02-two.md"), module("Two", "images/river.png")).unwrap();
    std::fs::write(
        course.join("images/maps/border.png"),
        crate::ssr::content::pictures::png_header(4, 3, b"border"),
    )
    .unwrap();
    std::fs::write(
        course.join("images/river.png"),
        crate::ssr::content::pictures::png_header(4, 3, b"river"),
    )
    .unwrap();
    std::fs::write(
        course.join("images/unused.png"),
        crate::ssr::content::pictures::png_header(4, 3, b"unused"),
    )
    .unwrap();
    import_tree(&db, src.path()).await;
    // Module two is retired: its file (and the picture only it showed)
    // leaves the export; module one moves to position 2.
    std::fs::remove_file(course.join("02-two.md")).unwrap();
    std::fs::rename(course.join("01-one.md"), course.join("02-one.md")).unwrap();
    import_tree(&db, src.path()).await;

    let out = tempfile::tempdir().unwrap();
    // What was in the folder before is replaced whole.
    std::fs::create_dir_all(out.path().join("pictures")).unwrap();
    std::fs::write(out.path().join("pictures/09-stale.md"), "old").unwrap();
    std::fs::write(out.path().join("elsewhere.txt"), "kept").unwrap();
    write(out.path(), &folders(&db).await.unwrap()).unwrap();
    let exported = tree(out.path());
    assert_eq!(
        exported.keys().map(String::as_str).collect::<Vec<_>>(),
        [
            "elsewhere.txt",
            "pictures/02-one.md",
            "pictures/course.md",
            "pictures/course.th.md",
            "pictures/images/maps/border.png",
        ]
    );
    assert_eq!(
        exported["pictures/images/maps/border.png"],
        crate::ssr::content::pictures::png_header(4, 3, b"border")
    );
    assert_eq!(
        exported["pictures/02-one.md"],
        module("One", "images/maps/border.png").into_bytes()
    );
}

/// A version imported before versions kept their Markdown is filled in by
/// the next import of the same file; until then the export says which
/// file to import again rather than writing a partial folder.
async fn versions_without_markdown_are_named_then_filled_in(db: Db) {
    import_tree(&db, &starter()).await;
    sqlx::query("UPDATE module_versions SET source = NULL")
        .execute(db.pool())
        .await
        .unwrap();
    let err = folders(&db).await.unwrap_err().to_string();
    assert!(
        err.contains("trauma-informed-care/01-trauma-and-trafficking.md"),
        "{err}"
    );
    let out = tempfile::tempdir().unwrap();
    assert!(std::fs::read_dir(out.path()).unwrap().next().is_none());
    import_tree(&db, &starter()).await;
    write(out.path(), &folders(&db).await.unwrap()).unwrap();
    assert_eq!(
        tree(&out.path().join("victim-identification")),
        tree(&starter().join("victim-identification"))
    );
}

test_on_both_databases!(
    the_starter_curriculum_round_trips,
    pictures_translations_and_retired_modules_round_trip,
    versions_without_markdown_are_named_then_filled_in,
);
