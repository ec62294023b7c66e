//! Where the browser finds the stylesheet and the wasm bundle.

use serde::{Deserialize, Serialize};

/// URLs of the built assets. The server fills this at start-up from the
/// files in the site root (hashed names in release builds, so they can be
/// cached for a year); a field is `None` when that asset was not built, for
/// example in server-only tests.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssetUrls {
    pub css: Option<String>,
    pub js: Option<String>,
    pub wasm: Option<String>,
}
