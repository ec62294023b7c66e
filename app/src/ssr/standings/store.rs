//! The SQL of `course_standings`: one statement that recomputes the rows
//! of some trainee × course pairs from what is recorded.

use sqlx::AnyConnection;

/// Which trainee × course pairs a standings refresh recomputes.
#[derive(Clone, Copy, Debug)]
pub enum Pairs<'a> {
    One {
        user: i64,
        course: i64,
    },
    Course(i64),
    /// The holder and course of the certificate with this code.
    Certificate(&'a str),
    All,
}

/// Recomputes the `course_standings` rows of `pairs` from what is recorded
/// (the same statement as migrations 0015's and 0016's fills), with their
/// copy of the trainee's organisation, place, sort name and roles (which
/// the database's triggers then keep current). The per-pair figures are
/// a materialised CTE: inlined, SQLite would evaluate each correlated
/// subquery once per use (four times for the start date). A pair with nothing
/// recorded has no row.
pub async fn refresh_standings(
    conn: &mut AnyConnection,
    pairs: Pairs<'_>,
) -> Result<(), sqlx::Error> {
    const EVERY_PAIR: &str = "SELECT user_id, course_id FROM course_positions
          UNION SELECT user_id, course_id FROM assessment_attempts
          UNION SELECT user_id, course_id FROM course_completions";
    let source = match pairs {
        Pairs::One { .. } => {
            "SELECT CAST($1 AS BIGINT) AS user_id, CAST($2 AS BIGINT) AS course_id".to_string()
        }
        Pairs::Course(_) => format!("SELECT * FROM ({EVERY_PAIR}) e WHERE e.course_id = $1"),
        Pairs::Certificate(_) => {
            "SELECT user_id, course_id FROM certificates WHERE code = $1".to_string()
        }
        Pairs::All => EVERY_PAIR.to_string(),
    };
    let sql = format!(
        "WITH s AS MATERIALIZED (
    SELECT p.user_id, p.course_id,
           (SELECT MIN(mp.opened_at) FROM module_progress mp
              JOIN module_versions mv ON mv.id = mp.module_version_id
              JOIN modules m ON m.id = mv.module_id
             WHERE mp.user_id = p.user_id AND m.course_id = p.course_id) AS opened_at,
           (SELECT MIN(a.started_at) FROM assessment_attempts a
             WHERE a.user_id = p.user_id AND a.course_id = p.course_id) AS attempted_at,
           (SELECT COUNT(DISTINCT m.id) FROM module_progress mp
              JOIN module_versions mv ON mv.id = mp.module_version_id
              JOIN modules m ON m.id = mv.module_id
             WHERE mp.user_id = p.user_id AND m.course_id = p.course_id
               AND mp.done_at IS NOT NULL AND m.retired_at IS NULL) AS modules_done,
           (SELECT a.id FROM assessment_attempts a
             WHERE a.user_id = p.user_id AND a.course_id = p.course_id
               AND a.purpose = 'pretest' AND a.submitted_at IS NOT NULL
             ORDER BY a.score DESC, a.id LIMIT 1) AS pretest_id,
           (SELECT a.id FROM assessment_attempts a
             WHERE a.user_id = p.user_id AND a.course_id = p.course_id
               AND a.purpose = 'final' AND a.submitted_at IS NOT NULL
             ORDER BY a.score DESC, a.id LIMIT 1) AS final_id,
           (SELECT MAX(a.passed) FROM assessment_attempts a
             WHERE a.user_id = p.user_id AND a.course_id = p.course_id
               AND a.purpose IN ('final', 'refresher') AND a.submitted_at IS NOT NULL) AS passed,
           (SELECT cc.completed_at FROM course_completions cc
             WHERE cc.user_id = p.user_id AND cc.course_id = p.course_id) AS completed_at,
           (SELECT MAX(ce.id) FROM certificates ce
             WHERE ce.user_id = p.user_id AND ce.course_id = p.course_id) AS certificate_id
    FROM ({source}) p
)
INSERT INTO course_standings (user_id, course_id, started_at, modules_done, pretest_score,
    final_score, pretest_attempt_id, final_attempt_id, passed, completed_at, certificate_code,
    certificate_issued_at, certificate_expires_at, certificate_revoked_at, organisation_id,
    province, position, name_key, trainee, trainee_only, module_scores, sessions_attended)
SELECT s.user_id, s.course_id,
       COALESCE(CASE WHEN s.opened_at IS NOT NULL AND (s.attempted_at IS NULL OR s.opened_at <= s.attempted_at)
                     THEN s.opened_at ELSE s.attempted_at END, s.completed_at),
       s.modules_done, pre.score, fin.score, pre.id, fin.id, s.passed, s.completed_at,
       c.code, c.issued_at, c.expires_at, c.revoked_at,
       u.organisation_id, u.province, u.position, LOWER(u.name),
       CASE WHEN EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = s.user_id AND r.role = 'trainee')
            THEN 1 ELSE 0 END,
       CASE WHEN EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = s.user_id AND r.role = 'trainee')
             AND NOT EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = s.user_id AND r.role <> 'trainee')
            THEN 1 ELSE 0 END,
       (SELECT '[' || string_agg('[\"' || mp.module_slug || '\",' || CAST(mp.score AS TEXT)
                                 || ',' || CAST(mf.score AS TEXT) || ']', ',') || ']'
          FROM attempt_module_scores mp
          JOIN attempt_module_scores mf ON mf.attempt_id = s.final_id AND mf.module_slug = mp.module_slug
         WHERE mp.attempt_id = s.pretest_id),
       (SELECT COUNT(DISTINCT cs.day) FROM cohort_attendance ca
          JOIN cohort_sessions cs ON cs.id = ca.session_id
          JOIN cohort_courses cc ON cc.cohort_id = cs.cohort_id
         WHERE ca.user_id = s.user_id AND cc.course_id = s.course_id)
FROM s
JOIN users u ON u.id = s.user_id
LEFT JOIN assessment_attempts pre ON pre.id = s.pretest_id
LEFT JOIN assessment_attempts fin ON fin.id = s.final_id
LEFT JOIN certificates c ON c.id = s.certificate_id
WHERE s.opened_at IS NOT NULL OR s.attempted_at IS NOT NULL OR s.completed_at IS NOT NULL
        ON CONFLICT (user_id, course_id) DO UPDATE SET
            started_at = excluded.started_at,
            modules_done = excluded.modules_done,
            pretest_score = excluded.pretest_score,
            final_score = excluded.final_score,
            pretest_attempt_id = excluded.pretest_attempt_id,
            final_attempt_id = excluded.final_attempt_id,
            passed = excluded.passed,
            completed_at = excluded.completed_at,
            certificate_code = excluded.certificate_code,
            certificate_issued_at = excluded.certificate_issued_at,
            certificate_expires_at = excluded.certificate_expires_at,
            certificate_revoked_at = excluded.certificate_revoked_at,
            organisation_id = excluded.organisation_id,
            province = excluded.province,
            position = excluded.position,
            name_key = excluded.name_key,
            trainee = excluded.trainee,
            trainee_only = excluded.trainee_only,
            module_scores = excluded.module_scores,
            sessions_attended = excluded.sessions_attended"
    );
    let query = sqlx::query(&sql);
    let query = match pairs {
        Pairs::One { user, course } => query.bind(user).bind(course),
        Pairs::Course(course) => query.bind(course),
        Pairs::Certificate(code) => query.bind(code),
        Pairs::All => query,
    };
    query.execute(&mut *conn).await?;
    Ok(())
}
