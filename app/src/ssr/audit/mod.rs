//! The audit log: an append-only, hash-chained record of security-relevant
//! events (sign-ins, role changes, account creation, password resets,
//! certificate issue and revocation, report downloads).
//!
//! Each entry's hash is SHA-256 over the previous entry's hash and this
//! entry's fields, so changing or deleting any row — or the last rows —
//! is detected by [`verify`].

pub mod store;

use super::db::{now, Db};
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What happened. Stored as text; the names are part of the record format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    SignInSucceeded,
    SignInFailed,
    SignInPaused,
    SignOut,
    AccountCreated,
    PasswordChanged,
    OrganisationCreated,
    OrganisationUpdated,
    AccountUpdated,
    RolesChanged,
    AccountDisabled,
    AccountEnabled,
    AccountAnonymised,
    DataExported,
    ResetIssued,
    ResetUsed,
    ResetRefused,
    CertificateIssued,
    CertificateVerified,
    CertificateRevoked,
    CertificateRenewed,
    CertificatesDownloaded,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::SignInSucceeded => "sign_in.succeeded",
            Action::SignInFailed => "sign_in.failed",
            Action::SignInPaused => "sign_in.paused",
            Action::SignOut => "sign_out",
            Action::AccountCreated => "account.created",
            Action::PasswordChanged => "password.changed",
            Action::OrganisationCreated => "organisation.created",
            Action::OrganisationUpdated => "organisation.updated",
            Action::AccountUpdated => "account.updated",
            Action::RolesChanged => "roles.changed",
            Action::AccountDisabled => "account.disabled",
            Action::AccountEnabled => "account.enabled",
            Action::AccountAnonymised => "account.anonymised",
            Action::DataExported => "account.data_exported",
            Action::ResetIssued => "password.reset_issued",
            Action::ResetUsed => "password.reset_used",
            Action::ResetRefused => "password.reset_refused",
            Action::CertificateIssued => "certificate.issued",
            Action::CertificateVerified => "certificate.verified",
            Action::CertificateRevoked => "certificate.revoked",
            Action::CertificateRenewed => "certificate.renewed",
            Action::CertificatesDownloaded => "certificates.downloaded",
        }
    }
}

/// One event to record.
#[derive(Clone, Debug, Default)]
pub struct Event<'a> {
    pub actor_id: Option<i64>,
    pub action: &'a str,
    pub subject: Option<&'a str>,
    pub detail: Option<&'a str>,
    pub ip: Option<&'a str>,
}

impl<'a> Event<'a> {
    pub fn new(action: Action) -> Event<'a> {
        Event {
            action: action.as_str(),
            ..Event::default()
        }
    }
}

/// The hash of an entry: its predecessor's hash and its fields, each
/// length-prefixed so no two different entries share an encoding.
pub fn entry_hash(prev_hash: &str, at: i64, event: &Event<'_>) -> String {
    let mut h = Sha256::new();
    let mut field = |bytes: &[u8]| {
        h.update((bytes.len() as u64).to_be_bytes());
        h.update(bytes);
    };
    field(prev_hash.as_bytes());
    field(&at.to_be_bytes());
    field(
        &event
            .actor_id
            .map(|a| a.to_string())
            .unwrap_or_default()
            .into_bytes(),
    );
    field(event.action.as_bytes());
    for part in [event.subject, event.detail, event.ip] {
        match part {
            Some(s) => {
                field(b"1");
                field(s.as_bytes());
            }
            None => field(b"0"),
        }
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Appends an event inside the caller's transaction, so the record commits
/// (or rolls back) together with the change it describes.
pub async fn append(tx: &mut AnyConnection, event: Event<'_>) -> Result<(), sqlx::Error> {
    let prev = store::lock_head(tx).await?;
    let at = now();
    let hash = entry_hash(&prev, at, &event);
    store::insert(
        tx,
        &store::NewEntry {
            at,
            actor_id: event.actor_id,
            action: event.action,
            subject: event.subject,
            detail: event.detail,
            ip: event.ip,
            prev_hash: &prev,
            hash: &hash,
        },
    )
    .await
}

/// Appends an event in a transaction of its own.
pub async fn record(db: &Db, event: Event<'_>) -> Result<(), sqlx::Error> {
    let mut tx = db.pool().begin().await?;
    append(&mut tx, event).await?;
    tx.commit().await
}

/// Entries older than `before` (or the newest), newest first, with who
/// acted; and the `before` for the next page if there are more.
pub async fn recent(
    db: &Db,
    before: Option<i64>,
    limit: i64,
) -> Result<(Vec<crate::model::audit::AuditEntry>, Option<i64>), sqlx::Error> {
    let rows = store::page(db, before.unwrap_or(i64::MAX), limit + 1).await?;
    let mut entries: Vec<_> = rows
        .into_iter()
        .map(|r| crate::model::audit::AuditEntry {
            actor: match (r.name, r.email) {
                (Some(name), Some(email)) => Some(format!("{name} <{email}>")),
                _ => None,
            },
            id: r.id,
            at: r.at,
            action: r.action,
            subject: r.subject,
            detail: r.detail,
            ip: r.ip,
        })
        .collect();
    let older = if entries.len() as i64 > limit {
        entries.truncate(limit as usize);
        entries.last().map(|e| e.id)
    } else {
        None
    };
    Ok((entries, older))
}

/// The result of checking the chain.
#[derive(Debug, PartialEq, Eq)]
pub enum Verification {
    Intact {
        entries: i64,
    },
    /// The first entry whose stored hashes do not match its content or its
    /// predecessor (`id`), or `None` when rows were removed from the end.
    Broken {
        id: Option<i64>,
        reason: String,
    },
}

/// Walks the whole chain in order.
pub async fn verify(db: &Db) -> Result<Verification, sqlx::Error> {
    let rows = store::chain(db).await?;
    let mut prev = GENESIS.to_string();
    for row in &rows {
        let event = Event {
            actor_id: row.actor_id,
            action: &row.action,
            subject: row.subject.as_deref(),
            detail: row.detail.as_deref(),
            ip: row.ip.as_deref(),
        };
        if row.prev_hash != prev {
            return Ok(Verification::Broken {
                id: Some(row.id),
                reason: "does not follow the entry before it (an entry was removed or reordered)"
                    .into(),
            });
        }
        if entry_hash(&prev, row.at, &event) != row.hash {
            return Ok(Verification::Broken {
                id: Some(row.id),
                reason: "its content does not match its hash (the entry was edited)".into(),
            });
        }
        prev.clone_from(&row.hash);
    }
    let store::HeadRow {
        last_hash: head_hash,
        entries,
    } = store::head(db).await?;
    if head_hash != prev || entries != rows.len() as i64 {
        return Ok(Verification::Broken {
            id: None,
            reason: format!(
                "the log ends after {} entries but {entries} were written (entries were removed from the end)",
                rows.len()
            ),
        });
    }
    Ok(Verification::Intact { entries })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_on_both_databases;
    use sqlx::Row;

    async fn three_events(db: &Db) {
        for (i, action) in [
            Action::AccountCreated,
            Action::SignInFailed,
            Action::SignInSucceeded,
        ]
        .into_iter()
        .enumerate()
        {
            let subject = format!("user-{i}");
            record(
                db,
                Event {
                    actor_id: Some(1),
                    subject: Some(&subject),
                    ip: Some("192.0.2.7"),
                    ..Event::new(action)
                },
            )
            .await
            .unwrap();
        }
    }

    async fn an_untouched_chain_verifies(db: Db) {
        assert_eq!(
            verify(&db).await.unwrap(),
            Verification::Intact { entries: 0 }
        );
        three_events(&db).await;
        assert_eq!(
            verify(&db).await.unwrap(),
            Verification::Intact { entries: 3 }
        );
    }

    async fn an_edited_row_is_found(db: Db) {
        three_events(&db).await;
        let second: i64 = sqlx::query("SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 1")
            .fetch_one(db.pool())
            .await
            .unwrap()
            .get("id");
        sqlx::query("UPDATE audit_log SET ip = '203.0.113.9' WHERE id = $1")
            .bind(second)
            .execute(db.pool())
            .await
            .unwrap();
        let Verification::Broken { id, reason } = verify(&db).await.unwrap() else {
            panic!("tampering went unnoticed")
        };
        assert_eq!(id, Some(second));
        assert!(reason.contains("edited"), "{reason}");
    }

    async fn a_deleted_row_is_found(db: Db) {
        three_events(&db).await;
        let ids: Vec<i64> = sqlx::query("SELECT id FROM audit_log ORDER BY id")
            .fetch_all(db.pool())
            .await
            .unwrap()
            .iter()
            .map(|r| r.get("id"))
            .collect();
        sqlx::query("DELETE FROM audit_log WHERE id = $1")
            .bind(ids[1])
            .execute(db.pool())
            .await
            .unwrap();
        assert!(matches!(
            verify(&db).await.unwrap(),
            Verification::Broken { id: Some(i), .. } if i == ids[2]
        ));
        sqlx::query("DELETE FROM audit_log WHERE id = $1")
            .bind(ids[2])
            .execute(db.pool())
            .await
            .unwrap();
        assert!(matches!(
            verify(&db).await.unwrap(),
            Verification::Broken { id: None, .. }
        ));
    }

    async fn concurrent_appends_keep_one_chain(db: Db) {
        let tasks: Vec<_> = (0..12)
            .map(|_| {
                let db = db.clone();
                tokio::spawn(async move { record(&db, Event::new(Action::SignOut)).await })
            })
            .collect();
        for t in tasks {
            t.await.unwrap().unwrap();
        }
        assert_eq!(
            verify(&db).await.unwrap(),
            Verification::Intact { entries: 12 }
        );
    }

    test_on_both_databases!(
        an_untouched_chain_verifies,
        an_edited_row_is_found,
        a_deleted_row_is_found,
        concurrent_appends_keep_one_chain,
    );

    #[test]
    fn hashes_separate_fields_unambiguously() {
        let a = Event {
            subject: Some("ab"),
            detail: Some("c"),
            ..Event::new(Action::SignOut)
        };
        let b = Event {
            subject: Some("a"),
            detail: Some("bc"),
            ..Event::new(Action::SignOut)
        };
        let none = Event {
            subject: None,
            ..Event::new(Action::SignOut)
        };
        let empty = Event {
            subject: Some(""),
            ..Event::new(Action::SignOut)
        };
        assert_ne!(entry_hash(GENESIS, 1, &a), entry_hash(GENESIS, 1, &b));
        assert_ne!(
            entry_hash(GENESIS, 1, &none),
            entry_hash(GENESIS, 1, &empty)
        );
    }
}
