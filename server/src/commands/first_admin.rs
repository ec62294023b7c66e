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

/// Several `lantern serve` processes starting at once on one fresh
/// PostgreSQL database all find no administrator; one creates it and the
/// others, refused the same address, find it there and carry on.
pub async fn ensure(
    db: &Db,
    email: Option<String>,
    password: Option<String>,
) -> Result<Outcome, CommandError> {
    if admins(db).await? > 0 {
        return Ok(Outcome::AlreadyPresent);
    }
    let email = email.unwrap_or_else(|| DEFAULT_EMAIL.to_string());
    let (password, generated) = match password {
        Some(p) => (p, false),
        None => (passwords::generate(), true),
    };
    let created = users::create(
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
    .await;
    match created {
        Err(users::UserError::DuplicateEmail(_)) if admins(db).await? > 0 => {
            return Ok(Outcome::AlreadyPresent)
        }
        other => other?,
    };
    Ok(Outcome::Created {
        email: email.trim().to_lowercase(),
        generated_password: generated.then_some(password),
    })
}

async fn admins(db: &Db) -> Result<i64, CommandError> {
    users::count_admins(db)
        .await
        .map_err(|e| CommandError::Db(e.into()))
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

    /// Two processes starting at once on one database: one creates the
    /// administrator, the other finds it; neither fails.
    #[tokio::test]
    async fn two_processes_starting_at_once_make_one_administrator() {
        for t in [Some(TestDb::sqlite().await), TestDb::postgres().await]
            .into_iter()
            .flatten()
        {
            let other = t.another_process().await;
            let (a, b) = tokio::join!(ensure(&t.db, None, None), ensure(&other, None, None));
            let mut outcomes = [a.unwrap(), b.unwrap()];
            outcomes.sort_by_key(|o| matches!(o, Outcome::AlreadyPresent));
            assert!(
                matches!(outcomes[0], Outcome::Created { .. }),
                "{outcomes:?}"
            );
            assert_eq!(outcomes[1], Outcome::AlreadyPresent);
            assert_eq!(users::count_admins(&t.db).await.unwrap(), 1);
        }
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
