//! Who is looking at the page, as the browser may know it: enough to greet
//! them and shape menus. Access decisions never rely on it — the server
//! checks roles itself on every request.

use crate::roles::Role;
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
}
