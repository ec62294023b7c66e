//! The signed-in user and the one place that decides what they may do.

use crate::model::roles::Role;
use crate::viewer::Viewer;

/// The user behind a request, loaded from their session by the server's
/// session middleware and put in the request's extensions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurrentUser {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub roles: Vec<Role>,
    pub organisation_id: Option<i64>,
    /// The hash of the session token, so the session can end itself.
    pub session: String,
}

impl CurrentUser {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn viewer(&self) -> Viewer {
        Viewer {
            name: self.name.clone(),
            roles: self.roles.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccessError {
    /// No session: the response is "sign in" (401 or a redirect to /login).
    #[error("sign in to continue")]
    SignInRequired,
    /// Signed in, but not allowed (403).
    #[error("you do not have access to this")]
    Forbidden,
}

/// The signed-in user, or [`AccessError::SignInRequired`].
pub fn signed_in(user: Option<&CurrentUser>) -> Result<&CurrentUser, AccessError> {
    user.ok_or(AccessError::SignInRequired)
}

/// The signed-in user if they hold any of `roles`.
pub fn require_any<'a>(
    user: Option<&'a CurrentUser>,
    roles: &[Role],
) -> Result<&'a CurrentUser, AccessError> {
    let user = signed_in(user)?;
    if roles.iter().any(|r| user.has(*r)) {
        Ok(user)
    } else {
        Err(AccessError::Forbidden)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(roles: &[Role]) -> CurrentUser {
        CurrentUser {
            id: 1,
            email: "a@b.org".into(),
            name: "A".into(),
            roles: roles.to_vec(),
            organisation_id: None,
            session: "x".into(),
        }
    }

    #[test]
    fn anonymous_must_sign_in_and_roles_are_checked() {
        assert_eq!(
            require_any(None, &[Role::Trainee]),
            Err(AccessError::SignInRequired)
        );
        let trainee = user(&[Role::Trainee]);
        assert!(require_any(Some(&trainee), &[Role::Trainee, Role::Admin]).is_ok());
        assert_eq!(
            require_any(Some(&trainee), &[Role::Admin]),
            Err(AccessError::Forbidden)
        );
        assert_eq!(
            require_any(Some(&trainee), &[]),
            Err(AccessError::Forbidden)
        );
    }
}
