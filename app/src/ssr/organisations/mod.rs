//! The organisation tree: ministry → department → unit. A ministry user
//! sees reports for their organisation and everything below it.

pub mod store;

use super::audit::{self, Action, Event};
use super::db::{now, Db};
use std::collections::HashMap;

#[derive(Debug, thiserror::Error)]
pub enum OrganisationError {
    #[error("the slug `{0}` must be 2–64 characters of lower-case letters, digits and hyphens")]
    InvalidSlug(String),
    #[error("the name must not be empty")]
    EmptyName,
    #[error(transparent)]
    TooLong(#[from] crate::ssr::limits::TooLong),
    #[error("an organisation with the slug `{0}` already exists")]
    DuplicateSlug(String),
    #[error("there is no organisation with the slug `{0}`")]
    UnknownParent(String),
    #[error("there is no such organisation")]
    NotFound,
    #[error("an organisation cannot be moved below itself")]
    Cycle,
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Organisation {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub parent_id: Option<i64>,
}

pub fn check_slug(slug: &str) -> Result<(), OrganisationError> {
    let ok = (2..=64).contains(&slug.len())
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-');
    if ok {
        Ok(())
    } else {
        Err(OrganisationError::InvalidSlug(slug.to_string()))
    }
}

/// Creates an organisation, under `parent_slug` if given.
pub async fn create(
    db: &Db,
    slug: &str,
    name: &str,
    parent_slug: Option<&str>,
    actor_id: Option<i64>,
) -> Result<i64, OrganisationError> {
    check_slug(slug)?;
    let name = name.trim();
    crate::ssr::limits::check("name", name, crate::ssr::limits::ORGANISATION_NAME)?;
    if name.is_empty() {
        return Err(OrganisationError::EmptyName);
    }
    let mut tx = db.begin().await?;
    let parent_id: Option<i64> = match parent_slug {
        Some(p) => Some(
            store::id_by_slug(&mut *tx, p)
                .await?
                .ok_or_else(|| OrganisationError::UnknownParent(p.to_string()))?,
        ),
        None => None,
    };
    if store::id_by_slug(&mut *tx, slug).await?.is_some() {
        return Err(OrganisationError::DuplicateSlug(slug.to_string()));
    }
    let id = store::insert(&mut tx, slug, name, parent_id, now()).await?;
    audit::append(
        &mut tx,
        Event {
            actor_id,
            subject: Some(slug),
            detail: parent_slug.map(|p| format!("under {p}")).as_deref(),
            ..Event::new(Action::OrganisationCreated)
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The organisation and everything below it, as ids — the scope of a
/// ministry user attached to `root`.
pub async fn subtree_ids(db: &Db, root: i64) -> Result<Vec<i64>, sqlx::Error> {
    store::subtree_ids(db, root).await
}

pub async fn find_by_slug(db: &Db, slug: &str) -> Result<Option<Organisation>, sqlx::Error> {
    store::by_slug(db, slug).await
}

/// Organisation names from the root down to `id` (empty for none), among
/// `all` (every organisation by id) — a report row's or a cohort's place.
pub fn path(all: &HashMap<i64, Organisation>, id: Option<i64>) -> Vec<String> {
    let mut path = Vec::new();
    let mut next = id;
    while let Some(org) = next.and_then(|i| all.get(&i)) {
        path.push(org.name.clone());
        next = org.parent_id;
        if path.len() > all.len() {
            break;
        }
    }
    path.reverse();
    path
}

/// Every organisation by id.
pub async fn by_id(db: &Db) -> Result<HashMap<i64, Organisation>, sqlx::Error> {
    Ok(store::all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect())
}

/// Every organisation, in tree order (each parent before its children,
/// siblings by name) with its depth — what a tree view or a `<select>` shows.
pub async fn tree(db: &Db) -> Result<Vec<(Organisation, usize)>, sqlx::Error> {
    Ok(depth_first(store::all(db).await?))
}

/// [`tree`], cut to the organisations in `only` (`None`: all) — what a
/// trainer or ministry user is shown: their own subtree, its top as a root,
/// nothing above or beside it.
pub async fn tree_within(
    db: &Db,
    only: Option<&[i64]>,
) -> Result<Vec<(Organisation, usize)>, sqlx::Error> {
    let mut all = store::all(db).await?;
    if let Some(ids) = only {
        all.retain(|o| ids.contains(&o.id));
    }
    Ok(depth_first(all))
}

/// Orders organisations parent-first, siblings by name. An organisation whose
/// parent is missing is treated as a root, so nothing is ever hidden.
pub fn depth_first(mut all: Vec<Organisation>) -> Vec<(Organisation, usize)> {
    all.sort_by_key(|a| a.name.to_lowercase());
    let ids: std::collections::HashSet<i64> = all.iter().map(|o| o.id).collect();
    let mut out = Vec::with_capacity(all.len());
    let mut stack: Vec<(Organisation, usize)> = all
        .iter()
        .filter(|o| o.parent_id.is_none_or(|p| !ids.contains(&p)))
        .rev()
        .map(|o| (o.clone(), 0))
        .collect();
    while let Some((org, depth)) = stack.pop() {
        stack.extend(
            all.iter()
                .filter(|c| c.parent_id == Some(org.id))
                .rev()
                .map(|c| (c.clone(), depth + 1)),
        );
        out.push((org, depth));
    }
    out
}

/// Renames an organisation and moves it under `parent_id` (or to the top).
pub async fn update(
    db: &Db,
    id: i64,
    name: &str,
    parent_id: Option<i64>,
    actor_id: Option<i64>,
) -> Result<(), OrganisationError> {
    let name = name.trim();
    crate::ssr::limits::check("name", name, crate::ssr::limits::ORGANISATION_NAME)?;
    if name.is_empty() {
        return Err(OrganisationError::EmptyName);
    }
    if let Some(parent) = parent_id {
        if subtree_ids(db, id).await?.contains(&parent) {
            return Err(OrganisationError::Cycle);
        }
    }
    let mut tx = db.begin().await?;
    let before = store::by_id(&mut *tx, id)
        .await?
        .ok_or(OrganisationError::NotFound)?;
    if let Some(parent) = parent_id {
        if !store::exists(&mut *tx, parent).await? {
            return Err(OrganisationError::NotFound);
        }
    }
    store::update(&mut tx, id, name, parent_id).await?;
    let (old_name, old_parent, slug) = (before.name, before.parent_id, before.slug);
    let detail = format!(
        "name: {old_name} → {name}; parent: {} → {}",
        old_parent.map_or("none".into(), |p| p.to_string()),
        parent_id.map_or("none".into(), |p| p.to_string())
    );
    audit::append(
        &mut tx,
        Event {
            actor_id,
            subject: Some(&slug),
            detail: Some(&detail),
            ..Event::new(Action::OrganisationUpdated)
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_on_both_databases;

    #[test]
    fn slugs_are_url_safe() {
        assert!(check_slug("m-society").is_ok());
        for bad in ["", "a", "Upper", "with space", "-lead", "trail-", "ไทย"] {
            assert!(check_slug(bad).is_err(), "{bad}");
        }
    }

    async fn builds_a_tree_and_scopes_by_subtree(db: Db) {
        let ministry = create(
            &db,
            "msdhs",
            "Ministry of Social Development and Human Security",
            None,
            None,
        )
        .await
        .unwrap();
        let dept = create(
            &db,
            "datip",
            "Department of Anti-Trafficking",
            Some("msdhs"),
            None,
        )
        .await
        .unwrap();
        let shelter = create(
            &db,
            "shelter-chiang-rai",
            "Chiang Rai shelter",
            Some("datip"),
            None,
        )
        .await
        .unwrap();
        let police = create(&db, "police", "Royal Thai Police", None, None)
            .await
            .unwrap();
        assert_eq!(
            subtree_ids(&db, ministry).await.unwrap(),
            vec![ministry, dept, shelter]
        );
        assert_eq!(subtree_ids(&db, dept).await.unwrap(), vec![dept, shelter]);
        assert_eq!(subtree_ids(&db, police).await.unwrap(), vec![police]);
        let found = find_by_slug(&db, "datip").await.unwrap().unwrap();
        assert_eq!(found.parent_id, Some(ministry));
    }

    async fn rejects_duplicates_and_unknown_parents(db: Db) {
        create(&db, "msdhs", "Ministry", None, None).await.unwrap();
        assert!(matches!(
            create(&db, "msdhs", "Again", None, None).await,
            Err(OrganisationError::DuplicateSlug(_))
        ));
        assert!(matches!(
            create(&db, "unit", "Unit", Some("nowhere"), None).await,
            Err(OrganisationError::UnknownParent(_))
        ));
        assert!(find_by_slug(&db, "unit").await.unwrap().is_none());
    }

    fn org(id: i64, name: &str, parent_id: Option<i64>) -> Organisation {
        Organisation {
            id,
            slug: format!("o{id}"),
            name: name.into(),
            parent_id,
        }
    }

    #[test]
    fn tree_order_is_parent_first_and_siblings_by_name() {
        let ordered = depth_first(vec![
            org(4, "Unit B", Some(2)),
            org(2, "Department", Some(1)),
            org(3, "Unit A", Some(2)),
            org(1, "Ministry", None),
            org(5, "Another ministry", None),
            org(6, "Orphan", Some(99)),
        ]);
        let names: Vec<(&str, usize)> =
            ordered.iter().map(|(o, d)| (o.name.as_str(), *d)).collect();
        assert_eq!(
            names,
            [
                ("Another ministry", 0),
                ("Ministry", 0),
                ("Department", 1),
                ("Unit A", 2),
                ("Unit B", 2),
                ("Orphan", 0)
            ]
        );
    }

    async fn renames_and_moves_but_never_below_itself(db: Db) {
        let ministry = create(&db, "msdhs", "Ministry", None, None).await.unwrap();
        let dept = create(&db, "dept", "Department", Some("msdhs"), None)
            .await
            .unwrap();
        let police = create(&db, "police", "Police", None, None).await.unwrap();
        assert!(matches!(
            update(&db, ministry, "Ministry", Some(dept), None).await,
            Err(OrganisationError::Cycle)
        ));
        assert!(matches!(
            update(&db, ministry, "Ministry", Some(ministry), None).await,
            Err(OrganisationError::Cycle)
        ));
        update(&db, dept, "Anti-Trafficking Department", Some(police), None)
            .await
            .unwrap();
        assert_eq!(subtree_ids(&db, police).await.unwrap(), vec![dept, police]);
        let listed = tree(&db).await.unwrap();
        assert_eq!(listed.len(), 3);
        assert_eq!(listed[2].0.name, "Anti-Trafficking Department");
        assert_eq!(listed[2].1, 1);
        assert!(matches!(
            update(&db, 999, "X", None, None).await,
            Err(OrganisationError::NotFound)
        ));
    }

    test_on_both_databases!(
        renames_and_moves_but_never_below_itself,
        builds_a_tree_and_scopes_by_subtree,
        rejects_duplicates_and_unknown_parents
    );
}
