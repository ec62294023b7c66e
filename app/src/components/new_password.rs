//! The "new password, twice" fields shared by the change and reset forms
//! (named in `forms::account_password::field`).

use crate::forms::account_password::field;
use crate::i18n::use_i18n;
use leptos::prelude::*;

#[component]
pub fn NewPasswordFields() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label for=field::NEW>{i18n.t("password-new")}</label>
        <input id=field::NEW name=field::NEW type="password" autocomplete="new-password" minlength="12" required aria-describedby="new-hint"/>
        <p id="new-hint" class="hint">{i18n.t("password-rule")}</p>
        <label for=field::CONFIRM>{i18n.t("password-confirm")}</label>
        <input id=field::CONFIRM name=field::CONFIRM type="password" autocomplete="new-password" minlength="12" required/>
    }
}
