-- One-time password reset links, issued by a trainer or an administrator
-- (Lantern does not depend on e-mail). Only the token's SHA-256 is stored.
CREATE TABLE password_resets (
    token_hash  TEXT    PRIMARY KEY,
    user_id     BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_by  BIGINT  REFERENCES users (id),
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL,
    used_at     BIGINT
);
CREATE INDEX password_resets_by_user ON password_resets (user_id);
