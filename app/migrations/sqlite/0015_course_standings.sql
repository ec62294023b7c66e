-- One row per trainee and course they have begun: what the completion
-- report, its exports and the dashboard read, so a national roll-out's
-- report is one indexed scan of this table joined to `users`, not an
-- aggregate over every progress row per page. Kept current by
-- `records::standing::refresh` inside the transaction of every step that
-- changes it (a module opened or done, an attempt graded, a completion, a
-- certificate issued, renewed or revoked, a course re-imported); the
-- statement at the end fills it once from what is already recorded.
CREATE TABLE course_standings (
    user_id                 BIGINT NOT NULL REFERENCES users (id),
    course_id               BIGINT NOT NULL REFERENCES courses (id),
    started_at              BIGINT NOT NULL,
    modules_done            BIGINT NOT NULL,
    -- Scores in tenths of a percent, as attempts store them, and the
    -- attempts they come from (the best of each kind), whose per-module
    -- scores give knowledge gain per module.
    pretest_score           BIGINT,
    final_score             BIGINT,
    pretest_attempt_id      BIGINT,
    final_attempt_id        BIGINT,
    -- NULL: no final submitted; 0: none passed; 1: a final passed.
    passed                  BIGINT,
    completed_at            BIGINT,
    -- The newest certificate for the course.
    certificate_code        TEXT,
    certificate_issued_at   BIGINT,
    certificate_expires_at  BIGINT,
    certificate_revoked_at  BIGINT,
    PRIMARY KEY (user_id, course_id)
);
CREATE INDEX course_standings_by_course ON course_standings (course_id, completed_at);
CREATE INDEX course_standings_by_completion ON course_standings (completed_at);
CREATE INDEX course_standings_by_expiry ON course_standings (certificate_expires_at);
CREATE INDEX users_by_province ON users (province);
-- A trainee's newest certificate in a course, found without scanning the
-- course's certificates.
CREATE INDEX certificates_by_user_course ON certificates (user_id, course_id);

-- A graded attempt's score on the questions that test each module (final
-- assessment questions tagged `@ module`), in tenths of a percent.
CREATE TABLE attempt_module_scores (
    attempt_id   BIGINT NOT NULL REFERENCES assessment_attempts (id),
    module_slug  TEXT   NOT NULL,
    questions    BIGINT NOT NULL,
    score        BIGINT NOT NULL,
    PRIMARY KEY (attempt_id, module_slug)
);
CREATE INDEX users_by_position ON users (position);

-- Large report downloads, built in the background (`reports::exports`):
-- the request, its progress, and the file in chunks of about a megabyte,
-- so building and downloading a million rows never holds the file in
-- memory, and any server process can serve it.
CREATE TABLE report_exports (
    id            INTEGER PRIMARY KEY,
    requested_by  BIGINT NOT NULL REFERENCES users (id),
    format        TEXT   NOT NULL,
    query         TEXT   NOT NULL,
    total         BIGINT NOT NULL,
    done          BIGINT NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL,
    finished_at   BIGINT,
    failure       TEXT
);
CREATE INDEX report_exports_by_requester ON report_exports (requested_by, created_at);
-- One export being built per requester: two clicks start one.
CREATE UNIQUE INDEX report_exports_one_running
    ON report_exports (requested_by)
 WHERE finished_at IS NULL AND failure IS NULL;
CREATE TABLE report_export_chunks (
    export_id  BIGINT NOT NULL REFERENCES report_exports (id) ON DELETE CASCADE,
    seq        BIGINT NOT NULL,
    data       BLOB NOT NULL,
    PRIMARY KEY (export_id, seq)
);

-- Filled once from what is already recorded — the same statement as
-- `standings::store::refresh_standings` as of this migration (that one is
-- kept current; this one is history).
-- Materialised: each trainee and course is computed once (inlined,
-- SQLite would compute the subqueries once per use).
WITH s AS MATERIALIZED (
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
    FROM (SELECT user_id, course_id FROM course_positions
          UNION SELECT user_id, course_id FROM assessment_attempts
          UNION SELECT user_id, course_id FROM course_completions) p
)
INSERT INTO course_standings (user_id, course_id, started_at, modules_done, pretest_score,
    final_score, pretest_attempt_id, final_attempt_id, passed, completed_at, certificate_code,
    certificate_issued_at, certificate_expires_at, certificate_revoked_at)
SELECT s.user_id, s.course_id,
       COALESCE(CASE WHEN s.opened_at IS NOT NULL AND (s.attempted_at IS NULL OR s.opened_at <= s.attempted_at)
                     THEN s.opened_at ELSE s.attempted_at END, s.completed_at),
       s.modules_done, pre.score, fin.score, pre.id, fin.id, s.passed, s.completed_at,
       c.code, c.issued_at, c.expires_at, c.revoked_at
FROM s
LEFT JOIN assessment_attempts pre ON pre.id = s.pretest_id
LEFT JOIN assessment_attempts fin ON fin.id = s.final_id
LEFT JOIN certificates c ON c.id = s.certificate_id
WHERE s.opened_at IS NOT NULL OR s.attempted_at IS NOT NULL OR s.completed_at IS NOT NULL;
