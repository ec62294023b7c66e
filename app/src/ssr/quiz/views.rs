//! The assessment pages' data: the overview of a course's assessment, an
//! open attempt's paper and a submitted attempt's result. What is built
//! here travels to the browser, so the key appears only in a result, and
//! only as far as the review policy allows.

use super::attempt::{self, history, Assessment, History};
use super::feedback;
use super::grading::public;
use super::presentation::Presented;
use crate::i18n::Locale;
use crate::model::assessment::{
    AssessmentOverview, AttemptPaper, AttemptResult, AttemptSummary, AttemptView, NextStep, Offer,
    Purpose,
};
use crate::ssr::auth::CurrentUser;
use crate::ssr::content::compile::Review;
use crate::ssr::content::quiz::Question;
use crate::ssr::db::{json, now, Db};
use crate::ssr::error::DomainError;
use crate::ssr::records::completion;
use sqlx::Row;

async fn course_title(db: &Db, course: i64, locale: Locale) -> Result<String, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT t.language, t.title, c.source_language FROM course_texts t JOIN courses c ON c.id = t.course_id
         WHERE t.course_id = $1 AND t.superseded_at IS NULL",
    )
    .bind(course)
    .fetch_all(db.pool())
    .await?;
    let title = |wanted: &str| {
        rows.iter()
            .find(|r| {
                r.try_get::<String, _>("language")
                    .is_ok_and(|l| l == wanted)
            })
            .and_then(|r| r.try_get::<String, _>("title").ok())
    };
    let source: Option<String> = rows.first().and_then(|r| r.try_get("source_language").ok());
    Ok(title(locale.code())
        .or_else(|| source.as_deref().and_then(title))
        .unwrap_or_default())
}

fn summaries(rows: &[sqlx::any::AnyRow]) -> Result<Vec<AttemptSummary>, sqlx::Error> {
    rows.iter()
        .map(|r| {
            let submitted_at: Option<i64> = r.try_get("submitted_at")?;
            Ok(AttemptSummary {
                id: r.try_get("id")?,
                purpose: Purpose::parse(&r.try_get::<String, _>("purpose")?)
                    .unwrap_or(Purpose::Final),
                started_at: r.try_get("started_at")?,
                submitted_at,
                score: r
                    .try_get::<Option<i64>, _>("score")?
                    .map(|s| s as f64 / 10.0),
                passed: r.try_get::<Option<i64>, _>("passed")? == Some(1),
            })
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
    let rows = sqlx::query(
        "SELECT id, purpose, started_at, submitted_at, score, passed FROM assessment_attempts
         WHERE user_id = $1 AND course_id = $2 ORDER BY started_at, id",
    )
    .bind(user.id)
    .bind(course)
    .fetch_all(db.pool())
    .await?;
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
        attempts: summaries(&rows)?,
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
    let row = sqlx::query(
        "SELECT a.course_id, a.assessment_id, a.purpose, a.paper, a.answers, a.deadline, a.submitted_at,
                a.score, a.passed, a.late, s.title, s.settings, s.pool, s.language
         FROM assessment_attempts a JOIN assessments s ON s.id = a.assessment_id
         JOIN courses c ON c.id = a.course_id
         WHERE a.id = $1 AND a.user_id = $2 AND c.slug = $3",
    )
    .bind(id)
    .bind(user.id)
    .bind(slug)
    .fetch_optional(db.pool())
    .await?
    .ok_or(DomainError::NotFound)?;
    let course: i64 = row.try_get("course_id")?;
    let deadline: Option<i64> = row.try_get("deadline")?;
    if row.try_get::<Option<i64>, _>("submitted_at")?.is_none()
        && !attempt::in_time(deadline, now())
    {
        attempt::close_expired(db, user.id, course).await?;
        return Box::pin(self::attempt(db, user, slug, id)).await;
    }
    let text = |c: &str| row.try_get::<String, _>(c);
    let pool: Vec<Question> = json::decode("assessments.pool", &text("pool")?)?;
    let presented: Vec<Presented> = json::decode("assessment_attempts.paper", &text("paper")?)?;
    let fields: Vec<(String, String)> =
        json::decode("assessment_attempts.answers", &text("answers")?)?;
    let settings: crate::ssr::content::compile::AssessmentSettings =
        json::decode("assessments.settings", &text("settings")?)?;
    let purpose = Purpose::parse(&text("purpose")?).unwrap_or(Purpose::Final);
    let course_title = course_title(
        db,
        course,
        Locale::from_code(&text("language")?).unwrap_or_default(),
    )
    .await?;
    let title: String = row.try_get("title")?;

    if row.try_get::<Option<i64>, _>("submitted_at")?.is_none() {
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
    // The pre-test never reveals the key: the same pool makes the final.
    let revealed = purpose != Purpose::Pretest
        && match settings.review {
            Review::AfterSubmit => true,
            Review::AfterPass => history.passed,
            Review::Never => false,
        };
    let given = super::answer_form::answers(&pool, &presented, &fields);
    let (questions, _) = feedback::results(&pool, &presented, &given, settings.partial, revealed);
    let passed = row.try_get::<Option<i64>, _>("passed")? == Some(1);
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
    let pretest_score = sqlx::query(
        "SELECT score FROM assessment_attempts
         WHERE user_id = $1 AND course_id = $2 AND purpose = 'pretest' AND submitted_at IS NOT NULL",
    )
    .bind(user.id)
    .bind(course)
    .fetch_optional(db.pool())
    .await?
    .map(|r| r.try_get::<i64, _>("score"))
    .transpose()?
    .map(|s| s as f64 / 10.0)
    .filter(|_| purpose != Purpose::Pretest);
    Ok(AttemptView::Done(AttemptResult {
        id,
        course_slug: slug.to_string(),
        course_title,
        title,
        purpose,
        score: row.try_get::<Option<i64>, _>("score")?.unwrap_or(0) as f64 / 10.0,
        passed,
        pass_mark: settings.pass_mark,
        late: row.try_get::<i64, _>("late")? == 1,
        revealed,
        questions,
        next,
        pretest_score,
    }))
}
