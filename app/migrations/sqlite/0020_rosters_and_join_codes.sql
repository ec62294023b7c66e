-- A roster file uploaded for bulk enrolment waits here between its preview
-- and its import, so that a trainer without JavaScript sees the preview on
-- a page of its own and the import reads exactly the bytes previewed. An
-- import or a newer upload removes it; uploads older than a day are
-- removed when the next one arrives.
CREATE TABLE roster_uploads (
    id           INTEGER PRIMARY KEY,
    cohort_id    INTEGER NOT NULL REFERENCES cohorts (id),
    uploaded_by  INTEGER NOT NULL REFERENCES users (id),
    file_name    TEXT    NOT NULL,
    bytes        BLOB    NOT NULL,
    created_at   BIGINT  NOT NULL
);
CREATE INDEX roster_uploads_by_uploader ON roster_uploads (uploaded_by, cohort_id);

-- A code trainees type at `/join` to register themselves into a cohort.
-- Kept readable (a trainer shows it on a slide again and again); long and
-- random enough not to be guessed, limited in time and uses, and
-- registration through it is rate-limited.
CREATE TABLE cohort_join_codes (
    id          INTEGER PRIMARY KEY,
    cohort_id   INTEGER NOT NULL REFERENCES cohorts (id),
    code        TEXT    NOT NULL UNIQUE,
    created_by  INTEGER REFERENCES users (id),
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL,
    max_uses    BIGINT  NOT NULL,
    uses        BIGINT  NOT NULL DEFAULT 0,
    revoked_at  BIGINT
);
CREATE INDEX cohort_join_codes_by_cohort ON cohort_join_codes (cohort_id);

-- Registrations through a join code, by client address, for the rate limit.
CREATE TABLE join_attempts (
    id      INTEGER PRIMARY KEY,
    client  TEXT    NOT NULL,
    at      BIGINT  NOT NULL
);
CREATE INDEX join_attempts_by_client ON join_attempts (client, at);
