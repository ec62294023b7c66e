-- Administration: anonymised accounts keep their row (attempts and
-- completions still count in aggregate reports) but lose every personal
-- field; the time they were anonymised is kept.
ALTER TABLE users ADD COLUMN anonymised_at BIGINT;

-- A secret (a set-up or reset link) to show once to the person who asked
-- for it, on the page they are sent to next. Bound to their session,
-- deleted when shown, and short-lived, so the secret never travels in a URL.
CREATE TABLE reveals (
    key_hash      TEXT    PRIMARY KEY,
    session_hash  TEXT    NOT NULL,
    subject_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    secret        TEXT    NOT NULL,
    expires_at    BIGINT  NOT NULL
);

CREATE INDEX users_by_name ON users (name);
