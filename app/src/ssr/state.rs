//! What every request handler and server function can reach.

use super::{config::Config, db::Db};
use crate::assets::AssetUrls;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;

/// Shared application state. Axum handlers extract it with `State`; server
/// functions get it from Leptos context (`use_context::<AppState>()`).
///
/// One pointer: a request clones it several times (each middleware with
/// state, the page, every server function), and a clone of the parts —
/// Leptos's options, the asset URLs — would be a dozen reference counts and
/// three string copies each time.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// What [`AppState`] points to; its fields are reached through it
/// (`state.db`).
pub struct Shared {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub config: Arc<Config>,
    pub assets: AssetUrls,
}

impl AppState {
    pub fn new(shared: Shared) -> AppState {
        AppState(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
