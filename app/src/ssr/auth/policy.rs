//! Who may see and change whose account — the one place that decides it.
//! Every list, page, form post, server function, download and export that
//! touches another person's account asks a [`PeopleScope`]; the route table
//! only decides who may enter a section, these decide what they may do
//! inside it, object by object.
//!
//! - An **admin** sees and manages everyone.
//! - A **trainer** manages (lists, views, creates, resets, downloads the
//!   certificates of, builds ZIPs for) accounts that are trainees and
//!   nothing more, in the trainer's own organisation and the organisations
//!   below it. Never a trainer's, ministry user's or admin's account, never
//!   another organisation's trainee; a trainer without an organisation
//!   manages no one until an admin sets one.
//! - A **ministry** user reads, never changes, every account of their
//!   organisation and everything below it — never upward or sideways.
//!
//! Roles combine: a trainer who is also a ministry user reads their
//! ministry's subtree and manages the trainees of their own.
//!
//! Cohorts belong to an organisation and follow the same tree: seen by
//! whoever sees its people, created and changed by admins and the trainers
//! whose subtree holds it; their members are accounts the actor manages.

use crate::model::roles::Role;
use crate::ssr::db::filter::Filter;

/// Whose accounts an actor may see and manage.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PeopleScope {
    pub everyone: bool,
    /// Trainee-only accounts in these organisations may be managed (a
    /// trainer's subtree).
    pub trainees_in: Vec<i64>,
    /// Any account in these organisations may be read (a ministry user's
    /// subtree).
    pub readable_in: Vec<i64>,
}

impl PeopleScope {
    /// The scope of an actor with `roles` whose organisation's subtree is
    /// `subtree` (empty without an organisation). `None` when they may see
    /// no one's account.
    pub fn of(roles: &[Role], subtree: &[i64]) -> Option<PeopleScope> {
        let scope = PeopleScope {
            everyone: roles.contains(&Role::Admin),
            trainees_in: if roles.contains(&Role::Trainer) {
                subtree.to_vec()
            } else {
                Vec::new()
            },
            readable_in: if roles.contains(&Role::Ministry) {
                subtree.to_vec()
            } else {
                Vec::new()
            },
        };
        (scope.everyone || !scope.trainees_in.is_empty() || !scope.readable_in.is_empty())
            .then_some(scope)
    }

    /// Whether an account with `roles` in `organisation` may be seen (its
    /// page, its certificates, its place in a list or a ZIP).
    pub fn covers(&self, roles: &[Role], organisation: Option<i64>) -> bool {
        self.manages(roles, organisation)
            || organisation.is_some_and(|o| self.readable_in.contains(&o))
    }

    /// Whether an account with `roles` in `organisation` may be managed:
    /// given a set-up or reset link, created.
    pub fn manages(&self, roles: &[Role], organisation: Option<i64>) -> bool {
        self.everyone
            || (is_trainee_only(roles)
                && organisation.is_some_and(|o| self.trainees_in.contains(&o)))
    }

    /// Whether an account holding `roles` may be created in `organisation`.
    pub fn may_create(&self, roles: &[Role], organisation: Option<i64>) -> bool {
        self.manages(roles, organisation)
    }

    /// The organisations this actor may see in the tree and pick in forms;
    /// `None` for all of them.
    pub fn organisations(&self) -> Option<Vec<i64>> {
        if self.everyone {
            return None;
        }
        let mut ids: Vec<i64> = self
            .trainees_in
            .iter()
            .chain(&self.readable_in)
            .copied()
            .collect();
        ids.sort_unstable();
        ids.dedup();
        Some(ids)
    }

    /// Whether a cohort of `organisation` may be seen — listed, opened,
    /// chosen as a report filter: by whoever sees that organisation's
    /// people (its trainers and ministry users above it, admins).
    pub fn sees_cohort(&self, organisation: i64) -> bool {
        self.everyone
            || self.trainees_in.contains(&organisation)
            || self.readable_in.contains(&organisation)
    }

    /// Whether a cohort of `organisation` may be created or changed: by
    /// admins, and by trainers whose subtree holds it. Ministry users read
    /// cohorts, never change them.
    pub fn manages_cohort(&self, organisation: i64) -> bool {
        self.everyone || self.trainees_in.contains(&organisation)
    }

    /// Whether an account with `roles` in `organisation` may be named a
    /// cohort's trainer by this actor: any trainer for an admin; for a
    /// trainer, a trainer of their own subtree (a colleague, never someone
    /// of another organisation, whose existence they may not probe).
    pub fn may_name_cohort_trainer(&self, roles: &[Role], organisation: Option<i64>) -> bool {
        roles.contains(&Role::Trainer)
            && (self.everyone || organisation.is_some_and(|o| self.trainees_in.contains(&o)))
    }

    /// Restricts a query over accounts (`rows` says which columns hold an
    /// account's organisation and whether it is trainee-only) to the
    /// accounts this scope covers — the same rule as
    /// [`PeopleScope::covers`], in SQL, so a list, a count or an export can
    /// never show more than a page would.
    pub fn restrict(&self, f: &mut Filter, rows: &Rows) {
        if self.everyone {
            return;
        }
        let Rows {
            organisation,
            trainee_only,
        } = rows;
        let mut any = Vec::new();
        if !self.trainees_in.is_empty() {
            let ids = f.bind_ids(&self.trainees_in);
            any.push(format!("({trainee_only} AND {organisation} IN ({ids}))"));
        }
        if !self.readable_in.is_empty() {
            let ids = f.bind_ids(&self.readable_in);
            any.push(format!("{organisation} IN ({ids})"));
        }
        if any.is_empty() {
            f.and("1 = 0");
        } else {
            f.and(format!("({})", any.join(" OR ")));
        }
    }
}

/// How a query's rows name an account's organisation and say whether the
/// account is trainee-only: the two facts [`PeopleScope::restrict`] decides
/// by.
#[derive(Clone, Copy, Debug)]
pub struct Rows {
    pub organisation: &'static str,
    pub trainee_only: &'static str,
}

/// Accounts themselves (`users u`).
pub const ACCOUNTS: Rows = Rows {
    organisation: "u.organisation_id",
    trainee_only: TRAINEE_ONLY,
};

/// Accounts (`users u`) with exactly the trainee role.
const TRAINEE_ONLY: &str =
    "(EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = 'trainee')
  AND NOT EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role <> 'trainee'))";

/// Report rows (`course_standings s`), which carry a copy of their
/// trainee's organisation and roles (kept by the database: migration 0016).
pub const STANDINGS: Rows = Rows {
    organisation: "s.organisation_id",
    trainee_only: "s.trainee_only = 1",
};

/// An account holding the trainee role and no other.
pub fn is_trainee_only(roles: &[Role]) -> bool {
    !roles.is_empty() && roles.iter().all(|r| *r == Role::Trainee)
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

/// Whether an actor may open the authoring section at all: trainers write
/// courses, admins run them. What they may change inside is
/// [`edits_course`], course by course.
pub fn may_author(actor: &[Role]) -> bool {
    actor.contains(&Role::Admin) || actor.contains(&Role::Trainer)
}

/// Whether an actor may change a course — its drafts, publication,
/// approval, rollback, editors: admins, and the trainers named its
/// editors. Courses are shared by every organisation, so the rule is who
/// was trusted with this course, not whose organisation it is.
pub fn edits_course(actor: &[Role], is_editor: bool) -> bool {
    actor.contains(&Role::Admin) || (actor.contains(&Role::Trainer) && is_editor)
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
    fn admins_see_and_manage_everyone() {
        let scope = PeopleScope::of(&[Admin], &[]).unwrap();
        assert!(scope.covers(&[Admin], None));
        assert!(scope.manages(&[Trainee], Some(9)));
        assert!(scope.may_create(&[Admin, Trainer], None));
        assert_eq!(scope.organisations(), None);
    }

    #[test]
    fn trainers_manage_trainee_only_accounts_of_their_subtree() {
        let scope = PeopleScope::of(&[Trainer], &[1, 2]).unwrap();
        assert!(scope.manages(&[Trainee], Some(2)));
        assert!(scope.covers(&[Trainee], Some(1)));
        // Another organisation's trainee, or one with no organisation.
        assert!(!scope.covers(&[Trainee], Some(9)));
        assert!(!scope.covers(&[Trainee], None));
        // Never a trainer's, ministry user's or admin's account.
        assert!(!scope.covers(&[Trainee, Trainer], Some(1)));
        assert!(!scope.covers(&[Ministry], Some(1)));
        assert!(!scope.covers(&[Admin], Some(1)));
        assert!(!scope.covers(&[], Some(1)));
        assert!(scope.may_create(&[Trainee], Some(1)));
        assert!(!scope.may_create(&[Trainee], Some(9)));
        assert!(!scope.may_create(&[Trainee], None));
        assert!(!scope.may_create(&[Trainee, Trainer], Some(1)));
        assert_eq!(scope.organisations(), Some(vec![1, 2]));
    }

    #[test]
    fn a_trainer_without_an_organisation_manages_no_one() {
        assert_eq!(PeopleScope::of(&[Trainer], &[]), None);
    }

    #[test]
    fn ministry_users_read_their_subtree_only() {
        let scope = PeopleScope::of(&[Ministry], &[1, 2, 3]).unwrap();
        assert!(scope.covers(&[Trainee], Some(2)));
        assert!(scope.covers(&[Trainer, Admin], Some(3)));
        assert!(!scope.covers(&[Trainee], Some(4)));
        assert!(!scope.covers(&[Trainee], None));
        // Reading is not managing.
        assert!(!scope.manages(&[Trainee], Some(2)));
        assert!(!scope.may_create(&[Trainee], Some(2)));
        assert_eq!(PeopleScope::of(&[Ministry], &[]), None);
    }

    #[test]
    fn roles_combine() {
        let scope = PeopleScope::of(&[Trainer, Ministry], &[5, 6]).unwrap();
        assert!(scope.manages(&[Trainee], Some(6)));
        assert!(scope.covers(&[Trainer], Some(5)));
        assert!(!scope.manages(&[Trainer], Some(5)));
        assert!(!scope.covers(&[Trainee], Some(1)));
    }

    #[test]
    fn cohorts_follow_the_organisation_tree() {
        let trainer = PeopleScope::of(&[Trainer], &[5, 6]).unwrap();
        let ministry = PeopleScope::of(&[Ministry], &[1, 5, 6]).unwrap();
        let admin = PeopleScope::of(&[Admin], &[]).unwrap();
        assert!(trainer.sees_cohort(6) && trainer.manages_cohort(6));
        assert!(!trainer.sees_cohort(1) && !trainer.manages_cohort(1));
        assert!(ministry.sees_cohort(1) && !ministry.manages_cohort(5));
        assert!(admin.sees_cohort(99) && admin.manages_cohort(99));
        assert!(trainer.may_name_cohort_trainer(&[Trainer], Some(5)));
        assert!(!trainer.may_name_cohort_trainer(&[Trainer], Some(1)));
        assert!(!trainer.may_name_cohort_trainer(&[Trainee], Some(5)));
        assert!(admin.may_name_cohort_trainer(&[Trainer, Ministry], None));
    }

    #[test]
    fn an_empty_scope_restricts_to_nothing() {
        let mut f = Filter::new();
        PeopleScope::default().restrict(&mut f, &ACCOUNTS);
        assert_eq!(f.sql(), "1 = 0");
        let mut f = Filter::new();
        PeopleScope::of(&[Admin], &[])
            .unwrap()
            .restrict(&mut f, &ACCOUNTS);
        assert_eq!(f.sql(), "1 = 1");
    }

    #[test]
    fn administration_is_for_admins() {
        assert!(may_administer(&[Admin]));
        assert!(!may_administer(&[Trainer, Ministry, Trainee]));
        assert!(may_create_any(&[Trainer]) && !may_create_any(&[Ministry]));
    }
}
