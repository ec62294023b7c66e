//! `lantern verify-credential FILE --issuer ISSUER`: checks a certificate's
//! signed credential (`/verify/{id}.json`) offline against a saved copy of
//! the issuer profile (`/issuer.json`) — how a ministry checks certificates
//! without reaching the Lantern server. Needs no database.

use super::CommandError;
use app::ssr::certificates::{credential, signing};
use serde_json::Value;
use std::path::Path;

fn read_json(path: &Path) -> Result<Value, CommandError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        let message = format!("{}: {e}", path.display());
        if e.kind() == std::io::ErrorKind::NotFound {
            CommandError::NotFound(message)
        } else {
            CommandError::Input(message)
        }
    })?;
    serde_json::from_str(&text)
        .map_err(|e| CommandError::Input(format!("{}: not JSON: {e}", path.display())))
}

/// What is printed for a credential that verifies.
pub fn check(doc: &Value, profile: &Value) -> Result<String, CommandError> {
    let method = credential::method_of(doc)
        .ok_or_else(|| CommandError::CheckFailed("the credential has no proof".into()))?;
    let key = signing::key_in_profile(profile, method).ok_or_else(|| {
        CommandError::CheckFailed(format!(
            "the issuer profile does not publish the signing key {method}"
        ))
    })?;
    credential::verify(doc, &key).map_err(|e| CommandError::CheckFailed(e.to_string()))?;
    let text = |v: &Value| v.as_str().unwrap_or("?").to_string();
    Ok(format!(
        "valid signature: {} ({}), holder {}, issued {} by {}; key {method}",
        text(&doc["name"]),
        text(&doc["credentialSubject"]["achievement"]["humanCode"]),
        text(&doc["credentialSubject"]["identifier"][0]["identityHash"]),
        text(&doc["validFrom"]),
        text(&doc["issuer"]["name"]),
    ))
}

pub fn run(file: &Path, issuer: &Path) -> Result<(), CommandError> {
    println!("{}", check(&read_json(file)?, &read_json(issuer)?)?);
    println!("The signature shows the credential is unchanged since it was issued. Whether it has been revoked since is shown on its verification page.");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::model::certificates::PublicCertificate;
    use ed25519_dalek::SigningKey;

    #[test]
    fn checks_against_the_saved_profile() {
        let base = "https://lantern.example.org";
        let key = SigningKey::from_bytes(&[3; 32]);
        let certificate = PublicCertificate {
            code: "LNT-7K3F-9QX2-M4TD-HW8B-R".into(),
            holder_name: "ស្រីពៅ".into(),
            holder_name_latin: None,
            course_title: "Trauma-informed care".into(),
            language: "en".into(),
            minutes: 60,
            issuer: "Lantern".into(),
            issued_at: 1_795_910_400,
            expires_at: None,
            renews: None,
            renewed_by: None,
        };
        let doc = credential::sign(
            credential::unsigned(&certificate, "care", base),
            &key,
            &credential::key_method(base, 2),
            certificate.issued_at,
        );
        let profile = signing::issuer_profile(base, "Lantern", &[(2, key.verifying_key())]);
        let said = check(&doc, &profile).unwrap();
        assert!(said.contains("ស្រីពៅ") && said.contains("LNT-7K3F"), "{said}");
        let other = signing::issuer_profile(base, "Lantern", &[(1, key.verifying_key())]);
        assert!(
            check(&doc, &other).is_err(),
            "an unpublished key id is refused"
        );
        let mut forged = doc.clone();
        forged["validFrom"] = serde_json::json!("2020-01-01T00:00:00Z");
        assert!(check(&forged, &profile).is_err());
    }
}
