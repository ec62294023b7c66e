//! Password policy and hashing.
//!
//! Argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane).
//! Hashing takes tens of milliseconds of CPU, so the async entry points run
//! it on the blocking pool: a burst of sign-ins must not stall page serving.
//! And they run it under a cap — one hash per CPU core at a time — so a
//! flood of sign-ins queues instead of taking every core and
//! 19 MiB × N of memory: pages keep being served while the flood waits.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, Params, PasswordVerifier, Version};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use tokio::sync::Semaphore;

pub const MIN_LENGTH: usize = 12;

/// Widely used passwords of the minimum length or more; the rest of the
/// well-known lists are shorter than 12 characters and fail on length.
const COMMON: &[&str] = &[
    "123456789012",
    "1234567890123",
    "12345678901234",
    "123456789123",
    "password1234",
    "password12345",
    "password123!",
    "passwordpassword",
    "qwertyuiop12",
    "qwertyuiopas",
    "qwerty123456",
    "1q2w3e4r5t6y",
    "1qaz2wsx3edc",
    "abc123456789",
    "abcdefghijkl",
    "iloveyou1234",
    "administrator",
    "admin1234567",
    "adminadmin123",
    "welcome12345",
    "letmein12345",
    "changeme1234",
    "trustno11234",
    "football1234",
    "baseball1234",
    "sunshine1234",
    "princess1234",
    "superman1234",
    "monkey123456",
    "dragon123456",
    "111111111111",
    "000000000000",
    "123123123123",
    "987654321098",
    "zxcvbnm12345",
    "asdfghjkl123",
    "lantern12345",
    "lanternlantern",
    "thailand1234",
    "bangkok12345",
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error("the password must be at least {MIN_LENGTH} characters long")]
    TooShort,
    #[error("this password is too common; choose one that others are unlikely to use")]
    TooCommon,
    #[error(
        "the password must be at most {} characters long",
        crate::ssr::limits::PASSWORD
    )]
    TooLong,
}

/// Checks a new password against the policy. Length counts characters, not
/// bytes, so a Thai passphrase is measured fairly.
pub fn check_policy(password: &str) -> Result<(), PolicyError> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Err(PolicyError::TooShort);
    }
    if length > crate::ssr::limits::PASSWORD {
        return Err(PolicyError::TooLong);
    }
    let lower = password.to_lowercase();
    let mut chars = lower.chars();
    let first = chars.next();
    let one_repeated_char = chars.all(|c| Some(c) == first);
    if one_repeated_char || COMMON.contains(&lower.as_str()) {
        return Err(PolicyError::TooCommon);
    }
    Ok(())
}

fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid Argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A PHC-format Argon2id hash with a random salt.
pub fn hash_blocking(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .expect("Argon2 accepts any password with valid parameters")
        .to_string()
}

/// Whether `password` matches `hash`. A malformed hash never matches, nor
/// does a password longer than any the policy accepts (it is not hashed).
pub fn verify_blocking(password: &str, hash: &str) -> bool {
    if password.chars().count() > crate::ssr::limits::PASSWORD {
        return false;
    }
    match PasswordHash::new(hash) {
        Ok(parsed) => argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// How many hashes may run at once: the machine's cores.
pub fn concurrency_limit() -> usize {
    std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get)
}

static GATE: OnceLock<Semaphore> = OnceLock::new();
static RUNNING: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// The most hashes that have run at the same time since the process began
/// (the cap at work, for tests and diagnostics).
pub fn peak_concurrency() -> usize {
    PEAK.load(Ordering::SeqCst)
}

/// Runs `work` on the blocking pool once a slot under the cap is free.
async fn gated<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let gate = GATE.get_or_init(|| Semaphore::new(concurrency_limit()));
    let _slot = gate.acquire().await.ok()?;
    let now = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
    PEAK.fetch_max(now, Ordering::SeqCst);
    let result = tokio::task::spawn_blocking(work).await.ok();
    RUNNING.fetch_sub(1, Ordering::SeqCst);
    result
}

/// [`hash_blocking`] on the blocking thread pool, under the cap.
pub async fn hash(password: String) -> String {
    gated(move || hash_blocking(&password))
        .await
        .expect("password hashing does not panic")
}

/// [`verify_blocking`] on the blocking thread pool, under the cap.
pub async fn verify(password: String, hash: String) -> bool {
    gated(move || verify_blocking(&password, &hash))
        .await
        .unwrap_or(false)
}

/// A random password for generated accounts: 20 characters from an alphabet
/// without look-alikes (no 0/O, 1/l/I), about 115 bits.
pub fn generate() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::thread_rng();
    (0..20)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_rejects_short_common_and_repeated() {
        assert_eq!(check_policy("short"), Err(PolicyError::TooShort));
        assert_eq!(check_policy("Password1234"), Err(PolicyError::TooCommon));
        assert_eq!(check_policy("aaaaaaaaaaaaaa"), Err(PolicyError::TooCommon));
        assert_eq!(check_policy("river-lamp-quiet-42"), Ok(()));
        // Twelve Thai characters are long enough even though they are 36 bytes.
        assert_eq!(check_policy("ผู้เสียหายทุกคน"), Ok(()));
        assert_eq!(check_policy("ผู้เสียหาย"), Err(PolicyError::TooShort));
        assert_eq!(
            check_policy(&"river-lamp ".repeat(100)),
            Err(PolicyError::TooLong)
        );
    }

    #[test]
    fn hashes_with_argon2id_and_verifies() {
        let hash = hash_blocking("river-lamp-quiet-42");
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(verify_blocking("river-lamp-quiet-42", &hash));
        assert!(!verify_blocking("river-lamp-quiet-43", &hash));
        assert!(!verify_blocking("river-lamp-quiet-42", "not a hash"));
        assert_ne!(hash, hash_blocking("river-lamp-quiet-42"), "salts differ");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn no_more_hashes_run_at_once_than_there_are_cores() {
        let hash = hash_blocking("river-lamp-quiet-42");
        let tasks: Vec<_> = (0..4 * concurrency_limit() + 2)
            .map(|_| tokio::spawn(verify("river-lamp-quiet-42".into(), hash.clone())))
            .collect();
        for task in tasks {
            assert!(task.await.unwrap());
        }
        let peak = peak_concurrency();
        assert!(peak >= 1 && peak <= concurrency_limit(), "{peak}");
    }

    #[test]
    fn generated_passwords_pass_the_policy() {
        let p = generate();
        assert_eq!(p.chars().count(), 20);
        assert_eq!(check_policy(&p), Ok(()));
        assert_ne!(p, generate());
    }
}
