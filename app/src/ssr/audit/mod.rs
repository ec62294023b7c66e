//! The audit log: an append-only, hash-chained record of security-relevant
//! events (sign-ins, role changes, account creation, password resets,
//! certificate issue and revocation, report downloads).
//!
//! Each entry's hash is an HMAC-SHA-256, under a key kept outside the
//! database ([`key`]), over the previous entry's hash and this entry's
//! fields; the head row carries a MAC of the last hash and the count. So
//! changing, deleting or reordering any row — or cutting rows from the
//! end — is detected by [`verify`], and someone who can write to the
//! database but lacks the key cannot recompute the chain to hide it.
//! (Entries written before the key existed keep their plain SHA-256; the
//! first keyed entry covers the last of them.)
//!
//! [`verify`] walks the whole chain page by page (`lantern audit verify`);
//! [`verify_recent`] starts from the last signed checkpoint, so the audit
//! page checks only what is new.

pub mod key;
pub mod store;

use super::db::{now, Db};
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
    CertificateDownloaded,
    PersonViewed,
    SecondFactorEnrolled,
    SecondFactorPassed,
    SecondFactorFailed,
    SecondFactorReset,
    SettingChanged,
    ReportExported,
    CohortCreated,
    CohortChanged,
    /// A join code made or revoked, or a trainee joining with one.
    CohortJoinCode,
    /// A cohort's sign-in sheets printed (and earlier links ended).
    SignInSheetsPrinted,
    /// A course created in the browser (its first draft).
    CourseCreated,
    /// An editor named for a course, or four-eyes turned on or off.
    CourseEditorsChanged,
    /// A course's drafts approved by a second editor (four-eyes).
    ContentApproved,
    /// A course's drafts published as new versions.
    ContentPublished,
    /// An earlier version of a file made the draft, to be published again.
    ContentRolledBack,
    /// A module removed from a course's drafts (retired when published).
    ModuleRetired,
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
            Action::CertificateDownloaded => "certificate.downloaded",
            Action::PersonViewed => "person.viewed",
            Action::SecondFactorEnrolled => "second_factor.enrolled",
            Action::SecondFactorPassed => "second_factor.passed",
            Action::SecondFactorFailed => "second_factor.failed",
            Action::SecondFactorReset => "second_factor.reset",
            Action::SettingChanged => "setting.changed",
            Action::ReportExported => "report.exported",
            Action::CohortCreated => "cohort.created",
            Action::CohortChanged => "cohort.changed",
            Action::CohortJoinCode => "cohort.join_code",
            Action::SignInSheetsPrinted => "cohort.sign_in_sheets",
            Action::CourseCreated => "content.course_created",
            Action::CourseEditorsChanged => "content.editors_changed",
            Action::ContentApproved => "content.approved",
            Action::ContentPublished => "content.published",
            Action::ContentRolledBack => "content.rolled_back",
            Action::ModuleRetired => "content.module_retired",
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

/// The keyed digest of a subject, which a keyed entry's hash covers in its
/// place (so the subject can later be pseudonymised).
fn subject_digest(subject: &str) -> String {
    key::mac(
        key::current(),
        format!("audit subject\0{subject}").as_bytes(),
    )
}

/// An entry's fields as hashed: its predecessor's hash and its fields, each
/// length-prefixed so no two different entries share an encoding. (For a
/// keyed entry, `event.subject` is the subject's digest.)
fn encode(prev_hash: &str, at: i64, event: &Event<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut field = |bytes: &[u8]| {
        out.extend_from_slice(&(bytes.len() as u64).to_be_bytes());
        out.extend_from_slice(bytes);
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
    out
}

/// The keyed hash of an entry whose subject's digest is `digest`.
fn keyed_hash(prev_hash: &str, at: i64, event: &Event<'_>, digest: Option<&str>) -> String {
    let covered = Event {
        subject: digest,
        ..event.clone()
    };
    key::mac(key::current(), &encode(prev_hash, at, &covered))
}

/// The keyed hash of an entry.
pub fn entry_hash(prev_hash: &str, at: i64, event: &Event<'_>) -> String {
    let digest = event.subject.map(subject_digest);
    keyed_hash(prev_hash, at, event, digest.as_deref())
}

/// The plain hash of an entry written before the chain was keyed.
fn plain_entry_hash(prev_hash: &str, at: i64, event: &Event<'_>) -> String {
    key::plain(&encode(prev_hash, at, event))
}

/// The head's MAC: the last hash and the number of entries, under the key.
fn head_mac(last_hash: &str, entries: i64) -> String {
    key::mac(
        key::current(),
        format!("audit head\0{last_hash}\0{entries}").as_bytes(),
    )
}

fn checkpoint_mac(entry_id: i64, hash: &str, entries: i64) -> String {
    key::mac(
        key::current(),
        format!("audit checkpoint\0{entry_id}\0{hash}\0{entries}").as_bytes(),
    )
}

/// Appends an event inside the caller's transaction, so the record commits
/// (or rolls back) together with the change it describes.
pub async fn append(tx: &mut AnyConnection, event: Event<'_>) -> Result<(), sqlx::Error> {
    let (prev, entries) = store::lock_head(tx).await?;
    let at = now();
    let digest = event.subject.map(subject_digest);
    let hash = keyed_hash(&prev, at, &event, digest.as_deref());
    let head_mac = head_mac(&hash, entries);
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
            subject_digest: digest.as_deref(),
            head_mac: &head_mac,
        },
    )
    .await
}

/// Appends an event in a transaction of its own.
pub async fn record(db: &Db, event: Event<'_>) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    append(&mut tx, event).await?;
    tx.commit().await
}

/// Replaces the subject `from` (an anonymised person's e-mail address)
/// with the pseudonym `to` in every keyed entry, inside the caller's
/// transaction; the chain still verifies. Entries from before the chain was
/// keyed cover their subject itself and keep it.
pub async fn pseudonymise(tx: &mut AnyConnection, from: &str, to: &str) -> Result<(), sqlx::Error> {
    store::pseudonymise(tx, from, to).await
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

/// Entries read per query while walking the chain.
const PAGE: i64 = 5_000;

/// How far a walk has come: after entry `id`, whose hash is `hash`, with
/// `entries` entries behind it and whether a keyed one was among them.
struct Walk {
    id: i64,
    hash: String,
    entries: i64,
    keyed_seen: bool,
}

/// Checks the entries after `walk`, page by page, then the head.
async fn walk_from(db: &Db, mut walk: Walk) -> Result<(Verification, Walk), sqlx::Error> {
    loop {
        let rows = store::chain_after(db, walk.id, PAGE).await?;
        let Some(last) = rows.last().map(|r| r.id) else {
            break;
        };
        if let Some(broken) = follow(&mut walk, &rows) {
            return Ok((broken, walk));
        }
        walk.id = last;
    }
    let head = store::head(db).await?;
    let head_ok = head.last_hash == walk.hash
        && head.entries == walk.entries
        && match &head.head_mac {
            Some(mac) => *mac == head_mac(&head.last_hash, head.entries),
            // Only a chain that was never keyed has an unsigned head.
            None => !walk.keyed_seen,
        };
    if !head_ok {
        let broken = Verification::Broken {
            id: None,
            reason: format!(
                "the log ends after {} entries but its head says otherwise \
                 (entries were removed from the end, or the head was rewritten)",
                walk.entries
            ),
        };
        return Ok((broken, walk));
    }
    let entries = walk.entries;
    Ok((Verification::Intact { entries }, walk))
}

/// Checks `rows`, the entries after `walk` in order, moving `walk` past
/// each one that follows; the first that does not is the answer. Pure, so
/// the property tests drive exactly what `lantern audit verify` runs.
fn follow(walk: &mut Walk, rows: &[store::EntryRow]) -> Option<Verification> {
    for row in rows {
        if let Some(broken) = check_entry(walk, row) {
            return Some(broken);
        }
        walk.id = row.id;
        walk.hash.clone_from(&row.hash);
        walk.entries += 1;
        walk.keyed_seen |= row.keyed != 0;
    }
    None
}

/// Why `row` does not follow `walk`, if it does not.
fn check_entry(walk: &Walk, row: &store::EntryRow) -> Option<Verification> {
    let broken = |reason: &str| {
        Some(Verification::Broken {
            id: Some(row.id),
            reason: reason.into(),
        })
    };
    if row.prev_hash != walk.hash {
        return broken("does not follow the entry before it (an entry was removed or reordered)");
    }
    let event = Event {
        actor_id: row.actor_id,
        action: &row.action,
        subject: row.subject.as_deref(),
        detail: row.detail.as_deref(),
        ip: row.ip.as_deref(),
    };
    let expected = if row.keyed != 0 {
        // A pseudonymised subject is covered by the digest of the one it
        // replaced; any other by its own.
        let digest = match (row.pseudonymised != 0, row.subject.as_deref()) {
            (true, _) => row.subject_digest.clone(),
            (false, subject) => subject.map(subject_digest),
        };
        keyed_hash(&walk.hash, row.at, &event, digest.as_deref())
    } else if walk.keyed_seen {
        return broken("an unkeyed entry after keyed ones (written without the key)");
    } else {
        plain_entry_hash(&walk.hash, row.at, &event)
    };
    if expected != row.hash {
        return broken("its content does not match its hash (the entry was edited)");
    }
    None
}

fn genesis() -> Walk {
    Walk {
        id: 0,
        hash: GENESIS.to_string(),
        entries: 0,
        keyed_seen: false,
    }
}

/// Walks the whole chain in order.
pub async fn verify(db: &Db) -> Result<Verification, sqlx::Error> {
    Ok(walk_from(db, genesis()).await?.0)
}

/// Checks what was written since the last signed checkpoint (the whole
/// chain if there is none, or its signature does not hold), and moves the
/// checkpoint on when all is intact. Fast however long the log: the audit
/// page calls it on every view.
pub async fn verify_recent(db: &Db) -> Result<Verification, sqlx::Error> {
    let start = match store::checkpoint(db).await? {
        Some(c) if c.mac == checkpoint_mac(c.entry_id, &c.hash, c.entries) => Walk {
            id: c.entry_id,
            hash: c.hash,
            entries: c.entries,
            // A checkpoint is only ever written by a keyed process.
            keyed_seen: true,
        },
        _ => genesis(),
    };
    let (result, walk) = walk_from(db, start).await?;
    if matches!(result, Verification::Intact { .. }) && walk.keyed_seen {
        store::set_checkpoint(
            db,
            &store::CheckpointRow {
                entry_id: walk.id,
                mac: checkpoint_mac(walk.id, &walk.hash, walk.entries),
                hash: walk.hash,
                entries: walk.entries,
            },
        )
        .await?;
    }
    Ok(result)
}

#[cfg(test)]
mod chain_tests;

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

    /// What an attacker with only database access would do: rewrite a row
    /// and recompute the chain after it — with plain SHA-256, or a key of
    /// their own — and move the head to match.
    async fn a_rewritten_chain_without_the_key_is_found(db: Db) {
        three_events(&db).await;
        let rows = store::chain_after(&db, 0, 10).await.unwrap();
        for forge in [
            |m: &[u8]| key::plain(m),
            |m: &[u8]| key::mac(&key::Key([7; 32]), m),
        ] {
            let mut prev = GENESIS.to_string();
            for (i, row) in rows.iter().enumerate() {
                let subject = if i == 1 {
                    Some("someone-else")
                } else {
                    row.subject.as_deref()
                };
                let event = Event {
                    actor_id: row.actor_id,
                    action: &row.action,
                    subject,
                    detail: row.detail.as_deref(),
                    ip: row.ip.as_deref(),
                };
                let hash = forge(&encode(&prev, row.at, &event));
                sqlx::query(
                    "UPDATE audit_log SET subject = $1, prev_hash = $2, hash = $3 WHERE id = $4",
                )
                .bind(subject)
                .bind(&prev)
                .bind(&hash)
                .bind(row.id)
                .execute(db.pool())
                .await
                .unwrap();
                prev = hash;
            }
            sqlx::query("UPDATE audit_head SET last_hash = $1")
                .bind(&prev)
                .execute(db.pool())
                .await
                .unwrap();
            assert!(
                matches!(verify(&db).await.unwrap(), Verification::Broken { id: Some(i), .. } if i == rows[0].id),
                "a chain recomputed without the key is refused"
            );
        }
    }

    async fn cutting_the_end_and_moving_the_head_back_is_found(db: Db) {
        three_events(&db).await;
        let rows = store::chain_after(&db, 0, 10).await.unwrap();
        sqlx::query("DELETE FROM audit_log WHERE id = $1")
            .bind(rows[2].id)
            .execute(db.pool())
            .await
            .unwrap();
        sqlx::query("UPDATE audit_head SET last_hash = $1, entries = 2")
            .bind(&rows[1].hash)
            .execute(db.pool())
            .await
            .unwrap();
        let Verification::Broken { id: None, reason } = verify(&db).await.unwrap() else {
            panic!("truncation went unnoticed")
        };
        assert!(reason.contains("head"), "{reason}");
    }

    async fn entries_from_before_the_key_still_verify(db: Db) {
        // Two entries as the unkeyed chain wrote them, then a keyed one.
        let mut prev = GENESIS.to_string();
        for at in [10, 20] {
            let event = Event::new(Action::SignOut);
            let hash = plain_entry_hash(&prev, at, &event);
            sqlx::query(
                "INSERT INTO audit_log (at, action, prev_hash, hash, keyed) VALUES ($1, $2, $3, $4, 0)",
            )
            .bind(at)
            .bind(event.action)
            .bind(&prev)
            .bind(&hash)
            .execute(db.pool())
            .await
            .unwrap();
            sqlx::query("UPDATE audit_head SET last_hash = $1, entries = entries + 1")
                .bind(&hash)
                .execute(db.pool())
                .await
                .unwrap();
            prev = hash;
        }
        assert_eq!(
            verify(&db).await.unwrap(),
            Verification::Intact { entries: 2 }
        );
        record(&db, Event::new(Action::SignOut)).await.unwrap();
        assert_eq!(
            verify(&db).await.unwrap(),
            Verification::Intact { entries: 3 }
        );
        // An unkeyed entry may not follow a keyed one.
        sqlx::query("UPDATE audit_log SET keyed = 0 WHERE id = (SELECT MAX(id) FROM audit_log)")
            .execute(db.pool())
            .await
            .unwrap();
        assert!(matches!(
            verify(&db).await.unwrap(),
            Verification::Broken { .. }
        ));
    }

    async fn the_page_checks_only_what_is_new(db: Db) {
        three_events(&db).await;
        assert_eq!(
            verify_recent(&db).await.unwrap(),
            Verification::Intact { entries: 3 }
        );
        // Something old is edited: the quick check starts after it, the
        // full walk finds it.
        sqlx::query(
            "UPDATE audit_log SET ip = '203.0.113.9' WHERE id = (SELECT MIN(id) FROM audit_log)",
        )
        .execute(db.pool())
        .await
        .unwrap();
        record(&db, Event::new(Action::SignOut)).await.unwrap();
        assert_eq!(
            verify_recent(&db).await.unwrap(),
            Verification::Intact { entries: 4 }
        );
        assert!(matches!(
            verify(&db).await.unwrap(),
            Verification::Broken { .. }
        ));
        // A forged checkpoint is not believed: the whole chain is walked.
        sqlx::query("UPDATE audit_checkpoint SET entries = 4, mac = 'forged'")
            .execute(db.pool())
            .await
            .unwrap();
        assert!(matches!(
            verify_recent(&db).await.unwrap(),
            Verification::Broken { .. }
        ));
    }

    test_on_both_databases!(
        an_untouched_chain_verifies,
        an_edited_row_is_found,
        a_deleted_row_is_found,
        concurrent_appends_keep_one_chain,
        a_rewritten_chain_without_the_key_is_found,
        cutting_the_end_and_moving_the_head_back_is_found,
        entries_from_before_the_key_still_verify,
        the_page_checks_only_what_is_new,
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
