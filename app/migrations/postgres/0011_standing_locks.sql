-- One row per trainee and course, written first by every step that may
-- complete the course (a module marked done, a final passed). The write
-- takes the row's lock (PostgreSQL) or the database's write lock (SQLite),
-- so two such steps in two tabs are decided one after the other: the
-- second sees the first's work, and the course is completed exactly once.
CREATE TABLE standing_locks (
    user_id    BIGINT NOT NULL REFERENCES users (id),
    course_id  BIGINT NOT NULL REFERENCES courses (id),
    steps      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, course_id)
);
