//! Bulk enrolment: a roster file (see `roster`) checked whole, matched
//! against existing accounts, previewed, and imported in one transaction.
//!
//! Matching: a row whose e-mail address or username an account already
//! signs in with names that account. It is added to the cohort, not
//! duplicated, when it is the same person — the same name (either script)
//! and an account the importer manages (a trainee of their subtree). An
//! address or username that is another person's, or an account the
//! importer may not enrol, is a bad row; so is an address and a username
//! that name two different accounts. Matched accounts are not changed.
//! New accounts are trainees with no password yet: they get one through
//! a set-password link (a sign-in sheet, or the person page).
//!
//! The preview and the import run the same `plan`; the import runs it
//! again inside its transaction, so it writes exactly what a preview of the
//! same file at that moment shows, or nothing.

use super::roster::{self, Encoding, Entry, FileError, Problem, RowError};
use super::{store, CohortError};
use crate::model::cohorts::{RosterPreview, RosterProblem, RosterRow, RosterStep};
use crate::model::roles::Role;
use crate::ssr::audit::{self, Action, Event};
use crate::ssr::auth::policy::PeopleScope;
use crate::ssr::db::{now, Db};
use crate::ssr::organisations;
use crate::ssr::users::{self, Login};
use sqlx::AnyConnection;
use std::collections::HashMap;

/// What importing a row would do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// A new trainee account, then membership.
    Create,
    /// An existing account (its id) joins the cohort.
    Match(i64),
    /// An existing account (its id) already in the cohort.
    AlreadyMember(i64),
}

/// A clean row and what importing it does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Planned {
    pub entry: Entry,
    pub step: Step,
}

/// A roster file checked and matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Plan {
    Unreadable(FileError),
    Rejected(Vec<RowError>),
    Ready {
        encoding: Encoding,
        rows: Vec<Planned>,
    },
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Enrolled {
    /// (row, account id, sign-in name) of each account created.
    pub created: Vec<(usize, i64, String)>,
    /// (row, account id, sign-in name) of each existing account added.
    pub matched: Vec<(usize, i64, String)>,
    /// Rows naming accounts already in the cohort.
    pub already: usize,
}

fn same_name(a: &str, b: &str) -> bool {
    let fold = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    fold(a) == fold(b)
}

/// Every organisation's id, by slug (what a roster names them by).
async fn organisation_ids(db: &Db) -> Result<HashMap<String, i64>, sqlx::Error> {
    Ok(organisations::store::all(db)
        .await?
        .into_iter()
        .map(|o| (o.slug, o.id))
        .collect())
}

/// Checks `bytes` and matches each row, inside `conn` (the import's
/// transaction, or any connection for a preview).
pub async fn plan(
    conn: &mut AnyConnection,
    db: &Db,
    scope: &PeopleScope,
    cohort: i64,
    bytes: &[u8],
) -> Result<Plan, sqlx::Error> {
    let slugs = organisation_ids(db).await?;
    let may_enrol_into = |slug: &str| {
        slugs
            .get(slug)
            .is_some_and(|id| scope.manages(&[Role::Trainee], Some(*id)))
    };
    let (encoding, entries) = match roster::check(bytes, &may_enrol_into) {
        roster::Checked::Clean { encoding, entries } => (encoding, entries),
        roster::Checked::Unreadable(e) => return Ok(Plan::Unreadable(e)),
        roster::Checked::Rejected(errors) => return Ok(Plan::Rejected(errors)),
    };
    let members: Vec<i64> = store::member_ids(conn, cohort).await?;
    let mut errors = Vec::new();
    let mut rows = Vec::new();
    let mut claimed: HashMap<i64, usize> = HashMap::new();
    for entry in entries {
        let by_email = match &entry.email {
            Some(e) => store::roster_account(conn, &Login::Email(e.clone())).await?,
            None => None,
        };
        let by_username = match &entry.username {
            Some(u) => store::roster_account(conn, &Login::Username(u.clone())).await?,
            None => None,
        };
        let mut fail = |column: &'static str, reason: Problem| {
            errors.push(RowError {
                row: entry.row,
                column,
                reason,
            });
        };
        let (account, column) = match (by_email, by_username) {
            (None, None) => {
                rows.push(Planned {
                    entry,
                    step: Step::Create,
                });
                continue;
            }
            (Some(a), Some(b)) if a.id != b.id => {
                fail("username", Problem::TwoAccounts);
                continue;
            }
            (Some(a), _) => (a, "email"),
            (None, Some(b)) => (b, "username"),
        };
        let roles = users::store::roles(&mut *conn, account.id).await?;
        let same_person = same_name(&account.name, &entry.name)
            || matches!((&account.name_latin, &entry.name_latin),
                        (Some(a), Some(b)) if same_name(a, b));
        let enrollable =
            roles.contains(&Role::Trainee) && scope.manages(&roles, account.organisation_id);
        if !same_person || !enrollable {
            fail(column, Problem::TakenByOther);
            continue;
        }
        if let Some(first) = claimed.insert(account.id, entry.row) {
            fail(column, Problem::SameAsRow(first));
            continue;
        }
        let step = if members.contains(&account.id) {
            Step::AlreadyMember(account.id)
        } else {
            Step::Match(account.id)
        };
        rows.push(Planned { entry, step });
    }
    if errors.is_empty() {
        Ok(Plan::Ready { encoding, rows })
    } else {
        errors.sort_by_key(|e| e.row);
        Ok(Plan::Rejected(errors))
    }
}

/// Checks and matches `bytes` without writing anything.
pub async fn preview(
    db: &Db,
    scope: &PeopleScope,
    cohort: i64,
    bytes: &[u8],
) -> Result<Plan, CohortError> {
    let mut conn = db.pool().acquire().await?;
    Ok(plan(&mut conn, db, scope, cohort, bytes).await?)
}

/// Imports `bytes` in one transaction: every row, or — when the file is
/// not clean now — nothing, and the plan says why.
pub async fn import(
    db: &Db,
    scope: &PeopleScope,
    actor: Option<i64>,
    cohort: i64,
    bytes: &[u8],
) -> Result<Result<Enrolled, Plan>, CohortError> {
    let slugs = organisation_ids(db).await?;
    let mut tx = db.begin().await?;
    let rows = match plan(&mut tx, db, scope, cohort, bytes).await? {
        Plan::Ready { rows, .. } => rows,
        other => return Ok(Err(other)),
    };
    let at = now();
    let mut done = Enrolled::default();
    for Planned { entry, step } in rows {
        let login = entry.login();
        match step {
            Step::AlreadyMember(_) => done.already += 1,
            Step::Match(id) => {
                store::add_member(&mut tx, cohort, id, at).await?;
                done.matched.push((entry.row, id, login));
            }
            Step::Create => {
                let id = users::store::insert(
                    &mut *tx,
                    &users::store::NewAccount {
                        email: entry.email.as_deref(),
                        username: entry.username.as_deref(),
                        name: &entry.name,
                        name_latin: entry.name_latin.as_deref(),
                        language: &entry.language,
                        organisation_id: slugs.get(&entry.organisation).copied(),
                        // No password until the person sets one with a
                        // link: nothing verifies against this.
                        password_hash: "!",
                        at,
                        position: entry.position.as_deref(),
                        province: entry.province.as_deref(),
                    },
                )
                .await?;
                users::store::add_role(&mut *tx, id, Role::Trainee).await?;
                store::add_member(&mut tx, cohort, id, at).await?;
                audit::append(
                    &mut tx,
                    Event {
                        actor_id: actor,
                        subject: Some(&login),
                        detail: Some(&format!("roles: trainee; cohort {cohort} roster")),
                        ..Event::new(Action::AccountCreated)
                    },
                )
                .await?;
                done.created.push((entry.row, id, login));
            }
        }
    }
    audit::append(
        &mut tx,
        Event {
            actor_id: actor,
            detail: Some(&format!(
                "cohort {cohort} roster: {} created, {} added, {} already members",
                done.created.len(),
                done.matched.len(),
                done.already
            )),
            ..Event::new(Action::CohortChanged)
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(done))
}

/// The largest roster file taken: 10,000 rows of generous width.
pub const MAX_BYTES: usize = 4 * 1024 * 1024;

/// How long an upload waits for its import.
const UPLOAD_KEPT_SECS: i64 = 24 * 3600;

/// Keeps an uploaded roster for cohort `id` (the caller must manage it)
/// until it is imported; returns the upload's id for the preview.
pub async fn upload(
    db: &Db,
    user: &crate::ssr::auth::CurrentUser,
    id: i64,
    file_name: &str,
    bytes: &[u8],
) -> Result<i64, CohortError> {
    super::managed(db, user, id).await?;
    if bytes.len() > MAX_BYTES {
        return Err(CohortError::TooLarge);
    }
    let name: String = file_name.chars().take(200).collect();
    let at = now();
    let mut tx = db.begin().await?;
    let upload = store::put_upload(
        &mut tx,
        id,
        user.id,
        &name,
        bytes,
        at,
        at - UPLOAD_KEPT_SECS,
    )
    .await?;
    tx.commit().await?;
    Ok(upload)
}

fn problem(e: &RowError) -> RosterProblem {
    RosterProblem {
        row: e.row,
        column: e.column.to_string(),
        key: e.reason.key().to_string(),
        value: e.reason.value(),
    }
}

/// The plan as the preview page shows it.
fn shown(
    plan: Plan,
) -> (
    Option<String>,
    Option<RosterProblem>,
    Vec<RosterProblem>,
    Vec<RosterRow>,
) {
    match plan {
        Plan::Unreadable(e) => {
            let (key, value) = e.key();
            let row = match e {
                FileError::UnclosedQuote { row } => row,
                _ => 0,
            };
            let p = RosterProblem {
                row,
                column: String::new(),
                key: key.to_string(),
                value,
            };
            (None, Some(p), Vec::new(), Vec::new())
        }
        Plan::Rejected(errors) => (None, None, errors.iter().map(problem).collect(), Vec::new()),
        Plan::Ready { encoding, rows } => {
            let rows = rows
                .into_iter()
                .map(|p| RosterRow {
                    row: p.entry.row,
                    login: p.entry.login(),
                    name: p.entry.name,
                    name_latin: p.entry.name_latin,
                    organisation: p.entry.organisation,
                    step: match p.step {
                        Step::Create => RosterStep::Create,
                        Step::Match(_) => RosterStep::Match,
                        Step::AlreadyMember(_) => RosterStep::AlreadyMember,
                    },
                })
                .collect();
            (Some(encoding.label().to_string()), None, Vec::new(), rows)
        }
    }
}

/// The preview of the caller's upload `upload` for cohort `id`.
pub async fn preview_upload(
    db: &Db,
    user: &crate::ssr::auth::CurrentUser,
    id: i64,
    upload: i64,
) -> Result<RosterPreview, CohortError> {
    let (cohort, scope) = super::managed(db, user, id).await?;
    let (file_name, bytes) = store::upload(db, upload, id, user.id)
        .await?
        .ok_or(CohortError::NotFound)?;
    let (encoding, unreadable, problems, rows) = shown(preview(db, &scope, id, &bytes).await?);
    Ok(RosterPreview {
        cohort_id: id,
        cohort: cohort.name,
        upload,
        file_name,
        encoding,
        unreadable,
        problems,
        rows,
    })
}

/// Imports the caller's upload `upload` into cohort `id` and forgets it;
/// a file that is no longer clean imports nothing and stays for its
/// preview.
pub async fn import_upload(
    db: &Db,
    user: &crate::ssr::auth::CurrentUser,
    id: i64,
    upload: i64,
) -> Result<Result<Enrolled, Plan>, CohortError> {
    let (_, scope) = super::managed(db, user, id).await?;
    let (_, bytes) = store::upload(db, upload, id, user.id)
        .await?
        .ok_or(CohortError::NotFound)?;
    let done = import(db, &scope, Some(user.id), id, &bytes).await?;
    if done.is_ok() {
        let mut conn = db.pool().acquire().await?;
        store::drop_upload(&mut conn, upload).await?;
    }
    Ok(done)
}

/// `lantern cohort enrol ID FILE [--dry-run]`: the operator at the
/// server's shell enrols into any cohort, any organisation.
pub async fn by_operator(
    db: &Db,
    id: i64,
    bytes: &[u8],
    dry_run: bool,
) -> Result<Result<Enrolled, Plan>, CohortError> {
    store::by_id(db.pool(), id)
        .await?
        .ok_or(CohortError::NotFound)?;
    if bytes.len() > MAX_BYTES {
        return Err(CohortError::TooLarge);
    }
    let everyone = PeopleScope {
        everyone: true,
        ..PeopleScope::default()
    };
    if dry_run {
        return Ok(match preview(db, &everyone, id, bytes).await? {
            Plan::Ready { rows, .. } => {
                let mut would = Enrolled::default();
                for p in rows {
                    let login = p.entry.login();
                    match p.step {
                        Step::Create => would.created.push((p.entry.row, 0, login)),
                        Step::Match(a) => would.matched.push((p.entry.row, a, login)),
                        Step::AlreadyMember(_) => would.already += 1,
                    }
                }
                Ok(would)
            }
            other => Err(other),
        });
    }
    import(db, &everyone, None, id, bytes).await
}
