//! The Leptos side of the router: every page and server function, and the
//! 404 page for everything else.

use app::ssr::auth::CurrentUser;
use app::ssr::request::{request_locale, CspNonce};
use app::ssr::shell::{shell, ShellContext};
use app::{ssr::state::AppState, App};
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{file_and_error_handler_with_context, generate_route_list, LeptosRoutes};

pub fn routes(router: Router<AppState>, state: AppState) -> Router {
    let routes = generate_route_list(App);
    let page_state = state.clone();
    let fallback_state = state.clone();
    router
        .leptos_routes_with_context(
            &state,
            routes,
            || {},
            move || shell(shell_context(&page_state)),
        )
        .fallback(file_and_error_handler_with_context::<AppState, _>(
            || {},
            move |_| shell(shell_context(&fallback_state)),
        ))
        .with_state(state)
}

/// What the shell needs, taken from the request Leptos is rendering.
fn shell_context(state: &AppState) -> ShellContext {
    let parts = use_context::<http::request::Parts>();
    ShellContext {
        options: state.leptos_options.clone(),
        assets: state.assets.clone(),
        locale: parts
            .as_ref()
            .map(|p| request_locale(&p.headers))
            .unwrap_or_default(),
        nonce: parts
            .as_ref()
            .and_then(|p| p.extensions.get::<CspNonce>().map(|n| n.0.clone())),
        viewer: parts.and_then(|p| {
            p.extensions
                .get::<CurrentUser>()
                .map(app::ssr::auth::CurrentUser::viewer)
        }),
    }
}
