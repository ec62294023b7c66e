//! The platform's Ed25519 signing keys, kept in the database so every
//! `lantern` process signs with the same key. The first is made when first
//! needed; the newest signs; every key stays published in the issuer
//! profile so credentials signed before a rotation still verify.

use super::credential::{self, issuer_id, key_method, public_key_multibase};
use super::store;
use crate::model::certificates::PublicCertificate;
use crate::ssr::db::{now, Db};
use ed25519_dalek::{SigningKey, VerifyingKey};
use serde_json::{json, Value};

pub struct Key {
    pub id: i64,
    pub signing: SigningKey,
}

/// The newest key, made now if there is none.
pub async fn current(db: &Db) -> Result<Key, sqlx::Error> {
    if let Some(key) = newest(db).await? {
        return Ok(key);
    }
    let seed: [u8; 32] = rand::random();
    let signing = SigningKey::from_bytes(&seed);
    store::insert_signing_key(db, signing.verifying_key().as_bytes(), &seed, now()).await?;
    // Two processes starting together may both have made one: the newest
    // wins for both, and the other stays published, harmlessly.
    newest(db).await?.ok_or_else(|| sqlx::Error::RowNotFound)
}

async fn newest(db: &Db) -> Result<Option<Key>, sqlx::Error> {
    let Some(row) = store::newest_signing_key(db).await? else {
        return Ok(None);
    };
    let seed: [u8; 32] = row
        .secret_key
        .try_into()
        .map_err(|_| sqlx::Error::Decode("a signing key is not 32 bytes".into()))?;
    Ok(Some(Key {
        id: row.id,
        signing: SigningKey::from_bytes(&seed),
    }))
}

/// Every published public key with its id, oldest first.
pub async fn public_keys(db: &Db) -> Result<Vec<(i64, VerifyingKey)>, sqlx::Error> {
    Ok(store::public_keys(db)
        .await?
        .into_iter()
        .filter_map(|row| {
            let key = VerifyingKey::from_bytes(&row.public_key.try_into().ok()?).ok()?;
            Some((row.id, key))
        })
        .collect())
}

/// The issuer profile at `/issuer.json`: who signs, and the public keys
/// (as Multikeys) that a verifier checks proofs against.
pub fn issuer_profile(base_url: &str, name: &str, keys: &[(i64, VerifyingKey)]) -> Value {
    let id = issuer_id(base_url);
    let methods: Vec<Value> = keys
        .iter()
        .map(|(key_id, key)| {
            json!({
                "id": key_method(base_url, *key_id),
                "type": "Multikey",
                "controller": id,
                "publicKeyMultibase": public_key_multibase(key),
            })
        })
        .collect();
    let assertion: Vec<String> = keys
        .iter()
        .map(|(key_id, _)| key_method(base_url, *key_id))
        .collect();
    json!({
        "@context": [
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            "https://w3id.org/security/multikey/v1"
        ],
        "id": id,
        "type": ["Profile"],
        "name": name,
        "url": base_url,
        "verificationMethod": methods,
        "assertionMethod": assertion,
    })
}

/// The public key a profile publishes under `method`, if any.
pub fn key_in_profile(profile: &Value, method: &str) -> Option<VerifyingKey> {
    profile
        .get("verificationMethod")?
        .as_array()?
        .iter()
        .find(|m| m.get("id").and_then(Value::as_str) == Some(method))?
        .get("publicKeyMultibase")?
        .as_str()
        .and_then(credential::public_key_from_multibase)
}

/// `certificate` as a signed credential, with the current key.
pub async fn signed_credential(
    db: &Db,
    certificate: &PublicCertificate,
    base_url: &str,
) -> Result<Value, sqlx::Error> {
    let course_slug = store::course_slug_of(db, &certificate.code).await?;
    let key = current(db).await?;
    Ok(credential::sign(
        credential::unsigned(certificate, &course_slug, base_url),
        &key.signing,
        &key_method(base_url, key.id),
        certificate.issued_at,
    ))
}
