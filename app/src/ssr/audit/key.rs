//! The key of the audit chain. Entries are chained with HMAC-SHA-256 under
//! a key kept outside the database, so someone who can only write to the
//! database cannot rewrite history and recompute the chain.
//!
//! Where the key comes from, first match wins:
//! 1. `LANTERN_AUDIT_KEY`: 64 hex characters;
//! 2. `LANTERN_AUDIT_KEY_FILE`, or for SQLite the file beside the database
//!    (`lantern.db` → `lantern.db.audit-key`), or for PostgreSQL
//!    `data/lantern.audit-key` — created on first start with a random key
//!    and mode 0600. Several `lantern` processes on one PostgreSQL database
//!    must share one key (the variable, or the same file).
//!
//! A process that installed no key (a unit test) uses a random one of its
//! own for as long as it runs.

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// 32 secret bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct Key(pub [u8; 32]);

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(…)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("LANTERN_AUDIT_KEY must be 64 hexadecimal characters")]
    BadVariable,
    #[error("the audit key file {path} must hold 64 hexadecimal characters")]
    BadFile { path: String },
    #[error("cannot read or create the audit key file {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

static KEY: OnceLock<Key> = OnceLock::new();

/// Makes `key` the process's audit key. The first key installed stays.
pub fn install(key: Key) {
    let _ = KEY.set(key);
}

/// The process's audit key (a random one if none was installed).
pub fn current() -> &'static Key {
    KEY.get_or_init(|| Key(rand::random()))
}

fn parse(text: &str) -> Option<Key> {
    let text = text.trim();
    if text.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(Key(out))
}

/// The key file used when no variable names one.
pub fn default_file(database_url: &str) -> PathBuf {
    match crate::ssr::db::backend::sqlite_path(database_url) {
        Some(path) => PathBuf::from(format!("{path}.audit-key")),
        None => PathBuf::from("data/lantern.audit-key"),
    }
}

/// Loads the key as the module documentation says, creating the file if
/// it does not exist.
pub fn load(
    variable: Option<&str>,
    file: Option<&Path>,
    database_url: &str,
) -> Result<Key, KeyError> {
    if let Some(text) = variable {
        return parse(text).ok_or(KeyError::BadVariable);
    }
    let path = file.map_or_else(|| default_file(database_url), Path::to_path_buf);
    let shown = path.display().to_string();
    let io = |source| KeyError::Io {
        path: shown.clone(),
        source,
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => parse(&text).ok_or_else(|| KeyError::BadFile {
            path: shown.clone(),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(io)?;
            }
            let key = Key(rand::random());
            let text = crate::ssr::secrets::hex(&key.0);
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut f = options.open(&path).map_err(io)?;
            std::io::Write::write_all(&mut f, format!("{text}\n").as_bytes()).map_err(io)?;
            Ok(key)
        }
        Err(e) => Err(io(e)),
    }
}

/// HMAC-SHA-256 of `message` under `key`, in hex.
pub fn mac(key: &Key, message: &[u8]) -> String {
    use hmac::{Hmac, Mac};
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(&key.0).expect("HMAC takes any key length");
    m.update(message);
    crate::ssr::secrets::hex(&m.finalize().into_bytes())
}

/// SHA-256 in hex (the unkeyed chain of entries written before keys).
pub fn plain(message: &[u8]) -> String {
    crate::ssr::secrets::hex(&Sha256::digest(message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_is_created_once_owner_only_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/lantern.db", dir.path().display());
        let first = load(None, None, &url).unwrap();
        let file = dir.path().join("lantern.db.audit-key");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        assert_eq!(load(None, None, &url).unwrap(), first);
        assert_ne!(
            load(None, Some(&dir.path().join("other")), &url).unwrap(),
            first
        );
        std::fs::write(&file, "short").unwrap();
        assert!(matches!(
            load(None, None, &url),
            Err(KeyError::BadFile { .. })
        ));
        let hex = "ab".repeat(32);
        assert_eq!(load(Some(&hex), None, &url).unwrap(), Key([0xab; 32]));
        assert!(matches!(
            load(Some("xyz"), None, &url),
            Err(KeyError::BadVariable)
        ));
        assert_eq!(
            default_file("postgres://u@h/db"),
            PathBuf::from("data/lantern.audit-key")
        );
    }

    #[test]
    fn macs_depend_on_the_key() {
        assert_ne!(mac(&Key([1; 32]), b"m"), mac(&Key([2; 32]), b"m"));
        assert_eq!(mac(&Key([1; 32]), b"m"), mac(&Key([1; 32]), b"m"));
        assert_ne!(mac(&Key([1; 32]), b"m"), plain(b"m"));
    }
}
