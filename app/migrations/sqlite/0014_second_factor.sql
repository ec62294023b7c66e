-- A second factor for privileged roles (RFC 6238 codes). The secret is
-- stored masked with a pad derived from the deployment's key (see
-- audit::key), so the database alone yields no working authenticator;
-- last_step refuses a code a second time.
CREATE TABLE second_factors (
    user_id       BIGINT PRIMARY KEY REFERENCES users (id),
    secret        TEXT   NOT NULL,
    confirmed_at  BIGINT,
    last_step     BIGINT NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL
);

-- One-time recovery codes, shown once and kept only as keyed hashes.
CREATE TABLE recovery_codes (
    id         INTEGER PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    code_hash  TEXT   NOT NULL,
    used_at    BIGINT
);
CREATE INDEX recovery_codes_by_user ON recovery_codes (user_id);

-- A sign-in half done: the password was right, the code is awaited. The
-- browser holds the token (a short-lived cookie); five wrong codes end it.
CREATE TABLE sign_in_challenges (
    token_hash  TEXT   PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id),
    next        TEXT   NOT NULL,
    expires_at  BIGINT NOT NULL,
    failures    BIGINT NOT NULL DEFAULT 0
);

-- Settings an administrator changes for the whole deployment
-- (staff_second_factor = on: trainers and ministry users need one too).
CREATE TABLE deployment_settings (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
