//! Searching and viewing accounts, within the caller's [`PeopleScope`].

use super::{reveal, store};
use crate::model::people::{PeoplePage, PeopleQuery, Person, PersonSummary, PersonView};
use crate::model::roles::Role;
use crate::ssr::audit;
use crate::ssr::auth::scope;
use crate::ssr::auth::{policy, policy::PeopleScope, CurrentUser};
use crate::ssr::db::filter::{escape_like, Filter, Value};
use crate::ssr::db::Db;
use crate::ssr::error::DomainError;
use crate::ssr::organisations::{find_by_slug, subtree_ids};
use crate::ssr::users::roles_of;
use std::collections::HashMap;

pub const PER_PAGE: u32 = 50;

pub async fn list(
    db: &Db,
    user: &CurrentUser,
    query: &PeopleQuery,
) -> Result<PeoplePage, DomainError> {
    let scope = scope::of(db, user).await?.ok_or(DomainError::Forbidden)?;
    let mut f = Filter::new();
    scope.restrict(&mut f, &policy::ACCOUNTS);
    let q: String = query
        .q
        .trim()
        .to_lowercase()
        .chars()
        .take(crate::ssr::limits::SEARCH)
        .collect();
    if !q.is_empty() {
        let p = f.bind(Value::Text(format!("%{}%", escape_like(&q))));
        f.and(format!(
            "(LOWER(u.name) LIKE {p} ESCAPE '\\' OR LOWER(COALESCE(u.name_latin, '')) LIKE {p} ESCAPE '\\'
              OR u.email LIKE {p} ESCAPE '\\' OR u.username LIKE {p} ESCAPE '\\')"
        ));
    }
    if !query.org.is_empty() {
        let ids = match find_by_slug(db, &query.org).await? {
            Some(org) => subtree_ids(db, org.id).await?,
            None => Vec::new(),
        };
        let ids = f.bind_ids(&ids);
        f.and(format!("u.organisation_id IN ({ids})"));
    }
    if let Ok(role) = query.role.parse::<Role>() {
        let p = f.bind(Value::Text(role.as_str().into()));
        f.and(format!(
            "EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = {p})"
        ));
    }
    match query.status.as_str() {
        "all" => {}
        "disabled" => f.and("u.disabled_at IS NOT NULL"),
        _ => f.and("u.disabled_at IS NULL"),
    }

    let total = store::count(db, &f).await?;
    let pages = u32::try_from(total)
        .unwrap_or(u32::MAX)
        .div_ceil(PER_PAGE)
        .max(1);
    let page = query.page.clamp(1, pages);
    let rows = store::page(db, &f, PER_PAGE, (page - 1) * PER_PAGE).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut roles = roles_by_user(db, &ids).await?;
    let people = rows
        .into_iter()
        .map(|r| PersonSummary {
            id: r.id,
            name: r.name,
            name_latin: r.name_latin,
            email: r.email,
            organisation: r.organisation,
            roles: roles.remove(&r.id).unwrap_or_default(),
            disabled: r.disabled_at.is_some(),
            anonymised: r.anonymised_at.is_some(),
        })
        .collect();
    Ok(PeoplePage {
        people,
        total,
        page,
        pages,
        may_create: policy::may_create_any(&user.roles),
    })
}

/// The roles of many users in one query (no query per row).
async fn roles_by_user(db: &Db, ids: &[i64]) -> Result<HashMap<i64, Vec<Role>>, sqlx::Error> {
    let mut out: HashMap<i64, Vec<Role>> = HashMap::new();
    for row in store::roles_of_many(db, ids).await? {
        if let Ok(role) = row.role.parse::<Role>() {
            out.entry(row.user_id).or_default().push(role);
        }
    }
    for roles in out.values_mut() {
        roles.sort();
    }
    Ok(out)
}

/// One account, if the caller may see it. Out of scope and missing look the
/// same ([`DomainError::NotFound`]), so ids cannot be probed. Viewing
/// another person's record is audited.
pub async fn show(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    reveal_key: Option<&str>,
    base_url: &str,
    ip: Option<&str>,
) -> Result<PersonView, DomainError> {
    let scope = scope::of(db, user).await?.ok_or(DomainError::Forbidden)?;
    let (person, organisation_id) = load(db, user, Some(&scope), id)
        .await?
        .ok_or(DomainError::NotFound)?;
    if !scope.covers(&person.roles, organisation_id) {
        return Err(DomainError::NotFound);
    }
    if id != user.id {
        let subject = format!("user:{id}");
        audit::record(
            db,
            audit::Event {
                actor_id: Some(user.id),
                subject: Some(&subject),
                ip,
                ..audit::Event::new(audit::Action::PersonViewed)
            },
        )
        .await?;
    }
    let revealed_link = match reveal_key {
        Some(key) => reveal::take(db, key, &user.session, id)
            .await?
            .map(|token| format!("{base_url}{}", crate::paths::reset(&token))),
        None => None,
    };
    Ok(PersonView {
        person,
        revealed_link,
    })
}

/// The full record of account `id` and its organisation's id, with what
/// `user` (whose scope is `scope`) may do to it (no scope check: callers do
/// that).
pub async fn load(
    db: &Db,
    user: &CurrentUser,
    scope: Option<&PeopleScope>,
    id: i64,
) -> Result<Option<(Person, Option<i64>)>, sqlx::Error> {
    let Some(r) = store::person(db, id).await? else {
        return Ok(None);
    };
    let roles = roles_of(db, id).await?;
    let organisation = match (r.org_slug, r.org_name) {
        (Some(slug), Some(name)) => Some((slug, name)),
        _ => None,
    };
    let person = Person {
        id,
        email: r.email,
        username: r.username,
        name: r.name,
        name_latin: r.name_latin,
        position: r.position,
        province: r.province,
        language: r.preferred_language,
        organisation,
        may_administer: policy::may_administer(&user.roles),
        may_reset: r.anonymised_at.is_none()
            && scope.is_some_and(|s| s.manages(&roles, r.organisation_id)),
        is_self: user.id == id,
        roles,
        disabled_at: r.disabled_at,
        anonymised_at: r.anonymised_at,
        created_at: r.created_at,
        last_sign_in: r.last_sign_in,
    };
    Ok(Some((person, r.organisation_id)))
}
