//! The component tree and its routes.

use crate::components::layout::Layout;
use crate::i18n::use_i18n;
use crate::pages::{
    account_password::AccountPasswordPage, home::HomePage, login::LoginPage, not_found::NotFound,
    reset_password::ResetPasswordPage,
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let i18n = use_i18n();

    view! {
        <Title formatter=move |page: String| {
            if page.is_empty() { i18n.t("site-name") } else { format!("{page} · {}", i18n.t("site-name")) }
        }/>
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/login") view=LoginPage/>
                    <Route path=path!("/account/password") view=AccountPasswordPage/>
                    <Route path=path!("/reset/:token") view=ResetPasswordPage/>
                </Routes>
            </Layout>
        </Router>
    }
}
