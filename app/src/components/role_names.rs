//! Role names in the reader's language.

use crate::i18n::use_i18n;
use crate::model::roles::Role;
use leptos::prelude::*;

pub fn role_key(role: Role) -> &'static str {
    match role {
        Role::Trainee => "role-trainee",
        Role::Trainer => "role-trainer",
        Role::Ministry => "role-ministry",
        Role::Admin => "role-admin",
    }
}

#[component]
pub fn RoleNames(roles: Vec<Role>) -> impl IntoView {
    let i18n = use_i18n();
    roles
        .iter()
        .map(|r| i18n.t(role_key(*r)))
        .collect::<Vec<_>>()
        .join(", ")
}
