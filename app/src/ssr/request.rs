//! Facts about the current request that rendering needs.

use crate::i18n::Locale;
use http::HeaderMap;

/// The cookie that remembers the interface language.
pub const LANGUAGE_COOKIE: &str = "lantern_lang";

/// The Content-Security-Policy nonce of this response. The security
/// middleware puts it in the request's extensions and into the CSP header;
/// the shell puts it on the inline hydration script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CspNonce(pub String);

impl CspNonce {
    /// 128 random bits, hex-encoded.
    pub fn generate() -> CspNonce {
        CspNonce(crate::ssr::secrets::random_hex::<16>())
    }
}

/// The client's address, as the session middleware determined it (the peer
/// address; proxies are not trusted until configured).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientIp(pub String);

/// A handler that answers in words takes `locale: Locale`: the reader's
/// language, decided by [`request_locale`] (never refused).
impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Locale {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut http::request::Parts,
        _state: &S,
    ) -> Result<Locale, Self::Rejection> {
        Ok(request_locale(&parts.headers))
    }
}

/// The locale for a request: the language cookie if set, otherwise the
/// browser's `Accept-Language`.
pub fn request_locale(headers: &HeaderMap) -> Locale {
    cookie(headers, LANGUAGE_COOKIE)
        .and_then(|code| Locale::from_code(&code))
        .unwrap_or_else(|| {
            let accept = headers
                .get(http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            Locale::negotiate(accept)
        })
}

/// The value of the named cookie, if the request carries it.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_string())
}

/// A path on this site to send the visitor back to after a form post, or
/// `/` when the given one is missing or points elsewhere (no open redirect).
pub fn local_return_path(candidate: Option<&str>) -> String {
    match candidate {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.starts_with("/\\")
                && !p.chars().any(char::is_control) =>
        {
            p.to_string()
        }
        _ => "/".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::header::{ACCEPT_LANGUAGE, COOKIE};

    #[test]
    fn cookie_wins_over_accept_language() {
        let mut h = HeaderMap::new();
        h.insert(ACCEPT_LANGUAGE, "th".parse().unwrap());
        assert_eq!(request_locale(&h), Locale::Th);
        h.insert(COOKIE, "a=b; lantern_lang=en".parse().unwrap());
        assert_eq!(request_locale(&h), Locale::En);
    }

    #[test]
    fn unknown_cookie_value_falls_back_to_the_header() {
        let mut h = HeaderMap::new();
        h.insert(COOKIE, "lantern_lang=xx".parse().unwrap());
        h.insert(ACCEPT_LANGUAGE, "th-TH".parse().unwrap());
        assert_eq!(request_locale(&h), Locale::Th);
    }

    #[test]
    fn return_path_stays_on_this_site() {
        assert_eq!(local_return_path(Some("/courses?x=1")), "/courses?x=1");
        assert_eq!(local_return_path(Some("//evil.example")), "/");
        assert_eq!(local_return_path(Some("/\\evil.example")), "/");
        assert_eq!(local_return_path(Some("https://evil.example")), "/");
        assert_eq!(local_return_path(Some("/a\r\nSet-Cookie: x=y")), "/");
        assert_eq!(local_return_path(None), "/");
    }

    #[test]
    fn nonces_are_random_and_long() {
        let (a, b) = (CspNonce::generate(), CspNonce::generate());
        assert_ne!(a, b);
        assert_eq!(a.0.len(), 32);
    }
}
