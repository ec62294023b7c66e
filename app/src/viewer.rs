//! Who is looking at the page, as the browser may know it: enough to greet
//! them and shape menus. Access decisions never rely on it — the server
//! checks roles itself on every request.
//!
//! The server provides it from the session while rendering and writes it
//! into `<html data-viewer-name data-viewer-roles>`; the browser reads it
//! back from there when hydrating, so both render the same header without a
//! round trip.

use crate::model::roles::Role;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub name: String,
    pub roles: Vec<Role>,
}

impl Viewer {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// The roles as written into the page: `trainee,trainer`.
    pub fn roles_attr(&self) -> String {
        self.roles
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }

    pub fn from_attrs(name: &str, roles: &str) -> Viewer {
        Viewer {
            name: name.to_string(),
            roles: roles.split(',').filter_map(|r| r.parse().ok()).collect(),
        }
    }
}

/// The signed-in user for this page, if any; provided by the shell on the
/// server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageViewer(pub Option<Viewer>);

pub fn use_viewer() -> Option<Viewer> {
    if let Some(PageViewer(v)) = use_context::<PageViewer>() {
        return v;
    }
    let v = document_viewer();
    provide_context(PageViewer(v.clone()));
    v
}

fn document_viewer() -> Option<Viewer> {
    #[cfg(feature = "hydrate")]
    {
        let html = leptos::prelude::document().document_element()?;
        let name = html.get_attribute("data-viewer-name")?;
        let roles = html.get_attribute("data-viewer-roles").unwrap_or_default();
        Some(Viewer::from_attrs(&name, &roles))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_attributes() {
        let v = Viewer {
            name: "ဒေါ်အေး, \"Aye\"".into(),
            roles: vec![Role::Trainee, Role::Admin],
        };
        assert_eq!(Viewer::from_attrs(&v.name, &v.roles_attr()), v);
        assert_eq!(Viewer::from_attrs("x", "").roles, vec![]);
    }
}
