//! The SQL of the organisation tree. The rules (slugs, no cycles, tree
//! order) are in `organisations/mod.rs`.

use super::Organisation;
use crate::ssr::db::Db;
use sqlx::{Any, AnyConnection, Executor, FromRow};

#[derive(FromRow)]
struct IdRow {
    id: i64,
}

/// The id of the organisation with this slug.
pub async fn id_by_slug<'e>(
    ex: impl Executor<'e, Database = Any>,
    slug: &str,
) -> Result<Option<i64>, sqlx::Error> {
    Ok(
        sqlx::query_as::<_, IdRow>("SELECT id FROM organisations WHERE slug = $1")
            .bind(slug)
            .fetch_optional(ex)
            .await?
            .map(|r| r.id),
    )
}

/// Whether an organisation with this id exists.
pub async fn exists<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query_as::<_, IdRow>("SELECT id FROM organisations WHERE id = $1")
            .bind(id)
            .fetch_optional(ex)
            .await?
            .is_some(),
    )
}

pub async fn insert(
    conn: &mut AnyConnection,
    slug: &str,
    name: &str,
    parent_id: Option<i64>,
    at: i64,
) -> Result<i64, sqlx::Error> {
    let row: IdRow = sqlx::query_as(
        "INSERT INTO organisations (slug, name, parent_id, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(slug)
    .bind(name)
    .bind(parent_id)
    .bind(at)
    .fetch_one(conn)
    .await?;
    Ok(row.id)
}

/// `root` and every organisation below it, by id.
pub async fn subtree_ids(db: &Db, root: i64) -> Result<Vec<i64>, sqlx::Error> {
    Ok(sqlx::query_as::<_, IdRow>(
        "WITH RECURSIVE tree (id) AS (
             SELECT id FROM organisations WHERE id = $1
             UNION ALL
             SELECT o.id FROM organisations o JOIN tree t ON o.parent_id = t.id
         )
         SELECT id FROM tree ORDER BY id",
    )
    .bind(root)
    .fetch_all(db.pool())
    .await?
    .into_iter()
    .map(|r| r.id)
    .collect())
}

pub async fn by_slug(db: &Db, slug: &str) -> Result<Option<Organisation>, sqlx::Error> {
    sqlx::query_as("SELECT id, slug, name, parent_id FROM organisations WHERE slug = $1")
        .bind(slug)
        .fetch_optional(db.pool())
        .await
}

pub async fn by_id<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Option<Organisation>, sqlx::Error> {
    sqlx::query_as("SELECT id, slug, name, parent_id FROM organisations WHERE id = $1")
        .bind(id)
        .fetch_optional(ex)
        .await
}

pub async fn all(db: &Db) -> Result<Vec<Organisation>, sqlx::Error> {
    sqlx::query_as("SELECT id, slug, name, parent_id FROM organisations")
        .fetch_all(db.pool())
        .await
}

pub async fn update(
    conn: &mut AnyConnection,
    id: i64,
    name: &str,
    parent_id: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE organisations SET name = $1, parent_id = $2 WHERE id = $3")
        .bind(name)
        .bind(parent_id)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
