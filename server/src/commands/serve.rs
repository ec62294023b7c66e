use super::{first_admin, CommandError};
use crate::http::{self, assets::Assets};
use app::ssr::{
    config::Config,
    state::{AppState, Shared},
};
use leptos::config::LeptosOptions;
use std::sync::Arc;

/// `lantern serve`: migrate, make sure there is an administrator, load the
/// built assets and serve until SIGTERM or Ctrl-C.
pub async fn run() -> Result<(), CommandError> {
    let config = Config::from_env()?;
    app::ssr::certificates::issue::set_issuer(&config.issuer);
    let db = super::open_database(&config).await?;
    tracing::info!(database = db.backend().name(), "database ready");

    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    match first_admin::ensure(
        &db,
        env("LANTERN_ADMIN_EMAIL"),
        env("LANTERN_ADMIN_PASSWORD"),
    )
    .await?
    {
        first_admin::Outcome::AlreadyPresent => {}
        first_admin::Outcome::Created {
            email,
            generated_password,
        } => {
            tracing::info!(%email, "created the first administrator");
            if let Some(password) = generated_password {
                // Shown once, on the terminal only; never logged.
                let mut tty = std::fs::OpenOptions::new()
                    .write(true)
                    .open("/dev/tty")
                    .ok();
                let terminal = tty.as_mut().map(|t| t as &mut dyn std::io::Write);
                if !first_admin::show_once(terminal, &email, &password) {
                    tracing::warn!(
                        %email,
                        "the first administrator's password was generated but no terminal is \
                         attached to show it on; give it a new one with `lantern user reset-link \
                         --email {email}`, or set LANTERN_ADMIN_PASSWORD before the first start"
                    );
                }
            }
        }
    }

    let assets = Assets::load(&config.site_root).map_err(|source| CommandError::Assets {
        dir: config.site_root.display().to_string(),
        source,
    })?;
    if assets.urls().js.is_none() {
        tracing::warn!(
            site_root = %config.site_root.display(),
            "no wasm bundle found: pages render but do not hydrate (run `make build`)"
        );
    }
    let state = AppState::new(Shared {
        leptos_options: leptos_options(&config),
        db: db.clone(),
        config: Arc::new(config.clone()),
        assets: assets.urls().clone(),
    });
    let router = http::router(state, Arc::new(assets));
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| CommandError::Bind {
            addr: config.addr,
            source,
        })?;
    tracing::info!("listening on http://{}", config.addr);
    http::serve(listener, router, http::shutdown_signal())
        .await
        .map_err(CommandError::Serve)?;
    db.close().await;
    tracing::info!("stopped cleanly");
    Ok(())
}

pub fn leptos_options(config: &Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("lantern")
        .site_root(config.site_root.display().to_string())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .build()
}
