-- Attempts at a course's assessment: the pre-test ("see what you know",
-- taken once before the first module) and the final assessment. The draw
-- and the option order are stored with the attempt (`paper`, with the seed
-- that made it), so it is shown and graded the same way every time. Answers
-- are saved as they are given (autosave) and replaced by the submitted ones;
-- after the deadline (plus a small grace) nothing more is accepted.
CREATE TABLE assessment_attempts (
    id             INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users (id),
    course_id      INTEGER NOT NULL REFERENCES courses (id),
    assessment_id  INTEGER NOT NULL REFERENCES assessments (id),
    purpose        TEXT    NOT NULL,
    seed           BIGINT  NOT NULL,
    paper          TEXT    NOT NULL,
    answers        TEXT    NOT NULL,
    saved_at       BIGINT,
    started_at     BIGINT  NOT NULL,
    deadline       BIGINT,
    submitted_at   BIGINT,
    late           BIGINT  NOT NULL DEFAULT 0,
    score          BIGINT,
    passed         BIGINT
);
-- At most one open attempt per trainee and course: a double-clicked
-- "start" opens one.
CREATE UNIQUE INDEX assessment_attempts_one_open
    ON assessment_attempts (user_id, course_id) WHERE submitted_at IS NULL;
CREATE INDEX assessment_attempts_by_user ON assessment_attempts (user_id, course_id, purpose);

-- A course completed: every module done and the final assessment passed
-- (or no assessment). Recorded once, with the versions that earned it.
CREATE TABLE course_completions (
    id               INTEGER PRIMARY KEY,
    user_id          INTEGER NOT NULL REFERENCES users (id),
    course_id        INTEGER NOT NULL REFERENCES courses (id),
    module_versions  TEXT    NOT NULL,
    assessment_id    INTEGER REFERENCES assessments (id),
    attempt_id       INTEGER REFERENCES assessment_attempts (id),
    completed_at     BIGINT  NOT NULL,
    UNIQUE (user_id, course_id)
);
