-- Organisations form a tree (ministry → department → unit); users belong to
-- one and hold one or more roles.

CREATE TABLE organisations (
    id          INTEGER PRIMARY KEY,
    slug        TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    parent_id   INTEGER REFERENCES organisations (id),
    created_at  BIGINT  NOT NULL
);

CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    email               TEXT    NOT NULL UNIQUE,
    name                TEXT    NOT NULL,
    name_latin          TEXT,
    position            TEXT,
    province            TEXT,
    preferred_language  TEXT    NOT NULL DEFAULT 'en',
    organisation_id     INTEGER REFERENCES organisations (id),
    password_hash       TEXT    NOT NULL,
    disabled_at         BIGINT,
    created_at          BIGINT  NOT NULL,
    updated_at          BIGINT  NOT NULL
);

CREATE TABLE user_roles (
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role     TEXT    NOT NULL CHECK (role IN ('trainee', 'trainer', 'ministry', 'admin')),
    PRIMARY KEY (user_id, role)
);

CREATE INDEX user_roles_by_role ON user_roles (role);
CREATE INDEX users_by_organisation ON users (organisation_id);
