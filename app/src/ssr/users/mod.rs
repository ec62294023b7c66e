//! Accounts in the database.

pub mod store;

use super::audit::{self, Action, Event};
use super::db::{cache::Topic, now, Db};
use super::passwords::{self, PolicyError};
use crate::i18n::Locale;
use crate::model::roles::Role;
use crate::ssr::limits;
use sqlx::{Any, Transaction};

#[derive(Debug, thiserror::Error)]
pub enum UserError {
    #[error("`{0}` is not a valid e-mail address")]
    InvalidEmail(String),
    #[error("the name must not be empty")]
    EmptyName,
    #[error("a user needs at least one role")]
    NoRole,
    #[error("a user with the e-mail address {0} already exists")]
    DuplicateEmail(String),
    #[error(
        "`{0}` is not a valid username (3 to 64 letters, digits, dots, hyphens or underscores)"
    )]
    InvalidUsername(String),
    #[error("a user with the username {0} already exists")]
    DuplicateUsername(String),
    #[error("an account needs an e-mail address or a username")]
    NoLogin,
    #[error("there is no organisation with the slug `{0}`")]
    UnknownOrganisation(String),
    #[error(transparent)]
    Password(#[from] PolicyError),
    #[error(transparent)]
    TooLong(#[from] crate::ssr::limits::TooLong),
    /// Control characters or explicit direction marks (U+202E and its
    /// kin), which could make a name display — on a page or a printed
    /// certificate — as something other than what it is.
    #[error("the {0} contains hidden control or direction characters")]
    HiddenCharacters(&'static str),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
}

/// What it takes to create an account.
#[derive(Clone, Debug)]
pub struct NewUser {
    /// Blank when the person has none; then `username` is required.
    pub email: String,
    /// For officials without an e-mail address.
    pub username: Option<String>,
    /// The name as it should print on a certificate, in the person's script.
    pub name: String,
    /// The same name in Latin script, when the first is not.
    pub name_latin: Option<String>,
    pub roles: Vec<Role>,
    pub organisation_slug: Option<String>,
    pub preferred_language: Locale,
    pub password: String,
    /// Who is creating the account (for the audit log); `None` for the
    /// command line and the first administrator.
    pub created_by: Option<i64>,
    /// Free text, e.g. "Social worker" or "Police lieutenant".
    pub position: Option<String>,
    pub province: Option<String>,
}

/// A trimmed optional field; blank is absent.
pub fn optional_text(value: Option<&str>) -> Option<String> {
    value
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// E-mail addresses are compared without regard to case or surrounding space.
pub fn normalise_email(email: &str) -> Result<String, UserError> {
    limits::check("e-mail address", email.trim(), limits::EMAIL)?;
    let email = email.trim().to_lowercase();
    let valid = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(|c| c.is_whitespace() || c.is_control())
                && email.matches('@').count() == 1
        }
        None => false,
    };
    if valid {
        Ok(email)
    } else {
        Err(UserError::InvalidEmail(email))
    }
}

/// Usernames are lower case ASCII letters, digits, dots, hyphens and
/// underscores (3–64): what HR systems issue, typed the same on any
/// keyboard, and never holding `@`, so they cannot be mistaken for an
/// address.
pub fn normalise_username(username: &str) -> Result<String, UserError> {
    let u = username.trim().to_lowercase();
    let valid = (3..=64).contains(&u.len())
        && u.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        });
    if valid {
        Ok(u)
    } else {
        Err(UserError::InvalidUsername(u))
    }
}

/// What an account signs in with: its e-mail address or, for officials
/// without one, its username. One sign-in field takes either; an `@` tells
/// which.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Login {
    Email(String),
    Username(String),
}

impl Login {
    /// Reads what someone typed into the sign-in field.
    pub fn parse(text: &str) -> Result<Login, UserError> {
        if text.contains('@') {
            normalise_email(text).map(Login::Email)
        } else {
            normalise_username(text).map(Login::Username)
        }
    }

    /// The account's sign-in name: its address if it has one.
    pub fn of(email: Option<&str>, username: Option<&str>) -> Option<Login> {
        match (email, username) {
            (Some(e), _) => Some(Login::Email(e.to_string())),
            (None, Some(u)) => Some(Login::Username(u.to_string())),
            (None, None) => None,
        }
    }

    /// The `users` column that holds it.
    pub fn column(&self) -> &'static str {
        match self {
            Login::Email(_) => "email",
            Login::Username(_) => "username",
        }
    }

    pub fn value(&self) -> &str {
        match self {
            Login::Email(v) | Login::Username(v) => v,
        }
    }
}

/// An account's e-mail address and username as typed (blank is absent),
/// normalised; at least one is required.
pub fn sign_in_names(
    email: &str,
    username: Option<&str>,
) -> Result<(Option<String>, Option<String>), UserError> {
    let email = optional_text(Some(email))
        .map(|e| normalise_email(&e))
        .transpose()?;
    let username = optional_text(username)
        .map(|u| normalise_username(&u))
        .transpose()?;
    if email.is_none() && username.is_none() {
        return Err(UserError::NoLogin);
    }
    Ok((email, username))
}

/// Refuses an e-mail address or username that another account (not
/// `except`) already signs in with.
pub(crate) async fn check_unique(
    tx: &mut Transaction<'static, Any>,
    email: Option<&str>,
    username: Option<&str>,
    except: Option<i64>,
) -> Result<(), UserError> {
    if let Some(e) = email {
        let found = store::id_by_login(&mut **tx, &Login::Email(e.to_string())).await?;
        if found.is_some() && found != except {
            return Err(UserError::DuplicateEmail(e.to_string()));
        }
    }
    if let Some(u) = username {
        let found = store::id_by_login(&mut **tx, &Login::Username(u.to_string())).await?;
        if found.is_some() && found != except {
            return Err(UserError::DuplicateUsername(u.to_string()));
        }
    }
    Ok(())
}

/// Creates an account with its roles in one transaction; returns its id.
/// Checks the free-text fields of a profile against their limits.
pub fn check_lengths(
    name: &str,
    name_latin: Option<&str>,
    position: Option<&str>,
    province: Option<&str>,
) -> Result<(), UserError> {
    limits::check("name", name, limits::NAME)?;
    limits::check(
        "name in Latin letters",
        name_latin.unwrap_or(""),
        limits::NAME,
    )?;
    limits::check("position", position.unwrap_or(""), limits::POSITION)?;
    limits::check("province", province.unwrap_or(""), limits::PROVINCE)?;
    for (field, value) in [
        ("name", Some(name)),
        ("name in Latin letters", name_latin),
        ("position", position),
        ("province", province),
    ] {
        if value.is_some_and(limits::has_hidden_characters) {
            return Err(UserError::HiddenCharacters(field));
        }
    }
    Ok(())
}

pub async fn create(db: &Db, new: NewUser) -> Result<i64, UserError> {
    let (email, username) = sign_in_names(&new.email, new.username.as_deref())?;
    check_lengths(
        &new.name,
        new.name_latin.as_deref(),
        new.position.as_deref(),
        new.province.as_deref(),
    )?;
    let name = new.name.trim().to_string();
    if name.is_empty() {
        return Err(UserError::EmptyName);
    }
    if new.roles.is_empty() {
        return Err(UserError::NoRole);
    }
    passwords::check_policy(&new.password)?;
    let password_hash = passwords::hash(new.password).await;

    let mut tx = db.begin().await?;
    let organisation_id: Option<i64> = match &new.organisation_slug {
        Some(slug) => Some(
            crate::ssr::organisations::store::id_by_slug(&mut *tx, slug)
                .await?
                .ok_or_else(|| UserError::UnknownOrganisation(slug.clone()))?,
        ),
        None => None,
    };
    check_unique(&mut tx, email.as_deref(), username.as_deref(), None).await?;
    let at = now();
    let name_latin = optional_text(new.name_latin.as_deref());
    let position = optional_text(new.position.as_deref());
    let province = optional_text(new.province.as_deref());
    let id = store::insert(
        &mut *tx,
        &store::NewAccount {
            email: email.as_deref(),
            username: username.as_deref(),
            name: &name,
            name_latin: name_latin.as_deref(),
            language: new.preferred_language.code(),
            organisation_id,
            password_hash: &password_hash,
            at,
            position: position.as_deref(),
            province: province.as_deref(),
        },
    )
    .await
    // Checked above, but another process may have taken the address
    // since: the unique key decides, and says so in the same words.
    .map_err(|e| match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => {
            if d.message().contains("username") {
                UserError::DuplicateUsername(username.clone().unwrap_or_default())
            } else {
                UserError::DuplicateEmail(email.clone().unwrap_or_default())
            }
        }
        _ => e.into(),
    })?;
    let mut roles = new.roles.clone();
    roles.sort();
    roles.dedup();
    for role in roles {
        store::add_role(&mut *tx, id, role).await?;
    }
    let roles_text: Vec<&str> = new.roles.iter().map(|r| r.as_str()).collect();
    let detail = format!("roles: {}", roles_text.join(", "));
    audit::append(
        &mut tx,
        Event {
            actor_id: new.created_by,
            subject: email.as_deref().or(username.as_deref()),
            detail: Some(&detail),
            ..Event::new(Action::AccountCreated)
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// A user's roles, in a stable order; unknown role names are skipped.
pub async fn roles_of(db: &Db, user_id: i64) -> Result<Vec<Role>, sqlx::Error> {
    store::roles(db.pool(), user_id).await
}

/// The language the user chose for the interface.
pub async fn preferred_language(db: &Db, user_id: i64) -> Result<Locale, sqlx::Error> {
    let code = store::preferred_language(db, user_id).await?;
    Ok(Locale::from_code(&code).unwrap_or_default())
}

pub async fn set_preferred_language(
    db: &Db,
    user_id: i64,
    locale: Locale,
) -> Result<(), sqlx::Error> {
    store::set_preferred_language(db, user_id, locale.code()).await
}

/// How many enabled accounts hold the admin role.
pub async fn count_admins(db: &Db) -> Result<i64, sqlx::Error> {
    store::count_admins(db.pool()).await
}

/// An account as the rest of the server sees it. The password hash is not
/// part of it, so it cannot leak through a response by accident.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserRecord {
    pub id: i64,
    pub email: Option<String>,
    pub username: Option<String>,
    pub name: String,
    pub name_latin: Option<String>,
    pub roles: Vec<Role>,
    pub organisation_id: Option<i64>,
}

/// The account that signs in with `login` (an address or a username).
pub async fn find_by_login(db: &Db, login: &str) -> Result<Option<UserRecord>, UserError> {
    let login = Login::parse(login)?;
    let Some(row) = store::by_login(db, &login).await? else {
        return Ok(None);
    };
    let roles = roles_of(db, row.id).await?;
    Ok(Some(UserRecord {
        id: row.id,
        email: row.email,
        username: row.username,
        name: row.name,
        name_latin: row.name_latin,
        roles,
        organisation_id: row.organisation_id,
    }))
}

#[derive(Debug, thiserror::Error)]
pub enum PasswordChangeError {
    #[error("the current password is not right")]
    WrongCurrent,
    #[error(transparent)]
    Policy(#[from] PolicyError),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
}

/// Stores a new password hash and ends the user's sessions (all but
/// `keep_session`), inside the caller's transaction: a password that
/// changes must take every other way in with it.
pub(crate) async fn replace_password_hash(
    tx: &mut Transaction<'static, Any>,
    user_id: i64,
    hash: &str,
    keep_session: Option<&str>,
) -> Result<(), sqlx::Error> {
    store::replace_password_hash(tx, user_id, hash, keep_session, now()).await?;
    // A link handed out for the old password must not outlive it.
    store::end_pending_links(tx, user_id).await
}

/// Changes a user's own password after checking the current one, and ends
/// every other session of theirs (a stolen session dies with the old
/// password). `keep_session` is the hash of the session making the change.
pub async fn change_password(
    db: &Db,
    user_id: i64,
    current: &str,
    new_password: &str,
    keep_session: &str,
    ip: Option<&str>,
) -> Result<(), PasswordChangeError> {
    let stored = store::password_hash(db, user_id).await?;
    if !passwords::verify(current.to_string(), stored).await {
        return Err(PasswordChangeError::WrongCurrent);
    }
    passwords::check_policy(new_password)?;
    let hash = passwords::hash(new_password.to_string()).await;
    let mut tx = db.begin().await?;
    replace_password_hash(&mut tx, user_id, &hash, Some(keep_session)).await?;
    audit::append(
        &mut tx,
        Event {
            actor_id: Some(user_id),
            ip,
            ..Event::new(Action::PasswordChanged)
        },
    )
    .await?;
    tx.commit().await?;
    db.caches().changed(Topic::People);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::db::Db;
    use crate::test_on_both_databases;

    fn somchai() -> NewUser {
        NewUser {
            email: "  Somchai@Example.ORG ".into(),
            username: None,
            name: "สมชาย ใจดี".into(),
            name_latin: Some("Somchai Jaidee".into()),
            roles: vec![Role::Trainer, Role::Trainee, Role::Trainer],
            organisation_slug: None,
            preferred_language: Locale::Th,
            password: "river-lamp-quiet-42".into(),
            created_by: None,
            position: None,
            province: None,
        }
    }

    /// A name of 10,000 characters, or one with a right-to-left override,
    /// is refused before anything is hashed or stored.
    #[test]
    fn long_names_and_direction_overrides_are_refused() {
        let long = "\u{202E}".repeat(10) + &"ก".repeat(10_000);
        assert!(matches!(
            check_lengths(&long, None, None, None),
            Err(UserError::TooLong(_))
        ));
        assert!(matches!(
            check_lengths("Somchai\u{202E}eeiaJ", None, None, None),
            Err(UserError::HiddenCharacters("name"))
        ));
        assert!(matches!(
            check_lengths("สมชาย", Some("Som\u{2066}chai"), None, None),
            Err(UserError::HiddenCharacters("name in Latin letters"))
        ));
        assert!(matches!(
            check_lengths("สมชาย", None, Some("Officer\nAdmin"), None),
            Err(UserError::HiddenCharacters("position"))
        ));
        assert!(check_lengths("សុខ\u{200C}ា", Some("Sok"), Some("Police"), Some("Bangkok")).is_ok());
    }

    #[test]
    fn normalises_and_checks_email() {
        assert_eq!(normalise_email(" A@B.org ").unwrap(), "a@b.org");
        for bad in [
            "",
            "a",
            "a@b",
            "@b.org",
            "a@b.org@c.org",
            "a b@c.org",
            "a@.org",
        ] {
            assert!(normalise_email(bad).is_err(), "{bad}");
        }
    }

    async fn creates_a_user_with_roles(db: Db) {
        let id = create(&db, somchai()).await.unwrap();
        let user = find_by_login(&db, "SOMCHAI@example.org")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(user.id, id);
        assert_eq!(user.name, "สมชาย ใจดี");
        assert_eq!(user.name_latin.as_deref(), Some("Somchai Jaidee"));
        assert_eq!(user.roles, vec![Role::Trainee, Role::Trainer]);
        assert_eq!(count_admins(&db).await.unwrap(), 0);
    }

    async fn refuses_a_duplicate_email_and_keeps_the_first(db: Db) {
        create(&db, somchai()).await.unwrap();
        let mut again = somchai();
        again.name = "Someone Else".into();
        let err = create(&db, again).await.unwrap_err();
        assert!(matches!(err, UserError::DuplicateEmail(ref e) if e == "somchai@example.org"));
        let user = find_by_login(&db, "somchai@example.org")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(user.name, "สมชาย ใจดี");
    }

    async fn unknown_organisation_writes_nothing(db: Db) {
        let mut u = somchai();
        u.organisation_slug = Some("nowhere".into());
        let err = create(&db, u).await.unwrap_err();
        assert!(matches!(err, UserError::UnknownOrganisation(_)));
        assert!(find_by_login(&db, "somchai@example.org")
            .await
            .unwrap()
            .is_none());
    }

    #[test]
    fn a_login_is_an_address_or_a_username() {
        assert_eq!(
            Login::parse(" Pol.Somchai01 ").unwrap(),
            Login::Username("pol.somchai01".into())
        );
        assert_eq!(
            Login::parse("A@B.org").unwrap(),
            Login::Email("a@b.org".into())
        );
        for bad in ["ab", "สมชาย", "a b", "a/b", &"x".repeat(65)] {
            assert!(Login::parse(bad).is_err(), "{bad}");
        }
        assert!(matches!(
            sign_in_names(" ", Some("")),
            Err(UserError::NoLogin)
        ));
    }

    async fn an_account_without_email_signs_in_with_its_username(db: Db) {
        let mut u = somchai();
        u.email = String::new();
        u.username = Some("Pol.Somchai01".into());
        let id = create(&db, u).await.unwrap();
        let found = find_by_login(&db, "pol.somchai01").await.unwrap().unwrap();
        assert_eq!(
            (found.id, found.email, found.username.as_deref()),
            (id, None, Some("pol.somchai01"))
        );
        let signed_in = crate::ssr::auth::login::sign_in(
            &db,
            "POL.SOMCHAI01",
            "river-lamp-quiet-42",
            "192.0.2.1",
        )
        .await;
        assert_eq!(signed_in.unwrap(), id);

        // The username is taken, and an account needs one of the two.
        let mut again = somchai();
        again.email = "other@example.org".into();
        again.username = Some("pol.somchai01".into());
        assert!(matches!(
            create(&db, again).await,
            Err(UserError::DuplicateUsername(ref u)) if u == "pol.somchai01"
        ));
        let mut neither = somchai();
        neither.email = String::new();
        assert!(matches!(
            create(&db, neither).await,
            Err(UserError::NoLogin)
        ));
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert_eq!(n, 1, "refusals write nothing");
    }

    async fn counts_admins(db: Db) {
        let mut admin = somchai();
        admin.roles = vec![Role::Admin];
        create(&db, admin).await.unwrap();
        assert_eq!(count_admins(&db).await.unwrap(), 1);
    }

    async fn changing_the_password_ends_other_sessions(db: Db) {
        use crate::ssr::auth::session;
        let id = create(&db, somchai()).await.unwrap();
        let here = session::start(&db, id, None, None).await.unwrap();
        let there = session::start(&db, id, None, None).await.unwrap();
        let here_hash = session::token_hash(&here);
        assert!(matches!(
            change_password(
                &db,
                id,
                "wrong-current-pw",
                "new-long-password-7",
                &here_hash,
                None
            )
            .await,
            Err(PasswordChangeError::WrongCurrent)
        ));
        assert!(matches!(
            change_password(&db, id, "river-lamp-quiet-42", "short", &here_hash, None).await,
            Err(PasswordChangeError::Policy(_))
        ));
        assert!(
            session::resolve(&db, &there).await.unwrap().is_some(),
            "failures change nothing"
        );
        change_password(
            &db,
            id,
            "river-lamp-quiet-42",
            "new-long-password-7",
            &here_hash,
            None,
        )
        .await
        .unwrap();
        assert!(session::resolve(&db, &here).await.unwrap().is_some());
        assert!(session::resolve(&db, &there).await.unwrap().is_none());
        let ok = crate::ssr::auth::login::sign_in(
            &db,
            "somchai@example.org",
            "new-long-password-7",
            "192.0.2.1",
        )
        .await;
        assert_eq!(ok.unwrap(), id);
    }

    test_on_both_databases!(
        an_account_without_email_signs_in_with_its_username,
        changing_the_password_ends_other_sessions,
        creates_a_user_with_roles,
        refuses_a_duplicate_email_and_keeps_the_first,
        unknown_organisation_writes_nothing,
        counts_admins,
    );
}
