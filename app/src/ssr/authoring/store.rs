//! The SQL of authoring in the browser: who edits a course, its drafts
//! (one row per file, with a revision that refuses stale saves), the
//! approvals four-eyes courses need, and the published history of a file.
//! Publishing itself writes through `content::import::write`, the same
//! functions an import uses.

use sqlx::{AnyConnection, FromRow};

/// A course as the editor sees it.
#[derive(Clone, Debug, FromRow)]
pub struct CourseRow {
    pub id: i64,
    pub slug: String,
    pub source_language: String,
    pub four_eyes: i64,
    pub draft_revision: i64,
}

pub async fn course(
    conn: &mut AnyConnection,
    slug: &str,
) -> Result<Option<CourseRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, slug, source_language, four_eyes, draft_revision FROM courses WHERE slug = $1",
    )
    .bind(slug)
    .fetch_optional(conn)
    .await
}

/// A course in the author's list: its title in its source language when
/// published, whether it has drafts.
#[derive(Clone, Debug, FromRow)]
pub struct ListedRow {
    pub slug: String,
    pub title: Option<String>,
    pub drafts: i64,
    pub four_eyes: i64,
}

/// The courses `editor` edits, or every course for `None` (an admin).
pub async fn listed(
    conn: &mut AnyConnection,
    editor: Option<i64>,
) -> Result<Vec<ListedRow>, sqlx::Error> {
    // Two statements rather than `$1 IS NULL OR …`: PostgreSQL cannot
    // type a parameter that is only ever compared with NULL.
    const COLUMNS: &str = "SELECT c.slug,
                (SELECT t.title FROM course_texts t WHERE t.course_id = c.id
                    AND t.language = c.source_language AND t.superseded_at IS NULL) AS title,
                (SELECT COUNT(*) FROM drafts d WHERE d.course_id = c.id AND d.pending = 1) AS drafts,
                c.four_eyes
           FROM courses c";
    match editor {
        None => {
            sqlx::query_as(&format!("{COLUMNS} ORDER BY c.slug"))
                .fetch_all(conn)
                .await
        }
        Some(user) => {
            sqlx::query_as(&format!(
                "{COLUMNS} WHERE EXISTS (SELECT 1 FROM course_editors e
                                          WHERE e.course_id = c.id AND e.user_id = $1)
                 ORDER BY c.slug"
            ))
            .bind(user)
            .fetch_all(conn)
            .await
        }
    }
}

#[derive(FromRow)]
struct CountRow {
    n: i64,
}

pub async fn is_editor(
    conn: &mut AnyConnection,
    course: i64,
    user: i64,
) -> Result<bool, sqlx::Error> {
    let row: CountRow = sqlx::query_as(
        "SELECT COUNT(*) AS n FROM course_editors WHERE course_id = $1 AND user_id = $2",
    )
    .bind(course)
    .bind(user)
    .fetch_one(conn)
    .await?;
    Ok(row.n > 0)
}

/// An editor of a course, by name.
#[derive(Clone, Debug, FromRow)]
pub struct EditorRow {
    pub user_id: i64,
    pub name: String,
    pub email: String,
}

pub async fn editors(conn: &mut AnyConnection, course: i64) -> Result<Vec<EditorRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.id AS user_id, u.name, u.email FROM course_editors e JOIN users u ON u.id = e.user_id
          WHERE e.course_id = $1 ORDER BY u.name, u.id",
    )
    .bind(course)
    .fetch_all(conn)
    .await
}

pub async fn add_editor(
    conn: &mut AnyConnection,
    course: i64,
    user: i64,
    by: i64,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO course_editors (course_id, user_id, added_by, added_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (course_id, user_id) DO NOTHING",
    )
    .bind(course)
    .bind(user)
    .bind(by)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_four_eyes(
    conn: &mut AnyConnection,
    course: i64,
    on: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE courses SET four_eyes = $1 WHERE id = $2")
        .bind(i64::from(on))
        .bind(course)
        .execute(conn)
        .await?;
    Ok(())
}

/// One file's draft. `text` is `None` for a file to be removed; a row
/// that is not `pending` was published or discarded and only keeps the
/// file's revision.
#[derive(Clone, Debug, FromRow)]
pub struct DraftRow {
    pub file: String,
    pub text: Option<String>,
    pub revision: i64,
    pub pending: i64,
    pub updated_by: i64,
    pub updated_at: i64,
}

pub async fn drafts(conn: &mut AnyConnection, course: i64) -> Result<Vec<DraftRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT file, text, revision, pending, updated_by, updated_at FROM drafts
          WHERE course_id = $1 ORDER BY file",
    )
    .bind(course)
    .fetch_all(conn)
    .await
}

/// Writes `file`'s draft if its revision is still `expected` (0: no draft
/// yet): the compare-and-set that refuses a stale save. Returns whether it
/// was written.
pub async fn write_draft(
    conn: &mut AnyConnection,
    course: i64,
    file: &str,
    text: Option<&str>,
    expected: i64,
    by: i64,
    at: i64,
) -> Result<bool, sqlx::Error> {
    let done = if expected == 0 {
        sqlx::query(
            "INSERT INTO drafts (course_id, file, text, revision, updated_by, updated_at)
             VALUES ($1, $2, $3, 1, $4, $5) ON CONFLICT (course_id, file) DO NOTHING",
        )
        .bind(course)
        .bind(file)
        .bind(text)
        .bind(by)
        .bind(at)
        .execute(&mut *conn)
        .await?
    } else {
        sqlx::query(
            "UPDATE drafts SET text = $1, revision = revision + 1, pending = 1, updated_by = $2,
                    updated_at = $3
              WHERE course_id = $4 AND file = $5 AND revision = $6",
        )
        .bind(text)
        .bind(by)
        .bind(at)
        .bind(course)
        .bind(file)
        .bind(expected)
        .execute(&mut *conn)
        .await?
    };
    if done.rows_affected() == 1 {
        bump_revision(conn, course).await?;
    }
    Ok(done.rows_affected() == 1)
}

/// Drops `file`'s pending change if its revision is still `expected`
/// (the revision moves on, so an editor who saw the draft cannot save
/// over the discard unknowingly).
pub async fn discard_draft(
    conn: &mut AnyConnection,
    course: i64,
    file: &str,
    expected: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE drafts SET text = NULL, pending = 0, revision = revision + 1
          WHERE course_id = $1 AND file = $2 AND revision = $3",
    )
    .bind(course)
    .bind(file)
    .bind(expected)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 1 {
        bump_revision(conn, course).await?;
    }
    Ok(done.rows_affected() == 1)
}

/// Moves the course's draft revision on (a picture uploaded: an approval
/// given before does not cover it).
pub async fn touch(conn: &mut AnyConnection, course: i64) -> Result<(), sqlx::Error> {
    bump_revision(conn, course).await
}

async fn bump_revision(conn: &mut AnyConnection, course: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE courses SET draft_revision = draft_revision + 1 WHERE id = $1")
        .bind(course)
        .execute(conn)
        .await?;
    Ok(())
}

/// Takes the course for a publication of its drafts as they stood at
/// `expected`: moves the revision on (locking the row on PostgreSQL, so
/// two publications run one after the other) unless a draft changed since.
pub async fn claim(
    conn: &mut AnyConnection,
    course: i64,
    expected: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE courses SET draft_revision = draft_revision + 1 WHERE id = $1 AND draft_revision = $2",
    )
    .bind(course)
    .bind(expected)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Marks `course`'s drafts published: their revisions move on (an editor
/// who loaded one before cannot save over the publication unknowingly);
/// the approvals are spent.
pub async fn published(conn: &mut AnyConnection, course: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE drafts SET text = NULL, pending = 0, revision = revision + 1
          WHERE course_id = $1 AND pending = 1",
    )
    .bind(course)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM draft_approvals WHERE course_id = $1")
        .bind(course)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn approve(
    conn: &mut AnyConnection,
    course: i64,
    revision: i64,
    by: i64,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO draft_approvals (course_id, draft_revision, approved_by, approved_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT (course_id, draft_revision, approved_by) DO NOTHING",
    )
    .bind(course)
    .bind(revision)
    .bind(by)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(FromRow)]
struct ApproverRow {
    approved_by: i64,
}

/// Who approved `course`'s drafts as they stand at `revision`.
pub async fn approvers(
    conn: &mut AnyConnection,
    course: i64,
    revision: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    Ok(sqlx::query_as::<_, ApproverRow>(
        "SELECT approved_by FROM draft_approvals WHERE course_id = $1 AND draft_revision = $2
          ORDER BY approved_at, approved_by",
    )
    .bind(course)
    .bind(revision)
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|r| r.approved_by)
    .collect())
}

/// One published version of a file, newest first.
#[derive(Clone, Debug, FromRow)]
pub struct VersionRow {
    pub id: i64,
    pub content_hash: String,
    pub source: Option<String>,
    pub translation_of: Option<String>,
    pub published_by: Option<String>,
    pub approved_by: Option<String>,
    pub created_at: i64,
    pub superseded_at: Option<i64>,
}

/// Which text a file's versions are: the course page, the assessment, or
/// the module with this slug — in one language.
#[derive(Clone, Copy, Debug)]
pub enum Owner<'a> {
    Course,
    Assessment,
    Module(&'a str),
}

/// Every version of `owner`'s text in `language`, newest first.
pub async fn versions(
    conn: &mut AnyConnection,
    course: i64,
    owner: Owner<'_>,
    language: &str,
) -> Result<Vec<VersionRow>, sqlx::Error> {
    let (table, filter) = match owner {
        Owner::Course => ("course_texts", "v.course_id = $1 AND $3 = ''"),
        Owner::Assessment => ("assessments", "v.course_id = $1 AND $3 = ''"),
        Owner::Module(_) => (
            "module_versions",
            "v.module_id = (SELECT id FROM modules WHERE course_id = $1 AND slug = $3)",
        ),
    };
    let slug = match owner {
        Owner::Module(slug) => slug,
        _ => "",
    };
    sqlx::query_as(&format!(
        "SELECT v.id, v.content_hash, v.source, v.translation_of, p.name AS published_by,
                a.name AS approved_by, v.created_at, v.superseded_at
           FROM {table} v
           LEFT JOIN users p ON p.id = v.published_by
           LEFT JOIN users a ON a.id = v.approved_by
          WHERE {filter} AND v.language = $2
          ORDER BY v.created_at DESC, v.id DESC"
    ))
    .bind(course)
    .bind(language)
    .bind(slug)
    .fetch_all(conn)
    .await
}

/// Keeps `user`'s refused text of `file` (replacing an earlier one).
pub async fn keep_conflict(
    conn: &mut AnyConnection,
    course: i64,
    file: &str,
    user: i64,
    text: &str,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO draft_conflicts (course_id, file, user_id, text, at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (course_id, file, user_id) DO UPDATE SET text = excluded.text, at = excluded.at",
    )
    .bind(course)
    .bind(file)
    .bind(user)
    .bind(text)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(FromRow)]
struct TextRow {
    text: String,
}

/// `user`'s refused text of `file`, if one is kept.
pub async fn conflict(
    conn: &mut AnyConnection,
    course: i64,
    file: &str,
    user: i64,
) -> Result<Option<String>, sqlx::Error> {
    Ok(sqlx::query_as::<_, TextRow>(
        "SELECT text FROM draft_conflicts WHERE course_id = $1 AND file = $2 AND user_id = $3",
    )
    .bind(course)
    .bind(file)
    .bind(user)
    .fetch_optional(conn)
    .await?
    .map(|r| r.text))
}

pub async fn clear_conflict(
    conn: &mut AnyConnection,
    course: i64,
    file: &str,
    user: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM draft_conflicts WHERE course_id = $1 AND file = $2 AND user_id = $3")
        .bind(course)
        .bind(file)
        .bind(user)
        .execute(conn)
        .await?;
    Ok(())
}

/// The names of accounts, by id (editors who wrote or approved drafts).
#[derive(Clone, Debug, FromRow)]
pub struct NameRow {
    pub id: i64,
    pub name: String,
}

pub async fn approver_names(
    conn: &mut AnyConnection,
    course: i64,
    revision: i64,
) -> Result<Vec<NameRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.id, u.name FROM draft_approvals a JOIN users u ON u.id = a.approved_by
          WHERE a.course_id = $1 AND a.draft_revision = $2 ORDER BY a.approved_at, u.id",
    )
    .bind(course)
    .bind(revision)
    .fetch_all(conn)
    .await
}
