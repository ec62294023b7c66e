//! Changing a course's drafts: saving a file (refused if someone saved it
//! since the editor opened it), creating a course, adding, moving and
//! retiring modules, naming editors. Nothing here changes what trainees
//! read; [`super::publish`] does.

use super::store;
use super::workspace::Workspace;
use super::{AuthoringError, Stale};
use crate::model::roles::Role;
use crate::ssr::audit::{self, Action, Event};
use crate::ssr::auth::access::CurrentUser;
use crate::ssr::auth::policy::may_author;
use crate::ssr::auth::scope;
use crate::ssr::content::source::{is_slug, FileKind, FileName};
use crate::ssr::content::{self, CONTENT_LANGUAGES};
use crate::ssr::db::{now, Db};
use crate::ssr::limits;
use crate::ssr::users;
use sqlx::AnyConnection;

/// Text as a browser sends it (a textarea's lines end in CRLF) made the
/// way files in git keep it: LF only.
pub fn normalise(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

fn checked_name(file: &str) -> Result<FileName, AuthoringError> {
    FileName::parse(file).map_err(|e| AuthoringError::BadInput(format!("{file}: {e}")))
}

/// Writes `file`'s draft (`None` removes the file) over revision
/// `expected`, or refuses with what was saved meanwhile. A text equal to
/// the published one drops the draft instead. Returns the new revision.
async fn write(
    conn: &mut AnyConnection,
    ws: &Workspace,
    user: &CurrentUser,
    file: &str,
    text: Option<&str>,
    expected: i64,
) -> Result<i64, AuthoringError> {
    let course = ws.course.id;
    let unchanged = text.is_some() && text == ws.published.get(file).map(String::as_str);
    let pending = ws.draft(file).is_some();
    let done = if unchanged && !pending {
        // Nothing to keep, but a stale editor is still told.
        expected == ws.revision(file)
    } else if unchanged {
        store::discard_draft(conn, course, file, expected).await?
    } else {
        store::write_draft(conn, course, file, text, expected, user.id, now()).await?
    };
    if !done {
        return Err(AuthoringError::Stale(Box::new(Stale {
            file: file.to_string(),
            theirs: ws.text(file).map(str::to_string),
            revision: ws.revision(file),
        })));
    }
    Ok(if unchanged && !pending {
        expected
    } else {
        expected + 1
    })
}

/// Saves `text` as the draft of `file` in course `slug`, if `expected` is
/// still its revision (what the editor loaded). Returns the new revision.
pub async fn save(
    db: &Db,
    slug: &str,
    user: &CurrentUser,
    file: &str,
    text: &str,
    expected: i64,
) -> Result<i64, AuthoringError> {
    let mut tx = db.begin().await?;
    let ws = Workspace::open(&mut tx, slug, user).await?;
    let saved = save_in(&mut tx, &ws, user, file, text, expected).await;
    // A stale save commits too: its text is kept for its author.
    if matches!(saved, Ok(_) | Err(AuthoringError::Stale(_))) {
        tx.commit().await?;
    }
    saved
}

/// [`save`] inside the caller's transaction, on a workspace it opened (a
/// rollback audits in the same transaction). A stale save keeps the text
/// for its author — shown beside what was saved meanwhile until they save
/// again — and still returns the refusal; the caller commits either way.
pub async fn save_in(
    conn: &mut AnyConnection,
    ws: &Workspace,
    user: &CurrentUser,
    file: &str,
    text: &str,
    expected: i64,
) -> Result<i64, AuthoringError> {
    checked_name(file)?;
    limits::check("text", text, limits::DRAFT)
        .map_err(|e| AuthoringError::BadInput(e.to_string()))?;
    let text = normalise(text);
    match write(conn, ws, user, file, Some(&text), expected).await {
        Ok(revision) => {
            store::clear_conflict(conn, ws.course.id, file, user.id).await?;
            Ok(revision)
        }
        Err(AuthoringError::Stale(stale)) => {
            store::keep_conflict(conn, ws.course.id, file, user.id, &text, now()).await?;
            Err(AuthoringError::Stale(stale))
        }
        Err(e) => Err(e),
    }
}

/// Drops the draft of `file` (back to its published text).
pub async fn discard(
    db: &Db,
    slug: &str,
    user: &CurrentUser,
    file: &str,
    expected: i64,
) -> Result<(), AuthoringError> {
    let mut tx = db.begin().await?;
    let ws = Workspace::open(&mut tx, slug, user).await?;
    if ws.draft(file).is_some()
        && !store::discard_draft(&mut tx, ws.course.id, file, expected).await?
    {
        return Err(AuthoringError::Stale(Box::new(Stale {
            file: file.to_string(),
            theirs: ws.text(file).map(str::to_string),
            revision: ws.revision(file),
        })));
    }
    tx.commit().await?;
    Ok(())
}

/// TOML's quoting of a string typed into a form.
fn quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A new module's first text.
pub fn module_template(title: &str) -> String {
    format!(
        "+++\ntitle = {}\nestimated_minutes = 20\nobjectives = [\"…\"]\n+++\n## {}\n\nWrite the module here.\n",
        quoted(title),
        title.replace('\n', " ")
    )
}

/// Creates course `slug` in `language` as drafts — a `course.md` and a
/// first module — with `user` its first editor. Nothing is in the catalog
/// until it is published.
pub async fn create_course(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    title: &str,
    language: &str,
) -> Result<(), AuthoringError> {
    if !may_author(&user.roles) {
        return Err(AuthoringError::Forbidden);
    }
    if !is_slug(slug) {
        return Err(AuthoringError::BadInput(format!(
            "`{slug}`: a course's address is 2–64 lower-case letters, digits and hyphens"
        )));
    }
    if !CONTENT_LANGUAGES.contains(&language) {
        return Err(AuthoringError::BadInput(format!(
            "unknown language `{language}`"
        )));
    }
    let title = title.trim();
    if title.is_empty() {
        return Err(AuthoringError::BadInput("a course needs a title".into()));
    }
    limits::check("title", title, limits::NAME)
        .map_err(|e| AuthoringError::BadInput(e.to_string()))?;
    let at = now();
    let mut tx = db.begin().await?;
    if store::course(&mut tx, slug).await?.is_some() {
        return Err(AuthoringError::BadInput(format!(
            "a course with the address `{slug}` exists already"
        )));
    }
    let id = content::store::insert_course(&mut tx, slug, language, at).await?;
    store::add_editor(&mut tx, id, user.id, user.id, at).await?;
    let course = format!(
        "+++\ntitle = {}\nsummary = \"…\"\naudience = [\"police\"]\nlanguages = [\"{language}\"]\nestimated_minutes = 60\ncertificate = true\n+++\nWho this course is for, and what they will be able to do.\n",
        quoted(title)
    );
    store::write_draft(&mut tx, id, "course.md", Some(&course), 0, user.id, at).await?;
    store::write_draft(
        &mut tx,
        id,
        "01-introduction.md",
        Some(&module_template("Introduction")),
        0,
        user.id,
        at,
    )
    .await?;
    audit::append(
        &mut tx,
        Event {
            actor_id: Some(user.id),
            subject: Some(slug),
            ..Event::new(Action::CourseCreated)
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The modules of a workspace: (number, slug, every file of the module).
fn modules(ws: &Workspace) -> Vec<(u32, String, Vec<String>)> {
    let mut out: Vec<(u32, String, Vec<String>)> = Vec::new();
    for name in ws.files(None).into_keys() {
        if let Ok(FileName {
            kind: FileKind::Module { number, slug },
            ..
        }) = FileName::parse(&name)
        {
            match out.iter_mut().find(|m| m.1 == slug) {
                Some(m) => m.2.push(name),
                None => out.push((number, slug, vec![name])),
            }
        }
    }
    out.sort();
    out
}

/// Adds module `module_slug` titled `title` after the last one.
pub async fn add_module(
    db: &Db,
    slug: &str,
    user: &CurrentUser,
    module_slug: &str,
    title: &str,
) -> Result<String, AuthoringError> {
    if !is_slug(module_slug) {
        return Err(AuthoringError::BadInput(format!(
            "`{module_slug}`: a module's address is 2–64 lower-case letters, digits and hyphens"
        )));
    }
    let title = title.trim();
    limits::check("title", title, limits::NAME)
        .map_err(|e| AuthoringError::BadInput(e.to_string()))?;
    let mut tx = db.begin().await?;
    let ws = Workspace::open(&mut tx, slug, user).await?;
    let existing = modules(&ws);
    if existing.iter().any(|m| m.1 == module_slug) {
        return Err(AuthoringError::BadInput(format!(
            "the course has a module `{module_slug}` already"
        )));
    }
    let number = existing.iter().map(|m| m.0).max().unwrap_or(0) + 1;
    let file = format!("{number:02}-{module_slug}.md");
    let title = if title.is_empty() { module_slug } else { title };
    let expected = ws.revision(&file);
    write(
        &mut tx,
        &ws,
        user,
        &file,
        Some(&module_template(title)),
        expected,
    )
    .await?;
    tx.commit().await?;
    Ok(file)
}

/// Renames every file of the module numbered `from` to number `to`.
async fn renumber(
    conn: &mut AnyConnection,
    ws: &Workspace,
    user: &CurrentUser,
    files: &[String],
    to: u32,
) -> Result<(), AuthoringError> {
    for file in files {
        let Ok(mut name) = FileName::parse(file) else {
            continue;
        };
        if let FileKind::Module { number, .. } = &mut name.kind {
            *number = to;
        }
        let text = ws.text(file).map(str::to_string);
        write(conn, ws, user, file, None, ws.revision(file)).await?;
        let target = name.name();
        write(
            conn,
            ws,
            user,
            &target,
            text.as_deref(),
            ws.revision(&target),
        )
        .await?;
    }
    Ok(())
}

/// Moves module `module_slug` one place up or down, swapping numbers with
/// its neighbour (every language's file follows).
pub async fn move_module(
    db: &Db,
    slug: &str,
    user: &CurrentUser,
    module_slug: &str,
    up: bool,
) -> Result<(), AuthoringError> {
    let mut tx = db.begin().await?;
    let ws = Workspace::open(&mut tx, slug, user).await?;
    let list = modules(&ws);
    let at = list
        .iter()
        .position(|m| m.1 == module_slug)
        .ok_or(AuthoringError::NotFound)?;
    let other = if up { at.checked_sub(1) } else { Some(at + 1) };
    let Some(other) = other.filter(|o| *o < list.len()) else {
        return Ok(()); // already first or last
    };
    let (a, b) = (&list[at], &list[other]);
    renumber(&mut tx, &ws, user, &a.2, b.0).await?;
    // The workspace changed under the first rename; read it again.
    let ws = Workspace::open(&mut tx, slug, user).await?;
    let b_files: Vec<String> = modules(&ws)
        .into_iter()
        .find(|m| m.1 == b.1)
        .map(|m| m.2)
        .unwrap_or_default();
    renumber(&mut tx, &ws, user, &b_files, a.0).await?;
    tx.commit().await?;
    Ok(())
}

/// Removes module `module_slug` (all its languages) from the drafts: when
/// published it is retired — kept for the records that point at it, gone
/// from the course.
pub async fn retire_module(
    db: &Db,
    slug: &str,
    user: &CurrentUser,
    module_slug: &str,
) -> Result<(), AuthoringError> {
    let mut tx = db.begin().await?;
    let ws = Workspace::open(&mut tx, slug, user).await?;
    let (_, _, files) = modules(&ws)
        .into_iter()
        .find(|m| m.1 == module_slug)
        .ok_or(AuthoringError::NotFound)?;
    for file in &files {
        write(&mut tx, &ws, user, file, None, ws.revision(file)).await?;
    }
    audit::append(
        &mut tx,
        Event {
            actor_id: Some(user.id),
            subject: Some(slug),
            detail: Some(module_slug),
            ..Event::new(Action::ModuleRetired)
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Names the trainer with `email` an editor of `slug`. An admin may name
/// any trainer; an editor who is a trainer, only a trainer of their own
/// organisation's subtree (as for a cohort's trainer, so nobody can probe
/// for accounts elsewhere: an unknown address and one out of reach get
/// the same answer).
pub async fn add_editor(
    db: &Db,
    slug: &str,
    user: &CurrentUser,
    email: &str,
) -> Result<(), AuthoringError> {
    let refused = || {
        AuthoringError::BadInput(format!(
            "no trainer with the address {} that you may name",
            email.trim()
        ))
    };
    // Only an editor learns anything about the address.
    Workspace::open(&mut *db.pool().acquire().await?, slug, user).await?;
    let login = users::Login::parse(email).map_err(|_| refused())?;
    let target = users::store::by_login(db, &login)
        .await?
        .ok_or_else(refused)?;
    let roles = users::store::roles(db.pool(), target.id).await?;
    let scope = scope::of(db, user).await?;
    if !scope.is_some_and(|s| s.may_name_cohort_trainer(&roles, target.organisation_id)) {
        return Err(refused());
    }
    let mut tx = db.begin().await?;
    let ws = Workspace::open(&mut tx, slug, user).await?;
    store::add_editor(&mut tx, ws.course.id, target.id, user.id, now()).await?;
    let detail = format!("editor added: {}", target.id);
    audit::append(
        &mut tx,
        Event {
            actor_id: Some(user.id),
            subject: Some(slug),
            detail: Some(&detail),
            ..Event::new(Action::CourseEditorsChanged)
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Turns four-eyes on (any editor) or off (admins only: otherwise the
/// rule would bind nobody).
pub async fn set_four_eyes(
    db: &Db,
    slug: &str,
    user: &CurrentUser,
    on: bool,
) -> Result<(), AuthoringError> {
    let mut tx = db.begin().await?;
    let ws = Workspace::open(&mut tx, slug, user).await?;
    if !on && !user.has(Role::Admin) {
        return Err(AuthoringError::Forbidden);
    }
    store::set_four_eyes(&mut tx, ws.course.id, on).await?;
    let detail = if on { "four-eyes on" } else { "four-eyes off" };
    audit::append(
        &mut tx,
        Event {
            actor_id: Some(user.id),
            subject: Some(slug),
            detail: Some(detail),
            ..Event::new(Action::CourseEditorsChanged)
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
