//! `/reports/gain`: what the training taught — per course and per
//! organisation, the trainees with both a pre-test and a final, their mean
//! scores and Hake's normalised gain of the means; and per module, from
//! the final-assessment questions tagged with it. Small groups withheld.

use super::completions::{filtered, Names};
use super::dashboard::Groups;
use super::privacy::figure;
use super::store;
use crate::i18n::Locale;
use crate::model::reports::{GainReport, ModuleGain, ReportQuery, MIN_GROUP};
use crate::ssr::auth::CurrentUser;
use crate::ssr::db::{json, now, Db};
use crate::ssr::error::DomainError;
use crate::ssr::quiz::gain::Gain;
use crate::ssr::texts;
use std::collections::HashMap;

pub async fn gain(
    db: &Db,
    user: &CurrentUser,
    query: &ReportQuery,
    locale: Locale,
) -> Result<GainReport, DomainError> {
    let f = filtered(db, user, query, now()).await?;
    let names = Names::load(db, locale).await?;
    let (groups, modules) = tokio::try_join!(
        Groups::load(db, &f, &names),
        modules(db, &f, &names, locale),
    )?;
    Ok(GainReport {
        overall: groups.overall,
        courses: groups.courses,
        organisations: groups.organisations,
        modules,
    })
}

/// Knowledge gain per module, in course and module order. Modules of one
/// course are taken by the same trainees (not a partition), so only small
/// groups themselves are withheld.
async fn modules(
    db: &Db,
    f: &crate::ssr::db::filter::Filter,
    names: &Names,
    locale: Locale,
) -> Result<Vec<ModuleGain>, DomainError> {
    let sums = module_sums(store::module_scores(db, f).await?)?;
    let titles = store::module_titles(db).await?;
    let mut by_module: HashMap<(i64, &str), Vec<&store::ModuleTitleRow>> = HashMap::new();
    for t in &titles {
        by_module
            .entry((t.course_id, t.slug.as_str()))
            .or_default()
            .push(t);
    }
    let mut out: Vec<(String, i64, ModuleGain)> = sums
        .into_iter()
        .map(|s| {
            let rows = by_module.get(&(s.course_id, s.module.as_str()));
            let title = rows.and_then(|rows| {
                texts::in_language(rows, |r| r.language.as_str(), locale.code(), "en")
                    .or_else(|| rows.first())
            });
            let position = title.map_or(i64::MAX, |t| t.position);
            let module = title.map_or_else(|| s.module.clone(), |t| t.title.clone());
            let course = names
                .courses
                .get(&s.course_id)
                .map_or_else(String::new, |(_, title)| title.clone());
            let hide = (1..MIN_GROUP).contains(&s.people) || s.people == 0;
            let means = (s.people > 0).then(|| Gain {
                pre: s.pre_sum as f64 / s.people as f64 / 10.0,
                post: s.final_sum as f64 / s.people as f64 / 10.0,
            });
            let round = |x: f64, f: f64| (x * f).round() / f;
            (
                course.clone(),
                position,
                ModuleGain {
                    course,
                    module,
                    with_both: figure(s.people, (1..MIN_GROUP).contains(&s.people)),
                    mean_pretest: figure(means.map_or(0.0, |m| round(m.pre, 10.0)), hide),
                    mean_final: figure(means.map_or(0.0, |m| round(m.post, 10.0)), hide),
                    gain: figure(
                        means.and_then(Gain::normalised).map(|g| round(g, 100.0)),
                        hide,
                    ),
                },
            )
        })
        .collect();
    out.sort_by(|a, b| (a.0.as_str(), a.1).cmp(&(b.0.as_str(), b.1)));
    Ok(out.into_iter().map(|(_, _, m)| m).collect())
}

/// Per course and module: how many trainees' best pre-test and best final
/// both tested the module, and their score sums (tenths of a percent). A
/// trainee has one standing per course, so each counts once per module.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ModuleSums {
    pub course_id: i64,
    pub module: String,
    pub people: i64,
    pub pre_sum: i64,
    pub final_sum: i64,
}

/// Sums the standings' stored per-module scores per course and module.
fn module_sums(rows: Vec<store::ModuleScoresRow>) -> Result<Vec<ModuleSums>, DomainError> {
    let mut sums: HashMap<(i64, String), ModuleSums> = HashMap::new();
    for row in rows {
        let scores: Vec<(String, i64, i64)> =
            json::decode("course_standings.module_scores", &row.module_scores)?;
        for (module, pre, post) in scores {
            let sum = sums
                .entry((row.course_id, module.clone()))
                .or_insert_with(|| ModuleSums {
                    course_id: row.course_id,
                    module,
                    ..ModuleSums::default()
                });
            sum.people += 1;
            sum.pre_sum += pre;
            sum.final_sum += post;
        }
    }
    Ok(sums.into_values().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(course_id: i64, scores: &str) -> store::ModuleScoresRow {
        store::ModuleScoresRow {
            course_id,
            module_scores: scores.into(),
        }
    }

    #[test]
    fn module_scores_are_summed_per_course_and_module() {
        let mut sums = module_sums(vec![
            row(1, r#"[["a",500,900],["b",0,1000]]"#),
            row(1, r#"[["a",300,700]]"#),
            row(2, r#"[["a",1000,1000]]"#),
        ])
        .unwrap();
        sums.sort_by(|x, y| (x.course_id, &x.module).cmp(&(y.course_id, &y.module)));
        let brief: Vec<_> = sums
            .iter()
            .map(|s| {
                (
                    s.course_id,
                    s.module.as_str(),
                    s.people,
                    s.pre_sum,
                    s.final_sum,
                )
            })
            .collect();
        assert_eq!(
            brief,
            [
                (1, "a", 2, 800, 1600),
                (1, "b", 1, 0, 1000),
                (2, "a", 1, 1000, 1000)
            ]
        );
    }

    #[test]
    fn stored_scores_that_do_not_decode_are_an_error() {
        let err = module_sums(vec![row(1, "[[\"a\",1]]")]).unwrap_err();
        assert!(matches!(err, DomainError::Corrupt(c) if c.column.contains("module_scores")));
    }
}
