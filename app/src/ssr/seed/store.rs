//! The seed's SQL: many rows per statement (a national roll-out's data
//! in minutes, not hours), and the ids it needs back.

use sqlx::{AnyConnection, FromRow};

/// A value in a generated row.
#[derive(Clone, Debug)]
pub enum V {
    Int(i64),
    OptInt(Option<i64>),
    Text(String),
    OptText(Option<String>),
}

/// Rows per statement: well under SQLite's and PostgreSQL's limits on
/// bound values.
pub const CHUNK: usize = 400;

fn statement(table: &str, columns: &[&str], rows: usize, returning: bool) -> String {
    let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
    let mut n = 0;
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..columns.len() {
            if c > 0 {
                sql.push_str(", ");
            }
            n += 1;
            sql.push_str(&format!("${n}"));
        }
        sql.push(')');
    }
    if returning {
        sql.push_str(" RETURNING id");
    }
    sql
}

fn bind_all<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    rows: &'q [Vec<V>],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for row in rows {
        for v in row {
            q = match v {
                V::Int(i) => q.bind(*i),
                V::OptInt(i) => q.bind(*i),
                V::Text(s) => q.bind(s.as_str()),
                V::OptText(s) => q.bind(s.as_deref()),
            };
        }
    }
    q
}

/// Inserts `rows` into `table`, [`CHUNK`] rows per statement.
pub async fn insert(
    conn: &mut AnyConnection,
    table: &str,
    columns: &[&str],
    rows: &[Vec<V>],
) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks(CHUNK) {
        let sql = statement(table, columns, chunk.len(), false);
        bind_all(sqlx::query(&sql), chunk)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

#[derive(FromRow)]
struct IdRow {
    id: i64,
}

/// Inserts `rows` and returns their new ids, in order.
pub async fn insert_returning(
    conn: &mut AnyConnection,
    table: &str,
    columns: &[&str],
    rows: &[Vec<V>],
) -> Result<Vec<i64>, sqlx::Error> {
    let mut ids = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(CHUNK) {
        let sql = statement(table, columns, chunk.len(), true);
        let query = bind_all(sqlx::query(&sql), chunk);
        let mut got: Vec<i64> = query
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| IdRow::from_row(r).map(|r| r.id))
            .collect::<Result<_, _>>()?;
        // Both databases return them in insertion order; sorted to be sure
        // (ids grow with insertion within one statement).
        got.sort_unstable();
        ids.extend(got);
    }
    Ok(ids)
}

/// A course's id, its current text in each language, its live modules'
/// current version ids in order, and its current assessment versions.
#[derive(Clone, Debug, FromRow)]
pub struct CourseRow {
    pub id: i64,
    pub slug: String,
}

pub async fn seed_courses(conn: &mut AnyConnection) -> Result<Vec<CourseRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, slug FROM courses WHERE slug LIKE 'seed-%' ORDER BY slug")
        .fetch_all(conn)
        .await
}

#[derive(Clone, Debug, FromRow)]
pub struct VersionRow {
    pub id: i64,
    pub module_id: i64,
}

/// The English versions of a course's live modules, in order.
pub async fn module_versions(
    conn: &mut AnyConnection,
    course: i64,
) -> Result<Vec<VersionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT v.id, m.id AS module_id FROM modules m JOIN module_versions v ON v.module_id = m.id
         WHERE m.course_id = $1 AND m.retired_at IS NULL AND v.superseded_at IS NULL AND v.language = 'en'
         ORDER BY m.position",
    )
    .bind(course)
    .fetch_all(conn)
    .await
}

/// The id of a course's current English text or assessment.
pub async fn current_id(
    conn: &mut AnyConnection,
    table: &str,
    course: i64,
) -> Result<i64, sqlx::Error> {
    let row: IdRow = sqlx::query_as(&format!(
        "SELECT id FROM {table} WHERE course_id = $1 AND language = 'en' AND superseded_at IS NULL"
    ))
    .bind(course)
    .fetch_one(conn)
    .await?;
    Ok(row.id)
}

#[cfg(test)]
mod tests {
    #[test]
    fn statements_number_their_values_row_by_row() {
        assert_eq!(
            super::statement("t", &["a", "b"], 2, true),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4) RETURNING id"
        );
    }
}
