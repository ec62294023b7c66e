//! The session cache's promise (`db::cache`): a change to who may do what
//! takes effect at once on the process that made it, and within
//! [`FRESH_FOR`] on every other process sharing the database — signing
//! out, a password change, disabling an account, removing a role. Two
//! handles on one database stand for two `lantern` processes.

use super::session::{end_all, resolve, start, token_hash};
use crate::model::roles::Role;
use crate::ssr::db::cache::FRESH_FOR;
use crate::ssr::db::{now, Db};
use crate::ssr::testing::{actor, insert_user, new_user, within, TEST_PASSWORD};
use crate::ssr::users;
use crate::test_on_both_databases;
use crate::test_on_both_databases_from_two_processes;
use std::time::Duration;

/// The bound the tests allow: the stated one, and the time one poll takes
/// on a loaded CI machine.
fn bound() -> Duration {
    FRESH_FOR + Duration::from_millis(750)
}

async fn trainer(db: &Db) -> i64 {
    users::create(
        db,
        new_user("noi@example.org", &[Role::Trainee, Role::Trainer]),
    )
    .await
    .unwrap()
}

/// The account's owner changes its password from the session `kept`.
async fn change_password_keeping(db: &Db, id: i64, kept: &str) {
    users::change_password(
        db,
        id,
        TEST_PASSWORD,
        "a-new-password-for-noi-7",
        &token_hash(kept),
        None,
    )
    .await
    .unwrap();
}

async fn signed_in(db: &Db, token: &str) -> bool {
    resolve(db, token).await.unwrap().is_some()
}

/// A cached session is answered from memory: a row deleted behind the
/// cache's back (as another process would) is still trusted for a moment,
/// then not.
async fn a_cached_session_is_read_again_within_the_bound(a: Db, b: Db) {
    let id = trainer(&a).await;
    let token = start(&a, id, None, None).await.unwrap();
    assert!(signed_in(&a, &token).await);
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash(&token))
        .execute(b.pool())
        .await
        .unwrap();
    assert!(
        signed_in(&a, &token).await,
        "answered from the cache, without a query"
    );
    let took = within(bound(), "the deleted session ends", || async {
        !signed_in(&a, &token).await
    })
    .await;
    assert!(took <= bound(), "{took:?}");
}

async fn signing_out_on_one_process_ends_the_session_on_the_other(a: Db, b: Db) {
    let id = trainer(&a).await;
    let token = start(&a, id, None, None).await.unwrap();
    assert!(signed_in(&a, &token).await);
    assert!(signed_in(&b, &token).await);
    end_all(&b, id, None).await.unwrap();
    assert!(!signed_in(&b, &token).await, "at once where it was done");
    within(bound(), "sign-out reaches the other process", || async {
        !signed_in(&a, &token).await
    })
    .await;
}

async fn a_password_change_on_one_process_ends_other_sessions_on_the_other(a: Db, b: Db) {
    let id = trainer(&a).await;
    let kept = start(&b, id, None, None).await.unwrap();
    let other = start(&a, id, None, None).await.unwrap();
    assert!(signed_in(&a, &other).await);
    change_password_keeping(&b, id, &kept).await;
    within(
        bound(),
        "a password change reaches the other process",
        || async { !signed_in(&a, &other).await },
    )
    .await;
    assert!(
        signed_in(&a, &kept).await,
        "the session that changed it stays"
    );
}

async fn disabling_on_one_process_signs_out_on_the_other(a: Db, b: Db) {
    let id = trainer(&a).await;
    let admin = insert_user(&b, "admin@example.org", "Admin", &[Role::Admin], None).await;
    let token = start(&a, id, None, None).await.unwrap();
    assert!(signed_in(&a, &token).await);
    crate::ssr::people::admin::set_disabled(
        &b,
        &actor(admin, &[Role::Admin], None),
        id,
        true,
        None,
    )
    .await
    .unwrap();
    assert!(!signed_in(&b, &token).await, "at once where it was done");
    within(bound(), "disabling reaches the other process", || async {
        !signed_in(&a, &token).await
    })
    .await;
}

async fn a_role_removed_on_one_process_is_gone_on_the_other(a: Db, b: Db) {
    let id = trainer(&a).await;
    let token = start(&a, id, None, None).await.unwrap();
    let roles = |db: Db| {
        let token = token.clone();
        async move { resolve(&db, &token).await.unwrap().unwrap().roles }
    };
    assert_eq!(roles(a.clone()).await, vec![Role::Trainee, Role::Trainer]);
    let mut conn = b.pool().acquire().await.unwrap();
    users::store::set_roles(&mut conn, id, &[Role::Trainee])
        .await
        .unwrap();
    drop(conn);
    within(
        bound(),
        "a removed role reaches the other process",
        || async { roles(a.clone()).await == vec![Role::Trainee] },
    )
    .await;
}

test_on_both_databases_from_two_processes!(
    a_cached_session_is_read_again_within_the_bound,
    signing_out_on_one_process_ends_the_session_on_the_other,
    a_password_change_on_one_process_ends_other_sessions_on_the_other,
    disabling_on_one_process_signs_out_on_the_other,
    a_role_removed_on_one_process_is_gone_on_the_other,
);

/// On the process that made a change, it takes effect at once, cache or
/// not: the writer tells the caches.
async fn changes_on_this_process_take_effect_at_once(db: Db) {
    let admin = insert_user(&db, "admin@example.org", "Admin", &[Role::Admin], None).await;
    let admin = actor(admin, &[Role::Admin], None);
    let id = trainer(&db).await;

    let token = start(&db, id, None, None).await.unwrap();
    assert!(signed_in(&db, &token).await);
    end_all(&db, id, None).await.unwrap();
    assert!(!signed_in(&db, &token).await, "sign-out");

    let token = start(&db, id, None, None).await.unwrap();
    assert!(signed_in(&db, &token).await);
    crate::ssr::people::admin::set_disabled(&db, &admin, id, true, None)
        .await
        .unwrap();
    assert!(!signed_in(&db, &token).await, "disabled");
    crate::ssr::people::admin::set_disabled(&db, &admin, id, false, None)
        .await
        .unwrap();

    let kept = start(&db, id, None, None).await.unwrap();
    let other = start(&db, id, None, None).await.unwrap();
    assert!(signed_in(&db, &other).await);
    change_password_keeping(&db, id, &kept).await;
    assert!(!signed_in(&db, &other).await, "password changed");
    assert!(signed_in(&db, &kept).await);

    // Idle and absolute expiry are checked on every request, cached or not.
    sqlx::query("UPDATE sessions SET expires_at = $1 WHERE token_hash = $2")
        .bind(now() + 1)
        .bind(token_hash(&kept))
        .execute(db.pool())
        .await
        .unwrap();
    db.caches().changed(crate::ssr::db::cache::Topic::People);
    assert!(signed_in(&db, &kept).await);
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    assert!(!signed_in(&db, &kept).await, "expired while cached");
}

test_on_both_databases!(changes_on_this_process_take_effect_at_once);
