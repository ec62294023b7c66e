//! A trainee's progress: per module *version*, because that is what they
//! read; a module counts as done once any version of it was marked done.

use super::store::{self, ProgressRow};
use crate::ssr::course_names;
use crate::ssr::db::cache::{Cache, Topic};
use crate::ssr::db::{now, Db};
use crate::ssr::records::{self, Step};
use crate::ssr::standings;
use std::collections::HashMap;
use std::sync::Arc;

/// A trainee's progress records in a course, by (trainee, course), as last
/// read: trusted for [`FRESH_FOR`](crate::ssr::db::cache::FRESH_FOR), so
/// paging through a course costs no query per page. This process forgets
/// an entry as soon as it writes that trainee's progress in that course
/// (opening a module, marking it done) and everything when content is
/// imported (which version is current changes); a write on another process
/// shows here within the bound.
struct Progress(Cache<(i64, i64), Arc<Vec<ProgressRow>>>);

impl Default for Progress {
    fn default() -> Self {
        Progress(Cache::fresh())
    }
}

async fn rows(db: &Db, user: i64, course: i64) -> Result<Arc<Vec<ProgressRow>>, sqlx::Error> {
    let cache = db.caches().get::<Progress>();
    let generation = db.caches().generation(Topic::Content);
    if let Some(rows) = cache.0.get(&(user, course), generation) {
        return Ok(rows);
    }
    let rows = Arc::new(store::progress(db, user, course).await?);
    cache.0.put((user, course), Arc::clone(&rows), generation);
    Ok(rows)
}

/// This process wrote `user`'s progress in `course`.
fn wrote(db: &Db, user: i64, course: i64) {
    db.caches().get::<Progress>().0.forget(&(user, course));
}

/// Records that `user` opened `version` (first time only) and that this is
/// where to resume the course.
pub async fn opened(
    db: &Db,
    user: i64,
    course: i64,
    module: i64,
    version: i64,
) -> Result<(), sqlx::Error> {
    open(db, user, course, module, version).await.map(|_| ())
}

/// What a module page records and shows: `user`'s progress in `course`
/// as it was, having recorded that they opened `version` of `module` and
/// are on it. One query; a write only on the first visit of a version or
/// on moving to another module — a reader paging back and forth, or
/// reading the same page again, costs no disk flush.
pub async fn open(
    db: &Db,
    user: i64,
    course: i64,
    module: i64,
    version: i64,
) -> Result<HashMap<i64, ModuleProgress>, sqlx::Error> {
    let rows = rows(db, user, course).await?;
    let opened = rows.iter().any(|r| r.module_version_id == version);
    let here = rows.first().and_then(|r| r.here) == Some(module);
    if !(opened && here) {
        let mut tx = db.begin().await?;
        store::record_opened(&mut tx, user, course, module, version, now()).await?;
        standings::refresh(&mut tx, user, course).await?;
        tx.commit().await?;
        wrote(db, user, course);
    }
    Ok(summarise(&rows))
}

#[derive(Debug, PartialEq, Eq)]
pub enum DoneError {
    /// The version is not one of this course's current module texts.
    NotFound,
}

/// Marks `version` done for `user` — idempotent, so a double click or a
/// retried post records it once. Returns the next module's slug, if any.
pub async fn mark_done(
    db: &Db,
    user: i64,
    course_slug: &str,
    module_slug: &str,
    version: i64,
) -> Result<Result<Option<String>, DoneError>, sqlx::Error> {
    let Some(place) = course_names::version_place(db, course_slug, module_slug, version).await?
    else {
        return Ok(Err(DoneError::NotFound));
    };
    let mut tx = db.begin().await?;
    store::record_done(&mut tx, user, version, now()).await?;
    // The last module done may complete the course.
    records::after(&mut tx, user, place.course_id, Step::ModuleDone).await?;
    standings::refresh(&mut tx, user, place.course_id).await?;
    tx.commit().await?;
    wrote(db, user, place.course_id);
    Ok(Ok(
        store::next_module(db, place.course_id, place.position).await?
    ))
}

/// How far a trainee got with one module.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ModuleProgress {
    pub opened: bool,
    pub done: bool,
    /// Done on the version that is current now.
    pub done_current: bool,
}

/// Each module of a course that `user` has opened, by module id.
pub async fn of_course(
    db: &Db,
    user: i64,
    course: i64,
) -> Result<HashMap<i64, ModuleProgress>, sqlx::Error> {
    Ok(summarise(&rows(db, user, course).await?))
}

/// Folds the records of every version into one per module.
fn summarise(rows: &[store::ProgressRow]) -> HashMap<i64, ModuleProgress> {
    let mut out: HashMap<i64, ModuleProgress> = HashMap::new();
    for r in rows {
        let entry = out.entry(r.module_id).or_default();
        entry.opened = true;
        if r.done_at.is_some() {
            entry.done = true;
            if r.superseded_at.is_none() {
                entry.done_current = true;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_module_done_on_an_old_version_is_done_but_not_current() {
        let row = |module_id, superseded_at, done_at| ProgressRow {
            module_id,
            module_version_id: 0,
            superseded_at,
            done_at,
            here: None,
        };
        let p = summarise(&[
            row(1, Some(5), Some(4)),
            row(1, None, None),
            row(2, None, Some(9)),
            row(3, None, None),
        ]);
        assert_eq!(
            p[&1],
            ModuleProgress {
                opened: true,
                done: true,
                done_current: false
            }
        );
        assert!(p[&2].done_current);
        assert!(p[&3].opened && !p[&3].done);
        assert!(!p.contains_key(&4));
    }
}
