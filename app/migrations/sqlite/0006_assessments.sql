-- Final assessments (assessment.md), versioned like every text: attempts
-- will refer to the version they were drawn from. Settings and the question
-- pool (with its answer key) are JSON, read only on the server.
CREATE TABLE assessments (
    id              INTEGER PRIMARY KEY,
    course_id       INTEGER NOT NULL REFERENCES courses (id),
    language        TEXT    NOT NULL,
    content_hash    TEXT    NOT NULL,
    translation_of  TEXT,
    title           TEXT    NOT NULL,
    settings        TEXT    NOT NULL,
    intro_html      TEXT    NOT NULL,
    pool            TEXT    NOT NULL,
    created_at      BIGINT  NOT NULL,
    superseded_at   BIGINT,
    UNIQUE (course_id, language, content_hash)
);
CREATE INDEX assessments_current ON assessments (course_id, language, superseded_at);
