-- Many officials have no e-mail address: an account may sign in with a
-- username instead. `email` becomes optional, `username` is new, and every
-- account has at least one of them. Usernames never hold `@`, so the two
-- never clash and one sign-in field takes either.
--
-- SQLite cannot drop NOT NULL in place: the table is rebuilt as SQLite's
-- documented procedure says (create the new table, copy, drop the old one,
-- rename the new one, recreate its indexes and triggers). `Db::migrate`
-- runs migrations on one connection with foreign keys off, so dropping the
-- old table does not cascade into the rows that point at accounts, and
-- checks every foreign key afterwards.

CREATE TABLE users_new (
    id                  INTEGER PRIMARY KEY,
    email               TEXT    UNIQUE,
    username            TEXT    UNIQUE,
    name                TEXT    NOT NULL,
    name_latin          TEXT,
    position            TEXT,
    province            TEXT,
    preferred_language  TEXT    NOT NULL DEFAULT 'en',
    organisation_id     INTEGER REFERENCES organisations (id),
    password_hash       TEXT    NOT NULL,
    disabled_at         BIGINT,
    created_at          BIGINT  NOT NULL,
    updated_at          BIGINT  NOT NULL,
    anonymised_at       BIGINT,
    CHECK (email IS NOT NULL OR username IS NOT NULL)
);

INSERT INTO users_new (id, email, username, name, name_latin, position, province,
                       preferred_language, organisation_id, password_hash, disabled_at,
                       created_at, updated_at, anonymised_at)
SELECT id, email, NULL, name, name_latin, position, province,
       preferred_language, organisation_id, password_hash, disabled_at,
       created_at, updated_at, anonymised_at
FROM users;

DROP TABLE users;
ALTER TABLE users_new RENAME TO users;

CREATE INDEX users_by_organisation ON users (organisation_id);
CREATE INDEX users_by_name ON users (name);
CREATE INDEX users_by_province ON users (province);
CREATE INDEX users_by_position ON users (position);

CREATE TRIGGER course_standings_follow_account
AFTER UPDATE OF name, organisation_id, province, position ON users
BEGIN
    UPDATE course_standings SET
        name_key = LOWER(NEW.name),
        organisation_id = NEW.organisation_id,
        province = NEW.province,
        position = NEW.position
    WHERE user_id = NEW.id;
END;
