//! CSRF defence: state-changing requests must come from this site.
//!
//! The rule is the one Go 1.25's `http.CrossOriginProtection` applies, which
//! needs no tokens and so works the same for plain HTML forms (JavaScript
//! off) and for server-function calls: browsers mark every request with
//! `Sec-Fetch-Site`, or at least `Origin`; a request marked as coming from
//! another site is refused. A request with neither header did not come from
//! a browser that could carry the user's cookies into a forged request.
//! Session cookies are also `SameSite=Lax`, a second, independent barrier.

use http::{header, HeaderMap, Method};

/// Why a request was refused, or `None` to let it through.
pub fn refusal(method: &Method, headers: &HeaderMap, base_url: &str) -> Option<&'static str> {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return None;
    }
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return match site {
            "same-origin" | "none" => None,
            _ => Some("the request came from another site"),
        };
    }
    let origin = headers.get(header::ORIGIN)?;
    let origin = origin.to_str().unwrap_or("");
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let same_host = host.is_some_and(|host| {
        origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"))
            == Some(host)
    });
    if same_host || origin == base_url {
        None
    } else {
        Some("the request came from another site")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    const BASE: &str = "https://lantern.example.org";

    #[test]
    fn safe_methods_always_pass() {
        let h = headers(&[("sec-fetch-site", "cross-site")]);
        assert_eq!(refusal(&Method::GET, &h, BASE), None);
    }

    #[test]
    fn fetch_metadata_decides_when_present() {
        for (site, refused) in [
            ("same-origin", false),
            ("none", false),
            ("same-site", true),
            ("cross-site", true),
        ] {
            let h = headers(&[
                ("sec-fetch-site", site),
                ("origin", "https://lantern.example.org"),
            ]);
            assert_eq!(
                refusal(&Method::POST, &h, BASE).is_some(),
                refused,
                "{site}"
            );
        }
    }

    #[test]
    fn otherwise_the_origin_must_match_host_or_base_url() {
        let same = headers(&[
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000"),
        ]);
        assert_eq!(refusal(&Method::POST, &same, BASE), None);
        let base = headers(&[
            ("origin", "https://lantern.example.org"),
            ("host", "10.0.0.5:3000"),
        ]);
        assert_eq!(refusal(&Method::POST, &base, BASE), None);
        let evil = headers(&[
            ("origin", "https://evil.example"),
            ("host", "127.0.0.1:3000"),
        ]);
        assert!(refusal(&Method::POST, &evil, BASE).is_some());
        let null = headers(&[("origin", "null"), ("host", "127.0.0.1:3000")]);
        assert!(refusal(&Method::DELETE, &null, BASE).is_some());
        // No browser markers at all: not a browser, so not a forged browser request.
        assert_eq!(refusal(&Method::POST, &headers(&[]), BASE), None);
    }
}
