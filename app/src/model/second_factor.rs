//! What the second-factor pages show.

use serde::{Deserialize, Serialize};

/// The signed-in user's second factor, for `/account/second-factor`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondFactorView {
    /// Whether this account must have one (its roles, the deployment).
    pub required: bool,
    pub enrolled: bool,
    pub recovery_codes_left: i64,
    /// While not enrolled: what to scan or type into the app.
    pub enrolment: Option<EnrolmentView>,
    /// Right after enrolling: the recovery codes, shown this once.
    pub recovery_codes: Option<Vec<String>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolmentView {
    /// The secret in base32, grouped for typing.
    pub secret: String,
    /// The QR code, as an SVG document made by the server.
    pub qr_svg: String,
}

/// The deployment's security settings, for `/admin/security`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecuritySettings {
    pub staff_second_factor: bool,
}
