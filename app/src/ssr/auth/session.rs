//! Server-side sessions in the database, shared by every `lantern` process.
//!
//! The cookie holds 256 random bits; the table holds their SHA-256, so the
//! database alone cannot be used to sign in. A session ends after
//! [`IDLE_SECS`] without a request or [`ABSOLUTE_SECS`] after sign-in,
//! whichever comes first, and at once when the user is disabled, signs out
//! (every session of theirs) or changes their password (every other one).

use super::access::CurrentUser;
use super::store;
use crate::ssr::db::cache::{Cache, Topic};
use crate::ssr::db::{now, Db};
use sha2::{Digest, Sha256};

/// The session cookie's name over plain http (development, tests).
pub const COOKIE: &str = "lantern_session";
/// Its name over https: the `__Host-` prefix makes the browser refuse it
/// unless it is `Secure`, for the whole host and set by the host itself, so
/// a sibling subdomain cannot plant or overwrite it.
pub const SECURE_COOKIE: &str = "__Host-lantern_session";

/// The session cookie's name for a site served over https or not.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        SECURE_COOKIE
    } else {
        COOKIE
    }
}
/// Officials read long modules; four hours covers a workshop afternoon.
pub const IDLE_SECS: i64 = 4 * 3600;
/// A shared office computer must not stay signed in for good: twelve hours
/// after sign-in a session ends whatever the activity (ASVS 3.3.2).
pub const ABSOLUTE_SECS: i64 = 12 * 3600;
/// `last_seen_at` is written at most this often, not on every request.
const TOUCH_SECS: i64 = 60;

pub fn token_hash(token: &str) -> String {
    crate::ssr::secrets::hex(&Sha256::digest(token.as_bytes()))
}

/// Starts a session and returns the token for the cookie. Always a new
/// token: whatever session cookie the browser had before is not reused
/// (no session fixation).
pub async fn start(
    db: &Db,
    user_id: i64,
    ip: Option<&str>,
    user_agent: Option<&str>,
) -> Result<String, sqlx::Error> {
    let token = crate::ssr::secrets::random_hex::<32>();
    let at = now();
    let user_agent: Option<String> = user_agent.map(|ua| ua.chars().take(200).collect());
    store::insert_session(
        db,
        &store::NewSession {
            token_hash: &token_hash(&token),
            user_id,
            at,
            expires_at: at + ABSOLUTE_SECS,
            ip,
            user_agent: user_agent.as_deref(),
        },
    )
    .await?;
    Ok(token)
}

/// A live session as this process last read it: its user and roles, and
/// the times that end it.
#[derive(Clone)]
struct Live {
    user: CurrentUser,
    expires_at: i64,
    last_seen_at: i64,
}

/// Live sessions by the hash of their token, trusted for
/// [`FRESH_FOR`](crate::ssr::db::cache::FRESH_FOR): a signed-in reader's
/// page costs no session query within that time. Signing out, a password
/// change, disabling an account or changing its roles on this process
/// takes effect at once ([`Topic::People`]); on another process sharing the
/// database, within that bound.
struct Sessions(Cache<String, Live>);

impl Default for Sessions {
    fn default() -> Self {
        Sessions(Cache::fresh())
    }
}

/// The user of a live session, or `None` for an unknown, expired or
/// disabled one (which is then deleted).
pub async fn resolve(db: &Db, token: &str) -> Result<Option<CurrentUser>, sqlx::Error> {
    let hash = token_hash(token);
    let sessions = db.caches().get::<Sessions>();
    // Taken before the read: a change made while reading makes the entry
    // stale instead of being lost.
    let generation = db.caches().generation(Topic::People);
    let at = now();
    if let Some(live) = sessions.0.get(&hash, generation) {
        if at < live.expires_at && at - live.last_seen_at < IDLE_SECS {
            return Ok(Some(live.user));
        }
    }
    let Some(row) = store::session(db, &hash).await? else {
        return Ok(None);
    };
    if at >= row.expires_at || at - row.last_seen_at >= IDLE_SECS || row.disabled_at.is_some() {
        end(db, &hash).await?;
        return Ok(None);
    }
    let mut last_seen_at = row.last_seen_at;
    if at - row.last_seen_at >= TOUCH_SECS {
        store::touch_session(db, &hash, at).await?;
        last_seen_at = at;
    }
    let roles = crate::ssr::users::roles_of(db, row.user_id).await?;
    let user = CurrentUser {
        id: row.user_id,
        email: row.email,
        name: row.name,
        roles,
        organisation_id: row.organisation_id,
        session: hash.clone(),
    };
    let live = Live {
        user: user.clone(),
        expires_at: row.expires_at,
        last_seen_at,
    };
    sessions.0.put(hash, live, generation);
    Ok(Some(user))
}

/// Ends one session, given the hash of its token.
pub async fn end(db: &Db, token_hash: &str) -> Result<(), sqlx::Error> {
    store::delete_session(db, token_hash).await?;
    db.caches().get::<Sessions>().0.forget(token_hash);
    Ok(())
}

/// Ends every session of a user except, optionally, the current one (after
/// a password change the user stays signed in here, nowhere else).
pub async fn end_all(db: &Db, user_id: i64, except_hash: Option<&str>) -> Result<u64, sqlx::Error> {
    let ended = store::delete_sessions_of(db, user_id, except_hash.unwrap_or("")).await?;
    db.caches().changed(Topic::People);
    Ok(ended)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::roles::Role;
    use crate::ssr::testing::new_user;
    use crate::ssr::users::create;
    use crate::test_on_both_databases;
    use sqlx::Row;

    async fn user(db: &Db) -> i64 {
        create(db, new_user("noi@example.org", &[Role::Trainee]))
            .await
            .unwrap()
    }

    async fn a_session_resolves_to_its_user_until_it_ends(db: Db) {
        let id = user(&db).await;
        let token = start(&db, id, Some("192.0.2.1"), Some("test"))
            .await
            .unwrap();
        let current = resolve(&db, &token).await.unwrap().unwrap();
        assert_eq!(
            (current.id, current.roles.clone()),
            (id, vec![Role::Trainee])
        );
        assert_eq!(current.session, token_hash(&token));
        assert!(resolve(&db, "not-a-token").await.unwrap().is_none());
        end(&db, &current.session).await.unwrap();
        assert!(resolve(&db, &token).await.unwrap().is_none());
    }

    async fn idle_absolute_and_disabled_sessions_end(db: Db) {
        let id = user(&db).await;
        let idle = start(&db, id, None, None).await.unwrap();
        sqlx::query("UPDATE sessions SET last_seen_at = last_seen_at - $1 WHERE token_hash = $2")
            .bind(IDLE_SECS)
            .bind(token_hash(&idle))
            .execute(db.pool())
            .await
            .unwrap();
        assert!(resolve(&db, &idle).await.unwrap().is_none());

        let old = start(&db, id, None, None).await.unwrap();
        sqlx::query("UPDATE sessions SET expires_at = $1 WHERE token_hash = $2")
            .bind(now() - 1)
            .bind(token_hash(&old))
            .execute(db.pool())
            .await
            .unwrap();
        assert!(resolve(&db, &old).await.unwrap().is_none());

        let live = start(&db, id, None, None).await.unwrap();
        sqlx::query("UPDATE users SET disabled_at = $1 WHERE id = $2")
            .bind(now())
            .bind(id)
            .execute(db.pool())
            .await
            .unwrap();
        assert!(resolve(&db, &live).await.unwrap().is_none());
        let left: i64 = sqlx::query("SELECT COUNT(*) AS n FROM sessions")
            .fetch_one(db.pool())
            .await
            .unwrap()
            .get("n");
        assert_eq!(left, 0, "ended sessions are deleted");
    }

    async fn a_session_lasts_twelve_hours_at_most_whatever_the_activity(db: Db) {
        let id = user(&db).await;
        let token = start(&db, id, None, None).await.unwrap();
        let row = sqlx::query(
            "SELECT expires_at - created_at AS lifetime FROM sessions WHERE token_hash = $1",
        )
        .bind(token_hash(&token))
        .fetch_one(db.pool())
        .await
        .unwrap();
        assert_eq!(row.get::<i64, _>("lifetime"), 12 * 3600);
        // Busy until a moment before the end, then over.
        sqlx::query("UPDATE sessions SET expires_at = $1, last_seen_at = $1 - 5")
            .bind(now())
            .execute(db.pool())
            .await
            .unwrap();
        assert!(resolve(&db, &token).await.unwrap().is_none());
    }

    async fn ending_all_but_this_one(db: Db) {
        let id = user(&db).await;
        let here = start(&db, id, None, None).await.unwrap();
        let elsewhere = start(&db, id, None, None).await.unwrap();
        assert_eq!(end_all(&db, id, Some(&token_hash(&here))).await.unwrap(), 1);
        assert!(resolve(&db, &here).await.unwrap().is_some());
        assert!(resolve(&db, &elsewhere).await.unwrap().is_none());
    }

    test_on_both_databases!(
        a_session_resolves_to_its_user_until_it_ends,
        idle_absolute_and_disabled_sessions_end,
        ending_all_but_this_one,
        a_session_lasts_twelve_hours_at_most_whatever_the_activity,
    );
}
