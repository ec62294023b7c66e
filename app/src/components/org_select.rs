//! `<option>`s for an organisation picker, indented to show the tree.

use crate::model::organisations::OrgNode;
use leptos::prelude::*;

#[component]
pub fn OrganisationOptions(orgs: Vec<OrgNode>, selected: String) -> impl IntoView {
    orgs.into_iter()
        .map(|o| {
            let is_selected = o.slug == selected;
            // Non-breaking spaces: option text cannot hold markup.
            let label = format!("{}{}", "\u{a0}\u{a0}\u{a0}".repeat(o.depth), o.name);
            view! { <option value=o.slug selected=is_selected>{label}</option> }
        })
        .collect_view()
}
