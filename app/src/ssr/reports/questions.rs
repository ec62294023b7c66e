//! `/reports/questions`: item analysis of a course's final assessment for
//! trainers — per question (by its stable id, across content versions)
//! attempts, facility, point-biserial and upper–lower discrimination,
//! option picks and flags (`quiz::item_stats`), over the graded finals of
//! the trainees the caller's scope covers, narrowed by the report's
//! filters (organisation, province, position, cohort). Questions on fewer
//! than five attempts show only their count: with so few, option picks
//! would tell what each person answered.

use super::completions::resolve;
use super::store;
use crate::model::reports::{
    OptionFigure, QuestionFigures, QuestionReport, ReportQuery, MIN_GROUP,
};
use crate::ssr::auth::policy::ACCOUNTS;
use crate::ssr::auth::{scope, CurrentUser};
use crate::ssr::db::filter::{Filter, Value};
use crate::ssr::db::{json, Db};
use crate::ssr::error::DomainError;
use crate::ssr::quiz::attempt::{responses, stored_version, Assessment};
use crate::ssr::quiz::item_stats::{analyse, FLAG_AFTER};
use crate::ssr::quiz::presentation::Presented;
use crate::ssr::quiz::question::{Kind, Question};
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};

pub async fn questions(
    db: &Db,
    user: &CurrentUser,
    query: &ReportQuery,
) -> Result<QuestionReport, DomainError> {
    let scope = scope::of(db, user).await?.ok_or(DomainError::Forbidden)?;
    let empty = |course_chosen| QuestionReport {
        course_chosen,
        attempts: 0,
        questions: Vec::new(),
        flag_after: FLAG_AFTER as i64,
    };
    if query.course.trim().is_empty() {
        return Ok(empty(false));
    }
    let resolved = resolve(db, user, query).await?;
    let Some(Some(course)) = resolved.course else {
        return Ok(empty(true));
    };
    // The trainees in scope, narrowed like the report (over `users u`).
    let mut f = Filter::new();
    scope.restrict(&mut f, &ACCOUNTS);
    f.and("EXISTS (SELECT 1 FROM user_roles tr WHERE tr.user_id = u.id AND tr.role = 'trainee')");
    if let Some(ids) = &resolved.organisations {
        let ids = f.bind_ids(ids);
        f.and(format!("u.organisation_id IN ({ids})"));
    }
    if let Some(cohort) = resolved.cohort {
        let p = f.bind(Value::Int(cohort.unwrap_or(-1)));
        f.and(format!(
            "u.id IN (SELECT m.user_id FROM cohort_members m WHERE m.cohort_id = {p})"
        ));
    }
    for (value, column) in [
        (&query.province, "u.province"),
        (&query.position, "u.position"),
    ] {
        let value = value.trim();
        if !value.is_empty() {
            let p = f.bind(Value::Text(value.to_string()));
            f.and(format!("{column} = {p}"));
        }
    }
    let rows = store::final_attempts(db, &f, course).await?;
    let mut versions: HashMap<i64, Assessment> = HashMap::new();
    let mut papers = Vec::new();
    for row in &rows {
        let assessment = match versions.entry(row.assessment_id) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(stored_version(db, row.assessment_id).await?),
        };
        let presented: Vec<Presented> = json::decode("assessment_attempts.paper", &row.paper)?;
        let fields: Vec<(String, String)> =
            json::decode("assessment_attempts.answers", &row.answers)?;
        papers.push(responses(assessment, &presented, &fields));
    }
    // Each question as its newest version used words it.
    let mut newest: BTreeMap<String, &Question> = BTreeMap::new();
    let mut ids: Vec<&i64> = versions.keys().collect();
    ids.sort();
    for id in ids {
        for q in &versions[id].pool {
            newest.insert(q.id.clone(), q);
        }
    }
    let options = |q: &Question| match &q.kind {
        Kind::Single { options } | Kind::Multiple { options } => options.clone(),
        _ => Vec::new(),
    };
    let counts: BTreeMap<String, usize> = newest
        .iter()
        .map(|(id, q)| (id.clone(), options(q).len()))
        .collect();
    let round = |x: f64| (x * 100.0).round() / 100.0;
    let questions = analyse(&papers, &counts)
        .into_iter()
        .map(|s| {
            let q = newest.get(&s.question);
            let shown = s.attempts as i64 >= MIN_GROUP;
            QuestionFigures {
                text: q.map(|q| q.text.clone()).unwrap_or_default(),
                attempts: s.attempts as i64,
                facility: shown.then(|| round(s.facility)),
                point_biserial: s.point_biserial.filter(|_| shown).map(round),
                upper_lower: s.upper_lower.filter(|_| shown).map(round),
                options: match q {
                    Some(q) if shown => options(q)
                        .into_iter()
                        .zip(&s.picks)
                        .map(|(o, picks)| OptionFigure {
                            text: o.text,
                            correct: o.correct,
                            picks: *picks as i64,
                        })
                        .collect(),
                    _ => Vec::new(),
                },
                flags: s.flags.iter().map(|f| f.code().to_string()).collect(),
                id: s.question,
            }
        })
        .collect();
    Ok(QuestionReport {
        course_chosen: true,
        attempts: rows.len() as i64,
        questions,
        flag_after: FLAG_AFTER as i64,
    })
}
