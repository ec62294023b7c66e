//! The assessment pages' data: the overview of a course's assessment, an
//! open attempt's paper and a submitted attempt's result. What is built
//! here travels to the browser, so the key appears only in a result, and
//! only as far as the review policy allows.

use super::attempt::{self, history, Assessment, History};
use super::feedback::{self, Disclosure};
use super::grading::public;
use super::presentation::Presented;
use super::store;
use crate::i18n::Locale;
use crate::model::assessment::{
    AssessmentOverview, AttemptPaper, AttemptResult, AttemptSummary, AttemptView, NextStep, Offer,
    Purpose,
};
use crate::ssr::auth::CurrentUser;
use crate::ssr::course_names;
use crate::ssr::db::{json, now, Db};
use crate::ssr::error::DomainError;
use crate::ssr::quiz::question::Question;
use crate::ssr::records::completion;

async fn course_title(db: &Db, course: i64, locale: Locale) -> Result<String, sqlx::Error> {
    course_names::title(db, course, locale).await
}

/// A stored score (tenths of a percent) as a percentage.
fn percent(tenths: i64) -> f64 {
    // Scores are 0..=1000: exact in an f64.
    tenths as f64 / 10.0
}

fn summaries(rows: Vec<store::SummaryRow>) -> Vec<AttemptSummary> {
    rows.into_iter()
        .map(|r| AttemptSummary {
            id: r.id,
            purpose: Purpose::parse(&r.purpose).unwrap_or(Purpose::Final),
            started_at: r.started_at,
            submitted_at: r.submitted_at,
            score: r.score.map(percent),
            passed: r.passed == Some(1),
        })
        .collect()
}

fn offer(open: Option<i64>, history: &History, assessment: &Assessment) -> Offer {
    let settings = &assessment.settings;
    match open {
        Some(id) => Offer::Continue(id),
        None if history.pretest_due(settings) => Offer::Pretest,
        None if history.passed => match history.may_start(Purpose::Refresher, settings) {
            Ok(()) => Offer::Refresher,
            Err(attempt::Refusal::NoAttemptsLeft) => Offer::NoAttemptsLeft,
            Err(_) => Offer::Passed,
        },
        None if history.attempts_left(settings) == Some(0) => Offer::NoAttemptsLeft,
        None => Offer::Final,
    }
}

pub async fn overview(
    db: &Db,
    user: &CurrentUser,
    locale: Locale,
    slug: &str,
) -> Result<AssessmentOverview, DomainError> {
    let assessment = attempt::current(db, slug, locale)
        .await?
        .ok_or(DomainError::NotFound)?;
    let course = assessment.course_id;
    attempt::close_expired(db, user.id, course).await?;
    let history = history(db, user.id, course).await?;
    let open = attempt::open_attempt(db, user.id, course).await?;
    let rows = store::summaries(db, user.id, course).await?;
    Ok(AssessmentOverview {
        course_slug: slug.to_string(),
        course_title: course_title(db, course, locale).await?,
        title: assessment.title.clone(),
        intro_html: assessment.intro_html.clone(),
        text: assessment.text.clone(),
        questions: assessment.questions() as u32,
        pass_mark: assessment.settings.pass_mark,
        max_attempts: assessment.settings.max_attempts,
        time_limit_minutes: assessment.settings.time_limit_minutes,
        finals_used: history.finals,
        offer: offer(open, &history, &assessment),
        attempts: summaries(rows),
    })
}

/// `user`'s attempt `id` in course `slug`: its paper while open (an
/// attempt whose time is up is graded first), else its result.
pub async fn attempt(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    id: i64,
) -> Result<AttemptView, DomainError> {
    let row = store::attempt_page(db, user.id, slug, id)
        .await?
        .ok_or(DomainError::NotFound)?;
    let course = row.course_id;
    let deadline = row.deadline;
    if row.submitted_at.is_none() && !attempt::in_time(deadline, now()) {
        attempt::close_expired(db, user.id, course).await?;
        return Box::pin(self::attempt(db, user, slug, id)).await;
    }
    let pool: Vec<Question> = json::decode("assessments.pool", &row.pool)?;
    let presented: Vec<Presented> = json::decode("assessment_attempts.paper", &row.paper)?;
    let fields: Vec<(String, String)> = json::decode("assessment_attempts.answers", &row.answers)?;
    let settings: crate::ssr::quiz::settings::AssessmentSettings =
        json::decode("assessments.settings", &row.settings)?;
    let purpose = Purpose::parse(&row.purpose).unwrap_or(Purpose::Final);
    let course_title = course_title(
        db,
        course,
        Locale::from_code(&row.language).unwrap_or_default(),
    )
    .await?;
    let title = row.title.clone();

    if row.submitted_at.is_none() {
        return Ok(AttemptView::Open(AttemptPaper {
            id,
            course_slug: slug.to_string(),
            course_title,
            title,
            purpose,
            questions: presented
                .iter()
                .filter_map(|p| pool.get(p.question).map(|q| public(q, p)))
                .collect(),
            saved: fields,
            seconds_left: deadline.map(|d| (d - now()).max(0)),
            time_limit_minutes: settings.time_limit_minutes,
        }));
    }

    let history = history(db, user.id, course).await?;
    let passed = row.passed == Some(1);
    let (passed_for_review, attempts_left) = match purpose {
        Purpose::Pretest => (false, None),
        Purpose::Final => (history.passed, history.attempts_left(&settings)),
        Purpose::Refresher => (passed, history.refreshers_left(&settings)),
    };
    let revealed = feedback::disclosure(purpose, settings.review, passed_for_review, attempts_left)
        == Disclosure::Full;
    // Withheld means withheld: not even which questions were right.
    let questions = if revealed {
        let given = super::answer_form::answers(&pool, &presented, &fields);
        feedback::results(&pool, &presented, &given, settings.partial, true).0
    } else {
        Vec::new()
    };
    let next = match purpose {
        Purpose::Pretest => NextStep::StartCourse,
        Purpose::Final if history.passed => {
            if completion::completed_at(db, user.id, course)
                .await?
                .is_some()
            {
                NextStep::Complete
            } else {
                NextStep::FinishModules
            }
        }
        Purpose::Final => match history.attempts_left(&settings) {
            Some(0) => NextStep::NoAttemptsLeft,
            left => NextStep::Retry {
                attempts_left: left,
            },
        },
        Purpose::Refresher if passed => NextStep::Renewed,
        Purpose::Refresher => match history.refreshers_left(&settings) {
            Some(0) => NextStep::NoAttemptsLeft,
            left => NextStep::Retry {
                attempts_left: left,
            },
        },
    };
    let pretest_score = store::latest_score(db, user.id, course, Purpose::Pretest.as_str())
        .await?
        .map(percent)
        .filter(|_| purpose != Purpose::Pretest);
    Ok(AttemptView::Done(AttemptResult {
        id,
        course_slug: slug.to_string(),
        course_title,
        title,
        purpose,
        score: percent(row.score.unwrap_or(0)),
        passed,
        pass_mark: settings.pass_mark,
        late: row.late == Some(1),
        revealed,
        questions,
        next,
        pretest_score,
    }))
}
