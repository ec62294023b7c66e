//! Join codes: a trainer makes a code for a cohort (it expires, and may be
//! used a number of times); trainees type it at `/join` and register
//! themselves into the cohort — or, signed in already, join it.
//!
//! A code is 12 characters from 31 that cannot be mistaken for one another
//! (no 0/O, 1/I/L), written in three groups: about 59 bits, so that even
//! without the rate limit guessing a live code is hopeless; with it (ten
//! registrations an hour per client address) more so. Codes are kept
//! readable, since a trainer shows one on a slide for a whole workshop;
//! one is only as strong as a trainee account in one cohort.

use super::{managed, record, store, CohortError};
use crate::i18n::Locale;
use crate::model::roles::Role;
use crate::ssr::audit::{self, Action, Event};
use crate::ssr::auth::CurrentUser;
use crate::ssr::db::{now, Db};
use crate::ssr::passwords;
use crate::ssr::users::{self, UserError};

const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const GROUPS: usize = 3;
const GROUP: usize = 4;

/// Registrations (and joins) per client address per hour.
pub const PER_HOUR: i64 = 10;
/// The longest a code may live, and the most uses it may have.
pub const MAX_DAYS: i64 = 90;
pub const MAX_USES: i64 = 1000;

#[derive(Debug, thiserror::Error)]
pub enum JoinError {
    /// Wrong, expired, used up or revoked: one answer for all four.
    #[error("that join code is not valid")]
    InvalidCode,
    #[error("too many attempts from this address; try again later")]
    Throttled,
    #[error(transparent)]
    User(#[from] UserError),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
}

/// A new random code, `ABCD-EFGH-JKMN`.
pub fn new_code() -> String {
    use rand::Rng;
    let mut rng = rand::thread_rng();
    (0..GROUPS)
        .map(|_| {
            (0..GROUP)
                .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// A code as typed (any case, spaces or hyphens anywhere) in its one
/// spelling, or `None`.
pub fn normalise_code(typed: &str) -> Option<String> {
    let chars: Vec<char> = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let valid = chars.len() == GROUPS * GROUP
        && chars
            .iter()
            .all(|c| c.is_ascii() && ALPHABET.contains(&(*c as u8)));
    valid.then(|| {
        chars
            .chunks(GROUP)
            .map(|g| g.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("-")
    })
}

/// Makes a code for cohort `id` (the caller must manage it), valid for
/// `days` and `uses` registrations; returns it.
pub async fn create_code(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    days: i64,
    uses: i64,
) -> Result<String, CohortError> {
    managed(db, user, id).await?;
    if !(1..=MAX_DAYS).contains(&days) || !(1..=MAX_USES).contains(&uses) {
        return Err(CohortError::BadJoinTerms);
    }
    let at = now();
    let code = new_code();
    let mut tx = db.begin().await?;
    store::insert_join_code(&mut tx, id, &code, user.id, at, at + days * 86_400, uses).await?;
    record(
        &mut tx,
        Some(user.id),
        Action::CohortJoinCode,
        None,
        &format!("cohort {id} code made: {days} days, {uses} uses"),
    )
    .await?;
    tx.commit().await?;
    Ok(code)
}

/// Revokes code `code_id` of cohort `id`; `false` if it was not live.
pub async fn revoke_code(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    code_id: i64,
) -> Result<bool, CohortError> {
    managed(db, user, id).await?;
    let mut tx = db.begin().await?;
    let done = store::revoke_join_code(&mut tx, id, code_id, now()).await?;
    if done {
        record(
            &mut tx,
            Some(user.id),
            Action::CohortJoinCode,
            None,
            &format!("cohort {id} code {code_id} revoked"),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(done)
}

/// Counts an attempt from `client` (an address); refuses beyond the limit.
async fn throttle(db: &Db, client: &str) -> Result<(), JoinError> {
    let key = crate::ssr::proxies::client_key(client);
    let at = now();
    if store::count_join_attempt(db, &key, at, at - 3600).await? > PER_HOUR {
        return Err(JoinError::Throttled);
    }
    Ok(())
}

/// Who registers with a code.
#[derive(Clone, Debug, Default)]
pub struct Registration {
    pub name: String,
    pub name_latin: String,
    /// Blank for none; then `username` is required.
    pub email: String,
    pub username: String,
    pub language: Locale,
    pub password: String,
}

/// Registers a new trainee into the code's cohort (and its organisation);
/// returns the new account's id. The code's use, the account, its
/// membership and the audit entry are one transaction.
pub async fn register(
    db: &Db,
    client: &str,
    typed_code: &str,
    r: &Registration,
) -> Result<i64, JoinError> {
    throttle(db, client).await?;
    let code = normalise_code(typed_code).ok_or(JoinError::InvalidCode)?;
    let (email, username) = users::sign_in_names(&r.email, Some(&r.username))?;
    let name = r.name.trim().to_string();
    if name.is_empty() {
        return Err(UserError::EmptyName.into());
    }
    let name_latin = users::optional_text(Some(&r.name_latin));
    users::check_lengths(&name, name_latin.as_deref(), None, None)?;
    passwords::check_policy(&r.password).map_err(UserError::from)?;
    let hash = passwords::hash(r.password.clone()).await;
    let at = now();
    let mut tx = db.begin().await?;
    let cohort = store::use_join_code(&mut tx, &code, at)
        .await?
        .ok_or(JoinError::InvalidCode)?;
    let organisation = store::by_id(&mut *tx, cohort)
        .await?
        .map(|c| c.organisation_id);
    users::check_unique(&mut tx, email.as_deref(), username.as_deref(), None).await?;
    let id = users::store::insert(
        &mut *tx,
        &users::store::NewAccount {
            email: email.as_deref(),
            username: username.as_deref(),
            name: &name,
            name_latin: name_latin.as_deref(),
            language: r.language.code(),
            organisation_id: organisation,
            password_hash: &hash,
            at,
            position: None,
            province: None,
        },
    )
    .await?;
    users::store::add_role(&mut *tx, id, Role::Trainee).await?;
    store::add_member(&mut tx, cohort, id, at).await?;
    let login = email.or(username).unwrap_or_default();
    audit::append(
        &mut tx,
        Event {
            actor_id: Some(id),
            subject: Some(&login),
            ip: Some(client),
            detail: Some(&format!(
                "roles: trainee; joined cohort {cohort} with a code"
            )),
            ..Event::new(Action::AccountCreated)
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// A signed-in user joins the code's cohort; returns the cohort. Joining
/// twice uses the code once.
pub async fn join(
    db: &Db,
    client: &str,
    user: &CurrentUser,
    typed_code: &str,
) -> Result<i64, JoinError> {
    throttle(db, client).await?;
    let code = normalise_code(typed_code).ok_or(JoinError::InvalidCode)?;
    let at = now();
    let mut tx = db.begin().await?;
    let cohort = store::use_join_code(&mut tx, &code, at)
        .await?
        .ok_or(JoinError::InvalidCode)?;
    if !store::add_member(&mut tx, cohort, user.id, at).await? {
        // Already a member: nothing to spend the use on.
        tx.rollback().await?;
        return Ok(cohort);
    }
    audit::append(
        &mut tx,
        Event {
            actor_id: Some(user.id),
            ip: Some(client),
            detail: Some(&format!("joined cohort {cohort} with a code")),
            ..Event::new(Action::CohortJoinCode)
        },
    )
    .await?;
    tx.commit().await?;
    Ok(cohort)
}
