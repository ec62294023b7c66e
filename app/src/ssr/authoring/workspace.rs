//! A course as an editor works on it: the published files with the drafts
//! laid over them, and the policy check that opens it.

use super::store::{self, CourseRow, DraftRow};
use super::AuthoringError;
use crate::ssr::auth::access::CurrentUser;
use crate::ssr::auth::policy::edits_course;
use crate::ssr::content::compile::{compile_course, CompiledCourse};
use crate::ssr::content::export;
use crate::ssr::content::source::{course_files, Images};
use crate::ssr::content::store::{self as content_store, PublishedCourseRow};
use crate::ssr::content::ContentError;
use sqlx::AnyConnection;
use std::collections::BTreeMap;

#[derive(Clone, Debug)]
pub struct Workspace {
    pub course: CourseRow,
    /// The published files, by name.
    pub published: BTreeMap<String, String>,
    /// The course's pictures by path: hash and size.
    pub images: BTreeMap<String, (String, usize)>,
    /// The pending changes.
    pub drafts: Vec<DraftRow>,
    /// Every file's revision (files never drafted have none: 0).
    revisions: BTreeMap<String, i64>,
}

impl Workspace {
    /// Opens `slug` for `user`, or says why not: no such course, or not
    /// one they edit ([`edits_course`]).
    pub async fn open(
        conn: &mut AnyConnection,
        slug: &str,
        user: &CurrentUser,
    ) -> Result<Workspace, AuthoringError> {
        let course = store::course(conn, slug)
            .await?
            .ok_or(AuthoringError::NotFound)?;
        let editor = store::is_editor(conn, course.id, user.id).await?;
        if !edits_course(&user.roles, editor) {
            return Err(AuthoringError::Forbidden);
        }
        let row = PublishedCourseRow {
            id: course.id,
            slug: course.slug.clone(),
            source_language: course.source_language.clone(),
        };
        let published = export::published_docs(conn, &row)
            .await?
            .map(|docs| docs.into_iter().collect())
            .unwrap_or_default();
        // Pictures are the course's from their upload, published or not.
        let images = content_store::image_refs(conn, course.id)
            .await?
            .into_iter()
            .map(|i| {
                (
                    i.path,
                    (i.hash, usize::try_from(i.size).unwrap_or(usize::MAX)),
                )
            })
            .collect();
        let rows = store::drafts(conn, course.id).await?;
        let revisions = rows.iter().map(|d| (d.file.clone(), d.revision)).collect();
        let drafts = rows.into_iter().filter(|d| d.pending != 0).collect();
        Ok(Workspace {
            course,
            published,
            images,
            drafts,
            revisions,
        })
    }

    pub fn draft(&self, file: &str) -> Option<&DraftRow> {
        self.drafts.iter().find(|d| d.file == file)
    }

    /// The revision a save of `file` must name (0 for a file never
    /// drafted).
    pub fn revision(&self, file: &str) -> i64 {
        self.revisions.get(file).copied().unwrap_or(0)
    }

    /// `file` as the editor sees it: its draft, else its published text;
    /// `None` if it does not exist (or its draft removes it).
    pub fn text(&self, file: &str) -> Option<&str> {
        match self.draft(file) {
            Some(d) => d.text.as_deref(),
            None => self.published.get(file).map(String::as_str),
        }
    }

    /// Every file of the workspace by name, drafts over published, with
    /// `overlay` (a text being previewed) over both.
    pub fn files(&self, overlay: Option<(&str, &str)>) -> BTreeMap<String, String> {
        let mut files = self.published.clone();
        for d in &self.drafts {
            match &d.text {
                Some(t) => files.insert(d.file.clone(), t.clone()),
                None => files.remove(&d.file),
            };
        }
        if let Some((file, text)) = overlay {
            files.insert(file.to_string(), text.to_string());
        }
        files
    }

    /// Compiles the workspace exactly as an import compiles a folder;
    /// errors name files as `<slug>/<file>`.
    pub fn compile(
        &self,
        overlay: Option<(&str, &str)>,
    ) -> Result<CompiledCourse, Vec<ContentError>> {
        let files = course_files(
            &self.course.slug,
            &self.course.slug,
            Images::InDatabase(self.images.clone()),
            self.files(overlay).into_iter().collect(),
        )?;
        compile_course(&files)
    }

    /// The name errors give `file` (see [`Workspace::compile`]).
    pub fn error_path(&self, file: &str) -> String {
        format!("{}/{file}", self.course.slug)
    }
}
