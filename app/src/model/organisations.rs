//! The organisation tree, for the admin screen and the pickers of the
//! people screens.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgNode {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub parent_id: Option<i64>,
    /// 0 for a ministry, 1 for a department below it, and so on.
    pub depth: usize,
}
