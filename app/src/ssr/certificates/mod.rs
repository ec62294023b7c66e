//! Certificates: the identifier format ([`code`]), issuing on completion
//! ([`issue`]), and what a verification shows ([`verify`]). The PDF is the
//! server's (`server/src/certificates/`).

pub mod code;
pub mod download;
pub mod issue;
pub mod verify;

#[cfg(test)]
mod tests;
