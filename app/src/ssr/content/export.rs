//! Courses back to files: every course's current published texts written
//! as the `content/` folder an import reads — the same names, the same
//! bytes (a version keeps the Markdown it was made from), its pictures
//! under the paths the Markdown names. `lantern import` of an export
//! reproduces the courses, and an export of that import is identical, so
//! courses edited in the browser can be kept in git and courses kept in
//! files can be edited in the browser.

use super::compile::compile_course;
use super::error::{ContentError, ContentErrors};
use super::source::{course_files, CourseFiles, FileKind, FileName, Images};
use super::store::{self, PublishedCourseRow};
use crate::ssr::db::Db;
use sqlx::AnyConnection;
use std::collections::BTreeMap;
use std::path::Path;

/// One course's published folder: its Markdown files by name, and every
/// picture stored for it by path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Folder {
    pub course_id: i64,
    pub slug: String,
    /// `(file name, text)`, sorted by name.
    pub docs: Vec<(String, String)>,
    pub images: BTreeMap<String, Vec<u8>>,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error("{0}: imported before versions kept their Markdown; import the course's folder once more, then export")]
    MissingSource(String),
    #[error("the published course does not compile:\n{0}")]
    Invalid(ContentErrors),
    #[error("cannot write {0}: {1}")]
    Write(String, std::io::Error),
}

/// The file a text lives in: `course.md`, `assessment.th.md`,
/// `03-first-contact.md` — the source language without a suffix.
pub fn file_name(
    kind: &str,
    module: Option<(&str, i64)>,
    language: &str,
    source_language: &str,
) -> String {
    let kind = match module {
        Some((slug, position)) => FileKind::Module {
            number: u32::try_from(position).unwrap_or(0),
            slug: slug.to_string(),
        },
        None if kind == "assessment" => FileKind::Assessment,
        None => FileKind::Course,
    };
    FileName {
        kind,
        language: (language != source_language).then(|| language.to_string()),
    }
    .name()
}

/// `course`'s published folder, or `None` if nothing of it is published
/// yet (a course created in the browser, still a draft).
pub async fn folder(
    conn: &mut AnyConnection,
    course: &PublishedCourseRow,
) -> Result<Option<Folder>, ExportError> {
    let Some(docs) = published_docs(conn, course).await? else {
        return Ok(None);
    };
    let images = store::images(conn, course.id)
        .await?
        .into_iter()
        .map(|i| (i.path, i.bytes))
        .collect();
    Ok(Some(Folder {
        course_id: course.id,
        slug: course.slug.clone(),
        docs,
        images,
    }))
}

/// `course`'s published Markdown files by name, sorted, or `None` if
/// nothing of it is published yet.
pub async fn published_docs(
    conn: &mut AnyConnection,
    course: &PublishedCourseRow,
) -> Result<Option<Vec<(String, String)>>, ExportError> {
    let texts = store::published_texts(conn, course.id).await?;
    if !texts.iter().any(|t| t.kind == "course") {
        return Ok(None);
    }
    let mut named: Vec<(String, Option<String>)> = texts
        .into_iter()
        .map(|t| {
            let module = t.module.as_deref().zip(t.position);
            let name = file_name(&t.kind, module, &t.language, &course.source_language);
            (name, t.source)
        })
        .collect();
    named.sort();
    let mut docs = Vec::with_capacity(named.len());
    for (name, text) in named {
        let text =
            text.ok_or_else(|| ExportError::MissingSource(format!("{}/{name}", course.slug)))?;
        docs.push((name, text));
    }
    Ok(Some(docs))
}

/// Every published course's folder, by slug.
pub async fn folders(db: &Db) -> Result<Vec<Folder>, ExportError> {
    let mut conn = db.pool().acquire().await?;
    let mut out = Vec::new();
    for course in store::all_courses(&mut conn).await? {
        if let Some(f) = folder(&mut conn, &course).await? {
            out.push(f);
        }
    }
    Ok(out)
}

impl Folder {
    /// The folder as an import would read it, its files named under
    /// `display_dir` in errors.
    pub fn course_files(&self, display_dir: &str) -> Result<CourseFiles, Vec<ContentError>> {
        course_files(
            &self.slug,
            display_dir,
            Images::Stored(self.images.clone()),
            self.docs.clone(),
        )
    }

    /// The pictures the published Markdown shows (stored ones it no
    /// longer names stay in the database but are not written).
    fn shown_images(&self) -> Result<Vec<(&str, &[u8])>, ExportError> {
        let files = self
            .course_files(&self.slug)
            .map_err(|e| ExportError::Invalid(ContentErrors(e)))?;
        let compiled =
            compile_course(&files).map_err(|e| ExportError::Invalid(ContentErrors(e)))?;
        Ok(self
            .images
            .iter()
            .filter(|(path, _)| compiled.images.contains_key(path.as_str()))
            .map(|(p, b)| (p.as_str(), b.as_slice()))
            .collect())
    }
}

/// Writes each folder to `root/<slug>/`, replacing what was there: the
/// course is written beside it first and swapped in, so a failure leaves
/// the previous folder whole. Other folders under `root` are left alone.
pub fn write(root: &Path, folders: &[Folder]) -> Result<(), ExportError> {
    let failed = |path: &Path| {
        let shown = path.display().to_string();
        move |e| ExportError::Write(shown, e)
    };
    std::fs::create_dir_all(root).map_err(failed(root))?;
    // Every course is checked before any is written.
    let mut planned = Vec::with_capacity(folders.len());
    for f in folders {
        planned.push((f, f.shown_images()?));
    }
    for (f, images) in planned {
        let target = root.join(&f.slug);
        let fresh = root.join(format!(".{}.export", f.slug));
        let old = root.join(format!(".{}.previous", f.slug));
        for stale in [&fresh, &old] {
            if stale.exists() {
                std::fs::remove_dir_all(stale).map_err(failed(stale))?;
            }
        }
        std::fs::create_dir(&fresh).map_err(failed(&fresh))?;
        for (name, text) in &f.docs {
            let path = fresh.join(name);
            std::fs::write(&path, text).map_err(failed(&path))?;
        }
        for (name, bytes) in images {
            let path = fresh.join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(failed(parent))?;
            }
            std::fs::write(&path, bytes).map_err(failed(&path))?;
        }
        if target.exists() {
            std::fs::rename(&target, &old).map_err(failed(&target))?;
        }
        std::fs::rename(&fresh, &target).map_err(failed(&target))?;
        if old.exists() {
            std::fs::remove_dir_all(&old).map_err(failed(&old))?;
        }
    }
    Ok(())
}
