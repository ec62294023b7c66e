//! Cohorts: a workshop batch of trainees, run by one or more trainers,
//! with courses assigned, start and due dates, a place and face-to-face
//! session days. A cohort belongs to an organisation, so who sees and who
//! changes it follows the people rules of `auth::policy`; its members are
//! accounts the actor manages. Every change is audited in the same
//! transaction.

pub mod enrol;
pub mod join;
pub mod progress;
pub mod roster;
pub mod sheets;
pub mod store;

use crate::dates::{format_date, parse_date};
use crate::i18n::Locale;
use crate::model::cohorts::{
    Assignment, CohortCourse, CohortList, CohortPerson, CohortSummary, CohortView, JoinCode,
};
use crate::model::roles::Role;
use crate::ssr::audit::{self, Action, Event};
use crate::ssr::auth::policy::PeopleScope;
use crate::ssr::auth::{scope, CurrentUser};
use crate::ssr::course_names;
use crate::ssr::db::filter::Filter;
use crate::ssr::db::{now, Db};
use crate::ssr::error::DomainError;
use crate::ssr::limits::{self, TooLong};
use crate::ssr::organisations::{self, Organisation};
use crate::ssr::records::{self, Step};
use crate::ssr::standings;
use crate::ssr::users;
use sqlx::AnyConnection;
use std::collections::HashMap;
use store::CohortFields;

#[derive(Debug, thiserror::Error)]
pub enum CohortError {
    /// Missing, or outside what the caller may see (the two look the same).
    #[error("there is no such cohort")]
    NotFound,
    /// Seen but not the caller's to change (a ministry user), or an
    /// organisation outside the caller's subtree.
    #[error("not allowed")]
    Forbidden,
    #[error("the name must not be empty")]
    EmptyName,
    #[error(transparent)]
    TooLong(#[from] TooLong),
    #[error("there is no organisation `{0}`")]
    UnknownOrganisation(String),
    #[error("`{0}` is not a date (YYYY-MM-DD)")]
    BadDate(String),
    #[error("the due date is before the start")]
    DueBeforeStart,
    #[error("there is no course `{0}`")]
    UnknownCourse(String),
    /// No account with that address that the caller may add (a trainee
    /// they manage; a trainer of their subtree) — one answer for both, so
    /// addresses cannot be probed.
    #[error("no account `{0}` that you may add")]
    UnknownAccount(String),
    #[error("the file is larger than 4 MiB")]
    TooLarge,
    #[error("a join code lives 1 to 90 days and allows 1 to 1,000 uses")]
    BadJoinTerms,
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
}

/// For page data: a cohort not found or not the caller's is a read
/// refused the usual way.
impl From<CohortError> for DomainError {
    fn from(e: CohortError) -> DomainError {
        match e {
            CohortError::Db(e) => e.into(),
            CohortError::NotFound => DomainError::NotFound,
            _ => DomainError::Forbidden,
        }
    }
}

/// A cohort's details, as a form or the command line gives them.
#[derive(Clone, Debug, Default)]
pub struct Details {
    pub name: String,
    /// The organisation's slug.
    pub organisation: String,
    pub province: String,
    pub starts_on: String,
    pub due_on: String,
}

/// The caller's scope, or `Forbidden` for callers without one.
async fn scope_of(db: &Db, user: &CurrentUser) -> Result<PeopleScope, CohortError> {
    scope::of(db, user).await?.ok_or(CohortError::Forbidden)
}

/// An optional day: empty is none; anything else must be a date, stored
/// in its one spelling.
fn day(text: &str) -> Result<Option<String>, CohortError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    parse_date(text)
        .map(|d| Some(format_date(d)))
        .ok_or_else(|| CohortError::BadDate(text.to_string()))
}

/// Checked details: the organisation the caller may manage cohorts of,
/// and normalised text and dates.
struct Checked {
    name: String,
    organisation: Organisation,
    province: Option<String>,
    starts_on: Option<String>,
    due_on: Option<String>,
}

impl Checked {
    fn fields(&self) -> CohortFields<'_> {
        CohortFields {
            name: &self.name,
            organisation_id: self.organisation.id,
            province: self.province.as_deref(),
            starts_on: self.starts_on.as_deref(),
            due_on: self.due_on.as_deref(),
        }
    }
}

async fn check(db: &Db, scope: &PeopleScope, d: &Details) -> Result<Checked, CohortError> {
    let name = d.name.trim().to_string();
    limits::check("name", &name, limits::NAME)?;
    if name.is_empty() {
        return Err(CohortError::EmptyName);
    }
    let province = d.province.trim().to_string();
    limits::check("province", &province, limits::PROVINCE)?;
    let (starts_on, due_on) = (day(&d.starts_on)?, day(&d.due_on)?);
    if let (Some(s), Some(e)) = (&starts_on, &due_on) {
        if e < s {
            return Err(CohortError::DueBeforeStart);
        }
    }
    let slug = d.organisation.trim();
    let organisation = organisations::find_by_slug(db, slug)
        .await?
        .ok_or_else(|| CohortError::UnknownOrganisation(slug.to_string()))?;
    if !scope.manages_cohort(organisation.id) {
        return Err(CohortError::Forbidden);
    }
    Ok(Checked {
        name,
        organisation,
        province: Some(province).filter(|p| !p.is_empty()),
        starts_on,
        due_on,
    })
}

/// Course ids for slugs; an unknown slug is an error.
async fn course_ids(db: &Db, slugs: &[String]) -> Result<Vec<i64>, CohortError> {
    let mut ids = Vec::new();
    for slug in slugs.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        let id = course_names::id_of(db, slug)
            .await?
            .ok_or_else(|| CohortError::UnknownCourse(slug.to_string()))?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

async fn record(
    tx: &mut AnyConnection,
    actor: Option<i64>,
    action: Action,
    subject: Option<&str>,
    detail: &str,
) -> Result<(), sqlx::Error> {
    audit::append(
        tx,
        Event {
            actor_id: actor,
            subject,
            detail: Some(detail),
            ..Event::new(action)
        },
    )
    .await
}

/// Creates a cohort in an organisation the caller manages cohorts of,
/// with `courses` (slugs) assigned; a trainer who creates one is its first
/// trainer.
pub async fn create(
    db: &Db,
    user: &CurrentUser,
    details: &Details,
    courses: &[String],
) -> Result<i64, CohortError> {
    let scope = scope_of(db, user).await?;
    let trainer = user.roles.contains(&Role::Trainer).then_some(user.id);
    create_within(db, &scope, Some(user.id), trainer, details, courses).await
}

/// `lantern cohort create`: the operator at the server's shell may create
/// a cohort in any organisation, naming its trainer by e-mail address (an
/// account holding the trainer role). Audited without an actor, as every
/// command is.
pub async fn create_by_operator(
    db: &Db,
    details: &Details,
    trainer: Option<&str>,
) -> Result<i64, CohortError> {
    let trainer = match trainer {
        None => None,
        Some(email) => {
            let unknown = || CohortError::UnknownAccount(email.to_string());
            let login = users::Login::parse(email).map_err(|_| unknown())?;
            let account = store::account_by_login(db.pool(), &login)
                .await?
                .ok_or_else(unknown)?;
            let roles = users::store::roles(db.pool(), account.id).await?;
            if !roles.contains(&Role::Trainer) {
                return Err(unknown());
            }
            Some(account.id)
        }
    };
    let everyone = PeopleScope {
        everyone: true,
        ..PeopleScope::default()
    };
    create_within(db, &everyone, None, trainer, details, &[]).await
}

async fn create_within(
    db: &Db,
    scope: &PeopleScope,
    actor: Option<i64>,
    trainer: Option<i64>,
    details: &Details,
    courses: &[String],
) -> Result<i64, CohortError> {
    let checked = check(db, scope, details).await?;
    let courses = course_ids(db, courses).await?;
    let mut tx = db.begin().await?;
    let id = store::insert(&mut tx, &checked.fields(), actor, now()).await?;
    store::set_courses(&mut tx, id, &courses).await?;
    if let Some(trainer) = trainer {
        store::add_trainer(&mut tx, id, trainer).await?;
    }
    record(
        &mut tx,
        actor,
        Action::CohortCreated,
        None,
        &format!(
            "cohort {id} \"{}\" in {}",
            checked.name, checked.organisation.slug
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The cohort `id` if the caller may see it, with their scope.
async fn visible(
    db: &Db,
    user: &CurrentUser,
    id: i64,
) -> Result<(store::CohortRow, PeopleScope), CohortError> {
    let scope = scope_of(db, user).await?;
    let cohort = store::by_id(db.pool(), id)
        .await?
        .filter(|c| scope.sees_cohort(c.organisation_id))
        .ok_or(CohortError::NotFound)?;
    Ok((cohort, scope))
}

/// The cohort `id` if the caller may change it.
async fn managed(
    db: &Db,
    user: &CurrentUser,
    id: i64,
) -> Result<(store::CohortRow, PeopleScope), CohortError> {
    let (cohort, scope) = visible(db, user, id).await?;
    if !scope.manages_cohort(cohort.organisation_id) {
        return Err(CohortError::Forbidden);
    }
    Ok((cohort, scope))
}

/// Whether the caller may see cohort `id` (a report filter names one).
pub async fn sees(db: &Db, user: &CurrentUser, id: i64) -> Result<bool, CohortError> {
    match visible(db, user, id).await {
        Ok(_) => Ok(true),
        Err(CohortError::NotFound | CohortError::Forbidden) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Saves a cohort's details and its assigned courses.
pub async fn save(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    details: &Details,
    courses: &[String],
) -> Result<(), CohortError> {
    let (_, scope) = managed(db, user, id).await?;
    let checked = check(db, &scope, details).await?;
    let courses = course_ids(db, courses).await?;
    let mut tx = db.begin().await?;
    let mut touched = store::course_ids_in(&mut tx, id).await?;
    store::update(&mut tx, id, &checked.fields(), now()).await?;
    store::set_courses(&mut tx, id, &courses).await?;
    // Attendance counts for the courses a cohort assigns.
    touched.extend(&courses);
    refresh_members(&mut tx, id, &touched).await?;
    record(
        &mut tx,
        Some(user.id),
        Action::CohortChanged,
        None,
        &format!("cohort {id} details, {} courses", courses.len()),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The cohorts the caller may see, with the courses a new one may be
/// given.
pub async fn list(db: &Db, user: &CurrentUser, locale: Locale) -> Result<CohortList, CohortError> {
    let scope = scope_of(db, user).await?;
    let mut within = Filter::new();
    if let Some(ids) = scope.organisations() {
        let ids = within.bind_ids(&ids);
        within.and(format!("c.organisation_id IN ({ids})"));
    }
    let rows = store::list(db, &within).await?;
    let paths = OrgPaths::load(db).await?;
    Ok(CohortList {
        cohorts: rows
            .into_iter()
            .map(|r| CohortSummary {
                id: r.id,
                name: r.name,
                organisation: paths.path(r.organisation_id),
                province: r.province,
                starts_on: r.starts_on,
                due_on: r.due_on,
                members: r.members,
                courses: r.courses,
            })
            .collect(),
        may_create: user.roles.contains(&Role::Admin)
            || (user.roles.contains(&Role::Trainer) && !scope.trainees_in.is_empty()),
        courses: courses(db, locale, &[]).await?,
    })
}

/// One cohort, for its page.
pub async fn view(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    locale: Locale,
) -> Result<CohortView, CohortError> {
    let (cohort, scope) = visible(db, user, id).await?;
    let may_manage = scope.manages_cohort(cohort.organisation_id);
    let person = |p: store::PersonRow| CohortPerson {
        id: p.id,
        name: p.name,
        name_latin: p.name_latin,
        email: p.email,
    };
    let courses = courses(db, locale, &store::course_ids(db, id).await?).await?;
    let sessions = store::sessions(db, id).await?;
    let paths = OrgPaths::load(db).await?;
    let organisation_slug = paths
        .all
        .get(&cohort.organisation_id)
        .map(|o| o.slug.clone())
        .unwrap_or_default();
    Ok(CohortView {
        id,
        organisation: paths.path(cohort.organisation_id),
        organisation_slug,
        name: cohort.name,
        province: cohort.province,
        starts_on: cohort.starts_on,
        due_on: cohort.due_on,
        trainers: store::trainers(db, id)
            .await?
            .into_iter()
            .map(person)
            .collect(),
        members: store::members(db, id)
            .await?
            .into_iter()
            .map(person)
            .collect(),
        courses,
        attendance: {
            let present = store::attendance(db, id).await?;
            sessions
                .iter()
                .map(|d| {
                    present
                        .iter()
                        .filter(|a| &a.day == d)
                        .map(|a| a.user_id)
                        .collect()
                })
                .collect()
        },
        sessions,
        join_codes: if may_manage {
            let at = now();
            store::join_codes(db, id)
                .await?
                .into_iter()
                .map(|c| JoinCode {
                    live: c.revoked_at.is_none() && c.expires_at > at && c.uses < c.max_uses,
                    id: c.id,
                    code: c.code,
                    expires_at: c.expires_at,
                    max_uses: c.max_uses,
                    uses: c.uses,
                })
                .collect()
        } else {
            Vec::new()
        },
        may_manage,
    })
}

/// Every course titled in `locale`, those in `assigned` ticked, by title.
async fn courses(
    db: &Db,
    locale: Locale,
    assigned: &[i64],
) -> Result<Vec<CohortCourse>, sqlx::Error> {
    let mut all: Vec<CohortCourse> = course_names::all_titled(db, locale)
        .await?
        .into_iter()
        .map(|c| CohortCourse {
            assigned: assigned.contains(&c.id),
            slug: c.slug,
            title: c.title,
        })
        .collect();
    all.sort_by(|a, b| a.title.cmp(&b.title));
    Ok(all)
}

/// A person's place in a cohort.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// A trainee the caller manages.
    Member,
    /// A trainer (see `PeopleScope::may_name_cohort_trainer`).
    Trainer,
}

impl Place {
    fn noun(self) -> &'static str {
        match self {
            Place::Member => "member",
            Place::Trainer => "trainer",
        }
    }
}

/// Adds the account with `email` to the cohort in `place`; `false` if it
/// already was there.
pub async fn add(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    place: Place,
    email: &str,
) -> Result<bool, CohortError> {
    let (_, scope) = managed(db, user, id).await?;
    let unknown = || CohortError::UnknownAccount(email.trim().to_string());
    let login = users::Login::parse(email).map_err(|_| unknown())?;
    let mut tx = db.begin().await?;
    let account = store::account_by_login(&mut *tx, &login)
        .await?
        .ok_or_else(unknown)?;
    let roles = users::store::roles(&mut *tx, account.id).await?;
    let eligible = match place {
        Place::Member => {
            roles.contains(&Role::Trainee) && scope.manages(&roles, account.organisation_id)
        }
        Place::Trainer => scope.may_name_cohort_trainer(&roles, account.organisation_id),
    };
    if !eligible {
        return Err(unknown());
    }
    let added = match place {
        Place::Member => store::add_member(&mut tx, id, account.id, now()).await?,
        Place::Trainer => store::add_trainer(&mut tx, id, account.id).await?,
    };
    if added {
        record(
            &mut tx,
            Some(user.id),
            Action::CohortChanged,
            Some(&account.email),
            &format!("cohort {id} {} added", place.noun()),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(added)
}

/// Removes account `person` from `place`; `false` if it was not there.
pub async fn remove(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    place: Place,
    person: i64,
) -> Result<bool, CohortError> {
    managed(db, user, id).await?;
    let mut tx = db.begin().await?;
    let list = match place {
        Place::Member => store::List::Members,
        Place::Trainer => store::List::Trainers,
    };
    let removed = store::remove_from(&mut tx, list, id, person).await?;
    if removed {
        let email = store::account_by_id(&mut *tx, person)
            .await?
            .map(|a| a.email);
        record(
            &mut tx,
            Some(user.id),
            Action::CohortChanged,
            email.as_deref(),
            &format!("cohort {id} {} removed", place.noun()),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(removed)
}

/// [`add`] a trainee the caller manages.
pub async fn add_member(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    email: &str,
) -> Result<bool, CohortError> {
    add(db, user, id, Place::Member, email).await
}

/// Adds (`add`) or removes a face-to-face session day (`YYYY-MM-DD`);
/// `false` if there was nothing to change. A removed day takes its
/// attendance with it, in the report too.
pub async fn change_session(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    text: &str,
    add: bool,
) -> Result<bool, CohortError> {
    managed(db, user, id).await?;
    let day = day(text)?.ok_or_else(|| CohortError::BadDate(String::new()))?;
    let mut tx = db.begin().await?;
    let changed = if add {
        store::add_session(&mut tx, id, &day).await?
    } else {
        store::remove_session(&mut tx, id, &day).await?
    };
    if changed {
        if !add {
            let courses = store::course_ids_in(&mut tx, id).await?;
            refresh_members(&mut tx, id, &courses).await?;
        }
        let verb = if add { "added" } else { "removed" };
        record(
            &mut tx,
            Some(user.id),
            Action::CohortChanged,
            None,
            &format!("cohort {id} session {day} {verb}"),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(changed)
}

/// [`change_session`]: adds a day.
pub async fn add_session(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    text: &str,
) -> Result<bool, CohortError> {
    change_session(db, user, id, text, true).await
}

/// [`change_session`]: removes a day.
pub async fn remove_session(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    text: &str,
) -> Result<bool, CohortError> {
    change_session(db, user, id, text, false).await
}

/// Records who attended session day `text` (the members in `present`;
/// everyone else absent), then lets each member's courses of this cohort
/// that require attendance complete if this was what they waited for —
/// all in one transaction. Returns how many were present.
pub async fn record_attendance(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    text: &str,
    present: &[i64],
) -> Result<usize, CohortError> {
    managed(db, user, id).await?;
    let day = day(text)?.ok_or_else(|| CohortError::BadDate(String::new()))?;
    let mut tx = db.begin().await?;
    let session = store::session_id(&mut tx, id, &day)
        .await?
        .ok_or_else(|| CohortError::BadDate(day.clone()))?;
    let members = store::member_ids(&mut tx, id).await?;
    let mut present: Vec<i64> = present.to_vec();
    present.sort_unstable();
    present.dedup();
    if let Some(stranger) = present.iter().find(|p| !members.contains(p)) {
        return Err(CohortError::UnknownAccount(stranger.to_string()));
    }
    store::set_attendance(&mut tx, session, &present, user.id, now()).await?;
    let courses = store::course_ids_in(&mut tx, id).await?;
    for course in &courses {
        for member in &members {
            records::after(&mut tx, *member, *course, Step::AttendanceRecorded).await?;
        }
    }
    refresh_members(&mut tx, id, &courses).await?;
    record(
        &mut tx,
        Some(user.id),
        Action::CohortChanged,
        None,
        &format!("cohort {id} attendance {day}: {} present", present.len()),
    )
    .await?;
    tx.commit().await?;
    Ok(present.len())
}

/// Refreshes the report standings of the cohort's members in `courses`
/// (their session days attended may have changed).
async fn refresh_members(
    tx: &mut AnyConnection,
    cohort: i64,
    courses: &[i64],
) -> Result<(), sqlx::Error> {
    let mut courses = courses.to_vec();
    courses.sort_unstable();
    courses.dedup();
    for member in store::member_ids(tx, cohort).await? {
        for course in &courses {
            standings::refresh(tx, member, *course).await?;
        }
    }
    Ok(())
}

/// The courses `user`'s cohorts assigned them, soonest due first (one
/// entry per course: its earliest due date).
pub async fn assignments(db: &Db, user: i64) -> Result<Vec<Assignment>, sqlx::Error> {
    let mut out: Vec<Assignment> = Vec::new();
    for row in store::assignments(db, user).await? {
        if !out.iter().any(|a| a.course_slug == row.course_slug) {
            out.push(Assignment {
                course_slug: row.course_slug,
                cohort: row.cohort,
                due_on: row.due_on,
            });
        }
    }
    Ok(out)
}

/// Organisation names, for paths.
struct OrgPaths {
    all: HashMap<i64, Organisation>,
}

impl OrgPaths {
    async fn load(db: &Db) -> Result<OrgPaths, sqlx::Error> {
        Ok(OrgPaths {
            all: organisations::by_id(db).await?,
        })
    }

    /// `Ministry › Department › Unit`.
    fn path(&self, id: i64) -> String {
        organisations::path(&self.all, Some(id)).join(" › ")
    }
}

#[cfg(test)]
mod tests;
