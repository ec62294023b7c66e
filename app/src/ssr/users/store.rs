//! The SQL of accounts: creating one, its roles, its language, its
//! password hash. Rows are `FromRow` structs; the rules (e-mail
//! normalisation, password policy, auditing) are in `users/mod.rs`.

use crate::model::roles::Role;
use crate::ssr::db::Db;
use sqlx::{Any, AnyConnection, Executor, FromRow};

#[derive(FromRow)]
struct RoleRow {
    role: String,
}

/// A user's roles, in a stable order; unknown role names are skipped. The
/// one query for "what roles does this account hold" (from the pool or
/// inside a transaction).
pub async fn roles<'e>(
    ex: impl Executor<'e, Database = Any>,
    user: i64,
) -> Result<Vec<Role>, sqlx::Error> {
    let rows: Vec<RoleRow> =
        sqlx::query_as("SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role")
            .bind(user)
            .fetch_all(ex)
            .await?;
    let mut roles: Vec<Role> = rows.iter().filter_map(|r| r.role.parse().ok()).collect();
    roles.sort();
    Ok(roles)
}

#[derive(FromRow)]
struct IdRow {
    id: i64,
}

#[derive(FromRow)]
struct CountRow {
    n: i64,
}

/// The id of the account that signs in with `login`.
pub async fn id_by_login<'e>(
    ex: impl Executor<'e, Database = Any>,
    login: &super::Login,
) -> Result<Option<i64>, sqlx::Error> {
    let sql = format!("SELECT id FROM users WHERE {} = $1", login.column());
    Ok(sqlx::query_as::<_, IdRow>(&sql)
        .bind(login.value())
        .fetch_optional(ex)
        .await?
        .map(|r| r.id))
}

/// The id of the account with this (normalised) e-mail address.
pub async fn id_by_email<'e>(
    ex: impl Executor<'e, Database = Any>,
    email: &str,
) -> Result<Option<i64>, sqlx::Error> {
    Ok(
        sqlx::query_as::<_, IdRow>("SELECT id FROM users WHERE email = $1")
            .bind(email)
            .fetch_optional(ex)
            .await?
            .map(|r| r.id),
    )
}

/// An account to insert.
pub struct NewAccount<'a> {
    pub email: Option<&'a str>,
    pub username: Option<&'a str>,
    pub name: &'a str,
    pub name_latin: Option<&'a str>,
    pub language: &'a str,
    pub organisation_id: Option<i64>,
    pub password_hash: &'a str,
    pub at: i64,
    pub position: Option<&'a str>,
    pub province: Option<&'a str>,
}

/// Inserts an account; returns its id.
pub async fn insert<'e>(
    ex: impl Executor<'e, Database = Any>,
    a: &NewAccount<'_>,
) -> Result<i64, sqlx::Error> {
    let row: IdRow = sqlx::query_as(
        "INSERT INTO users (email, name, name_latin, preferred_language, organisation_id,
                            password_hash, created_at, updated_at, position, province, username)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10) RETURNING id",
    )
    .bind(a.email)
    .bind(a.name)
    .bind(a.name_latin)
    .bind(a.language)
    .bind(a.organisation_id)
    .bind(a.password_hash)
    .bind(a.at)
    .bind(a.position)
    .bind(a.province)
    .bind(a.username)
    .fetch_one(ex)
    .await?;
    Ok(row.id)
}

/// Gives `user` the role `role`.
pub async fn add_role<'e>(
    ex: impl Executor<'e, Database = Any>,
    user: i64,
    role: Role,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
        .bind(user)
        .bind(role.as_str())
        .execute(ex)
        .await?;
    Ok(())
}

#[derive(FromRow)]
struct LanguageRow {
    preferred_language: String,
}

/// The interface language `user` chose (a code).
pub async fn preferred_language(db: &Db, user: i64) -> Result<String, sqlx::Error> {
    let row: LanguageRow = sqlx::query_as("SELECT preferred_language FROM users WHERE id = $1")
        .bind(user)
        .fetch_one(db.pool())
        .await?;
    Ok(row.preferred_language)
}

pub async fn set_preferred_language(db: &Db, user: i64, code: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET preferred_language = $1 WHERE id = $2")
        .bind(code)
        .bind(user)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Enabled accounts holding the admin role.
pub async fn count_admins<'e>(ex: impl Executor<'e, Database = Any>) -> Result<i64, sqlx::Error> {
    let row: CountRow = sqlx::query_as(
        "SELECT COUNT(*) AS n FROM users u JOIN user_roles r ON r.user_id = u.id
         WHERE r.role = 'admin' AND u.disabled_at IS NULL",
    )
    .fetch_one(ex)
    .await?;
    Ok(row.n)
}

/// An account's identity, without its password hash.
#[derive(Clone, Debug, FromRow)]
pub struct AccountRow {
    pub id: i64,
    pub email: Option<String>,
    pub username: Option<String>,
    pub name: String,
    pub name_latin: Option<String>,
    pub organisation_id: Option<i64>,
}

pub async fn by_login(db: &Db, login: &super::Login) -> Result<Option<AccountRow>, sqlx::Error> {
    let sql = format!(
        "SELECT id, email, username, name, name_latin, organisation_id FROM users WHERE {} = $1",
        login.column()
    );
    sqlx::query_as(&sql)
        .bind(login.value())
        .fetch_optional(db.pool())
        .await
}

#[derive(FromRow)]
struct HashRow {
    password_hash: String,
}

/// `user`'s stored password hash (only ever compared, never sent).
pub async fn password_hash(db: &Db, user: i64) -> Result<String, sqlx::Error> {
    let row: HashRow = sqlx::query_as("SELECT password_hash FROM users WHERE id = $1")
        .bind(user)
        .fetch_one(db.pool())
        .await?;
    Ok(row.password_hash)
}

/// Stores a new password hash and ends `user`'s sessions except the one
/// whose token hash is `keep_session`.
pub async fn replace_password_hash(
    conn: &mut AnyConnection,
    user: i64,
    hash: &str,
    keep_session: Option<&str>,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(hash)
        .bind(at)
        .bind(user)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user)
        .bind(keep_session.unwrap_or(""))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// What a change to an account checks first.
#[derive(Clone, Debug, FromRow)]
pub struct StateRow {
    pub email: Option<String>,
    pub username: Option<String>,
    pub organisation_id: Option<i64>,
    pub disabled_at: Option<i64>,
    pub anonymised_at: Option<i64>,
}

pub async fn state<'e>(
    ex: impl Executor<'e, Database = Any>,
    user: i64,
) -> Result<Option<StateRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT email, username, organisation_id, disabled_at, anonymised_at FROM users
         WHERE id = $1",
    )
    .bind(user)
    .fetch_optional(ex)
    .await
}

/// An account's editable profile.
pub struct Profile<'a> {
    pub email: Option<&'a str>,
    pub username: Option<&'a str>,
    pub name: &'a str,
    pub name_latin: Option<&'a str>,
    pub position: Option<&'a str>,
    pub province: Option<&'a str>,
    pub language: &'a str,
    pub organisation_id: Option<i64>,
}

pub async fn update_profile(
    conn: &mut AnyConnection,
    user: i64,
    p: &Profile<'_>,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET email = $1, name = $2, name_latin = $3, position = $4, province = $5,
                preferred_language = $6, organisation_id = $7, updated_at = $8, username = $10
         WHERE id = $9",
    )
    .bind(p.email)
    .bind(p.name)
    .bind(p.name_latin)
    .bind(p.position)
    .bind(p.province)
    .bind(p.language)
    .bind(p.organisation_id)
    .bind(at)
    .bind(user)
    .bind(p.username)
    .execute(conn)
    .await?;
    Ok(())
}

/// Replaces `user`'s roles with `roles`.
pub async fn set_roles(
    conn: &mut AnyConnection,
    user: i64,
    roles: &[Role],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM user_roles WHERE user_id = $1")
        .bind(user)
        .execute(&mut *conn)
        .await?;
    for role in roles {
        add_role(&mut *conn, user, *role).await?;
    }
    Ok(())
}

/// Disables the account (keeping the first time) and ends its sessions.
pub async fn disable(conn: &mut AnyConnection, user: i64, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET disabled_at = COALESCE(disabled_at, $1) WHERE id = $2")
        .bind(at)
        .bind(user)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn enable(conn: &mut AnyConnection, user: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET disabled_at = NULL WHERE id = $1")
        .bind(user)
        .execute(conn)
        .await?;
    Ok(())
}

/// Erases the account's personal fields and everything that would let it
/// back in or name it: sessions, pending links, show-once reveals, the
/// sign-in history of its old e-mail address and username, the names printed on its
/// certificates (which stay, nameless, so a verifier still learns they
/// exist and their status), and the stored ZIP downloads of the courses it
/// holds certificates of (their PDFs and index name it).
pub async fn anonymise(
    conn: &mut AnyConnection,
    user: i64,
    old_logins: &[&str],
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET email = $1, username = NULL, name = '', name_latin = NULL, position = NULL,
                province = NULL, password_hash = '!', disabled_at = COALESCE(disabled_at, $2),
                anonymised_at = $2, updated_at = $2
         WHERE id = $3",
    )
    .bind(format!("anonymised-{user}@invalid"))
    .bind(at)
    .bind(user)
    .execute(&mut *conn)
    .await?;
    for sql in [
        "DELETE FROM sessions WHERE user_id = $1",
        "DELETE FROM password_resets WHERE user_id = $1",
        "DELETE FROM reveals WHERE subject_id = $1",
        "DELETE FROM certificate_batches
          WHERE course_id IN (SELECT course_id FROM certificates WHERE user_id = $1)",
        "UPDATE certificates SET holder_name = '', holder_name_latin = NULL WHERE user_id = $1",
        "DELETE FROM second_factors WHERE user_id = $1",
        "DELETE FROM recovery_codes WHERE user_id = $1",
        "DELETE FROM roster_uploads WHERE uploaded_by = $1",
        "DELETE FROM sign_in_challenges WHERE user_id = $1",
    ] {
        sqlx::query(sql).bind(user).execute(&mut *conn).await?;
    }
    // A report download may hold the person's name; which ones is not
    // recorded, so every stored one goes (they are made again on request).
    for sql in [
        "DELETE FROM report_export_chunks",
        "DELETE FROM report_exports",
    ] {
        sqlx::query(sql).execute(&mut *conn).await?;
    }
    for login in old_logins {
        sqlx::query("DELETE FROM login_attempts WHERE email = $1")
            .bind(*login)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Ends every pending (unused) reset link of `user`, and the show-once
/// copies of them waiting for their issuers: called when a newer link is
/// issued and when the account's roles, e-mail, password or organisation
/// change, or it is disabled or anonymised.
pub async fn end_pending_links(conn: &mut AnyConnection, user: i64) -> Result<(), sqlx::Error> {
    for sql in [
        "DELETE FROM password_resets WHERE user_id = $1 AND used_at IS NULL",
        "DELETE FROM reveals WHERE subject_id = $1",
    ] {
        sqlx::query(sql).bind(user).execute(&mut *conn).await?;
    }
    Ok(())
}
