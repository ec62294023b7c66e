//! Lantern's user interface: pages, components and server functions.
//!
//! The same code renders on the server (feature `ssr`) and hydrates in the
//! browser (feature `hydrate`). Everything that must never reach the browser —
//! the database, password hashing, configuration, the HTML shell — lives in [`ssr`], the one
//! place where the `ssr` feature gates a module.

#![recursion_limit = "256"]

pub mod api;
pub mod app;
pub mod assets;
pub mod components;
pub mod dates;
pub mod forms;
pub mod http_status;
pub mod i18n;
pub mod model;
pub mod pages;
pub mod paths;
pub mod viewer;

#[cfg(feature = "ssr")]
pub mod ssr;

pub use app::App;

/// Entry point of the wasm bundle. Pages are rendered on the server only;
/// this prepares the islands (`#[island]` components), which the loader in
/// the shell then hydrates one by one.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
