//! The signed credential: a certificate as an Open Badges 3.0
//! `OpenBadgeCredential`, secured with a W3C Data Integrity proof using the
//! `eddsa-jcs-2022` cryptosuite (Ed25519 over JSON Canonicalization Scheme
//! hashes), so anyone holding the issuer's public key can check it offline
//! with standard tools.
//!
//! Left out on purpose: `credentialStatus` (revocation lists; the verify
//! page is the live status), `credentialSchema`, images and evidence, and
//! the RDF-canonicalised `eddsa-rdfc-2022` suite (JCS needs no JSON-LD
//! processor, which no well-kept Rust crate provides).

use crate::dates::format_rfc3339;
use crate::model::certificates::PublicCertificate;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

pub const CONTEXT: [&str; 2] = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
];
pub const CRYPTOSUITE: &str = "eddsa-jcs-2022";

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum CredentialError {
    #[error("the document has no Data Integrity proof")]
    NoProof,
    #[error("the proof is not an {CRYPTOSUITE} DataIntegrityProof")]
    UnsupportedProof,
    #[error("the proof value is not a base58btc multibase Ed25519 signature")]
    MalformedSignature,
    #[error("the signature does not match: the document was changed or signed by another key")]
    BadSignature,
}

/// Where the issuer's profile and public keys are published.
pub fn issuer_id(base_url: &str) -> String {
    format!("{base_url}{}", crate::paths::ISSUER)
}

/// The verification method id of signing key `key_id`.
pub fn key_method(base_url: &str, key_id: i64) -> String {
    format!("{}#key-{key_id}", issuer_id(base_url))
}

/// The unsigned credential for `certificate` of course `course_slug`.
pub fn unsigned(certificate: &PublicCertificate, course_slug: &str, base_url: &str) -> Value {
    // An anonymised holder's certificate names no one.
    let mut identifiers: Vec<Value> = [certificate.holder_name.as_str()]
        .into_iter()
        .filter(|n| !n.is_empty())
        .map(identity)
        .collect();
    if let Some(latin) = certificate
        .holder_name_latin
        .as_deref()
        .filter(|l| !l.is_empty() && *l != certificate.holder_name)
    {
        identifiers.push(identity(latin));
    }
    let hours = (certificate.minutes as f64 / 60.0 * 10.0).round() / 10.0;
    let mut doc = json!({
        "@context": CONTEXT,
        "id": format!("{base_url}{}", crate::paths::verify(&certificate.code)),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": issuer_id(base_url),
            "type": ["Profile"],
            "name": certificate.issuer,
            "url": base_url,
        },
        "validFrom": format_rfc3339(certificate.issued_at),
        "name": certificate.course_title,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": identifiers,
            "achievement": {
                "id": format!("{base_url}{}", crate::paths::course(course_slug)),
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": certificate.course_title,
                "description": format!(
                    "Completion of the course \"{}\" ({hours} hours of study).",
                    certificate.course_title
                ),
                "criteria": {
                    "narrative": "Studied every module of the course and passed its final assessment where it has one."
                },
                "inLanguage": certificate.language,
                "humanCode": certificate.code,
            },
        },
    });
    if let Some(expires) = certificate.expires_at {
        doc["validUntil"] = json!(format_rfc3339(expires));
    }
    doc
}

fn identity(name: &str) -> Value {
    json!({
        "type": "IdentityObject",
        "identityHash": name,
        "identityType": "name",
        "hashed": false,
    })
}

/// Adds an `eddsa-jcs-2022` proof made with `key`, published as `method`.
/// `created` is fixed by the caller (the issue date), so signing the same
/// certificate with the same key always gives the same document.
pub fn sign(mut doc: Value, key: &SigningKey, method: &str, created: i64) -> Value {
    let mut proof = json!({
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": format_rfc3339(created),
        "verificationMethod": method,
        "proofPurpose": "assertionMethod",
    });
    let signature = key.sign(&signed_hash(&doc, &proof));
    proof["proofValue"] = json!(multibase(&signature.to_bytes()));
    doc["proof"] = proof;
    doc
}

/// The key id the proof names (its `verificationMethod`).
pub fn method_of(doc: &Value) -> Option<&str> {
    doc.get("proof")?.get("verificationMethod")?.as_str()
}

/// Checks `doc`'s proof against `key`.
pub fn verify(doc: &Value, key: &VerifyingKey) -> Result<(), CredentialError> {
    let Value::Object(fields) = doc else {
        return Err(CredentialError::NoProof);
    };
    let mut unsigned: Map<String, Value> = fields.clone();
    let Some(Value::Object(mut proof)) = unsigned.remove("proof") else {
        return Err(CredentialError::NoProof);
    };
    if proof.get("type").and_then(Value::as_str) != Some("DataIntegrityProof")
        || proof.get("cryptosuite").and_then(Value::as_str) != Some(CRYPTOSUITE)
    {
        return Err(CredentialError::UnsupportedProof);
    }
    let value = proof
        .remove("proofValue")
        .and_then(|v| v.as_str().map(str::to_string))
        .ok_or(CredentialError::MalformedSignature)?;
    let bytes = from_multibase(&value).ok_or(CredentialError::MalformedSignature)?;
    let signature =
        Signature::from_slice(&bytes).map_err(|_| CredentialError::MalformedSignature)?;
    key.verify_strict(
        &signed_hash(&Value::Object(unsigned), &Value::Object(proof)),
        &signature,
    )
    .map_err(|_| CredentialError::BadSignature)
}

/// What is signed (vc-di-eddsa, `eddsa-jcs-2022`): the SHA-256 of the
/// canonical proof options (carrying the document's `@context`) followed by
/// the SHA-256 of the canonical document without its proof.
fn signed_hash(doc: &Value, proof_options: &Value) -> Vec<u8> {
    let mut options = proof_options.clone();
    if let Some(context) = doc.get("@context") {
        options["@context"] = context.clone();
    }
    let mut hash = Sha256::digest(canonical(&options).as_bytes()).to_vec();
    hash.extend_from_slice(&Sha256::digest(canonical(doc).as_bytes()));
    hash
}

/// JSON Canonicalization Scheme (RFC 8785) for the values a credential
/// holds: members sorted by their UTF-16 code units, no white space,
/// strings escaped as ECMAScript does (serde_json escapes alike). Numbers
/// are integers here; RFC 8785's float rules are not needed.
pub fn canonical(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut members: Vec<(&String, &Value)> = map.iter().collect();
            members.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
            out.push('{');
            for (i, (key, member)) in members.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_canonical(member, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// Multibase base58btc: `z` and the base58 (Bitcoin alphabet) digits.
pub fn multibase(bytes: &[u8]) -> String {
    format!("z{}", bs58::encode(bytes).into_string())
}

pub fn from_multibase(text: &str) -> Option<Vec<u8>> {
    bs58::decode(text.strip_prefix('z')?).into_vec().ok()
}

/// An Ed25519 public key as a Multikey's `publicKeyMultibase`: the
/// multicodec prefix 0xed 0x01, then the key (these begin `z6Mk`).
pub fn public_key_multibase(key: &VerifyingKey) -> String {
    let mut bytes = vec![0xed, 0x01];
    bytes.extend_from_slice(key.as_bytes());
    multibase(&bytes)
}

pub fn public_key_from_multibase(text: &str) -> Option<VerifyingKey> {
    let bytes = from_multibase(text)?;
    let key: [u8; 32] = bytes.strip_prefix(&[0xed, 0x01])?.try_into().ok()?;
    VerifyingKey::from_bytes(&key).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn certificate() -> PublicCertificate {
        PublicCertificate {
            code: "LNT-7K3F-9QX2-M4TD-HW8B-R".into(),
            holder_name: "สมชาย ใจดี".into(),
            holder_name_latin: Some("Somchai Jaidee".into()),
            course_title: "Protection-oriented identification".into(),
            language: "en".into(),
            minutes: 150,
            issuer: "Lantern".into(),
            issued_at: 1_795_910_400,
            expires_at: Some(1_859_068_800),
            renews: None,
            renewed_by: None,
        }
    }

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    fn signed() -> Value {
        let doc = unsigned(
            &certificate(),
            "identification",
            "https://lantern.example.org",
        );
        sign(
            doc,
            &key(7),
            "https://lantern.example.org/issuer.json#key-1",
            1_795_910_400,
        )
    }

    #[test]
    fn has_the_open_badges_required_fields() {
        let doc = signed();
        assert_eq!(doc["@context"][0], "https://www.w3.org/ns/credentials/v2");
        assert_eq!(doc["type"][1], "OpenBadgeCredential");
        assert_eq!(doc["issuer"]["type"][0], "Profile");
        assert_eq!(doc["validFrom"], "2026-11-29T00:00:00Z");
        assert_eq!(doc["validUntil"], "2028-11-29T00:00:00Z");
        let subject = &doc["credentialSubject"];
        assert_eq!(subject["identifier"][0]["identityHash"], "สมชาย ใจดี");
        assert_eq!(subject["identifier"][1]["identityHash"], "Somchai Jaidee");
        for field in ["id", "type", "name", "description", "criteria"] {
            assert!(
                !subject["achievement"][field].is_null(),
                "achievement lacks {field}"
            );
        }
        assert_eq!(doc["proof"]["cryptosuite"], "eddsa-jcs-2022");
        assert!(doc["proof"]["proofValue"]
            .as_str()
            .unwrap()
            .starts_with('z'));
    }

    #[test]
    fn a_signed_credential_verifies_and_any_change_breaks_it() {
        let doc = signed();
        let public = key(7).verifying_key();
        assert_eq!(verify(&doc, &public), Ok(()));
        // Re-serialised with other spacing and member order: still valid.
        let reparsed: Value =
            serde_json::from_str(&serde_json::to_string_pretty(&doc).unwrap()).unwrap();
        assert_eq!(verify(&reparsed, &public), Ok(()));

        let mut renamed = doc.clone();
        renamed["credentialSubject"]["identifier"][0]["identityHash"] = json!("สมชาย ใจร้าย");
        assert_eq!(
            verify(&renamed, &public),
            Err(CredentialError::BadSignature)
        );
        let mut extended = doc.clone();
        extended["validUntil"] = json!("2099-01-01T00:00:00Z");
        assert_eq!(
            verify(&extended, &public),
            Err(CredentialError::BadSignature)
        );
        let mut redated = doc.clone();
        redated["proof"]["created"] = json!("2020-01-01T00:00:00Z");
        assert_eq!(
            verify(&redated, &public),
            Err(CredentialError::BadSignature)
        );
        assert_eq!(
            verify(&doc, &key(8).verifying_key()),
            Err(CredentialError::BadSignature),
            "another key's signature is refused"
        );
        let mut garbled = doc.clone();
        garbled["proof"]["proofValue"] = json!("z0OIl");
        assert_eq!(
            verify(&garbled, &public),
            Err(CredentialError::MalformedSignature)
        );
        let mut bare = doc;
        bare.as_object_mut().unwrap().remove("proof");
        assert_eq!(verify(&bare, &public), Err(CredentialError::NoProof));
    }

    #[test]
    fn canonical_json_sorts_members_and_drops_white_space() {
        let value: Value =
            serde_json::from_str(r#"{ "b": [1, {"z": null, "a": true}], "a": "x\n\u00e9" }"#)
                .unwrap();
        assert_eq!(
            canonical(&value),
            "{\"a\":\"x\\né\",\"b\":[1,{\"a\":true,\"z\":null}]}"
        );
    }

    #[test]
    fn public_keys_round_trip_as_multikeys() {
        let public = key(7).verifying_key();
        let text = public_key_multibase(&public);
        assert!(text.starts_with("z6Mk"), "{text}");
        assert_eq!(public_key_from_multibase(&text), Some(public));
        assert_eq!(public_key_from_multibase("z6Mk"), None);
    }
}
