//! The second factor: the signed-in user's own, and the deployment setting
//! that extends it to staff (administrators).

use crate::model::second_factor::{SecondFactorView, SecuritySettings};
use crate::model::ApiError;
use leptos::prelude::*;

/// The caller's second factor: its state, what to scan while enrolling,
/// and — once, right after enrolling — the recovery codes (`reveal`).
#[server(endpoint = "account/second-factor")]
pub async fn my_second_factor(reveal: Option<String>) -> Result<SecondFactorView, ApiError> {
    use crate::model::second_factor::EnrolmentView;
    use crate::ssr::auth::second_factor as factor;
    use crate::ssr::{api, people::reveal as shown};
    api::respond(async move {
        let user = api::signed_in()?;
        let state = api::state()?;
        let db = &state.db;
        let required = factor::required_for(db, &user.roles).await?;
        let enrolled = factor::enrolled(db, user.id).await?;
        let enrolment = if enrolled {
            None
        } else {
            factor::begin(db, user.id, &user.email, &state.config.issuer)
                .await?
                .map(|e| EnrolmentView {
                    secret: e.secret,
                    qr_svg: e.qr_svg,
                })
        };
        let recovery_codes = match reveal.as_deref() {
            Some(key) => shown::take(db, key, &user.session, user.id)
                .await?
                .map(|codes| codes.split(' ').map(str::to_string).collect()),
            None => None,
        };
        Ok(SecondFactorView {
            required,
            enrolled,
            recovery_codes_left: factor::store::recovery_codes_left(db, user.id).await?,
            enrolment,
            recovery_codes,
        })
    })
    .await
}

/// The deployment's security settings (administrators).
#[server(endpoint = "admin/security")]
pub async fn deployment_security() -> Result<SecuritySettings, ApiError> {
    use crate::model::roles::Role;
    use crate::ssr::api;
    use crate::ssr::auth::{access, second_factor as factor};
    api::respond(async move {
        access::require_any(api::caller().as_ref(), &[Role::Admin])?;
        Ok(SecuritySettings {
            staff_second_factor: factor::staff_required(&api::state()?.db).await?,
        })
    })
    .await
}
