//! The people directory: who an admin, trainer or ministry user may see.

use crate::model::roles::Role;
use serde::{Deserialize, Serialize};

/// One row of the directory.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonSummary {
    pub id: i64,
    pub name: String,
    pub name_latin: Option<String>,
    /// What they sign in with: the address, or the username if none.
    pub email: String,
    pub organisation: Option<String>,
    pub roles: Vec<Role>,
    pub disabled: bool,
    pub anonymised: bool,
}

/// A directory search, as it appears in the page's query string.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PeopleQuery {
    /// Part of a name (either script), e-mail address or username.
    pub q: String,
    /// An organisation's slug: people in it and below it.
    pub org: String,
    /// A role name.
    pub role: String,
    /// `active` (default), `disabled` or `all`.
    pub status: String,
    /// 1-based.
    pub page: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeoplePage {
    pub people: Vec<PersonSummary>,
    pub total: i64,
    pub page: u32,
    pub pages: u32,
    /// Whether the caller may create accounts (shows the link).
    pub may_create: bool,
}

/// One account in full, with what the caller may do to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: i64,
    pub email: Option<String>,
    /// For officials who sign in without an e-mail address.
    pub username: Option<String>,
    pub name: String,
    pub name_latin: Option<String>,
    pub position: Option<String>,
    pub province: Option<String>,
    pub language: String,
    /// The organisation's slug and name.
    pub organisation: Option<(String, String)>,
    pub roles: Vec<Role>,
    pub disabled_at: Option<i64>,
    pub anonymised_at: Option<i64>,
    pub created_at: i64,
    pub last_sign_in: Option<i64>,
    pub may_administer: bool,
    pub may_reset: bool,
    /// The caller's own account (which they cannot disable or anonymise).
    pub is_self: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonView {
    pub person: Person,
    /// A set-up or reset link just issued by the caller, shown once.
    pub revealed_link: Option<String>,
}
