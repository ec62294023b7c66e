//! The HTML document around the app. Rendered on the server only.

use crate::assets::AssetUrls;
use crate::i18n::{provide_i18n, use_i18n, Locale};
use crate::viewer::{PageViewer, Viewer};
use crate::App;
use leptos::prelude::*;
use leptos_meta::MetaTags;

/// What the shell needs from the server for each request.
#[derive(Clone, Debug)]
pub struct ShellContext {
    pub options: LeptosOptions,
    pub assets: AssetUrls,
    /// The locale chosen for this request (cookie, account, Accept-Language).
    pub locale: Locale,
    /// The Content-Security-Policy nonce for this response's inline scripts.
    pub nonce: Option<String>,
    /// The signed-in user, if any.
    pub viewer: Option<Viewer>,
}

/// The document: `<html lang>`, `<head>` with the stylesheet and the
/// hydration script, and the app in `<body>`.
pub fn shell(cx: ShellContext) -> impl IntoView {
    provide_i18n(cx.locale);
    // Dates on every page are shown in the deployment's time zone.
    provide_context(super::zone::current());
    provide_context(PageViewer(cx.viewer.clone()));
    let viewer_name = cx.viewer.as_ref().map(|v| v.name.clone());
    let viewer_roles = cx
        .viewer
        .as_ref()
        .map(super::super::viewer::Viewer::roles_attr);
    if let Some(nonce) = &cx.nonce {
        provide_context(leptos::nonce::Nonce::from_value(nonce.as_str()));
    }
    let i18n = use_i18n();
    let ShellContext {
        options, assets, ..
    } = cx;
    let hydration = match (assets.js, assets.wasm) {
        (Some(js), Some(wasm)) => Some(hydration_script(&js, &wasm)),
        _ => None,
    };
    let menu_nonce = leptos::nonce::use_nonce();
    let nonce = leptos::nonce::use_nonce();
    view! {
        <!DOCTYPE html>
        <html lang=i18n.locale.code() data-viewer-name=viewer_name data-viewer-roles=viewer_roles>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                {assets.css.map(|href| view! { <link rel="stylesheet" href=href/> })}
                <AutoReload options=options/>
                <script type="module" nonce=menu_nonce>{MENU_SCRIPT}</script>
                {hydration.map(|script| view! {
                    <script type="module" nonce=nonce>{script}</script>
                })}
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The site menu's button, in a few lines rather than the wasm bundle:
/// marks the page `data-js` (CSS then folds the menu on phones and shows
/// the button) and opens and closes the menu. Module scripts run once the
/// document is parsed, so the menu is there.
pub const MENU_SCRIPT: &str = "document.documentElement.dataset.js = \"1\"; \
     const b = document.querySelector(\".menu-toggle\"), m = document.getElementById(\"site-menu\"); \
     if (b && m) b.addEventListener(\"click\", () => { \
     const o = b.getAttribute(\"aria-expanded\") !== \"true\"; \
     b.setAttribute(\"aria-expanded\", String(o)); m.dataset.open = String(o); });";

/// Loads the wasm bundle and hydrates each island — only on a page that
/// has one (an assessment's answer form): other pages download no wasm.
/// Equivalent to Leptos's `HydrationScripts` in islands mode, but with the
/// asset URLs the server resolved, so the same binary serves hashed release
/// names and cargo-leptos's plain names. (Lantern's islands do not nest.)
fn hydration_script(js: &str, wasm: &str) -> String {
    format!(
        "if (document.querySelector(\"leptos-island\")) \
         import(\"{js}\").then(m => m.default({{module_or_path: \"{wasm}\"}}).then(() => {{ \
         m.hydrate(); \
         for (const el of document.querySelectorAll(\"leptos-island\")) {{ \
         const f = m[el.dataset.component]; if (f) f(el); }} }}));"
    )
}
