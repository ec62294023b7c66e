//! What every request handler and server function can reach.

use super::{config::Config, db::Db};
use crate::assets::AssetUrls;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;

/// Shared application state. Axum handlers extract it with `State`; server
/// functions get it from Leptos context (`use_context::<AppState>()`).
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub config: Arc<Config>,
    pub assets: AssetUrls,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
