//! The component tree and its routes.

use crate::components::layout::Layout;
use crate::i18n::use_i18n;
use crate::pages::{
    account::AccountPage,
    account_password::AccountPasswordPage,
    admin::{
        audit::AuditPage, certificates::CertificateAdminPage, new_person::NewPersonPage,
        organisations::OrganisationsPage, people::PeoplePage, person::PersonPage,
        security::SecurityPage,
    },
    author::{AuthorCoursePage, AuthorFilePage, AuthorHistoryPage, AuthorPage},
    certificate_batches::CertificateBatchesPage,
    certificates::CertificatesPage,
    cohort_progress::CohortProgressPage,
    cohort_roster::CohortRosterPage,
    cohorts::{CohortPage, CohortsPage},
    courses::{
        assessment::{AssessmentPage, AttemptPage},
        catalog::CatalogPage,
        course::CoursePage,
        module::ModulePage,
    },
    home::HomePage,
    join::JoinPage,
    login::LoginPage,
    not_found::NotFound,
    reports::{
        completions::ReportsPage, dashboard::DashboardPage, exports::ExportsPage, gain::GainPage,
        questions::QuestionsPage,
    },
    reset_password::ResetPasswordPage,
    second_factor::{LoginCodePage, SecondFactorPage},
    verify::VerifyPage,
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
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
                    <Route path=path!("/login/code") view=LoginCodePage/>
                    <Route path=path!("/account/second-factor") view=SecondFactorPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/security") view=SecurityPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/password") view=AccountPasswordPage/>
                    // Pages with data render it in place (`Async`), so they
                    // are complete without JavaScript and can set their status.
                    <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/users") view=PeoplePage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/users/new") view=NewPersonPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/users/:id") view=PersonPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/organisations") view=OrganisationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/audit") view=AuditPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/certificates") view=CertificateAdminPage ssr=SsrMode::Async/>
                    <Route path=path!("/reports") view=ReportsPage ssr=SsrMode::Async/>
                    <Route path=path!("/reports/dashboard") view=DashboardPage ssr=SsrMode::Async/>
                    <Route path=path!("/reports/gain") view=GainPage ssr=SsrMode::Async/>
                    <Route path=path!("/reports/questions") view=QuestionsPage ssr=SsrMode::Async/>
                    <Route path=path!("/reports/exports") view=ExportsPage ssr=SsrMode::Async/>
                    <Route path=path!("/author") view=AuthorPage ssr=SsrMode::Async/>
                    <Route path=path!("/author/:course") view=AuthorCoursePage ssr=SsrMode::Async/>
                    <Route path=path!("/author/:course/files/:file") view=AuthorFilePage ssr=SsrMode::Async/>
                    <Route path=path!("/author/:course/files/:file/history") view=AuthorHistoryPage ssr=SsrMode::Async/>
                    <Route path=path!("/cohorts") view=CohortsPage ssr=SsrMode::Async/>
                    <Route path=path!("/cohorts/:id") view=CohortPage ssr=SsrMode::Async/>
                    <Route path=path!("/cohorts/:id/roster") view=CohortRosterPage ssr=SsrMode::Async/>
                    <Route path=path!("/cohorts/:id/progress") view=CohortProgressPage ssr=SsrMode::Async/>
                    <Route path=path!("/join") view=JoinPage ssr=SsrMode::Async/>
                    <Route path=path!("/courses") view=CatalogPage ssr=SsrMode::Async/>
                    <Route path=path!("/courses/:slug") view=CoursePage ssr=SsrMode::Async/>
                    // Before `:module`: "assessment" is not a module's slug.
                    <Route path=path!("/courses/:slug/assessment") view=AssessmentPage ssr=SsrMode::Async/>
                    <Route path=path!("/courses/:slug/assessment/:attempt") view=AttemptPage ssr=SsrMode::Async/>
                    <Route path=path!("/courses/:slug/:module") view=ModulePage ssr=SsrMode::Async/>
                    <Route path=path!("/reset/:token") view=ResetPasswordPage/>
                    <Route path=path!("/certificates") view=CertificatesPage ssr=SsrMode::Async/>
                    <Route path=path!("/certificates/batches") view=CertificateBatchesPage ssr=SsrMode::Async/>
                    <Route path=path!("/verify") view=VerifyPage ssr=SsrMode::Async/>
                    <Route path=path!("/verify/:id") view=VerifyPage ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}
