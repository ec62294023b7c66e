-- Server-side sessions: the cookie carries a random token, the database only
-- its SHA-256, so a copy of the database cannot be used to sign in.
CREATE TABLE sessions (
    token_hash    TEXT    PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at    BIGINT  NOT NULL,
    last_seen_at  BIGINT  NOT NULL,
    expires_at    BIGINT  NOT NULL,
    ip            TEXT,
    user_agent    TEXT
);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- Every sign-in attempt, for rate limiting across processes and for audit.
CREATE TABLE login_attempts (
    id          INTEGER PRIMARY KEY,
    email       TEXT    NOT NULL,
    ip          TEXT    NOT NULL,
    succeeded   BIGINT  NOT NULL,
    at          BIGINT  NOT NULL
);
CREATE INDEX login_attempts_by_email ON login_attempts (email, at);
CREATE INDEX login_attempts_by_ip ON login_attempts (ip, at);

-- Append-only record of security-relevant events. Each row's hash covers
-- its content and the previous row's hash, so an edited or deleted row
-- breaks the chain (`lantern audit verify`).
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          BIGINT  NOT NULL,
    actor_id    INTEGER,
    action      TEXT    NOT NULL,
    subject     TEXT,
    detail      TEXT,
    ip          TEXT,
    prev_hash   TEXT    NOT NULL,
    hash        TEXT    NOT NULL
);

-- The end of the chain. Appending first updates this single row, which
-- serialises appends across processes on both databases, and lets
-- verification notice rows deleted from the end.
CREATE TABLE audit_head (
    id         BIGINT PRIMARY KEY CHECK (id = 1),
    last_hash  TEXT   NOT NULL,
    entries    BIGINT NOT NULL
);
INSERT INTO audit_head (id, last_hash, entries)
VALUES (1, '0000000000000000000000000000000000000000000000000000000000000000', 0);
