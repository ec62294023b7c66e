//! Searching and viewing accounts, within the caller's [`PeopleScope`].

use super::{reveal, scope_of};
use crate::model::people::{PeoplePage, PeopleQuery, Person, PersonSummary, PersonView};
use crate::model::roles::Role;
use crate::ssr::auth::{policy, CurrentUser};
use crate::ssr::db::filter::{escape_like, Filter, Value};
use crate::ssr::db::Db;
use crate::ssr::error::DomainError;
use crate::ssr::organisations::{find_by_slug, subtree_ids};
use crate::ssr::users::roles_of;
use sqlx::Row;
use std::collections::HashMap;

pub const PER_PAGE: u32 = 50;

/// Accounts with exactly the trainee role.
const TRAINEE_ONLY: &str =
    "(EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = 'trainee')
  AND NOT EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role <> 'trainee'))";

pub async fn list(
    db: &Db,
    user: &CurrentUser,
    query: &PeopleQuery,
) -> Result<PeoplePage, DomainError> {
    let scope = scope_of(db, user).await?.ok_or(DomainError::Forbidden)?;
    let mut f = Filter::new();
    if !scope.everyone {
        let mut any = Vec::new();
        if scope.trainees {
            any.push(TRAINEE_ONLY.to_string());
        }
        if !scope.organisations.is_empty() {
            let ids = f.bind_ids(&scope.organisations);
            any.push(format!("u.organisation_id IN ({ids})"));
        }
        f.and(format!("({})", any.join(" OR ")));
    }
    let q = query.q.trim().to_lowercase();
    if !q.is_empty() {
        let p = f.bind(Value::Text(format!("%{}%", escape_like(&q))));
        f.and(format!(
            "(LOWER(u.name) LIKE {p} ESCAPE '\\' OR LOWER(COALESCE(u.name_latin, '')) LIKE {p} ESCAPE '\\'
              OR u.email LIKE {p} ESCAPE '\\')"
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

    let count_sql = format!("SELECT COUNT(*) AS n FROM users u WHERE {}", f.sql());
    let total: i64 = f
        .apply(sqlx::query(&count_sql))
        .fetch_one(db.pool())
        .await?
        .try_get("n")?;
    let pages = ((total as u32).div_ceil(PER_PAGE)).max(1);
    let page = query.page.clamp(1, pages);
    let list_sql = format!(
        "SELECT u.id, u.email, u.name, u.name_latin, u.disabled_at, u.anonymised_at,
                o.name AS organisation
         FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id
         WHERE {} ORDER BY LOWER(u.name), u.id LIMIT {PER_PAGE} OFFSET {}",
        f.sql(),
        (page - 1) * PER_PAGE
    );
    let rows = f.apply(sqlx::query(&list_sql)).fetch_all(db.pool()).await?;
    let ids: Vec<i64> = rows
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<Result<_, _>>()?;
    let mut roles = roles_by_user(db, &ids).await?;
    let people = rows
        .iter()
        .map(|r| {
            let id: i64 = r.try_get("id")?;
            Ok(PersonSummary {
                id,
                name: r.try_get("name")?,
                name_latin: r.try_get("name_latin")?,
                email: r.try_get("email")?,
                organisation: r.try_get("organisation")?,
                roles: roles.remove(&id).unwrap_or_default(),
                disabled: r.try_get::<Option<i64>, _>("disabled_at")?.is_some(),
                anonymised: r.try_get::<Option<i64>, _>("anonymised_at")?.is_some(),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
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
    let mut f = Filter::new();
    let sql = format!(
        "SELECT user_id, role FROM user_roles WHERE user_id IN ({}) ORDER BY role",
        f.bind_ids(ids)
    );
    let mut out: HashMap<i64, Vec<Role>> = HashMap::new();
    for row in f.apply(sqlx::query(&sql)).fetch_all(db.pool()).await? {
        if let Ok(role) = row.try_get::<String, _>("role")?.parse::<Role>() {
            out.entry(row.try_get("user_id")?).or_default().push(role);
        }
    }
    for roles in out.values_mut() {
        roles.sort();
    }
    Ok(out)
}

/// One account, if the caller may see it. Out of scope and missing look the
/// same ([`DomainError::NotFound`]), so ids cannot be probed.
pub async fn show(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    reveal_key: Option<&str>,
    base_url: &str,
) -> Result<PersonView, DomainError> {
    let scope = scope_of(db, user).await?.ok_or(DomainError::Forbidden)?;
    let (person, organisation_id) = load(db, user, id).await?.ok_or(DomainError::NotFound)?;
    if !scope.covers(&person.roles, organisation_id) {
        return Err(DomainError::NotFound);
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
/// `user` may do to it (no scope check: callers do that).
pub async fn load(
    db: &Db,
    user: &CurrentUser,
    id: i64,
) -> Result<Option<(Person, Option<i64>)>, sqlx::Error> {
    let Some(r) = sqlx::query(
        "SELECT u.id, u.email, u.name, u.name_latin, u.position, u.province,
                u.preferred_language, u.organisation_id, u.disabled_at, u.anonymised_at, u.created_at,
                o.slug AS org_slug, o.name AS org_name,
                (SELECT MAX(a.at) FROM login_attempts a
                 WHERE a.email = u.email AND a.succeeded = 1) AS last_sign_in
         FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id
         WHERE u.id = $1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?
    else {
        return Ok(None);
    };
    let roles = roles_of(db, id).await?;
    let anonymised_at: Option<i64> = r.try_get("anonymised_at")?;
    let organisation = match (
        r.try_get::<Option<String>, _>("org_slug")?,
        r.try_get::<Option<String>, _>("org_name")?,
    ) {
        (Some(slug), Some(name)) => Some((slug, name)),
        _ => None,
    };
    let person = Person {
        id,
        email: r.try_get("email")?,
        name: r.try_get("name")?,
        name_latin: r.try_get("name_latin")?,
        position: r.try_get("position")?,
        province: r.try_get("province")?,
        language: r.try_get("preferred_language")?,
        organisation,
        may_administer: policy::may_administer(&user.roles),
        may_reset: anonymised_at.is_none() && policy::may_reset(&user.roles, &roles),
        is_self: user.id == id,
        roles,
        disabled_at: r.try_get("disabled_at")?,
        anonymised_at,
        created_at: r.try_get("created_at")?,
        last_sign_in: r.try_get("last_sign_in")?,
    };
    Ok(Some((person, r.try_get("organisation_id")?)))
}
