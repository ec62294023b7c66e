//! The "new password, twice" fields shared by the change and reset forms.

use crate::i18n::use_i18n;
use leptos::prelude::*;

#[component]
pub fn NewPasswordFields() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label for="new">{i18n.t("password-new")}</label>
        <input id="new" name="new" type="password" autocomplete="new-password" minlength="12" required aria-describedby="new-hint"/>
        <p id="new-hint" class="hint">{i18n.t("password-rule")}</p>
        <label for="confirm">{i18n.t("password-confirm")}</label>
        <input id="confirm" name="confirm" type="password" autocomplete="new-password" minlength="12" required/>
    }
}
