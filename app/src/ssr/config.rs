//! Configuration, read from the environment once at start-up.

use super::proxies::{parse_list, Cidr, CidrError};
use crate::dates::Zone;
use std::net::SocketAddr;
use std::path::PathBuf;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/lantern.db";
pub const DEFAULT_ADDR: &str = "127.0.0.1:3000";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// `LANTERN_DATABASE_URL`: `sqlite://path` (default) or `postgres://…`.
    pub database_url: String,
    /// `LANTERN_ADDR`: where `lantern serve` listens.
    pub addr: SocketAddr,
    /// `LANTERN_BASE_URL`: the public URL, without a trailing slash; printed
    /// in certificate links, and decides whether cookies are `Secure`.
    pub base_url: String,
    /// `LANTERN_SITE_ROOT` (or cargo-leptos's `LEPTOS_SITE_ROOT`): the built
    /// stylesheet, wasm bundle and public files.
    pub site_root: PathBuf,
    /// `LANTERN_ISSUER`: who issues certificates, as printed on them
    /// (default "Lantern").
    pub issuer: String,
    /// `LANTERN_TRUSTED_PROXIES`: reverse proxies (CIDRs, comma-separated)
    /// whose `X-Forwarded-For` is believed; empty by default.
    pub trusted_proxies: Vec<Cidr>,
    /// `LANTERN_AUDIT_KEY_FILE`: where the audit chain's key is kept, when
    /// `LANTERN_AUDIT_KEY` does not give it (default: beside a SQLite
    /// database, or `data/lantern.audit-key`).
    pub audit_key_file: Option<PathBuf>,
    /// `LANTERN_TIME_ZONE`: the IANA time zone every date and time is shown
    /// in, on pages and in exports (default `Asia/Bangkok`).
    pub time_zone: Zone,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("LANTERN_ADDR must be an address and port such as 127.0.0.1:3000, found `{0}`")]
    Addr(String),
    #[error("LANTERN_BASE_URL must start with http:// or https://, found `{0}`")]
    BaseUrl(String),
    #[error("LANTERN_TIME_ZONE must be an IANA time zone such as Asia/Bangkok or Asia/Yangon, found `{0}`")]
    TimeZone(String),
    #[error("LANTERN_TRUSTED_PROXIES: {0}")]
    TrustedProxies(#[from] CidrError),
}

impl Config {
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|key| std::env::var(key).ok().filter(|v| !v.trim().is_empty()))
    }

    /// Builds the configuration from any key → value source (tests pass a map).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let addr_text = get("LANTERN_ADDR").unwrap_or_else(|| DEFAULT_ADDR.to_string());
        let addr: SocketAddr = addr_text
            .trim()
            .parse()
            .map_err(|_| ConfigError::Addr(addr_text.clone()))?;
        let base_url = get("LANTERN_BASE_URL").unwrap_or_else(|| format!("http://{addr}"));
        let base_url = base_url.trim().trim_end_matches('/').to_string();
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            return Err(ConfigError::BaseUrl(base_url));
        }
        let zone_name =
            get("LANTERN_TIME_ZONE").unwrap_or_else(|| super::zone::DEFAULT.to_string());
        let time_zone = super::zone::by_name(&zone_name)
            .ok_or_else(|| ConfigError::TimeZone(zone_name.clone()))?;
        Ok(Config {
            database_url: get("LANTERN_DATABASE_URL")
                .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_string()),
            addr,
            base_url,
            site_root: get("LANTERN_SITE_ROOT")
                .or_else(|| get("LEPTOS_SITE_ROOT"))
                .unwrap_or_else(|| "target/site".to_string())
                .into(),
            issuer: get("LANTERN_ISSUER").unwrap_or_else(|| "Lantern".to_string()),
            trusted_proxies: parse_list(&get("LANTERN_TRUSTED_PROXIES").unwrap_or_default())?,
            audit_key_file: get("LANTERN_AUDIT_KEY_FILE").map(PathBuf::from),
            time_zone,
        })
    }

    /// Cookies get the `Secure` flag when the site is served over https.
    pub fn secure_cookies(&self) -> bool {
        self.base_url.starts_with("https://")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_serve_sqlite_on_loopback() {
        let c = config(&[]).unwrap();
        assert_eq!(c.database_url, "sqlite://data/lantern.db");
        assert_eq!(c.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.base_url, "http://127.0.0.1:3000");
        assert!(!c.secure_cookies());
    }

    #[test]
    fn base_url_loses_its_trailing_slash_and_decides_secure_cookies() {
        let c = config(&[("LANTERN_BASE_URL", "https://lantern.example.org/")]).unwrap();
        assert_eq!(c.base_url, "https://lantern.example.org");
        assert!(c.secure_cookies());
    }

    #[test]
    fn rejects_bad_values_with_the_variable_name() {
        let e = config(&[("LANTERN_ADDR", "localhost")]).unwrap_err();
        assert!(e.to_string().contains("LANTERN_ADDR"));
        let e = config(&[("LANTERN_BASE_URL", "lantern.example.org")]).unwrap_err();
        assert!(e.to_string().contains("LANTERN_BASE_URL"));
        let e = config(&[("LANTERN_TIME_ZONE", "Bangkok")]).unwrap_err();
        assert!(e.to_string().contains("LANTERN_TIME_ZONE"));
        assert_eq!(config(&[]).unwrap().time_zone.name(), "Asia/Bangkok");
        assert_eq!(
            config(&[("LANTERN_TIME_ZONE", "Asia/Yangon")])
                .unwrap()
                .time_zone
                .name(),
            "Asia/Yangon"
        );
    }
}
