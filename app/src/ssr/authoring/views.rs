//! The authoring pages' data, built from the workspace: the caller's
//! courses, one course's files, one file in the editor with its preview
//! and problems, and a file's history with a diff.

use super::diff::{question_changes, words};
use super::history::{self, translations};
use super::store;
use super::workspace::Workspace;
use super::AuthoringError;
use crate::model::authoring::{
    AuthorCourse, AuthorList, DiffView, EditorView, FileEntry, FileProblem, HistoryView,
    PreviewView, SourceParagraph, TextEntry, VersionEntry, WorkspaceView,
};
use crate::model::courses::TocItem;
use crate::model::roles::Role;
use crate::ssr::auth::access::CurrentUser;
use crate::ssr::auth::policy::may_author;
use crate::ssr::content::compile::CompiledCourse;
use crate::ssr::content::markdown::TocEntry;
use crate::ssr::content::source::{FileKind, FileName};
use crate::ssr::content::{content_hash, CONTENT_LANGUAGES};
use crate::ssr::db::Db;
use crate::ssr::quiz::grading::public;
use crate::ssr::quiz::presentation::Presented;
use crate::ssr::quiz::question::{Kind, Question};

/// The courses the caller edits (every course for an admin).
pub async fn list(db: &Db, user: &CurrentUser) -> Result<AuthorList, AuthoringError> {
    if !may_author(&user.roles) {
        return Err(AuthoringError::Forbidden);
    }
    let mut conn = db.pool().acquire().await?;
    let editor = (!user.has(Role::Admin)).then_some(user.id);
    let courses = store::listed(&mut conn, editor)
        .await?
        .into_iter()
        .map(|r| AuthorCourse {
            slug: r.slug,
            title: r.title,
            drafts: r.drafts,
            four_eyes: r.four_eyes != 0,
        })
        .collect();
    Ok(AuthorList {
        courses,
        languages: CONTENT_LANGUAGES.iter().map(|l| (*l).to_string()).collect(),
    })
}

fn entry(ws: &Workspace, file: &str, language: Option<String>, stale: bool) -> FileEntry {
    FileEntry {
        file: file.to_string(),
        language,
        draft: ws.draft(file).is_some(),
        stale,
    }
}

/// A course's files, texts in course order, with what would stop a
/// publication.
pub async fn workspace(
    db: &Db,
    slug: &str,
    user: &CurrentUser,
) -> Result<WorkspaceView, AuthoringError> {
    let mut conn = db.pool().acquire().await?;
    let ws = Workspace::open(&mut conn, slug, user).await?;
    let mut course = None;
    let mut assessment = None;
    let mut modules = Vec::new();
    for t in translations(&ws) {
        let Ok(name) = FileName::parse(&t.source_file) else {
            continue;
        };
        let text = TextEntry {
            module: match &name.kind {
                FileKind::Module { slug, .. } => Some(slug.clone()),
                _ => None,
            },
            source: entry(&ws, &t.source_file, None, false),
            translations: t
                .translations
                .iter()
                .map(|tr| entry(&ws, &tr.file, Some(tr.language.clone()), tr.stale))
                .collect(),
        };
        match name.kind {
            FileKind::Course => course = Some(text),
            FileKind::Assessment => assessment = Some(text),
            FileKind::Module { .. } => modules.push(text),
        }
    }
    let compiled = ws.compile(None);
    let first = compiled.as_ref().ok().and_then(|c| c.texts.first());
    let title = first.map(|t| t.title.clone());
    let languages = first.map(|t| t.languages.clone()).unwrap_or_default();
    let problems = compiled
        .err()
        .unwrap_or_default()
        .iter()
        .map(ToString::to_string)
        .collect();
    let editors = store::editors(&mut conn, ws.course.id)
        .await?
        .into_iter()
        .map(|e| e.name)
        .collect();
    let approved_by = store::approver_names(&mut conn, ws.course.id, ws.course.draft_revision)
        .await?
        .into_iter()
        .map(|a| a.name)
        .collect();
    Ok(WorkspaceView {
        slug: ws.course.slug.clone(),
        title,
        source_language: ws.course.source_language.clone(),
        languages,
        four_eyes: ws.course.four_eyes != 0,
        draft_revision: ws.course.draft_revision,
        removed: ws
            .drafts
            .iter()
            .filter(|d| d.text.is_none() && ws.published.contains_key(&d.file))
            .map(|d| d.file.clone())
            .collect(),
        course,
        modules,
        assessment,
        has_drafts: !ws.drafts.is_empty(),
        problems,
        editors,
        approved_by,
        images: ws.images.keys().cloned().collect(),
        may_turn_off_four_eyes: user.has(Role::Admin),
    })
}

/// The body of a Markdown file: what follows its front matter.
fn body(text: &str) -> &str {
    text.strip_prefix("+++\n")
        .and_then(|rest| rest.split_once("\n+++\n"))
        .map_or(text, |(_, body)| body)
}

/// A new final assessment's first text.
const ASSESSMENT_TEMPLATE: &str = "+++\npass_mark = 80\n+++\nAnswer every question.\n\n```quiz\n? [final-1] Write the first question here\n(x) The right answer\n( ) A wrong answer a hurried official might choose\n( ) Another plausible wrong answer\n```\n";

/// A new translation's first text: its source's body under a header that
/// names the source version it translates.
fn translation_template(source: &str) -> String {
    format!(
        "+++\ntitle = \"\"\ntranslation_of = \"{}\"\n+++\n{}",
        content_hash(source),
        body(source)
    )
}

fn toc(entries: &[TocEntry]) -> Vec<TocItem> {
    entries
        .iter()
        .map(|t| TocItem {
            level: t.level,
            id: t.id.clone(),
            text: t.text.clone(),
        })
        .collect()
}

/// Questions as a trainee gets them, in the order written.
fn shown(questions: &[Question]) -> Vec<crate::model::quiz::PublicQuestion> {
    questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let n = match &q.kind {
                Kind::Single { options } | Kind::Multiple { options } => options.len(),
                Kind::Matching { pairs } => pairs.len(),
                Kind::Short { .. } => 0,
            };
            public(
                q,
                &Presented {
                    question: i,
                    order: (0..n).collect(),
                },
            )
        })
        .collect()
}

/// The compiled text `name` stands for, as a preview.
fn preview(
    compiled: &CompiledCourse,
    name: &FileName,
    source_language: &str,
) -> Option<PreviewView> {
    let language = name.language.as_deref().unwrap_or(source_language);
    match &name.kind {
        FileKind::Course => compiled
            .texts
            .iter()
            .find(|t| t.language == language)
            .map(|t| PreviewView {
                title: t.title.clone(),
                objectives: Vec::new(),
                content_warning: t.content_warning.clone(),
                html: t.intro_html.clone(),
                toc: Vec::new(),
                questions: Vec::new(),
            }),
        FileKind::Module { slug, .. } => compiled
            .modules
            .iter()
            .find(|m| &m.slug == slug)?
            .texts
            .iter()
            .find(|t| t.language == language)
            .map(|t| PreviewView {
                title: t.title.clone(),
                objectives: t.objectives.clone(),
                content_warning: t.content_warning.clone(),
                html: t.html.clone(),
                toc: toc(&t.toc),
                questions: shown(&t.quiz),
            }),
        FileKind::Assessment => compiled
            .assessment
            .iter()
            .find(|t| t.language == language)
            .map(|t| PreviewView {
                title: t.title.clone(),
                objectives: Vec::new(),
                content_warning: None,
                html: t.intro_html.clone(),
                toc: Vec::new(),
                questions: shown(&t.pool),
            }),
    }
}

/// `file` of course `slug` in the editor: its saved text (a new
/// translation starts from its source), the caller's refused text if one
/// is kept, its problems at line and column and its preview.
pub async fn editor(
    db: &Db,
    slug: &str,
    user: &CurrentUser,
    file: &str,
) -> Result<EditorView, AuthoringError> {
    let name = FileName::parse(file).map_err(|_| AuthoringError::NotFound)?;
    let mut conn = db.pool().acquire().await?;
    let ws = Workspace::open(&mut conn, slug, user).await?;
    let mut source_name = name.clone();
    source_name.language = None;
    let source_file = source_name.name();
    let text = match ws.text(file) {
        Some(t) => t.to_string(),
        None if name.language.is_some() => {
            translation_template(ws.text(&source_file).ok_or(AuthoringError::NotFound)?)
        }
        None if name.kind == FileKind::Assessment => ASSESSMENT_TEMPLATE.to_string(),
        None => return Err(AuthoringError::NotFound),
    };
    let conflict = store::conflict(&mut conn, ws.course.id, file, user.id).await?;
    let changed = match (&name.language, ws.text(file)) {
        (Some(_), Some(_)) => Some(history::changed_in(&mut conn, &ws, file).await?),
        _ => None,
    };
    drop(conn);
    let shown_text = conflict.as_deref().unwrap_or(&text);
    let here = ws.error_path(file);
    let (problems, other_problems, preview) = match ws.compile(Some((file, shown_text))) {
        Ok(compiled) => (
            Vec::new(),
            Vec::new(),
            preview(&compiled, &name, &ws.course.source_language),
        ),
        Err(errors) => {
            let (mine, others): (Vec<_>, Vec<_>) = errors.into_iter().partition(|e| e.file == here);
            (
                mine.into_iter()
                    .map(|e| FileProblem {
                        line: e.line,
                        column: e.column,
                        message: e.message,
                    })
                    .collect(),
                others.iter().map(ToString::to_string).collect(),
                None,
            )
        }
    };
    let source = if let Some(changed) = changed {
        Some(
            changed
                .into_iter()
                .map(|(text, changed)| SourceParagraph { text, changed })
                .collect(),
        )
    } else if name.language.is_some() {
        ws.text(&source_file).map(|s| {
            history::paragraphs(s)
                .map(|p| SourceParagraph {
                    text: p.to_string(),
                    changed: false,
                })
                .collect()
        })
    } else {
        None
    };
    Ok(EditorView {
        slug: ws.course.slug.clone(),
        file: file.to_string(),
        draft: ws.draft(file).is_some(),
        revision: ws.revision(file),
        text,
        conflict,
        problems,
        other_problems,
        preview,
        source_hash: name
            .language
            .as_ref()
            .and_then(|_| ws.text(&source_file))
            .map(content_hash),
        source,
    })
}

/// `file`'s published versions, newest first, and the diff of `from` →
/// `to` if both are among them.
pub async fn file_history(
    db: &Db,
    slug: &str,
    user: &CurrentUser,
    file: &str,
    from: Option<i64>,
    to: Option<i64>,
) -> Result<HistoryView, AuthoringError> {
    let (ws, versions) = history::versions(db, slug, user, file).await?;
    let source = |id: i64| {
        versions
            .iter()
            .find(|v| v.id == id)
            .and_then(|v| v.source.as_deref())
    };
    let diff = match (from, to) {
        (Some(a), Some(b)) => match (source(a), source(b)) {
            (Some(old), Some(new)) => Some(DiffView {
                from: a,
                to: b,
                spans: words(body(old), body(new)),
                questions: question_changes(old, new),
            }),
            _ => None,
        },
        _ => None,
    };
    Ok(HistoryView {
        slug: ws.course.slug.clone(),
        file: file.to_string(),
        revision: ws.revision(file),
        versions: versions
            .iter()
            .map(|v| VersionEntry {
                id: v.id,
                hash: v.content_hash.chars().take(12).collect(),
                published_by: v.published_by.clone(),
                approved_by: v.approved_by.clone(),
                at: v.created_at,
                current: v.superseded_at.is_none(),
            })
            .collect(),
        diff,
    })
}
