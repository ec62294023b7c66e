//! Small tools for the secrets Lantern makes and keeps: random tokens, hex,
//! and masking a stored secret with a one-time pad derived from a key kept
//! elsewhere (show-once links under their key in the issuer's redirect,
//! authenticator secrets under the deployment key).

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    // One allocation: this runs on every request (the session token's hash,
    // the CSP nonce).
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// The bytes of lower-case or upper-case hex; `None` for anything else.
pub fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// `N` random bytes from the operating system's generator, as hex.
pub fn random_hex<const N: usize>() -> String
where
    [u8; N]: rand::Fill,
{
    let mut bytes = [0u8; N];
    rand::Rng::fill(&mut rand::thread_rng(), &mut bytes);
    hex(&bytes)
}

/// XORs `bytes` with a pad of HMAC-SHA-256 blocks under `key` over `label`
/// and a counter. Each (key, label) pair masks one value only, so the pad
/// is never reused; masking twice unmasks.
pub fn mask(key: &[u8], label: &str, bytes: &[u8]) -> Vec<u8> {
    let pad = (0u64..).flat_map(|block| {
        let mut m = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes any key length");
        m.update(label.as_bytes());
        m.update(&[0]);
        m.update(&block.to_be_bytes());
        m.finalize().into_bytes().to_vec()
    });
    bytes.iter().zip(pad).map(|(b, p)| b ^ p).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips_and_masks_unmask() {
        assert_eq!(hex(&[0, 15, 255]), "000fff");
        assert_eq!(unhex("000fff"), Some(vec![0, 15, 255]));
        assert_eq!(unhex("0g"), None);
        assert_eq!(unhex("abc"), None);
        assert_eq!(random_hex::<16>().len(), 32);
        assert_ne!(random_hex::<16>(), random_hex::<16>());
        let secret = b"a secret longer than one thirty-two byte block of pad";
        let masked = mask(b"key", "label", secret);
        assert_ne!(&masked[..], &secret[..]);
        assert_eq!(mask(b"key", "label", &masked), secret.to_vec());
        assert_ne!(mask(b"key", "other", secret), masked);
    }
}
