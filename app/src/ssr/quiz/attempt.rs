//! Attempts at a course's assessment, from start to grade. The server is
//! the only judge: the paper (draw and option order) is fixed and stored
//! when the attempt starts, answers are graded here against the stored
//! paper, the time limit is enforced here, and submitting twice records
//! one result.

use super::answer_form::{answer_fields, answers};
use super::check::tenths;
use super::grading::{grade, percent, Answer, Outcome};
use super::item_stats::Response;
use super::presentation::{paper, Presented};
use super::store;
use crate::i18n::Locale;
use crate::model::assessment::Purpose;
use crate::model::courses::TextLanguage;
use crate::ssr::certificates;
use crate::ssr::certificates::renewal::renewal_due;
use crate::ssr::db::cache::{Cache, Topic};
use crate::ssr::db::json::{self, Corrupt};
use crate::ssr::db::{now, Db};
use crate::ssr::quiz::question::Question;
use crate::ssr::quiz::settings::AssessmentSettings;
use crate::ssr::records::{self, Step};
use crate::ssr::standings;
use crate::ssr::texts::pick;
use sqlx::AnyConnection;
use std::sync::Arc;

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
    fn from_row(row: store::AssessmentRow, text: TextLanguage) -> Result<Assessment, Corrupt> {
        Ok(Assessment {
            id: row.id,
            course_id: row.course_id,
            settings: json::decode("assessments.settings", &row.settings)?,
            pool: json::decode("assessments.pool", &row.pool)?,
            title: row.title,
            intro_html: row.intro_html,
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

/// Current assessments by course slug and reader's language, kept for
/// [`FRESH_FOR`](crate::ssr::db::cache::FRESH_FOR) as the course outline is:
/// the course page and the assessment page read one on every visit, and
/// fetching and decoding its whole pool in both languages was most of the
/// course page's time (docs/benchmarks.md). An import on this process shows
/// at once ([`Topic::Content`]), on another within the bound; a version is
/// never edited, so what is kept is always a whole version.
struct Currents(Cache<(String, Locale), Option<Arc<Assessment>>>);

impl Default for Currents {
    fn default() -> Self {
        Currents(Cache::fresh())
    }
}

/// The current assessment of course `slug` in the reader's language (else
/// the course's source language), if the course has one.
pub async fn current(
    db: &Db,
    slug: &str,
    locale: Locale,
) -> Result<Option<Arc<Assessment>>, sqlx::Error> {
    let currents = db.caches().get::<Currents>();
    let generation = db.caches().generation(Topic::Content);
    let key = (slug.to_string(), locale);
    if let Some(found) = currents.0.get(&key, generation) {
        return Ok(found);
    }
    let found = read_current(db, slug, locale).await?.map(Arc::new);
    currents.0.put(key, found.clone(), generation);
    Ok(found)
}

async fn read_current(
    db: &Db,
    slug: &str,
    locale: Locale,
) -> Result<Option<Assessment>, sqlx::Error> {
    let rows: Vec<(String, store::AssessmentRow)> = store::current(db, slug)
        .await?
        .into_iter()
        .map(|r| (r.language.clone(), r))
        .collect();
    let Some((_, first)) = rows.first() else {
        return Ok(None);
    };
    let source = first.source_language.clone();
    let Some((chosen, text)) = pick(
        &rows,
        locale.code(),
        &source,
        |r| r.translation_of.as_deref(),
        |r| &r.content_hash,
    ) else {
        return Ok(None);
    };
    Ok(Some(Assessment::from_row(chosen.clone(), text)?))
}

/// Assessment version `id` (what an attempt was drawn from).
async fn version(conn: &mut AnyConnection, id: i64) -> Result<Assessment, sqlx::Error> {
    let row = store::version(conn, id).await?;
    let text = TextLanguage {
        language: row.language.clone(),
        fallback: false,
        stale: false,
    };
    Ok(Assessment::from_row(row, text)?)
}

/// A stored assessment version (its pool and settings), for item analysis.
pub async fn stored_version(db: &Db, id: i64) -> Result<Assessment, sqlx::Error> {
    let mut conn = db.pool().acquire().await?;
    version(&mut conn, id).await
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
    let counts = store::history_counts(db, user, course).await?;
    let count = |n: i64| u32::try_from(n).unwrap_or(0);
    let renewal = match certificates::store::renewable(db.pool(), user, course).await? {
        Some(certificate) => Some(Renewal {
            refreshers: count(
                store::refreshers_since(db, user, course, certificate.issued_at).await?,
            ),
            due: certificate
                .expires_at
                .is_some_and(|e| renewal_due(e, now())),
        }),
        None => None,
    };
    Ok(History {
        pretest_taken: counts.pretests > 0,
        finals: count(counts.finals),
        passed: counts.passes > 0,
        modules_done: count(counts.done),
        renewal,
    })
}

/// The caller's open attempt in a course, if any.
pub async fn open_attempt(db: &Db, user: i64, course: i64) -> Result<Option<i64>, sqlx::Error> {
    store::open_attempt(db, user, course).await
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
    let inserted = store::insert_attempt(
        db,
        store::NewAttempt {
            user,
            course,
            assessment: assessment.id,
            purpose: purpose.as_str(),
            seed,
            paper: json::encode(&presented),
            started_at: at,
            deadline,
        },
    )
    .await;
    match inserted {
        Ok(id) => {
            // A pre-test taken before any module begins the course.
            let mut conn = db.pool().acquire().await?;
            standings::refresh(&mut conn, user, course).await?;
            Ok(Ok(id))
        }
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
    let answers = json::encode(&answer_fields(form));
    if store::save_answers(db, user, attempt, &answers, now(), GRACE_SECONDS).await? {
        return Ok(Saved::Saved);
    }
    Ok(match owner_course(db, user, attempt).await? {
        Some(_) => Saved::Closed,
        None => Saved::NotFound,
    })
}

/// The course of `user`'s attempt `attempt` (nobody else's).
pub async fn owner_course(db: &Db, user: i64, attempt: i64) -> Result<Option<i64>, sqlx::Error> {
    store::owner_course(db, user, attempt).await
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
    for id in store::expired(db, user, course, GRACE_SECONDS, now()).await? {
        close(db, user, id, None).await?;
    }
    Ok(())
}

async fn close(
    db: &Db,
    user: i64,
    attempt: i64,
    posted: Option<&[(String, String)]>,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    // Write first, so concurrent submits of one attempt queue here.
    store::lock_attempt(&mut tx, user, attempt).await?;
    let Some(row) = store::attempt(&mut tx, user, attempt).await? else {
        return Ok(false);
    };
    if row.submitted_at.is_some() {
        return Ok(true);
    }
    let at = now();
    let late = !in_time(row.deadline, at);
    let fields: Vec<(String, String)> = match posted {
        Some(form) if !late => answer_fields(form),
        _ => json::decode("assessment_attempts.answers", &row.answers)?,
    };
    let assessment = version(&mut tx, row.assessment_id).await?;
    let presented: Vec<Presented> = json::decode("assessment_attempts.paper", &row.paper)?;
    let score = score(&assessment, &presented, &fields);
    let by_module = module_scores(&assessment, &presented, &fields);
    let purpose = Purpose::parse(&row.purpose).unwrap_or(Purpose::Final);
    let passed = purpose != Purpose::Pretest && score >= f64::from(assessment.settings.pass_mark);
    let recorded = store::record_grade(
        &mut tx,
        store::Graded {
            attempt,
            answers: &json::encode(&fields),
            submitted_at: at,
            score: tenths(score),
            passed,
            late,
        },
    )
    .await?;
    if recorded {
        for (module, questions, percent) in &by_module {
            store::record_module_score(&mut tx, attempt, module, *questions, tenths(*percent))
                .await?;
        }
    }
    if recorded && passed {
        let step = match purpose {
            Purpose::Final => Some(Step::FinalPassed),
            Purpose::Refresher => Some(Step::RefresherPassed),
            Purpose::Pretest => None,
        };
        if let Some(step) = step {
            records::after(&mut tx, user, row.course_id, step).await?;
        }
    }
    standings::refresh(&mut tx, user, row.course_id).await?;
    tx.commit().await?;
    Ok(true)
}

/// Each presented question's outcome for `fields` on a stored paper.
fn outcomes(
    assessment: &Assessment,
    presented: &[Presented],
    fields: &[(String, String)],
) -> Vec<Outcome> {
    let given = answers(&assessment.pool, presented, fields);
    presented
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
        .collect()
}

/// The percent score of `fields` on a stored paper.
pub fn score(assessment: &Assessment, presented: &[Presented], fields: &[(String, String)]) -> f64 {
    percent(&outcomes(assessment, presented, fields))
}

/// Each question of a graded paper: its stable id, the credit earned and
/// the author's options picked — what item analysis reads.
pub fn responses(
    assessment: &Assessment,
    presented: &[Presented],
    fields: &[(String, String)],
) -> Vec<Response> {
    let given = answers(&assessment.pool, presented, fields);
    presented
        .iter()
        .zip(outcomes(assessment, presented, fields))
        .zip(given)
        .map(|((p, outcome), answer)| {
            let original = |pos: &usize| p.order.get(*pos).copied();
            let picked = match answer {
                Some(Answer::Choice(pos)) => original(&pos).into_iter().collect(),
                Some(Answer::Choices(positions)) => positions.iter().filter_map(original).collect(),
                _ => Vec::new(),
            };
            Response {
                question: assessment.pool[p.question].id.clone(),
                credit: outcome.credit,
                picked,
            }
        })
        .collect()
}

/// The score on the questions that test each module (those tagged
/// `@ module` in `assessment.md`), by module slug: how many questions of
/// the paper test it and the percent scored on them.
pub fn module_scores(
    assessment: &Assessment,
    presented: &[Presented],
    fields: &[(String, String)],
) -> Vec<(String, usize, f64)> {
    let mut by_module: std::collections::BTreeMap<&str, Vec<Outcome>> = Default::default();
    for (p, outcome) in presented
        .iter()
        .zip(outcomes(assessment, presented, fields))
    {
        if let Some(module) = &assessment.pool[p.question].module {
            by_module.entry(module).or_default().push(outcome);
        }
    }
    by_module
        .into_iter()
        .map(|(module, outcomes)| (module.to_string(), outcomes.len(), percent(&outcomes)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::quiz::settings::Review;

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
