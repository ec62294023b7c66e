-- Certificates, issued once per completion of a course that grants one.
-- What the certificate says is copied at issue time (the holder's name, the
-- course title in the holder's language, the hours, the issuer), so it
-- reads the same however the account or the course changes later. `code`
-- is the public identifier (LNT-XXXX-XXXX-XXXX-XXXX-C).
CREATE TABLE certificates (
    id                 INTEGER PRIMARY KEY,
    code               TEXT    NOT NULL UNIQUE,
    user_id            INTEGER NOT NULL REFERENCES users (id),
    course_id          INTEGER NOT NULL REFERENCES courses (id),
    completion_id      INTEGER NOT NULL REFERENCES course_completions (id),
    course_text_id     INTEGER NOT NULL REFERENCES course_texts (id),
    language           TEXT    NOT NULL,
    holder_name        TEXT    NOT NULL,
    holder_name_latin  TEXT,
    course_title       TEXT    NOT NULL,
    minutes            BIGINT  NOT NULL,
    issuer             TEXT    NOT NULL,
    issued_at          BIGINT  NOT NULL,
    expires_at         BIGINT,
    revoked_at         BIGINT,
    revoked_reason     TEXT,
    renews_id          INTEGER REFERENCES certificates (id)
);
-- One first certificate per completion (renewals reference the one they renew).
CREATE UNIQUE INDEX certificates_once ON certificates (completion_id) WHERE renews_id IS NULL;
CREATE INDEX certificates_by_user ON certificates (user_id);
CREATE INDEX certificates_by_course ON certificates (course_id);
-- Verification lookups are counted per address (rate limit) from the audit log.
CREATE INDEX audit_log_by_ip ON audit_log (ip, action, at);
