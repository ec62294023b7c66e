//! Certificate PDFs (shaped with rustybuzz, written with lopdf) — the server's part of
//! certificates; issuing and verification rules are `app::ssr::certificates`.

pub mod batch;
pub mod pdf;

#[cfg(test)]
mod rendering_tests;
#[cfg(test)]
pub(crate) mod tests;
