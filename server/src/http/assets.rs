//! The stylesheet and the wasm bundle, served from memory under
//! content-hashed names with a one-year `immutable` cache and pre-compressed
//! brotli and gzip bodies.
//!
//! Hashing and compressing at start-up (rather than in the build) means the
//! same code serves `make build`'s output and `cargo leptos watch`'s, and a
//! new build can never be served under an old name. It costs well under a
//! second at start for a release bundle.

use app::assets::AssetUrls;
use axum::{
    extract::Path,
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use http::{header, HeaderMap, HeaderValue, StatusCode};
use sha2::{Digest, Sha256};
use std::{collections::HashMap, io, io::Write, path::Path as FsPath, sync::Arc};

/// Where the built bundle (wasm, JS, CSS) is served from.
pub const ROUTE: &str = "/pkg/{name}";

/// One asset in every encoding we offer.
struct Asset {
    content_type: &'static str,
    identity: Vec<u8>,
    gzip: Vec<u8>,
    brotli: Vec<u8>,
}

pub struct Assets {
    /// By file name under `/pkg/`, e.g. `lantern.3f9c0a1b2c3d4e5f.wasm`.
    files: HashMap<String, Asset>,
    urls: AssetUrls,
}

/// Where the build leaves each asset, first match wins: `make build` and
/// cargo-leptos name the wasm `lantern.wasm`; a bare wasm-bindgen run names it
/// `lantern_bg.wasm`.
const SOURCES: [(&str, &[&str], &str); 3] = [
    ("css", &["lantern.css"], "text/css; charset=utf-8"),
    ("js", &["lantern.js"], "text/javascript; charset=utf-8"),
    (
        "wasm",
        &["lantern.wasm", "lantern_bg.wasm"],
        "application/wasm",
    ),
];

impl Assets {
    /// Reads `<site_root>/pkg/`. Missing files are fine (no hydration, or no
    /// stylesheet, e.g. in server-only tests); unreadable ones are an error.
    pub fn load(site_root: &FsPath) -> io::Result<Assets> {
        let pkg = site_root.join("pkg");
        let mut files = HashMap::new();
        let mut urls = AssetUrls::default();
        for (kind, candidates, content_type) in SOURCES {
            let Some(path) = candidates.iter().map(|c| pkg.join(c)).find(|p| p.is_file()) else {
                continue;
            };
            let bytes = std::fs::read(&path)?;
            let name = format!("lantern.{}.{kind}", short_hash(&bytes));
            let url = Some(app::paths::asset(&name));
            match kind {
                "css" => urls.css = url,
                "js" => urls.js = url,
                _ => urls.wasm = url,
            }
            let asset = Asset::new(content_type, bytes)?;
            tracing::info!(
                asset = %name,
                bytes = asset.identity.len(),
                gzip = asset.gzip.len(),
                brotli = asset.brotli.len(),
                "asset ready"
            );
            files.insert(name, asset);
        }
        Ok(Assets { files, urls })
    }

    pub fn urls(&self) -> &AssetUrls {
        &self.urls
    }

    pub fn router<S: Clone + Send + Sync + 'static>(self: Arc<Self>) -> Router<S> {
        Router::new().route(
            ROUTE,
            get(move |Path(name): Path<String>, headers: HeaderMap| {
                let assets = self.clone();
                async move { assets.respond(&name, &headers) }
            }),
        )
    }

    fn respond(&self, name: &str, headers: &HeaderMap) -> Response {
        let Some(asset) = self.files.get(name) else {
            return StatusCode::NOT_FOUND.into_response();
        };
        let accepted = headers
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let (body, encoding) = if accepts(accepted, "br") {
            (&asset.brotli, Some("br"))
        } else if accepts(accepted, "gzip") {
            (&asset.gzip, Some("gzip"))
        } else {
            (&asset.identity, None)
        };
        let mut res = body.clone().into_response();
        let h = res.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(asset.content_type),
        );
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        if let Some(encoding) = encoding {
            h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
        }
        res
    }
}

impl Asset {
    fn new(content_type: &'static str, identity: Vec<u8>) -> io::Result<Asset> {
        // Brotli's best quality is slow on a multi-megabyte debug bundle;
        // release bundles are small enough for it.
        let quality = if identity.len() > 4 * 1024 * 1024 {
            5
        } else {
            11
        };
        let mut brotli = Vec::new();
        {
            let mut w = brotli::CompressorWriter::new(&mut brotli, 64 * 1024, quality, 22);
            w.write_all(&identity)?;
        }
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&identity)?;
        Ok(Asset {
            content_type,
            gzip: gz.finish()?,
            brotli,
            identity,
        })
    }
}

fn short_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether an `Accept-Encoding` value allows `coding` (and not with q=0).
fn accepts(accept_encoding: &str, coding: &str) -> bool {
    accept_encoding.split(',').any(|part| {
        let mut pieces = part.split(';');
        let name = pieces.next().unwrap_or("").trim();
        let q_zero = pieces.any(|p| {
            p.trim()
                .strip_prefix("q=")
                .and_then(|q| q.trim().parse::<f32>().ok())
                .is_some_and(|q| q == 0.0)
        });
        name.eq_ignore_ascii_case(coding) && !q_zero
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_accept_encoding() {
        assert!(accepts("gzip, deflate, br", "br"));
        assert!(accepts("gzip;q=0.5", "gzip"));
        assert!(!accepts("gzip, br;q=0", "br"));
        assert!(!accepts("identity", "gzip"));
        assert!(!accepts("", "br"));
    }

    #[test]
    fn hashes_names_and_compresses() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("pkg")).unwrap();
        let css = "body { color: #222; }\n".repeat(200);
        std::fs::write(dir.path().join("pkg/lantern.css"), &css).unwrap();
        let assets = Assets::load(dir.path()).unwrap();
        let url = assets.urls().css.clone().unwrap();
        assert!(
            url.starts_with("/pkg/lantern.") && url.ends_with(".css"),
            "{url}"
        );
        assert_eq!(assets.urls().js, None);
        let asset = &assets.files[url.trim_start_matches("/pkg/")];
        assert!(asset.brotli.len() < css.len() / 10);
        let mut decoded = String::new();
        std::io::Read::read_to_string(
            &mut flate2::read::GzDecoder::new(&asset.gzip[..]),
            &mut decoded,
        )
        .unwrap();
        assert_eq!(decoded, css);
        // A changed file gets a new name.
        std::fs::write(dir.path().join("pkg/lantern.css"), "body{}").unwrap();
        assert_ne!(Assets::load(dir.path()).unwrap().urls().css, Some(url));
    }
}
