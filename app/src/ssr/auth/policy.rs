//! Who may see and change whose account. Plain rules over roles and
//! organisations, used by every page, server function and form handler that
//! touches another person's account — the route table only decides who may
//! enter a section, these decide what they may do inside it.
//!
//! - An **admin** sees and manages everyone.
//! - A **trainer** runs workshops across organisations: they see, create and
//!   issue reset links for trainee-only accounts, and nothing more (so a
//!   trainer can never take over a trainer's or an admin's account).
//! - A **ministry** user sees, read-only, the people of their organisation
//!   and everything below it.

use crate::model::roles::Role;

/// Whose accounts an actor may see.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PeopleScope {
    pub everyone: bool,
    /// Accounts whose only role is trainee, in any organisation.
    pub trainees: bool,
    /// Accounts in these organisations (a ministry user's subtree).
    pub organisations: Vec<i64>,
}

impl PeopleScope {
    /// The scope of an actor with `roles`; `subtree` is their organisation
    /// and everything below it (used for the ministry role). `None` when
    /// they may see no one's account.
    pub fn of(roles: &[Role], subtree: &[i64]) -> Option<PeopleScope> {
        let scope = PeopleScope {
            everyone: roles.contains(&Role::Admin),
            trainees: roles.contains(&Role::Trainer),
            organisations: if roles.contains(&Role::Ministry) {
                subtree.to_vec()
            } else {
                Vec::new()
            },
        };
        (scope.everyone || scope.trainees || !scope.organisations.is_empty()).then_some(scope)
    }

    /// Whether an account with `roles` in `organisation` is in scope.
    pub fn covers(&self, roles: &[Role], organisation: Option<i64>) -> bool {
        self.everyone
            || (self.trainees && is_trainee_only(roles))
            || organisation.is_some_and(|o| self.organisations.contains(&o))
    }
}

/// An account holding the trainee role and no other.
pub fn is_trainee_only(roles: &[Role]) -> bool {
    !roles.is_empty() && roles.iter().all(|r| *r == Role::Trainee)
}

/// Whether an actor may create an account holding `new_roles`.
pub fn may_create(actor: &[Role], new_roles: &[Role]) -> bool {
    actor.contains(&Role::Admin) || (actor.contains(&Role::Trainer) && is_trainee_only(new_roles))
}

/// Whether an actor may create accounts at all (shows the form).
pub fn may_create_any(actor: &[Role]) -> bool {
    actor.contains(&Role::Admin) || actor.contains(&Role::Trainer)
}

/// Whether an actor may edit profiles, roles and organisations, disable,
/// enable and anonymise accounts, and manage the organisation tree.
pub fn may_administer(actor: &[Role]) -> bool {
    actor.contains(&Role::Admin)
}

/// Whether an actor may issue a password reset link for an account with
/// `target` roles.
pub fn may_reset(actor: &[Role], target: &[Role]) -> bool {
    actor.contains(&Role::Admin) || (actor.contains(&Role::Trainer) && is_trainee_only(target))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Role::*;

    #[test]
    fn trainees_see_no_one() {
        assert_eq!(PeopleScope::of(&[Trainee], &[1, 2]), None);
    }

    #[test]
    fn admins_see_everyone() {
        let scope = PeopleScope::of(&[Admin], &[]).unwrap();
        assert!(scope.covers(&[Admin], None));
        assert!(scope.covers(&[Trainee], Some(9)));
    }

    #[test]
    fn trainers_see_trainee_only_accounts_anywhere() {
        let scope = PeopleScope::of(&[Trainer], &[]).unwrap();
        assert!(scope.covers(&[Trainee], Some(9)));
        assert!(scope.covers(&[Trainee], None));
        assert!(!scope.covers(&[Trainee, Trainer], Some(9)));
        assert!(!scope.covers(&[Admin], None));
        assert!(!scope.covers(&[], None));
    }

    #[test]
    fn ministry_users_see_their_subtree_only() {
        let scope = PeopleScope::of(&[Ministry], &[1, 2, 3]).unwrap();
        assert!(scope.covers(&[Trainee], Some(2)));
        assert!(scope.covers(&[Trainer, Admin], Some(3)));
        assert!(!scope.covers(&[Trainee], Some(4)));
        assert!(!scope.covers(&[Trainee], None));
        // A ministry user without an organisation sees nobody.
        assert_eq!(PeopleScope::of(&[Ministry], &[]), None);
    }

    #[test]
    fn roles_combine() {
        let scope = PeopleScope::of(&[Trainer, Ministry], &[5]).unwrap();
        assert!(scope.covers(&[Trainee], Some(1)));
        assert!(scope.covers(&[Trainer], Some(5)));
        assert!(!scope.covers(&[Trainer], Some(1)));
    }

    #[test]
    fn only_admins_grant_more_than_trainee() {
        assert!(may_create(&[Admin], &[Admin, Trainer]));
        assert!(may_create(&[Trainer], &[Trainee]));
        assert!(!may_create(&[Trainer], &[Trainee, Trainer]));
        assert!(!may_create(&[Ministry], &[Trainee]));
        assert!(!may_create(&[Trainee], &[Trainee]));
        assert!(may_create_any(&[Trainer]) && !may_create_any(&[Ministry]));
    }

    #[test]
    fn resets_and_administration() {
        assert!(may_reset(&[Admin], &[Admin]));
        assert!(may_reset(&[Trainer], &[Trainee]));
        assert!(!may_reset(&[Trainer], &[Trainer]));
        assert!(!may_reset(&[Trainer], &[Trainee, Admin]));
        assert!(!may_reset(&[Ministry], &[Trainee]));
        assert!(may_administer(&[Admin]));
        assert!(!may_administer(&[Trainer, Ministry, Trainee]));
    }
}
