//! Which pages and plain routes need which roles — the one table the
//! server's access middleware consults before a request reaches a page.
//! Server functions check their own access with [`super::access`], since one
//! server function may serve several pages.

use crate::model::roles::Role;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in user.
    SignedIn,
    /// A signed-in user holding at least one of these roles.
    AnyOf(&'static [Role]),
}

/// Path prefixes and their rules; the longest matching prefix wins and
/// anything unlisted is public. A prefix matches whole segments only.
pub const RULES: &[(&str, Rule)] = &[
    ("/account", Rule::SignedIn),
    // Training material is for the officials it was written for.
    ("/courses", Rule::SignedIn),
    ("/media", Rule::SignedIn),
    // A holder's own certificates; `/verify` stays public.
    ("/certificates", Rule::SignedIn),
    // A course's certificates in one ZIP.
    (
        "/certificates/batches",
        Rule::AnyOf(&[Role::Admin, Role::Trainer]),
    ),
    ("/admin", Rule::AnyOf(&[Role::Admin])),
    // Reports: ministries their subtree, trainers the trainees they
    // manage, admins all (rows decided by `reports::query::within`).
    (
        "/reports",
        Rule::AnyOf(&[Role::Admin, Role::Trainer, Role::Ministry]),
    ),
    // Cohorts: trainers run theirs, ministry users read those of their
    // subtree, admins all (each cohort decided by `policy`).
    (
        "/cohorts",
        Rule::AnyOf(&[Role::Admin, Role::Trainer, Role::Ministry]),
    ),
    // Authoring: trainers and admins; each course is decided by
    // `policy::edits_course`.
    ("/author", Rule::AnyOf(&[Role::Admin, Role::Trainer])),
    // Trainers find and create trainee accounts; ministry users see their
    // organisation's people. What each may do inside is decided per person
    // by `policy`.
    (
        "/admin/users",
        Rule::AnyOf(&[Role::Admin, Role::Trainer, Role::Ministry]),
    ),
    (
        "/admin/users/new",
        Rule::AnyOf(&[Role::Admin, Role::Trainer]),
    ),
];

pub fn rule_for(path: &str) -> Rule {
    RULES
        .iter()
        .filter(|(prefix, _)| {
            path == *prefix
                || path
                    .strip_prefix(prefix)
                    .is_some_and(|rest| rest.starts_with('/'))
        })
        .max_by_key(|(prefix, _)| prefix.len())
        .map_or(Rule::Public, |(_, rule)| *rule)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_whole_segment_prefix_wins() {
        assert_eq!(rule_for("/"), Rule::Public);
        assert_eq!(rule_for("/account"), Rule::SignedIn);
        assert_eq!(rule_for("/account/password"), Rule::SignedIn);
        assert_eq!(rule_for("/accountant"), Rule::Public);
        assert_eq!(rule_for("/admin/audit"), Rule::AnyOf(&[Role::Admin]));
        assert_eq!(
            rule_for("/admin/users/7"),
            Rule::AnyOf(&[Role::Admin, Role::Trainer, Role::Ministry])
        );
    }
}
