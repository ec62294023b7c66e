//! Certificates: the identifier format ([`code`]), issuing on completion
//! ([`issue`]), what a verification shows ([`verify`]), revocation
//! ([`revoke`]), when one may be renewed ([`renewal`]), and the signed Open Badges credential ([`credential`],
//! keys in [`signing`]). The PDF is the
//! server's (`server/src/certificates/`).

pub mod batch;
pub mod code;
pub mod credential;
pub mod download;
pub mod issue;
pub mod record;
pub mod renewal;
pub mod revoke;
pub mod signing;
pub mod store;
pub mod verify;

#[cfg(test)]
mod tests;
