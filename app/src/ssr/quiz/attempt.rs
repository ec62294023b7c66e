//! Attempts at a course's assessment, from start to grade. The server is
//! the only judge: the paper (draw and option order) is fixed and stored
//! when the attempt starts, answers are graded here against the stored
//! paper, the time limit is enforced here, and submitting twice records
//! one result.

use super::answer_form::{answer_fields, answers};
use super::grading::{grade, percent, Outcome};
use super::presentation::{paper, Presented};
use crate::i18n::Locale;
use crate::model::assessment::Purpose;
use crate::model::courses::TextLanguage;
use crate::ssr::certificates::renewal::renewal_due;
use crate::ssr::content::compile::AssessmentSettings;
use crate::ssr::content::quiz::Question;
use crate::ssr::db::{json, now, Db};
use crate::ssr::records::{self, Step};
use crate::ssr::texts::pick;
use sqlx::{AnyConnection, Row};

/// Answers are still accepted this long after the deadline: a submission
/// sent in the last second over a slow link is not late.
pub const GRACE_SECONDS: i64 = 30;

/// One version of a course's assessment, as stored at import.
#[derive(Clone, Debug)]
pub struct Assessment {
    pub id: i64,
    pub course_id: i64,
    pub title: String,
    pub intro_html: String,
    pub settings: AssessmentSettings,
    pub pool: Vec<Question>,
    pub text: TextLanguage,
}

impl Assessment {
    fn from_row(row: &sqlx::any::AnyRow, text: TextLanguage) -> Result<Assessment, sqlx::Error> {
        Ok(Assessment {
            id: row.try_get("id")?,
            course_id: row.try_get("course_id")?,
            title: row.try_get("title")?,
            intro_html: row.try_get("intro_html")?,
            settings: json::decode(
                "assessments.settings",
                &row.try_get::<String, _>("settings")?,
            )?,
            pool: json::decode("assessments.pool", &row.try_get::<String, _>("pool")?)?,
            text,
        })
    }

    /// Questions per attempt.
    pub fn questions(&self) -> usize {
        self.settings
            .draw
            .map_or(self.pool.len(), |d| (d as usize).min(self.pool.len()))
    }
}

const COLUMNS: &str = "a.id, a.course_id, a.language, a.content_hash, a.translation_of, a.title,
                       a.settings, a.intro_html, a.pool";

/// The current assessment of course `slug` in the reader's language (else
/// the course's source language), if the course has one.
pub async fn current(
    db: &Db,
    slug: &str,
    locale: Locale,
) -> Result<Option<Assessment>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS}, c.source_language FROM assessments a JOIN courses c ON c.id = a.course_id
         WHERE c.slug = $1 AND a.superseded_at IS NULL"
    ))
    .bind(slug)
    .fetch_all(db.pool())
    .await?;
    let Some(source) = rows
        .first()
        .map(|r| r.try_get::<String, _>("source_language"))
        .transpose()?
    else {
        return Ok(None);
    };
    let available = rows
        .iter()
        .map(|r| Ok((r.try_get::<String, _>("language")?, r)))
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let hash = |r: &&sqlx::any::AnyRow| -> String { r.try_get("content_hash").unwrap_or_default() };
    let hashes: Vec<(String, (String, Option<String>))> = available
        .iter()
        .map(|(l, r)| {
            (
                l.clone(),
                (hash(r), r.try_get("translation_of").ok().flatten()),
            )
        })
        .collect();
    let Some((chosen, text)) = pick(
        &hashes,
        locale.code(),
        &source,
        |t| t.1.as_deref(),
        |t| &t.0,
    ) else {
        return Ok(None);
    };
    let row = available
        .iter()
        .find(|(_, r)| hash(r) == chosen.0)
        .map(|(_, r)| *r)
        .expect("picked from these rows");
    Assessment::from_row(row, text).map(Some)
}

/// Assessment version `id` (what an attempt was drawn from).
async fn version(conn: &mut AnyConnection, id: i64) -> Result<Assessment, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM assessments a WHERE a.id = $1"
    ))
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    let text = TextLanguage {
        language: row.try_get("language")?,
        fallback: false,
        stale: false,
    };
    Assessment::from_row(&row, text)
}

/// Why a new attempt cannot start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    NoAssessment,
    /// The pre-test is not part of this assessment, was taken, or its time
    /// (before the first module) has passed.
    NoPretest,
    /// The pre-test comes first.
    PretestDue,
    AlreadyPassed,
    NoAttemptsLeft,
    /// A refresher needs a certificate that has expired or is about to.
    NoRenewalDue,
}

impl Refusal {
    /// The code the overview is sent back with (`?error=`).
    pub fn code(self) -> &'static str {
        match self {
            Refusal::NoAssessment => "missing",
            Refusal::NoPretest => "pretest",
            Refusal::PretestDue => "pretest-due",
            Refusal::AlreadyPassed => "passed",
            Refusal::NoAttemptsLeft => "attempts",
            Refusal::NoRenewalDue => "renewal",
        }
    }
}

/// A trainee's record in one course, as starting rules need it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    pub pretest_taken: bool,
    pub finals: u32,
    pub passed: bool,
    pub modules_done: u32,
    /// The certificate a refresher would renew, if any.
    pub renewal: Option<Renewal>,
}

/// The holder's newest certificate of the course that expires and is
/// neither revoked nor renewed yet.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Renewal {
    /// Refresher attempts since that certificate was issued.
    pub refreshers: u32,
    /// Whether its renewal window has opened.
    pub due: bool,
}

impl History {
    /// The pre-test is taken once, before the first module and the first
    /// final attempt; while it is due, it is the only thing to start.
    pub fn pretest_due(&self, settings: &AssessmentSettings) -> bool {
        settings.pretest && !self.pretest_taken && self.finals == 0 && self.modules_done == 0
    }

    pub fn attempts_left(&self, settings: &AssessmentSettings) -> Option<u32> {
        settings.max_attempts.map(|m| m.saturating_sub(self.finals))
    }

    /// Refresher attempts left for the current renewal (the final's limit
    /// applies afresh to each renewal).
    pub fn refreshers_left(&self, settings: &AssessmentSettings) -> Option<u32> {
        let used = self.renewal.map_or(0, |r| r.refreshers);
        settings.max_attempts.map(|m| m.saturating_sub(used))
    }

    pub fn may_start(
        &self,
        purpose: Purpose,
        settings: &AssessmentSettings,
    ) -> Result<(), Refusal> {
        match purpose {
            Purpose::Pretest if self.pretest_due(settings) => Ok(()),
            Purpose::Pretest => Err(Refusal::NoPretest),
            Purpose::Final if self.pretest_due(settings) => Err(Refusal::PretestDue),
            Purpose::Final if self.passed => Err(Refusal::AlreadyPassed),
            Purpose::Final if self.attempts_left(settings) == Some(0) => {
                Err(Refusal::NoAttemptsLeft)
            }
            Purpose::Final => Ok(()),
            Purpose::Refresher if !self.renewal.is_some_and(|r| r.due) => {
                Err(Refusal::NoRenewalDue)
            }
            Purpose::Refresher if self.refreshers_left(settings) == Some(0) => {
                Err(Refusal::NoAttemptsLeft)
            }
            Purpose::Refresher => Ok(()),
        }
    }
}

pub async fn history(db: &Db, user: i64, course: i64) -> Result<History, sqlx::Error> {
    let row = sqlx::query(
        "SELECT
           (SELECT COUNT(*) FROM assessment_attempts WHERE user_id = $1 AND course_id = $2 AND purpose = 'pretest') AS pretests,
           (SELECT COUNT(*) FROM assessment_attempts WHERE user_id = $1 AND course_id = $2 AND purpose = 'final') AS finals,
           (SELECT COUNT(*) FROM assessment_attempts WHERE user_id = $1 AND course_id = $2 AND purpose = 'final' AND passed = 1) AS passes,
           (SELECT COUNT(*) FROM module_progress p JOIN module_versions v ON v.id = p.module_version_id
              JOIN modules m ON m.id = v.module_id
              WHERE p.user_id = $1 AND m.course_id = $2 AND p.done_at IS NOT NULL) AS done",
    )
    .bind(user)
    .bind(course)
    .fetch_one(db.pool())
    .await?;
    let count = |c: &str| row.try_get::<i64, _>(c).map(|n| n as u32);
    let renewal = match sqlx::query(
        "SELECT c.issued_at, c.expires_at FROM certificates c
         WHERE c.user_id = $1 AND c.course_id = $2 AND c.revoked_at IS NULL AND c.expires_at IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM certificates n WHERE n.renews_id = c.id)
         ORDER BY c.id DESC LIMIT 1",
    )
    .bind(user)
    .bind(course)
    .fetch_optional(db.pool())
    .await?
    {
        Some(certificate) => {
            let refreshers: i64 = sqlx::query(
                "SELECT COUNT(*) AS n FROM assessment_attempts
                 WHERE user_id = $1 AND course_id = $2 AND purpose = 'refresher' AND started_at >= $3",
            )
            .bind(user)
            .bind(course)
            .bind(certificate.try_get::<i64, _>("issued_at")?)
            .fetch_one(db.pool())
            .await?
            .try_get("n")?;
            Some(Renewal {
                refreshers: refreshers as u32,
                due: renewal_due(certificate.try_get("expires_at")?, now()),
            })
        }
        None => None,
    };
    Ok(History {
        pretest_taken: count("pretests")? > 0,
        finals: count("finals")?,
        passed: count("passes")? > 0,
        modules_done: count("done")?,
        renewal,
    })
}

/// The caller's open attempt in a course, if any.
pub async fn open_attempt(db: &Db, user: i64, course: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query(
        "SELECT id FROM assessment_attempts WHERE user_id = $1 AND course_id = $2 AND submitted_at IS NULL",
    )
    .bind(user)
    .bind(course)
    .fetch_optional(db.pool())
    .await?
    .map(|r| r.try_get("id"))
    .transpose()
}

/// Starts an attempt — or returns the open one, so a double-clicked or
/// repeated "start" opens a single attempt (the database allows one open
/// attempt per trainee and course, which also settles a race).
pub async fn start(
    db: &Db,
    user: i64,
    slug: &str,
    purpose: Purpose,
    locale: Locale,
) -> Result<Result<i64, Refusal>, sqlx::Error> {
    let Some(assessment) = current(db, slug, locale).await? else {
        return Ok(Err(Refusal::NoAssessment));
    };
    let course = assessment.course_id;
    close_expired(db, user, course).await?;
    if let Some(open) = open_attempt(db, user, course).await? {
        return Ok(Ok(open));
    }
    if let Err(refusal) = history(db, user, course)
        .await?
        .may_start(purpose, &assessment.settings)
    {
        return Ok(Err(refusal));
    }
    let seed: i64 = rand::random();
    let presented = paper(&assessment.pool, Some(assessment.questions()), seed as u64);
    let at = now();
    let deadline = assessment
        .settings
        .time_limit_minutes
        .map(|m| at + i64::from(m) * 60);
    let inserted = sqlx::query(
        "INSERT INTO assessment_attempts
           (user_id, course_id, assessment_id, purpose, seed, paper, answers, started_at, deadline)
         VALUES ($1, $2, $3, $4, $5, $6, '[]', $7, $8) RETURNING id",
    )
    .bind(user)
    .bind(course)
    .bind(assessment.id)
    .bind(purpose.as_str())
    .bind(seed)
    .bind(crate::ssr::db::json::encode(&presented))
    .bind(at)
    .bind(deadline)
    .fetch_one(db.pool())
    .await;
    match inserted {
        Ok(row) => Ok(Ok(row.try_get("id")?)),
        Err(e) if is_unique_violation(&e) => match open_attempt(db, user, course).await? {
            Some(open) => Ok(Ok(open)),
            None => Err(e),
        },
        Err(e) => Err(e),
    }
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    e.as_database_error()
        .is_some_and(sqlx::error::DatabaseError::is_unique_violation)
}

/// Whether answers sent at `at` still count.
pub fn in_time(deadline: Option<i64>, at: i64) -> bool {
    deadline.is_none_or(|d| at <= d + GRACE_SECONDS)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Saved {
    Saved,
    /// Submitted already, or past the deadline: nothing was changed.
    Closed,
    NotFound,
}

/// Autosave: keeps the answers given so far, while the attempt is open and
/// in time.
pub async fn save(
    db: &Db,
    user: i64,
    attempt: i64,
    form: &[(String, String)],
) -> Result<Saved, sqlx::Error> {
    let at = now();
    let updated = sqlx::query(
        "UPDATE assessment_attempts SET answers = $1, saved_at = $2
         WHERE id = $3 AND user_id = $4 AND submitted_at IS NULL
           AND (deadline IS NULL OR deadline + $5 >= $2)",
    )
    .bind(crate::ssr::db::json::encode(&answer_fields(form)))
    .bind(at)
    .bind(attempt)
    .bind(user)
    .bind(GRACE_SECONDS)
    .execute(db.pool())
    .await?
    .rows_affected();
    if updated == 1 {
        return Ok(Saved::Saved);
    }
    Ok(match owner_course(db, user, attempt).await? {
        Some(_) => Saved::Closed,
        None => Saved::NotFound,
    })
}

/// The course of `user`'s attempt `attempt` (nobody else's).
pub async fn owner_course(db: &Db, user: i64, attempt: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query("SELECT course_id FROM assessment_attempts WHERE id = $1 AND user_id = $2")
        .bind(attempt)
        .bind(user)
        .fetch_optional(db.pool())
        .await?
        .map(|r| r.try_get("course_id"))
        .transpose()
}

/// Submits `user`'s attempt with the answers `form` (or, if it arrives
/// after the deadline and its grace, with the answers saved by then).
/// Idempotent: once graded, an attempt never changes, so a double click,
/// a retry or a replay records one result. `false` if there is no such
/// attempt of theirs.
pub async fn submit(
    db: &Db,
    user: i64,
    attempt: i64,
    form: &[(String, String)],
) -> Result<bool, sqlx::Error> {
    close(db, user, attempt, Some(form)).await
}

/// Grades every open attempt of `user` in `course` whose time is up, on
/// the answers saved in time — a closed tab or a lost connection still
/// gets its result.
pub async fn close_expired(db: &Db, user: i64, course: i64) -> Result<(), sqlx::Error> {
    let expired = sqlx::query(
        "SELECT id FROM assessment_attempts
         WHERE user_id = $1 AND course_id = $2 AND submitted_at IS NULL AND deadline + $3 < $4",
    )
    .bind(user)
    .bind(course)
    .bind(GRACE_SECONDS)
    .bind(now())
    .fetch_all(db.pool())
    .await?;
    for row in expired {
        close(db, user, row.try_get("id")?, None).await?;
    }
    Ok(())
}

async fn close(
    db: &Db,
    user: i64,
    attempt: i64,
    posted: Option<&[(String, String)]>,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.pool().begin().await?;
    // Write first: the no-op update takes SQLite's write lock (a read that
    // later upgrades would deadlock with a concurrent submit) and locks the
    // row on PostgreSQL, so concurrent submits of one attempt queue here.
    sqlx::query("UPDATE assessment_attempts SET late = late WHERE id = $1 AND user_id = $2")
        .bind(attempt)
        .bind(user)
        .execute(&mut *tx)
        .await?;
    let Some(row) = sqlx::query(
        "SELECT course_id, assessment_id, purpose, paper, answers, deadline, submitted_at
         FROM assessment_attempts WHERE id = $1 AND user_id = $2",
    )
    .bind(attempt)
    .bind(user)
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(false);
    };
    if row.try_get::<Option<i64>, _>("submitted_at")?.is_some() {
        return Ok(true);
    }
    let at = now();
    let late = !in_time(row.try_get("deadline")?, at);
    let fields: Vec<(String, String)> = match posted {
        Some(form) if !late => answer_fields(form),
        _ => json::decode(
            "assessment_attempts.answers",
            &row.try_get::<String, _>("answers")?,
        )?,
    };
    let assessment = version(&mut tx, row.try_get("assessment_id")?).await?;
    let presented: Vec<Presented> = json::decode(
        "assessment_attempts.paper",
        &row.try_get::<String, _>("paper")?,
    )?;
    let score = score(&assessment, &presented, &fields);
    let purpose = Purpose::parse(&row.try_get::<String, _>("purpose")?).unwrap_or(Purpose::Final);
    let passed = purpose != Purpose::Pretest && score >= f64::from(assessment.settings.pass_mark);
    let updated = sqlx::query(
        "UPDATE assessment_attempts SET answers = $1, submitted_at = $2, score = $3, passed = $4, late = $5
         WHERE id = $6 AND submitted_at IS NULL",
    )
    .bind(crate::ssr::db::json::encode(&fields))
    .bind(at)
    .bind((score * 10.0).round() as i64)
    .bind(i64::from(passed))
    .bind(i64::from(late))
    .bind(attempt)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated == 1 && passed {
        let course = row.try_get("course_id")?;
        let step = match purpose {
            Purpose::Final => Some(Step::FinalPassed),
            Purpose::Refresher => Some(Step::RefresherPassed),
            Purpose::Pretest => None,
        };
        if let Some(step) = step {
            records::after(&mut tx, user, course, step).await?;
        }
    }
    tx.commit().await?;
    Ok(true)
}

/// The percent score of `fields` on a stored paper.
pub fn score(assessment: &Assessment, presented: &[Presented], fields: &[(String, String)]) -> f64 {
    let given = answers(&assessment.pool, presented, fields);
    let outcomes: Vec<Outcome> = presented
        .iter()
        .zip(&given)
        .map(|(p, a)| {
            grade(
                &assessment.pool[p.question],
                p,
                a.as_ref(),
                assessment.settings.partial,
            )
        })
        .collect();
    percent(&outcomes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::content::compile::Review;

    fn settings() -> AssessmentSettings {
        AssessmentSettings {
            pass_mark: 70,
            draw: None,
            max_attempts: Some(2),
            time_limit_minutes: None,
            review: Review::AfterSubmit,
            pretest: true,
            partial: false,
        }
    }

    #[test]
    fn the_pretest_comes_first_and_only_once() {
        let s = settings();
        let fresh = History::default();
        assert_eq!(fresh.may_start(Purpose::Pretest, &s), Ok(()));
        assert_eq!(
            fresh.may_start(Purpose::Final, &s),
            Err(Refusal::PretestDue)
        );
        let taken = History {
            pretest_taken: true,
            ..History::default()
        };
        assert_eq!(
            taken.may_start(Purpose::Pretest, &s),
            Err(Refusal::NoPretest)
        );
        assert_eq!(taken.may_start(Purpose::Final, &s), Ok(()));
        let reading = History {
            modules_done: 1,
            ..History::default()
        };
        assert_eq!(
            reading.may_start(Purpose::Pretest, &s),
            Err(Refusal::NoPretest),
            "after the first module it is too late for a pre-test"
        );
        let without = AssessmentSettings {
            pretest: false,
            ..settings()
        };
        assert_eq!(fresh.may_start(Purpose::Final, &without), Ok(()));
        assert_eq!(
            fresh.may_start(Purpose::Pretest, &without),
            Err(Refusal::NoPretest)
        );
    }

    #[test]
    fn a_refresher_needs_a_certificate_in_its_renewal_window() {
        let s = settings();
        let passed = History {
            pretest_taken: true,
            finals: 1,
            passed: true,
            ..History::default()
        };
        assert_eq!(
            passed.may_start(Purpose::Refresher, &s),
            Err(Refusal::NoRenewalDue),
            "no certificate to renew"
        );
        let mut h = History {
            renewal: Some(Renewal {
                refreshers: 0,
                due: false,
            }),
            ..passed
        };
        assert_eq!(
            h.may_start(Purpose::Refresher, &s),
            Err(Refusal::NoRenewalDue)
        );
        h.renewal = Some(Renewal {
            refreshers: 1,
            due: true,
        });
        assert_eq!(h.may_start(Purpose::Refresher, &s), Ok(()));
        assert_eq!(h.refreshers_left(&s), Some(1));
        assert_eq!(
            h.may_start(Purpose::Final, &s),
            Err(Refusal::AlreadyPassed),
            "renewing is a refresher, not another final"
        );
        h.renewal = Some(Renewal {
            refreshers: 2,
            due: true,
        });
        assert_eq!(
            h.may_start(Purpose::Refresher, &s),
            Err(Refusal::NoAttemptsLeft)
        );
    }

    #[test]
    fn attempts_stop_at_the_limit_and_after_a_pass() {
        let s = settings();
        let mut h = History {
            pretest_taken: true,
            finals: 1,
            ..History::default()
        };
        assert_eq!(h.attempts_left(&s), Some(1));
        assert_eq!(h.may_start(Purpose::Final, &s), Ok(()));
        h.finals = 2;
        assert_eq!(
            h.may_start(Purpose::Final, &s),
            Err(Refusal::NoAttemptsLeft)
        );
        h.finals = 1;
        h.passed = true;
        assert_eq!(h.may_start(Purpose::Final, &s), Err(Refusal::AlreadyPassed));
        let unlimited = AssessmentSettings {
            max_attempts: None,
            ..s
        };
        h.passed = false;
        h.finals = 40;
        assert_eq!(h.attempts_left(&unlimited), None);
        assert_eq!(h.may_start(Purpose::Final, &unlimited), Ok(()));
    }

    #[test]
    fn answers_count_until_the_deadline_and_its_grace() {
        assert!(in_time(None, 1_000_000));
        assert!(in_time(Some(100), 100 + GRACE_SECONDS));
        assert!(!in_time(Some(100), 101 + GRACE_SECONDS));
    }
}
