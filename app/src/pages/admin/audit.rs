use crate::api::audit::audit_log_page;
use crate::components::notice::ErrorNotice;
use crate::i18n::use_i18n;
use crate::model::audit::ChainStatus;
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/admin/audit`: the security log, newest first, and whether its hash
/// chain is intact.
#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let before = query.with_untracked(|q| q.get("before").and_then(|b| b.parse::<i64>().ok()));
    let data = crate::pages::page_data::once(audit_log_page(before));
    view! {
        <Title text=i18n.t("audit-title")/>
        <h1>{i18n.t("audit-title")}</h1>
        <Suspense>
            {move || { let data = data.clone(); Suspend::new(async move {
                match data.await {
                    Ok(page) => {
                        let chain = match page.chain {
                            ChainStatus::Intact { entries } => {
                                let n = entries.to_string();
                                view! { <p class="notice" role="status">{i18n.t_with("audit-intact", &[("entries", n.as_str())])}</p> }.into_any()
                            }
                            ChainStatus::Broken { id, reason } => {
                                let at = id.map_or_else(|| "—".into(), |i| i.to_string());
                                view! { <p class="alert" role="alert">{i18n.t_with("audit-broken", &[("id", at.as_str()), ("reason", reason.as_str())])}</p> }.into_any()
                            }
                        };
                        let older = page.older.map(paths::audit_before);
                        view! {
                            {chain}
                            <div class="table-wrap" tabindex="0" role="region" aria-label=i18n.t("table-scroll")>
                                <table class="audit">
                                    <thead>
                                        <tr>
                                            <th scope="col">"#"</th>
                                            <th scope="col">{i18n.t("audit-when")}</th>
                                            <th scope="col">{i18n.t("audit-who")}</th>
                                            <th scope="col">{i18n.t("audit-action")}</th>
                                            <th scope="col">{i18n.t("audit-subject")}</th>
                                            <th scope="col">{i18n.t("audit-detail")}</th>
                                            <th scope="col">{i18n.t("audit-from")}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {page.entries.into_iter().map(|e| view! {
                                            <tr>
                                                <td>{e.id}</td>
                                                <td>{i18n.date_time(e.at)}</td>
                                                <td>{e.actor}</td>
                                                <td><code>{e.action}</code></td>
                                                <td>{e.subject}</td>
                                                <td>{e.detail}</td>
                                                <td>{e.ip}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            <nav class="pager" aria-label=i18n.t("pager-label")>
                                {older.map(|href| view! { <a href=href rel="next">{i18n.t("audit-older")}</a> })}
                            </nav>
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error=error/> }.into_any(),
                }
            })}}
        </Suspense>
    }
}
