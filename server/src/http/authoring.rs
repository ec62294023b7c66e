//! Form posts of the authoring pages: a new course, a file saved,
//! previewed or discarded, modules added, moved or retired, a
//! publication, an approval, editors and four-eyes, a rollback. Each
//! redirects back with its outcome; whether the caller may is decided by
//! `app::ssr::authoring` (`policy::edits_course`).

use super::auth::see_other;
use app::forms::authoring::{
    field, Outcome, OP_ADD, OP_DISCARD, OP_DOWN, OP_FOUR_EYES_OFF, OP_FOUR_EYES_ON, OP_RETIRE,
    OP_SAVE, OP_UP,
};
use app::forms::Outcome as _;
use app::paths;
use app::ssr::auth::CurrentUser;
use app::ssr::authoring::{edit, history, images, publish, AuthoringError};
use app::ssr::state::AppState;
use axum::{
    extract::{Multipart, Path, State},
    response::Response,
    Extension, Form,
};
use std::collections::HashMap;

type Fields = HashMap<String, String>;

fn value<'a>(form: &'a Fields, key: &str) -> &'a str {
    form.get(key).map_or("", String::as_str)
}

fn number(form: &Fields, key: &str) -> i64 {
    value(form, key).trim().parse().unwrap_or(-1)
}

/// The outcome a refused change is shown as.
fn outcome(e: &AuthoringError) -> Outcome {
    match e {
        AuthoringError::NotFound => Outcome::NotFound,
        AuthoringError::Forbidden => Outcome::Forbidden,
        AuthoringError::BadInput(_) | AuthoringError::Export(_) => Outcome::BadInput,
        AuthoringError::Stale(_) => Outcome::Stale,
        AuthoringError::Invalid(_) => Outcome::Invalid,
        AuthoringError::Changed => Outcome::Changed,
        AuthoringError::NeedsApproval => Outcome::NeedsApproval,
        AuthoringError::OwnDrafts => Outcome::OwnDrafts,
        AuthoringError::NothingToPublish => Outcome::NothingToPublish,
        AuthoringError::NotAnImage => Outcome::NotAnImage,
        AuthoringError::TooLarge => Outcome::TooLarge,
        AuthoringError::TooManyPixels => Outcome::TooManyPixels,
        AuthoringError::Db(e) => {
            tracing::warn!(error = %e, "an authoring change failed");
            Outcome::Unavailable
        }
    }
}

/// Back to `page` with the result.
fn back(page: &str, result: Result<Outcome, AuthoringError>) -> Response {
    match result {
        Ok(o) => see_other(&o.location(page)),
        Err(e) => see_other(&outcome(&e).location(page)),
    }
}

/// `POST /author`: a new course, then its workspace.
pub async fn create(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Form(form): Form<Fields>,
) -> Response {
    let slug = value(&form, field::SLUG).trim();
    match edit::create_course(
        &state.db,
        &user,
        slug,
        value(&form, field::TITLE),
        value(&form, field::LANGUAGE),
    )
    .await
    {
        Ok(()) => see_other(&Outcome::Created.location(&paths::author_course(slug))),
        Err(e) => see_other(&outcome(&e).location(paths::AUTHOR)),
    }
}

/// `POST /author/{course}/files/{file}`: save (or preview, which saves)
/// or discard the draft. A stale save keeps the typed text for its author
/// and comes back showing both.
pub async fn file(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path((course, file)): Path<(String, String)>,
    Form(form): Form<Fields>,
) -> Response {
    let page = paths::author_file(&course, &file);
    let revision = number(&form, field::REVISION);
    let result = match value(&form, field::OP) {
        OP_DISCARD => edit::discard(&state.db, &course, &user, &file, revision)
            .await
            .map(|()| Outcome::Discarded),
        op => {
            let done = if op == OP_SAVE {
                Outcome::Saved
            } else {
                Outcome::Previewed
            };
            edit::save(
                &state.db,
                &course,
                &user,
                &file,
                value(&form, field::TEXT),
                revision,
            )
            .await
            .map(|_| done)
        }
    };
    back(&page, result)
}

/// `POST /author/{course}/modules`: add, move up or down, or retire one.
pub async fn modules(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(course): Path<String>,
    Form(form): Form<Fields>,
) -> Response {
    let db = &state.db;
    let module = value(&form, field::MODULE).trim();
    let result = match value(&form, field::OP) {
        OP_ADD => {
            match edit::add_module(db, &course, &user, module, value(&form, field::TITLE)).await {
                Ok(file) => {
                    let page = paths::author_file(&course, &file);
                    return see_other(&Outcome::ModuleAdded.location(&page));
                }
                Err(e) => Err(e),
            }
        }
        OP_UP | OP_DOWN => {
            let up = value(&form, field::OP) == OP_UP;
            edit::move_module(db, &course, &user, module, up)
                .await
                .map(|()| Outcome::ModuleMoved)
        }
        OP_RETIRE => edit::retire_module(db, &course, &user, module)
            .await
            .map(|()| Outcome::ModuleRetired),
        _ => Err(AuthoringError::BadInput("unknown operation".into())),
    };
    back(&paths::author_course(&course), result)
}

/// `POST /author/{course}/publish`: the drafts as the publisher saw them.
pub async fn publish_drafts(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(course): Path<String>,
    Form(form): Form<Fields>,
) -> Response {
    let result = publish::publish(&state.db, &course, &user, number(&form, field::REVISION))
        .await
        .map(|_| Outcome::Published);
    back(&paths::author_course(&course), result)
}

/// `POST /author/{course}/approve`: the drafts as the approver saw them.
pub async fn approve(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(course): Path<String>,
    Form(form): Form<Fields>,
) -> Response {
    let result = publish::approve(&state.db, &course, &user, number(&form, field::REVISION))
        .await
        .map(|()| Outcome::Approved);
    back(&paths::author_course(&course), result)
}

/// `POST /author/{course}/editors`: name an editor, or four-eyes on/off.
pub async fn editors(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(course): Path<String>,
    Form(form): Form<Fields>,
) -> Response {
    let db = &state.db;
    let result = match value(&form, field::OP) {
        OP_FOUR_EYES_ON | OP_FOUR_EYES_OFF => {
            let on = value(&form, field::OP) == OP_FOUR_EYES_ON;
            edit::set_four_eyes(db, &course, &user, on)
                .await
                .map(|()| Outcome::FourEyes)
        }
        _ => edit::add_editor(db, &course, &user, value(&form, field::EMAIL))
            .await
            .map(|()| Outcome::EditorAdded),
    };
    back(&paths::author_course(&course), result)
}

/// `POST /author/{course}/files/{file}/rollback`: an earlier version made
/// the draft, then the editor to see (and publish) it.
pub async fn rollback(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path((course, file)): Path<(String, String)>,
    Form(form): Form<Fields>,
) -> Response {
    let result = history::roll_back(
        &state.db,
        &course,
        &user,
        &file,
        number(&form, field::VERSION),
        number(&form, field::REVISION),
    )
    .await;
    match result {
        Ok(()) => see_other(&Outcome::RolledBack.location(&paths::author_file(&course, &file))),
        Err(e) => see_other(&outcome(&e).location(&paths::author_history(&course, &file))),
    }
}

/// `POST /author/{course}/images` (multipart, field `image`): a picture
/// for the course, checked from its bytes; back to the workspace, which
/// lists it with the Markdown that shows it.
pub async fn upload_image(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(course): Path<String>,
    mut form: Multipart,
) -> Response {
    let page = paths::author_course(&course);
    let mut file: Option<(String, Vec<u8>)> = None;
    loop {
        match form.next_field().await {
            Ok(Some(part)) if part.name() == Some(field::IMAGE) => {
                let name = part.file_name().unwrap_or_default().to_string();
                match part.bytes().await {
                    Ok(bytes) if !bytes.is_empty() => file = Some((name, bytes.to_vec())),
                    Ok(_) => {}
                    Err(_) => return back(&page, Err(AuthoringError::TooLarge)),
                }
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            // Cut off at the body limit, or not multipart at all.
            Err(_) => return back(&page, Err(AuthoringError::TooLarge)),
        }
    }
    let Some((name, bytes)) = file else {
        return back(&page, Ok(Outcome::NoFile));
    };
    let result = images::upload(&state.db, &course, &user, &name, &bytes)
        .await
        .map(|_| Outcome::ImageAdded);
    back(&page, result)
}
