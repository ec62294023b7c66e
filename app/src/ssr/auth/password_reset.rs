//! One-time password reset links.
//!
//! Many deployments have no e-mail, so a trainer or an administrator creates
//! the link and hands it over in person or by phone. A link works once and
//! for 24 hours; using it ends every session of the account. Who may issue
//! one is the people policy's [`PeopleScope::manages`]: administrators for
//! anyone, trainers for the trainee accounts of their organisation's
//! subtree. The rule is asked again when the link is used — a trainer moved
//! to another organisation, stripped of the role or disabled has handed out
//! links that no longer work — and every pending link of an account ends
//! when a newer one is issued or the account's roles, e-mail, password or
//! organisation change, or it is disabled or anonymised
//! ([`crate::ssr::users::store::end_pending_links`]). Only the token's hash is stored.
//!
//! [`PeopleScope::manages`]: super::policy::PeopleScope::manages

use super::access::CurrentUser;
use super::session::token_hash;
use super::{scope, store};
use crate::ssr::audit::{self, Action, Event};
use crate::ssr::db::{cache::Topic, now, Db};
use crate::ssr::passwords::{self, PolicyError};

pub const VALID_SECS: i64 = 24 * 3600;

#[derive(Debug, thiserror::Error)]
pub enum ResetError {
    #[error("you may not reset this account's password")]
    Forbidden,
    #[error("there is no such account")]
    UnknownUser,
    #[error("this reset link is not valid")]
    Invalid,
    #[error("this reset link has expired; ask for a new one")]
    Expired,
    #[error("this reset link has already been used; ask for a new one")]
    Used,
    #[error(transparent)]
    Policy(#[from] PolicyError),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
}

/// Creates a link token for the user who signs in with `login` (an
/// e-mail address or a username). `issuer` is `None` for the command line
/// (an operator with access to the server).
pub async fn issue(
    db: &Db,
    issuer: Option<&CurrentUser>,
    login: &str,
) -> Result<String, ResetError> {
    let Ok(login) = crate::ssr::users::Login::parse(login) else {
        return Err(ResetError::UnknownUser);
    };
    let target = store::user_id_by_login(db, &login)
        .await?
        .ok_or(ResetError::UnknownUser)?;
    issue_for(db, issuer, target).await
}

/// Whether `issuer` (`None`: an operator at the server) may hand out a link
/// for account `target`: the target is a live account, and the issuer is
/// a live account whose scope manages it. Asked when a link is issued and
/// again when it is used.
async fn may_issue(db: &Db, issuer: Option<i64>, target: i64) -> Result<(), ResetError> {
    let account = crate::ssr::users::store::state(db.pool(), target)
        .await?
        .filter(|a| a.anonymised_at.is_none())
        .ok_or(ResetError::UnknownUser)?;
    if account.disabled_at.is_some() {
        return Err(ResetError::Forbidden);
    }
    let Some(issuer) = issuer else {
        return Ok(());
    };
    let by = crate::ssr::users::store::state(db.pool(), issuer)
        .await?
        .filter(|a| a.anonymised_at.is_none() && a.disabled_at.is_none())
        .ok_or(ResetError::Forbidden)?;
    let issuer_roles = crate::ssr::users::roles_of(db, issuer).await?;
    let target_roles = crate::ssr::users::roles_of(db, target).await?;
    let allowed = scope::of_actor(db, &issuer_roles, by.organisation_id)
        .await?
        .is_some_and(|s| s.manages(&target_roles, account.organisation_id));
    if allowed {
        Ok(())
    } else {
        Err(ResetError::Forbidden)
    }
}

/// Creates a link token for the account `user_id`, ending any earlier
/// pending link of theirs.
pub async fn issue_for(
    db: &Db,
    issuer: Option<&CurrentUser>,
    user_id: i64,
) -> Result<String, ResetError> {
    may_issue(db, issuer.map(|i| i.id), user_id).await?;
    let token = crate::ssr::secrets::random_hex::<32>();
    let at = now();
    let subject = format!("user:{user_id}");
    let mut tx = db.begin().await?;
    crate::ssr::users::store::end_pending_links(&mut tx, user_id).await?;
    store::insert_reset(
        &mut tx,
        &store::NewReset {
            token_hash: &token_hash(&token),
            user_id,
            created_by: issuer.map(|i| i.id),
            at,
            expires_at: at + VALID_SECS,
        },
    )
    .await?;
    audit::append(
        &mut tx,
        Event {
            actor_id: issuer.map(|i| i.id),
            subject: Some(&subject),
            ..Event::new(Action::ResetIssued)
        },
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// Issues a link for `user_id` valid `valid_secs` inside the caller's
/// transaction, ending the account's earlier links; no audit entry (the
/// caller writes one for the batch). For sign-in sheets, whose caller has
/// checked that `issuer` manages every account; the link is checked again
/// when used, as every link is.
pub(crate) async fn issue_in(
    tx: &mut sqlx::AnyConnection,
    issuer: i64,
    user_id: i64,
    valid_secs: i64,
) -> Result<String, sqlx::Error> {
    let token = crate::ssr::secrets::random_hex::<32>();
    let at = now();
    crate::ssr::users::store::end_pending_links(tx, user_id).await?;
    store::insert_reset(
        tx,
        &store::NewReset {
            token_hash: &token_hash(&token),
            user_id,
            created_by: Some(issuer),
            at,
            expires_at: at + valid_secs,
        },
    )
    .await?;
    Ok(token)
}

/// Whether a token can still be used, without using it (for the form page,
/// and before a new password is hashed). Returns the link's account.
pub async fn check(db: &Db, token: &str) -> Result<i64, ResetError> {
    let row = store::reset(db, &token_hash(token))
        .await?
        .ok_or(ResetError::Invalid)?;
    state(row.expires_at, row.used_at)?;
    match may_issue(db, row.created_by, row.user_id).await {
        Ok(()) => Ok(row.user_id),
        Err(ResetError::Db(e)) => Err(ResetError::Db(e)),
        // The issuer may no longer hand out this link: to the holder it is
        // simply not valid any more.
        Err(_) => Err(ResetError::Invalid),
    }
}

fn state(expires_at: i64, used_at: Option<i64>) -> Result<(), ResetError> {
    if used_at.is_some() {
        Err(ResetError::Used)
    } else if now() >= expires_at {
        Err(ResetError::Expired)
    } else {
        Ok(())
    }
}

/// Sets a new password with the link, once. Returns the user's id. The
/// token is checked before anything is hashed, so a flood of made-up links
/// costs a lookup each, not an Argon2 hash; a refused attempt is audited.
pub async fn redeem(
    db: &Db,
    token: &str,
    new_password: &str,
    ip: Option<&str>,
) -> Result<i64, ResetError> {
    let result = redeem_checked(db, token, new_password, ip).await;
    if let Err(e) = &result {
        if !matches!(e, ResetError::Db(_) | ResetError::Policy(_)) {
            let mut tx = db.begin().await?;
            audit::append(
                &mut tx,
                Event {
                    detail: Some(&e.to_string()),
                    ip,
                    ..Event::new(Action::ResetRefused)
                },
            )
            .await?;
            tx.commit().await?;
        }
    }
    result
}

async fn redeem_checked(
    db: &Db,
    token: &str,
    new_password: &str,
    ip: Option<&str>,
) -> Result<i64, ResetError> {
    check(db, token).await?;
    passwords::check_policy(new_password)?;
    let hash = passwords::hash(new_password.to_string()).await;
    let at = now();
    let mut tx = db.begin().await?;
    // Claim the link: of two simultaneous uses, only one updates it.
    let Some(user_id) = store::claim_reset(&mut tx, &token_hash(token), at).await? else {
        drop(tx);
        check(db, token).await?;
        return Err(ResetError::Invalid);
    };
    crate::ssr::users::replace_password_hash(&mut tx, user_id, &hash, None).await?;
    audit::append(
        &mut tx,
        Event {
            actor_id: Some(user_id),
            ip,
            ..Event::new(Action::ResetUsed)
        },
    )
    .await?;
    tx.commit().await?;
    db.caches().changed(Topic::People);
    Ok(user_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::roles::Role;
    use crate::ssr::auth::{login, session};
    use crate::ssr::organisations;
    use crate::ssr::testing::new_user;
    use crate::ssr::users::create;
    use crate::test_on_both_databases;
    use sqlx::Row;

    async fn user(db: &Db, email: &str, roles: Vec<Role>) -> CurrentUser {
        user_in(db, email, roles, None).await
    }

    async fn user_in(db: &Db, email: &str, roles: Vec<Role>, org: Option<&str>) -> CurrentUser {
        let mut new = new_user(email, &roles);
        new.organisation_slug = org.map(str::to_string);
        let id = create(db, new).await.unwrap();
        let organisation_id = match org {
            Some(slug) => Some(
                organisations::find_by_slug(db, slug)
                    .await
                    .unwrap()
                    .unwrap()
                    .id,
            ),
            None => None,
        };
        CurrentUser {
            id,
            email: email.into(),
            name: email.into(),
            roles,
            organisation_id,
            session: String::new(),
        }
    }

    /// A shelter with a unit below it, and the police beside it.
    async fn organisations(db: &Db) {
        organisations::create(db, "shelter", "Shelter", None, None)
            .await
            .unwrap();
        organisations::create(db, "unit", "Unit", Some("shelter"), None)
            .await
            .unwrap();
        organisations::create(db, "police", "Police", None, None)
            .await
            .unwrap();
    }

    async fn pending(db: &Db, user: i64) -> i64 {
        sqlx::query(
            "SELECT COUNT(*) AS n FROM password_resets WHERE user_id = $1 AND used_at IS NULL",
        )
        .bind(user)
        .fetch_one(db.pool())
        .await
        .unwrap()
        .get("n")
    }

    async fn a_link_works_once_and_ends_sessions(db: Db) {
        organisations(&db).await;
        let trainer = user_in(
            &db,
            "trainer@example.org",
            vec![Role::Trainer],
            Some("shelter"),
        )
        .await;
        let trainee = user_in(
            &db,
            "trainee@example.org",
            vec![Role::Trainee],
            Some("unit"),
        )
        .await;
        let old_session = session::start(&db, trainee.id, None, None).await.unwrap();
        let token = issue(&db, Some(&trainer), "Trainee@example.org")
            .await
            .unwrap();
        assert_eq!(check(&db, &token).await.unwrap(), trainee.id);
        assert!(matches!(
            redeem(&db, &token, "short", None).await,
            Err(ResetError::Policy(_))
        ));
        check(&db, &token)
            .await
            .expect("a refused password does not use up the link");
        assert_eq!(
            redeem(&db, &token, "brand-new-password-9", None)
                .await
                .unwrap(),
            trainee.id
        );
        assert!(session::resolve(&db, &old_session).await.unwrap().is_none());
        assert!(login::sign_in(
            &db,
            "trainee@example.org",
            "brand-new-password-9",
            "192.0.2.1"
        )
        .await
        .is_ok());
        assert!(matches!(
            redeem(&db, &token, "another-password-10", None).await,
            Err(ResetError::Used)
        ));
        assert!(matches!(
            check(&db, "bogus").await,
            Err(ResetError::Invalid)
        ));
        let refused: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'password.reset_refused'",
        )
        .fetch_one(db.pool())
        .await
        .unwrap()
        .get("n");
        assert_eq!(refused, 1, "the second use is audited");
    }

    async fn only_managers_in_scope_issue_links(db: Db) {
        organisations(&db).await;
        let trainer = user_in(
            &db,
            "trainer@example.org",
            vec![Role::Trainer],
            Some("shelter"),
        )
        .await;
        let trainee = user_in(
            &db,
            "trainee@example.org",
            vec![Role::Trainee],
            Some("shelter"),
        )
        .await;
        let police = user_in(&db, "p@example.org", vec![Role::Trainee], Some("police")).await;
        let peer = user_in(
            &db,
            "peer@example.org",
            vec![Role::Trainer],
            Some("shelter"),
        )
        .await;
        let ministry = user_in(&db, "m@example.org", vec![Role::Ministry], Some("shelter")).await;
        let drifter = user(&db, "drifter@example.org", vec![Role::Trainer]).await;
        for (issuer, target) in [
            (&trainee, &trainer),
            (&trainer, &peer),
            (&trainer, &police),
            (&ministry, &trainee),
            (&drifter, &trainee),
        ] {
            assert!(
                matches!(
                    issue_for(&db, Some(issuer), target.id).await,
                    Err(ResetError::Forbidden)
                ),
                "{} for {}",
                issuer.email,
                target.email
            );
            assert_eq!(
                pending(&db, target.id).await,
                0,
                "a refused link is not stored"
            );
        }
        issue_for(&db, Some(&trainer), trainee.id).await.unwrap();
    }

    async fn pending_links_die_when_the_account_changes(db: Db) {
        organisations(&db).await;
        let admin = user(&db, "admin@example.org", vec![Role::Admin]).await;
        let trainee = user_in(
            &db,
            "trainee@example.org",
            vec![Role::Trainee],
            Some("shelter"),
        )
        .await;
        // A newer link ends the older one.
        let first = issue_for(&db, Some(&admin), trainee.id).await.unwrap();
        let second = issue_for(&db, Some(&admin), trainee.id).await.unwrap();
        assert!(matches!(check(&db, &first).await, Err(ResetError::Invalid)));
        check(&db, &second).await.unwrap();
        assert_eq!(pending(&db, trainee.id).await, 1);
        // A password change ends it.
        crate::ssr::users::change_password(
            &db,
            trainee.id,
            crate::ssr::testing::TEST_PASSWORD,
            "a-password-of-my-own-7",
            "",
            None,
        )
        .await
        .unwrap();
        assert!(matches!(
            check(&db, &second).await,
            Err(ResetError::Invalid)
        ));
        // So do a change of organisation, of roles and of e-mail, and disabling.
        type Change = fn(&mut crate::ssr::people::admin::AccountFields);
        let changes: [Change; 3] = [
            |f| f.organisation = "police".into(),
            |f| f.roles = vec![Role::Trainee, Role::Trainer],
            |f| f.email = "renamed@example.org".into(),
        ];
        for change in changes {
            let link = issue_for(&db, Some(&admin), trainee.id).await.unwrap();
            let row = sqlx::query(
                "SELECT u.email, o.slug FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id WHERE u.id = $1",
            )
            .bind(trainee.id)
            .fetch_one(db.pool())
            .await
            .unwrap();
            let mut fields = crate::ssr::people::admin::AccountFields {
                email: row.get("email"),
                name: "Trainee".into(),
                organisation: row.get::<Option<String>, _>("slug").unwrap_or_default(),
                roles: crate::ssr::users::roles_of(&db, trainee.id).await.unwrap(),
                ..Default::default()
            };
            change(&mut fields);
            crate::ssr::people::admin::update_account(&db, &admin, trainee.id, fields, None)
                .await
                .unwrap();
            assert!(matches!(check(&db, &link).await, Err(ResetError::Invalid)));
        }
        // A change that touches none of them leaves the link alone.
        let link = issue_for(&db, Some(&admin), trainee.id).await.unwrap();
        let row = sqlx::query("SELECT email FROM users WHERE id = $1")
            .bind(trainee.id)
            .fetch_one(db.pool())
            .await
            .unwrap();
        let same = crate::ssr::people::admin::AccountFields {
            email: row.get("email"),
            name: "A new spelling".into(),
            organisation: "police".into(),
            roles: crate::ssr::users::roles_of(&db, trainee.id).await.unwrap(),
            ..Default::default()
        };
        crate::ssr::people::admin::update_account(&db, &admin, trainee.id, same, None)
            .await
            .unwrap();
        check(&db, &link).await.unwrap();
        crate::ssr::people::admin::set_disabled(&db, &admin, trainee.id, true, None)
            .await
            .unwrap();
        assert!(matches!(check(&db, &link).await, Err(ResetError::Invalid)));
        assert_eq!(pending(&db, trainee.id).await, 0);
    }

    async fn a_link_is_checked_again_when_used(db: Db) {
        organisations(&db).await;
        let admin = user(&db, "admin@example.org", vec![Role::Admin]).await;
        let trainer = user_in(
            &db,
            "trainer@example.org",
            vec![Role::Trainer],
            Some("shelter"),
        )
        .await;
        let trainee = user_in(
            &db,
            "trainee@example.org",
            vec![Role::Trainee],
            Some("shelter"),
        )
        .await;
        let link = issue_for(&db, Some(&trainer), trainee.id).await.unwrap();
        // The trainer moves to the police: their link for a shelter trainee
        // no longer works, and using it changes nothing.
        sqlx::query(
            "UPDATE users SET organisation_id = (SELECT id FROM organisations WHERE slug = 'police') WHERE id = $1",
        )
        .bind(trainer.id)
        .execute(db.pool())
        .await
        .unwrap();
        let before: String = sqlx::query("SELECT password_hash FROM users WHERE id = $1")
            .bind(trainee.id)
            .fetch_one(db.pool())
            .await
            .unwrap()
            .get("password_hash");
        assert!(matches!(
            redeem(&db, &link, "brand-new-password-9", None).await,
            Err(ResetError::Invalid)
        ));
        let after: String = sqlx::query("SELECT password_hash FROM users WHERE id = $1")
            .bind(trainee.id)
            .fetch_one(db.pool())
            .await
            .unwrap()
            .get("password_hash");
        assert_eq!(before, after, "a refused link changes nothing");
        // Back in the shelter it works again; a disabled issuer's does not.
        sqlx::query(
            "UPDATE users SET organisation_id = (SELECT id FROM organisations WHERE slug = 'shelter') WHERE id = $1",
        )
        .bind(trainer.id)
        .execute(db.pool())
        .await
        .unwrap();
        check(&db, &link).await.unwrap();
        crate::ssr::people::admin::set_disabled(&db, &admin, trainer.id, true, None)
            .await
            .unwrap();
        assert!(matches!(check(&db, &link).await, Err(ResetError::Invalid)));
        // An operator's link (the command line) has no issuer to re-check.
        let operator = issue_for(&db, None, trainee.id).await.unwrap();
        check(&db, &operator).await.unwrap();
    }

    async fn an_expired_link_is_refused(db: Db) {
        user(&db, "trainee@example.org", vec![Role::Trainee]).await;
        let token = issue(&db, None, "trainee@example.org").await.unwrap();
        sqlx::query("UPDATE password_resets SET expires_at = $1")
            .bind(now() - 1)
            .execute(db.pool())
            .await
            .unwrap();
        assert!(matches!(check(&db, &token).await, Err(ResetError::Expired)));
        assert!(matches!(
            redeem(&db, &token, "brand-new-password-9", None).await,
            Err(ResetError::Expired)
        ));
    }

    test_on_both_databases!(
        a_link_works_once_and_ends_sessions,
        only_managers_in_scope_issue_links,
        pending_links_die_when_the_account_changes,
        a_link_is_checked_again_when_used,
        an_expired_link_is_refused
    );
}
