//! A second factor at sign-in for privileged roles: RFC 6238 time-based
//! codes from an authenticator app, with one-time recovery codes. Works
//! without JavaScript (plain forms, a QR code drawn as SVG with the secret
//! also written out) and without e-mail.
//!
//! - **Who**: administrators always; trainers and ministry users too when
//!   an administrator turns `staff_second_factor` on for the deployment.
//! - **Enrolment**: someone who needs a factor and has none can, once
//!   signed in with their password, do nothing but enrol
//!   (`auth::enrolment_required`); they scan the code, confirm it with one
//!   code, and are shown ten recovery codes once.
//! - **Sign-in**: a right password starts a challenge instead of a session;
//!   a right code (each code once: `last_step`) or an unused recovery code
//!   finishes it. Five wrong codes end the challenge.
//! - An administrator can reset another user's factor (audited); the user
//!   enrols again at their next sign-in.
//!
//! The secret is stored masked with a pad derived from the deployment key
//! (`audit::key`); recovery codes are stored as keyed hashes.

pub mod store;

use crate::model::roles::Role;
use crate::ssr::audit::{self, key, Action, Event};
use crate::ssr::auth::session::token_hash;
use crate::ssr::db::{cache::Topic, now, Db};
use crate::ssr::secrets::{self, hex, unhex};
use totp_rs::{Algorithm, Builder, Secret, Totp};

/// The deployment setting that extends the requirement to staff.
pub const STAFF_SETTING: &str = "staff_second_factor";
pub const RECOVERY_CODES: usize = 10;
/// How long a half-done sign-in waits for its code.
pub const CHALLENGE_SECS: i64 = 5 * 60;
/// Wrong codes before a half-done sign-in ends.
pub const CHALLENGE_TRIES: i64 = 5;
/// The cookie that carries a half-done sign-in.
pub const CHALLENGE_COOKIE: &str = "lantern_challenge";

#[derive(Debug, thiserror::Error)]
pub enum FactorError {
    #[error("that code is not right")]
    WrongCode,
    #[error("the sign-in has expired; sign in again")]
    Expired,
    #[error("nothing to confirm: start the enrolment again")]
    NotPending,
    #[error("not allowed")]
    Forbidden,
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
}

/// Whether an account with `roles` must give a second factor.
pub fn required(roles: &[Role], staff_too: bool) -> bool {
    roles.contains(&Role::Admin)
        || (staff_too && (roles.contains(&Role::Trainer) || roles.contains(&Role::Ministry)))
}

pub async fn staff_required(db: &Db) -> Result<bool, sqlx::Error> {
    Ok(store::setting(db, STAFF_SETTING).await?.as_deref() == Some("on"))
}

/// Whether user `id` with `roles` must give a second factor here.
pub async fn required_for(db: &Db, roles: &[Role]) -> Result<bool, sqlx::Error> {
    Ok(roles.contains(&Role::Admin) || required(roles, staff_required(db).await?))
}

/// Whether the signed-in `user` must enrol before anything else: they need
/// a factor and have none. (No query for accounts that are trainees only.)
pub async fn enrolment_required(
    db: &Db,
    user: &crate::ssr::auth::CurrentUser,
) -> Result<bool, sqlx::Error> {
    if !required(&user.roles, true) {
        return Ok(false);
    }
    Ok(required_for(db, &user.roles).await? && !enrolled(db, user.id).await?)
}

/// What someone who must enrol may still reach: the enrolment itself, its
/// server function, signing out, the language switch and public files.
pub fn open_while_enrolling(path: &str) -> bool {
    use crate::paths;
    path == paths::ACCOUNT_SECOND_FACTOR
        || path == "/api/account/second-factor"
        || path == paths::LOGOUT
        || path == paths::LANGUAGE
        || path == "/healthz"
        || path.starts_with("/pkg/")
        || path
            .strip_prefix('/')
            .is_some_and(|p| !p.contains('/') && p.contains('.'))
}

/// Whether user `id` has a confirmed factor.
pub async fn enrolled(db: &Db, id: i64) -> Result<bool, sqlx::Error> {
    Ok(store::factor(db, id)
        .await?
        .is_some_and(|f| f.confirmed_at.is_some()))
}

/// Masks (and unmasks) `user`'s authenticator secret under the deployment
/// key.
fn mask(user: i64, bytes: &[u8]) -> Vec<u8> {
    secrets::mask(
        &key::current().0,
        &format!("second factor secret {user}"),
        bytes,
    )
}

/// The authenticator for `secret`: SHA-1, six digits, 30-second steps, one
/// step of clock drift either way — what every authenticator app reads.
fn totp(secret: &[u8], account: &str, issuer: &str) -> Option<Totp> {
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(30)
        .with_secret(Secret::from(secret.to_vec()))
        .with_account_name(account.replace(':', " "))
        .with_issuer(Some(issuer.replace(':', " ")))
        .build()
        .ok()
}

fn stored_secret(user: i64, row: &store::FactorRow) -> Option<Vec<u8>> {
    unhex(&row.secret).map(|m| mask(user, &m))
}

/// What the enrolment page shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Enrolment {
    /// The secret in base32, for typing in by hand.
    pub secret: String,
    /// The `otpauth://` address the QR code holds.
    pub url: String,
    /// The QR code as an SVG document.
    pub qr_svg: String,
}

/// Starts (or shows again) an enrolment for `user` (`email` names the
/// account in the authenticator app). `None` if a factor is confirmed.
pub async fn begin(
    db: &Db,
    user: i64,
    email: &str,
    issuer: &str,
) -> Result<Option<Enrolment>, sqlx::Error> {
    let existing = store::factor(db, user).await?;
    if existing.as_ref().is_some_and(|f| f.confirmed_at.is_some()) {
        return Ok(None);
    }
    let secret = if let Some(secret) = existing.as_ref().and_then(|f| stored_secret(user, f)) {
        secret
    } else {
        let fresh: [u8; 20] = rand::random();
        store::put_pending(db, user, &hex(&mask(user, &fresh)), now()).await?;
        fresh.to_vec()
    };
    let Some(totp) = totp(&secret, email, issuer) else {
        return Ok(None);
    };
    let url = totp.to_url().unwrap_or_default();
    Ok(Some(Enrolment {
        secret: totp.secret().to_base32(),
        qr_svg: qr_svg(&url),
        url,
    }))
}

/// The QR code of `text` as SVG: one path of dark modules on a light
/// square with the quiet zone, scaled by the page's CSS.
pub fn qr_svg(text: &str) -> String {
    let Ok(code) = qrcode::QrCode::new(text.as_bytes()) else {
        return String::new();
    };
    let width = code.width();
    let quiet = 4;
    let size = width + 2 * quiet;
    let mut path = String::new();
    for (i, color) in code.to_colors().iter().enumerate() {
        if *color == qrcode::Color::Dark {
            let (x, y) = (i % width + quiet, i / width + quiet);
            path.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" \
         shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/>\
         <path d=\"{path}\" fill=\"#000\"/></svg>"
    )
}

/// The step a right code for `secret` belongs to, if `code` is right now.
fn check_code(secret: &[u8], code: &str) -> Option<i64> {
    let code: String = code.chars().filter(char::is_ascii_digit).collect();
    let totp = totp(secret, "x", "x")?;
    let at = u64::try_from(now()).ok()?;
    totp.check(&code, at)
        .and_then(|step| i64::try_from(step).ok())
}

/// The keyed hash a recovery code is stored as (spaces, dashes and case do
/// not matter when it is typed back).
fn recovery_hash(code: &str) -> String {
    let normal: String = code
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    key::mac(
        key::current(),
        format!("recovery code\0{normal}").as_bytes(),
    )
}

/// Ten fresh recovery codes, `xxxxx-xxxxx` from an alphabet without
/// look-alikes (about 50 bits each).
fn fresh_recovery_codes() -> Vec<String> {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
    let mut rng = rand::thread_rng();
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut s: String = (0..10)
                .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
                .collect();
            s.insert(5, '-');
            s
        })
        .collect()
}

/// Confirms the pending enrolment of `user` with a code from the app;
/// returns the recovery codes, to be shown once.
pub async fn confirm(
    db: &Db,
    user: i64,
    code: &str,
    ip: Option<&str>,
) -> Result<Vec<String>, FactorError> {
    let row = store::factor(db, user)
        .await?
        .filter(|f| f.confirmed_at.is_none())
        .ok_or(FactorError::NotPending)?;
    let secret = stored_secret(user, &row).ok_or(FactorError::NotPending)?;
    let step = check_code(&secret, code).ok_or(FactorError::WrongCode)?;
    let codes = fresh_recovery_codes();
    let hashes: Vec<String> = codes.iter().map(|c| recovery_hash(c)).collect();
    let mut tx = db.begin().await?;
    if !store::use_step(&mut tx, user, step).await? {
        return Err(FactorError::WrongCode);
    }
    store::confirm(&mut tx, user, now()).await?;
    store::replace_recovery_codes(&mut tx, user, &hashes).await?;
    let subject = format!("user:{user}");
    audit::append(
        &mut tx,
        Event {
            actor_id: Some(user),
            subject: Some(&subject),
            ip,
            ..Event::new(Action::SecondFactorEnrolled)
        },
    )
    .await?;
    tx.commit().await?;
    Ok(codes)
}

/// Starts a half-done sign-in for `user`, to finish with a code; returns
/// the token for the challenge cookie.
pub async fn challenge(db: &Db, user: i64, next: &str) -> Result<String, sqlx::Error> {
    let token = secrets::random_hex::<32>();
    store::put_challenge(db, &token_hash(&token), user, next, now() + CHALLENGE_SECS).await?;
    Ok(token)
}

/// Where a finished sign-in goes.
#[derive(Debug, PartialEq, Eq)]
pub struct Passed {
    pub user_id: i64,
    pub next: String,
}

/// Answers the challenge `token` with `code` (an authenticator code or a
/// recovery code). Every answer is audited.
pub async fn answer(
    db: &Db,
    token: &str,
    code: &str,
    ip: Option<&str>,
) -> Result<Passed, FactorError> {
    let hash = token_hash(token);
    let at = now();
    let row = store::challenge(db, &hash)
        .await?
        .filter(|c| c.expires_at > at && c.failures < CHALLENGE_TRIES)
        .ok_or(FactorError::Expired)?;
    let user = row.user_id;
    let factor = store::factor(db, user)
        .await?
        .filter(|f| f.confirmed_at.is_some())
        .ok_or(FactorError::Expired)?;
    let secret = stored_secret(user, &factor).ok_or(FactorError::Expired)?;
    let code = code.chars().take(64).collect::<String>();
    let mut tx = db.begin().await?;
    let passed = match check_code(&secret, &code) {
        Some(step) => store::use_step(&mut tx, user, step).await?,
        None => store::use_recovery_code(&mut tx, user, &recovery_hash(&code), at).await?,
    };
    let subject = format!("user:{user}");
    audit::append(
        &mut tx,
        Event {
            actor_id: Some(user),
            subject: Some(&subject),
            ip,
            ..Event::new(if passed {
                Action::SecondFactorPassed
            } else {
                Action::SecondFactorFailed
            })
        },
    )
    .await?;
    tx.commit().await?;
    if passed {
        store::end_challenge(db, &hash, at).await?;
        Ok(Passed {
            user_id: user,
            next: row.next,
        })
    } else {
        store::fail_challenge(db, &hash).await?;
        Err(FactorError::WrongCode)
    }
}

/// An administrator resets `target`'s second factor: it is removed, their
/// sessions end, and they enrol again at their next sign-in.
pub async fn reset(
    db: &Db,
    actor: &crate::ssr::auth::CurrentUser,
    target: i64,
    ip: Option<&str>,
) -> Result<(), FactorError> {
    if !crate::ssr::auth::policy::may_administer(&actor.roles) || actor.id == target {
        return Err(FactorError::Forbidden);
    }
    let mut tx = db.begin().await?;
    store::remove(&mut tx, target).await?;
    crate::ssr::auth::store::end_sessions(&mut tx, target).await?;
    let subject = format!("user:{target}");
    audit::append(
        &mut tx,
        Event {
            actor_id: Some(actor.id),
            subject: Some(&subject),
            ip,
            ..Event::new(Action::SecondFactorReset)
        },
    )
    .await?;
    tx.commit().await?;
    db.caches().changed(Topic::People);
    Ok(())
}

/// Turns the requirement for trainers and ministry users on or off.
pub async fn set_staff_required(
    db: &Db,
    actor: &crate::ssr::auth::CurrentUser,
    on: bool,
    ip: Option<&str>,
) -> Result<(), FactorError> {
    if !crate::ssr::auth::policy::may_administer(&actor.roles) {
        return Err(FactorError::Forbidden);
    }
    let mut tx = db.begin().await?;
    store::set_setting(&mut tx, STAFF_SETTING, if on { "on" } else { "off" }).await?;
    audit::append(
        &mut tx,
        Event {
            actor_id: Some(actor.id),
            subject: Some(STAFF_SETTING),
            detail: Some(if on { "on" } else { "off" }),
            ip,
            ..Event::new(Action::SettingChanged)
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The code `user`'s authenticator shows at time `at` (tests and fixtures
/// play the app with it).
pub async fn code_at(db: &Db, user: i64, at: i64) -> Option<String> {
    let row = store::factor(db, user).await.ok()??;
    let secret = stored_secret(user, &row)?;
    let totp = totp(&secret, "x", "x")?;
    Some(totp.generate(u64::try_from(at).ok()?).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::auth::{session, CurrentUser};
    use crate::ssr::testing::{insert_user, new_user};
    use crate::ssr::users::create;
    use crate::test_on_both_databases;
    use sqlx::Row;

    fn user(id: i64, roles: &[Role]) -> CurrentUser {
        CurrentUser {
            id,
            email: format!("u{id}@example.org"),
            name: "U".into(),
            roles: roles.to_vec(),
            organisation_id: None,
            session: String::new(),
        }
    }

    async fn actions(db: &Db, action: &str) -> i64 {
        sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE action = $1")
            .bind(action)
            .fetch_one(db.pool())
            .await
            .unwrap()
            .get("n")
    }

    #[test]
    fn who_needs_a_second_factor() {
        assert!(required(&[Role::Admin], false));
        assert!(!required(&[Role::Trainer], false));
        assert!(required(&[Role::Trainer], true));
        assert!(required(&[Role::Ministry, Role::Trainee], true));
        assert!(!required(&[Role::Trainee], true));
        assert!(open_while_enrolling("/account/second-factor"));
        assert!(open_while_enrolling("/favicon.svg"));
        assert!(!open_while_enrolling("/account/data.json"));
        assert!(!open_while_enrolling("/admin/users"));
    }

    async fn enrol_then_sign_in_with_each_code_once(db: Db) {
        let id = create(&db, new_user("admin@example.org", &[Role::Admin]))
            .await
            .unwrap();
        let shown = begin(&db, id, "admin@example.org", "Lantern")
            .await
            .unwrap()
            .unwrap();
        assert!(shown.url.starts_with("otpauth://totp/"), "{}", shown.url);
        assert!(shown.qr_svg.starts_with("<svg") && shown.qr_svg.contains("<path"));
        // Shown again until confirmed: the same secret.
        assert_eq!(
            begin(&db, id, "admin@example.org", "Lantern")
                .await
                .unwrap()
                .unwrap()
                .secret,
            shown.secret
        );
        // The database holds it masked.
        let stored: String = sqlx::query("SELECT secret FROM second_factors WHERE user_id = $1")
            .bind(id)
            .fetch_one(&db.pool().clone())
            .await
            .unwrap()
            .get("secret");
        let plain = Secret::try_from_base32(&shown.secret)
            .unwrap()
            .as_ref()
            .to_vec();
        assert_ne!(stored, hex(&plain));
        assert!(matches!(
            confirm(&db, id, "000000", None).await,
            Err(FactorError::WrongCode)
        ));
        let t = now();
        let code = code_at(&db, id, t).await.unwrap();
        let recovery = confirm(&db, id, &code, None).await.unwrap();
        assert_eq!(recovery.len(), RECOVERY_CODES);
        assert!(enrolled(&db, id).await.unwrap());
        assert!(begin(&db, id, "x", "y").await.unwrap().is_none());
        let hashed: i64 =
            sqlx::query("SELECT COUNT(*) AS n FROM recovery_codes WHERE code_hash = $1")
                .bind(&recovery[0])
                .fetch_one(db.pool())
                .await
                .unwrap()
                .get("n");
        assert_eq!(hashed, 0, "recovery codes are stored hashed");

        // Signing in: the code used to enrol cannot be used again …
        let token = challenge(&db, id, "/admin").await.unwrap();
        assert!(matches!(
            answer(&db, &token, &code, None).await,
            Err(FactorError::WrongCode)
        ));
        // … the next one can, once.
        let next_code = code_at(&db, id, t + 30).await.unwrap();
        assert_eq!(
            answer(&db, &token, &next_code, None).await.unwrap(),
            Passed {
                user_id: id,
                next: "/admin".into()
            }
        );
        assert!(matches!(
            answer(&db, &token, &next_code, None).await,
            Err(FactorError::Expired)
        ));
        // A recovery code, typed loosely, works once.
        let token = challenge(&db, id, "/").await.unwrap();
        let loose = recovery[3].to_uppercase().replace('-', " ");
        answer(&db, &token, &loose, None).await.unwrap();
        let token = challenge(&db, id, "/").await.unwrap();
        assert!(matches!(
            answer(&db, &token, &recovery[3], None).await,
            Err(FactorError::WrongCode)
        ));
        assert_eq!(store::recovery_codes_left(&db, id).await.unwrap(), 9);
        // Five wrong answers end the challenge, even with the right code after.
        let token = challenge(&db, id, "/").await.unwrap();
        for _ in 0..CHALLENGE_TRIES {
            let _ = answer(&db, &token, "111111", None).await;
        }
        let later = code_at(&db, id, t + 60).await.unwrap();
        assert!(matches!(
            answer(&db, &token, &later, None).await,
            Err(FactorError::Expired)
        ));
        assert_eq!(actions(&db, "second_factor.enrolled").await, 1);
        assert_eq!(actions(&db, "second_factor.passed").await, 2);
        assert!(actions(&db, "second_factor.failed").await >= 7);
        assert!(matches!(
            crate::ssr::audit::verify(&db).await.unwrap(),
            crate::ssr::audit::Verification::Intact { .. }
        ));
    }

    async fn an_admin_resets_someone_elses_factor(db: Db) {
        let admin = insert_user(&db, "a@example.org", "A", &[Role::Admin], None).await;
        let other = insert_user(&db, "b@example.org", "B", &[Role::Admin], None).await;
        let trainer = insert_user(&db, "t@example.org", "T", &[Role::Trainer], None).await;
        let live = session::start(&db, other, None, None).await.unwrap();
        assert!(matches!(
            reset(&db, &user(trainer, &[Role::Trainer]), other, None).await,
            Err(FactorError::Forbidden)
        ));
        assert!(matches!(
            reset(&db, &user(admin, &[Role::Admin]), admin, None).await,
            Err(FactorError::Forbidden)
        ));
        assert!(
            enrolled(&db, other).await.unwrap(),
            "a refused reset changes nothing"
        );
        reset(&db, &user(admin, &[Role::Admin]), other, None)
            .await
            .unwrap();
        assert!(!enrolled(&db, other).await.unwrap());
        assert!(session::resolve(&db, &live).await.unwrap().is_none());
        assert_eq!(actions(&db, "second_factor.reset").await, 1);
        // Staff too, when the deployment says so.
        let staff = user(trainer, &[Role::Trainer]);
        assert!(!enrolment_required(&db, &staff).await.unwrap());
        set_staff_required(&db, &user(admin, &[Role::Admin]), true, None)
            .await
            .unwrap();
        assert!(enrolment_required(&db, &staff).await.unwrap());
        assert!(matches!(
            set_staff_required(&db, &staff, false, None).await,
            Err(FactorError::Forbidden)
        ));
        assert_eq!(actions(&db, "setting.changed").await, 1);
    }

    test_on_both_databases!(
        enrol_then_sign_in_with_each_code_once,
        an_admin_resets_someone_elses_factor
    );
}
