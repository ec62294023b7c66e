//! Exit codes by kind of failure — a contract with the scripts that run
//! `lantern` (provisioning from HR exports, nightly audit checks, backups).
//! Documented in the README; never renumber, only add.

use app::ssr::{
    cohorts::CohortError, db::DbError, organisations::OrganisationError, users::UserError,
};
use std::process::ExitCode;

/// Why a command failed, as its exit status says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitKind {
    /// 1: anything not covered below (the server stopped with an error, a
    /// backup could not be written, the assets are missing).
    Failure,
    /// 2: the command line, its input or the environment is wrong. (Clap's
    /// own usage errors exit 2 too.)
    Usage,
    /// 3: something the command names does not exist: an account, an
    /// organisation, a file.
    NotFound,
    /// 4: a check failed: the audit chain is broken, the content has
    /// errors, a credential does not verify.
    CheckFailed,
    /// 5: the database cannot be reached or migrated.
    DatabaseUnavailable,
    /// 6: it exists already: an e-mail address, an organisation's slug.
    Conflict,
}

impl ExitKind {
    pub fn code(self) -> u8 {
        match self {
            ExitKind::Failure => 1,
            ExitKind::Usage => 2,
            ExitKind::NotFound => 3,
            ExitKind::CheckFailed => 4,
            ExitKind::DatabaseUnavailable => 5,
            ExitKind::Conflict => 6,
        }
    }
}

impl From<ExitKind> for ExitCode {
    fn from(kind: ExitKind) -> ExitCode {
        ExitCode::from(kind.code())
    }
}

pub(super) fn of_db(e: &DbError) -> ExitKind {
    match e {
        DbError::UnsupportedUrl(_) => ExitKind::Usage,
        DbError::CreateDir { .. } | DbError::BrokenKeys(_) => ExitKind::Failure,
        DbError::Sqlx(_) | DbError::Migrate(_) => ExitKind::DatabaseUnavailable,
    }
}

pub(super) fn of_user(e: &UserError) -> ExitKind {
    match e {
        UserError::InvalidEmail(_)
        | UserError::InvalidUsername(_)
        | UserError::NoLogin
        | UserError::EmptyName
        | UserError::NoRole
        | UserError::Password(_)
        | UserError::TooLong(_)
        | UserError::HiddenCharacters(_) => ExitKind::Usage,
        UserError::DuplicateEmail(_) | UserError::DuplicateUsername(_) => ExitKind::Conflict,
        UserError::UnknownOrganisation(_) => ExitKind::NotFound,
        UserError::Db(_) => ExitKind::DatabaseUnavailable,
    }
}

pub(super) fn of_organisation(e: &OrganisationError) -> ExitKind {
    match e {
        OrganisationError::InvalidSlug(_)
        | OrganisationError::EmptyName
        | OrganisationError::TooLong(_)
        | OrganisationError::Cycle => ExitKind::Usage,
        OrganisationError::DuplicateSlug(_) => ExitKind::Conflict,
        OrganisationError::UnknownParent(_) | OrganisationError::NotFound => ExitKind::NotFound,
        OrganisationError::Db(_) => ExitKind::DatabaseUnavailable,
    }
}

pub(super) fn of_cohort(e: &CohortError) -> ExitKind {
    match e {
        CohortError::EmptyName
        | CohortError::TooLong(_)
        | CohortError::BadDate(_)
        | CohortError::DueBeforeStart
        | CohortError::TooLarge
        | CohortError::BadJoinTerms
        | CohortError::Forbidden => ExitKind::Usage,
        CohortError::NotFound
        | CohortError::UnknownOrganisation(_)
        | CohortError::UnknownCourse(_)
        | CohortError::UnknownAccount(_) => ExitKind::NotFound,
        CohortError::Db(_) => ExitKind::DatabaseUnavailable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_stable() {
        let all = [
            ExitKind::Failure,
            ExitKind::Usage,
            ExitKind::NotFound,
            ExitKind::CheckFailed,
            ExitKind::DatabaseUnavailable,
            ExitKind::Conflict,
        ];
        let codes: Vec<u8> = all.iter().map(|k| k.code()).collect();
        assert_eq!(codes, [1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn errors_map_to_their_kind() {
        assert_eq!(
            of_user(&UserError::DuplicateEmail("a@b".into())),
            ExitKind::Conflict
        );
        assert_eq!(
            of_user(&UserError::UnknownOrganisation("x".into())),
            ExitKind::NotFound
        );
        assert_eq!(of_user(&UserError::EmptyName), ExitKind::Usage);
        assert_eq!(
            of_organisation(&OrganisationError::UnknownParent("x".into())),
            ExitKind::NotFound
        );
        assert_eq!(
            of_db(&DbError::UnsupportedUrl("mysql://".into())),
            ExitKind::Usage
        );
        assert_eq!(
            of_db(&DbError::Sqlx(sqlx::Error::PoolTimedOut)),
            ExitKind::DatabaseUnavailable
        );
    }
}
