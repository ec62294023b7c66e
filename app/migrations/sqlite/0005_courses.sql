-- Courses imported from Markdown. Every text is kept by content hash: a
-- changed file adds a version and supersedes the last, and earlier versions
-- stay, because progress, attempts and certificates refer to the version the
-- trainee actually studied. HTML is rendered and sanitised at import.

CREATE TABLE courses (
    id               INTEGER PRIMARY KEY,
    slug             TEXT    NOT NULL UNIQUE,
    source_language  TEXT    NOT NULL,
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL
);

CREATE TABLE course_texts (
    id                           INTEGER PRIMARY KEY,
    course_id                    INTEGER NOT NULL REFERENCES courses (id),
    language                     TEXT    NOT NULL,
    content_hash                 TEXT    NOT NULL,
    translation_of               TEXT,
    title                        TEXT    NOT NULL,
    summary                      TEXT    NOT NULL,
    audience                     TEXT    NOT NULL,
    languages                    TEXT    NOT NULL,
    estimated_minutes            BIGINT  NOT NULL,
    certificate                  BIGINT  NOT NULL,
    certificate_validity_months  BIGINT,
    content_warning              TEXT,
    intro_html                   TEXT    NOT NULL,
    created_at                   BIGINT  NOT NULL,
    superseded_at                BIGINT,
    UNIQUE (course_id, language, content_hash)
);
CREATE INDEX course_texts_current ON course_texts (course_id, language, superseded_at);

CREATE TABLE modules (
    id          INTEGER PRIMARY KEY,
    course_id   INTEGER NOT NULL REFERENCES courses (id),
    slug        TEXT    NOT NULL,
    position    BIGINT  NOT NULL,
    retired_at  BIGINT,
    UNIQUE (course_id, slug)
);

CREATE TABLE module_versions (
    id                 INTEGER PRIMARY KEY,
    module_id          INTEGER NOT NULL REFERENCES modules (id),
    language           TEXT    NOT NULL,
    content_hash       TEXT    NOT NULL,
    translation_of     TEXT,
    title              TEXT    NOT NULL,
    estimated_minutes  BIGINT  NOT NULL,
    objectives         TEXT    NOT NULL,
    content_warning    TEXT,
    html               TEXT    NOT NULL,
    toc                TEXT    NOT NULL,
    quiz               TEXT    NOT NULL,
    created_at         BIGINT  NOT NULL,
    superseded_at      BIGINT,
    UNIQUE (module_id, language, content_hash)
);
CREATE INDEX module_versions_current ON module_versions (module_id, language, superseded_at);

-- Pictures, by the SHA-256 of their bytes (so shared by every process).
CREATE TABLE media (
    hash          TEXT    PRIMARY KEY,
    content_type  TEXT    NOT NULL,
    bytes         BLOB   NOT NULL,
    created_at    BIGINT  NOT NULL
);

-- A trainee's reading, per module version: opened, and marked as done.
CREATE TABLE module_progress (
    user_id            INTEGER NOT NULL REFERENCES users (id),
    module_version_id  INTEGER NOT NULL REFERENCES module_versions (id),
    opened_at          BIGINT  NOT NULL,
    done_at            BIGINT,
    PRIMARY KEY (user_id, module_version_id)
);

-- Where to resume: the module a trainee last opened in each course.
CREATE TABLE course_positions (
    user_id    INTEGER NOT NULL REFERENCES users (id),
    course_id  INTEGER NOT NULL REFERENCES courses (id),
    module_id  INTEGER NOT NULL REFERENCES modules (id),
    at         BIGINT  NOT NULL,
    PRIMARY KEY (user_id, course_id)
);
