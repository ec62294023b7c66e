//! Hostile input for the audit chain's verifier (`follow`, what `lantern
//! audit verify` and the audit page run): chains of arbitrary entries —
//! any text, right-to-left overrides, control characters, extreme times —
//! verify when untouched; any one edit, removal or swap is found at the
//! entry it broke; rows of garbage never make the verifier panic.

use super::store::EntryRow;
use super::{follow, genesis, keyed_hash, subject_digest, Event, Verification, GENESIS};
use proptest::prelude::*;

#[derive(Clone, Debug)]
struct Fields {
    at: i64,
    actor: Option<i64>,
    action: String,
    subject: Option<String>,
    detail: Option<String>,
    ip: Option<String>,
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-z0-9.@:-]{0,24}",
        Just("\u{202E}gnp.exe\u{202C}\u{200F}".repeat(200)),
        Just("line\nbreak\0nul\u{7f}".to_string()),
    ]
}

fn fields() -> impl Strategy<Value = Fields> {
    (
        any::<i64>(),
        proptest::option::of(any::<i64>()),
        "[a-z.]{1,24}",
        proptest::option::of(text()),
        proptest::option::of(text()),
        proptest::option::of(text()),
    )
        .prop_map(|(at, actor, action, subject, detail, ip)| Fields {
            at,
            actor,
            action,
            subject,
            detail,
            ip,
        })
}

/// The rows a keyed process writes for `entries`.
fn chain(entries: &[Fields]) -> Vec<EntryRow> {
    let mut prev = GENESIS.to_string();
    let mut rows = Vec::new();
    for (i, f) in entries.iter().enumerate() {
        let event = Event {
            actor_id: f.actor,
            action: &f.action,
            subject: f.subject.as_deref(),
            detail: f.detail.as_deref(),
            ip: f.ip.as_deref(),
        };
        let digest = f.subject.as_deref().map(subject_digest);
        let hash = keyed_hash(&prev, f.at, &event, digest.as_deref());
        rows.push(EntryRow {
            id: i64::try_from(i).unwrap() + 1,
            at: f.at,
            actor_id: f.actor,
            action: f.action.clone(),
            subject: f.subject.clone(),
            detail: f.detail.clone(),
            ip: f.ip.clone(),
            prev_hash: prev.clone(),
            hash: hash.clone(),
            keyed: 1,
            subject_digest: digest,
            pseudonymised: 0,
        });
        prev = hash;
    }
    rows
}

/// The id of the first entry the verifier refuses, if any.
fn first_broken(rows: &[EntryRow]) -> Option<Option<i64>> {
    let mut walk = genesis();
    match follow(&mut walk, rows) {
        None => None,
        Some(Verification::Broken { id, .. }) => Some(id),
        Some(other) => panic!("follow answers only Broken: {other:?}"),
    }
}

fn other(text: &Option<String>) -> Option<String> {
    match text {
        None => Some(String::new()),
        Some(t) if t.is_empty() => None,
        Some(t) => Some(format!("{t}x")),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(crate::ssr::testing::proptest_cases(64)))]

    #[test]
    fn an_untouched_chain_verifies(entries in proptest::collection::vec(fields(), 1..12)) {
        prop_assert_eq!(first_broken(&chain(&entries)), None);
    }

    #[test]
    fn any_one_edit_is_found_at_its_entry(
        entries in proptest::collection::vec(fields(), 1..12),
        pick in any::<prop::sample::Index>(),
        edit in 0u8..10,
    ) {
        let mut rows = chain(&entries);
        let k = pick.index(rows.len());
        let id = rows[k].id;
        let expected = match edit {
            0 => { rows[k].at = rows[k].at.wrapping_add(1); Some(Some(id)) }
            1 => { rows[k].actor_id = rows[k].actor_id.map_or(Some(0), |a| a.checked_add(1)); Some(Some(id)) }
            2 => { rows[k].action.push('x'); Some(Some(id)) }
            3 => { rows[k].subject = other(&rows[k].subject); Some(Some(id)) }
            4 => { rows[k].detail = other(&rows[k].detail); Some(Some(id)) }
            5 => { rows[k].ip = other(&rows[k].ip); Some(Some(id)) }
            6 => { rows[k].prev_hash.replace_range(0..1, "f"); rows[k].prev_hash.push('0'); Some(Some(id)) }
            7 => { rows[k].hash = GENESIS.to_string(); Some(Some(id)) }
            8 => {
                // Removed: the next entry no longer follows (the head
                // catches the removal of the last one).
                rows.remove(k);
                rows.get(k).map(|next| Some(next.id))
            }
            _ => {
                if k + 1 < rows.len() {
                    rows.swap(k, k + 1);
                    Some(Some(rows[k].id))
                } else {
                    None
                }
            }
        };
        prop_assert_eq!(first_broken(&rows), expected);
    }

    #[test]
    fn garbage_rows_never_make_the_verifier_panic(
        rows in proptest::collection::vec(
            (any::<i64>(), fields(), any::<String>(), any::<String>(), 0i64..3, proptest::option::of(any::<String>()), 0i64..3),
            0..8,
        ),
    ) {
        let rows: Vec<EntryRow> = rows
            .into_iter()
            .map(|(id, f, prev_hash, hash, keyed, subject_digest, pseudonymised)| EntryRow {
                id,
                at: f.at,
                actor_id: f.actor,
                action: f.action,
                subject: f.subject,
                detail: f.detail,
                ip: f.ip,
                prev_hash,
                hash,
                keyed,
                subject_digest,
                pseudonymised,
            })
            .collect();
        let _ = first_broken(&rows);
    }
}
