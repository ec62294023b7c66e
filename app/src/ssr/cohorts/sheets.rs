//! Sign-in sheets: for a workshop at shared computers, a printable slip
//! per trainee with their name and a one-time set-password link (as a QR
//! code and as text). Printing them issues fresh links — every earlier
//! link of the same people stops working — and is audited.
//!
//! Who gets a slip: members whose account the printer manages (a trainee
//! who joined the cohort from another organisation is not theirs to hand
//! a password link to), and by default only those who have never signed
//! in; `everyone` adds the others (a forgotten password at the workshop —
//! their current password works until they use the new link).

use super::{managed, record, store, CohortError};
use crate::model::roles::Role;
use crate::ssr::audit::Action;
use crate::ssr::auth::{password_reset, CurrentUser};
use crate::ssr::db::{now, Db};
use crate::ssr::users;

/// How long a sheet's links work: printed before a workshop week, used
/// during it.
pub const VALID_SECS: i64 = 7 * 86_400;

/// One trainee's slip.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slip {
    pub name: String,
    pub name_latin: Option<String>,
    /// What they sign in with: their username, else their address.
    pub login: String,
    /// The one-time token of their set-password link.
    pub token: String,
}

/// A cohort's sheets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sheets {
    pub cohort: String,
    pub expires_at: i64,
    pub slips: Vec<Slip>,
}

/// Issues the links and returns the slips (none: nobody to print for,
/// and nothing issued or audited).
pub async fn print(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    everyone: bool,
) -> Result<Sheets, CohortError> {
    let (cohort, scope) = managed(db, user, id).await?;
    let mut chosen = Vec::new();
    for m in store::sheet_members(db, id).await? {
        if m.signed_in == 1 && !everyone {
            continue;
        }
        let roles = users::store::roles(db.pool(), m.id).await?;
        if roles.contains(&Role::Trainee) && scope.manages(&roles, m.organisation_id) {
            chosen.push(m);
        }
    }
    let at = now();
    let mut sheets = Sheets {
        cohort: cohort.name,
        expires_at: at + VALID_SECS,
        slips: Vec::new(),
    };
    if chosen.is_empty() {
        return Ok(sheets);
    }
    let mut tx = db.begin().await?;
    for m in chosen {
        let token = password_reset::issue_in(&mut tx, user.id, m.id, VALID_SECS).await?;
        sheets.slips.push(Slip {
            name: m.name,
            name_latin: m.name_latin,
            login: m.username.or(m.email).unwrap_or_default(),
            token,
        });
    }
    record(
        &mut tx,
        Some(user.id),
        Action::SignInSheetsPrinted,
        None,
        &format!(
            "cohort {id}: {} set-password links, earlier ones ended",
            sheets.slips.len()
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(sheets)
}
