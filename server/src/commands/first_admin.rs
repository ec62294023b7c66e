//! Makes sure a fresh installation can be administered: when no enabled
//! administrator exists, `lantern serve` creates one from
//! `LANTERN_ADMIN_EMAIL` / `LANTERN_ADMIN_PASSWORD`, generating the password
//! if none is given. A generated password is shown once, on the operator's
//! terminal (`/dev/tty`) — never on standard output or in the logs, which a
//! service manager collects into a journal that others can read.

use super::CommandError;
use app::i18n::Locale;
use app::model::roles::Role;
use app::ssr::{db::Db, passwords, users};

pub const DEFAULT_EMAIL: &str = "admin@lantern.local";

/// What happened, so the caller can tell the operator.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    AlreadyPresent,
    Created {
        email: String,
        generated_password: Option<String>,
    },
}

pub async fn ensure(
    db: &Db,
    email: Option<String>,
    password: Option<String>,
) -> Result<Outcome, CommandError> {
    if users::count_admins(db)
        .await
        .map_err(|e| CommandError::Db(e.into()))?
        > 0
    {
        return Ok(Outcome::AlreadyPresent);
    }
    let email = email.unwrap_or_else(|| DEFAULT_EMAIL.to_string());
    let (password, generated) = match password {
        Some(p) => (p, false),
        None => (passwords::generate(), true),
    };
    users::create(
        db,
        users::NewUser {
            email: email.clone(),
            username: None,
            name: "Administrator".into(),
            name_latin: None,
            roles: vec![Role::Admin],
            organisation_slug: None,
            preferred_language: Locale::En,
            password: password.clone(),
            created_by: None,
            position: None,
            province: None,
        },
    )
    .await?;
    Ok(Outcome::Created {
        email: email.trim().to_lowercase(),
        generated_password: generated.then_some(password),
    })
}

/// Shows a generated password once on `terminal`; `false` (and nothing
/// written anywhere) when there is no terminal to show it on.
pub fn show_once(terminal: Option<&mut dyn std::io::Write>, email: &str, password: &str) -> bool {
    let Some(terminal) = terminal else {
        return false;
    };
    writeln!(
        terminal,
        "\nFirst administrator created.\n  e-mail:   {email}\n  password: {password}\n\
         This password is shown only now. Sign in and change it.\n"
    )
    .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_is_shown_on_the_terminal_or_nowhere() {
        let mut terminal = Vec::new();
        assert!(show_once(
            Some(&mut terminal),
            "a@b.org",
            "secret-words-here"
        ));
        let shown = String::from_utf8(terminal).unwrap();
        assert!(shown.contains("secret-words-here") && shown.contains("a@b.org"));
        assert!(!show_once(None, "a@b.org", "secret-words-here"));
    }
    use app::ssr::testing::TestDb;

    #[tokio::test]
    async fn creates_once_and_generates_a_password() {
        let t = TestDb::sqlite().await;
        let first = ensure(&t.db, None, None).await.unwrap();
        let Outcome::Created {
            email,
            generated_password: Some(p),
        } = first
        else {
            panic!("expected a generated password, got {first:?}")
        };
        assert_eq!(email, DEFAULT_EMAIL);
        assert_eq!(p.len(), 20);
        assert_eq!(
            ensure(&t.db, None, None).await.unwrap(),
            Outcome::AlreadyPresent
        );
    }

    #[tokio::test]
    async fn uses_the_given_credentials_and_checks_the_policy() {
        let t = TestDb::sqlite().await;
        let weak = ensure(&t.db, Some("boss@example.org".into()), Some("short".into())).await;
        assert!(weak.unwrap_err().to_string().contains("at least 12"));
        let ok = ensure(
            &t.db,
            Some("Boss@Example.org".into()),
            Some("river-lamp-quiet-42".into()),
        )
        .await
        .unwrap();
        assert_eq!(
            ok,
            Outcome::Created {
                email: "boss@example.org".into(),
                generated_password: None
            }
        );
    }
}
