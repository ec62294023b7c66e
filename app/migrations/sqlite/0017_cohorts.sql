-- Cohorts: a workshop batch ("Chiang Mai anti-trafficking police, March
-- 2027") of trainees, run by one or more trainers, with courses assigned,
-- a start and a due date, a place and face-to-face session days. A cohort
-- belongs to an organisation, so the scope rules of people and reports
-- decide who sees and manages it. Days are calendar days of the
-- deployment's time zone, stored as ISO dates (YYYY-MM-DD), which sort and
-- compare as text.
CREATE TABLE cohorts (
    id               INTEGER PRIMARY KEY,
    name             TEXT    NOT NULL,
    organisation_id  INTEGER NOT NULL REFERENCES organisations (id),
    province         TEXT,
    starts_on        TEXT,
    due_on           TEXT,
    created_by       INTEGER REFERENCES users (id),
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL
);
CREATE INDEX cohorts_by_organisation ON cohorts (organisation_id);

CREATE TABLE cohort_trainers (
    cohort_id  INTEGER NOT NULL REFERENCES cohorts (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (cohort_id, user_id)
);

CREATE TABLE cohort_members (
    cohort_id  INTEGER NOT NULL REFERENCES cohorts (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    added_at   BIGINT  NOT NULL,
    PRIMARY KEY (cohort_id, user_id)
);
CREATE INDEX cohort_members_by_user ON cohort_members (user_id);

CREATE TABLE cohort_courses (
    cohort_id  INTEGER NOT NULL REFERENCES cohorts (id),
    course_id  INTEGER NOT NULL REFERENCES courses (id),
    PRIMARY KEY (cohort_id, course_id)
);

CREATE TABLE cohort_sessions (
    id         INTEGER PRIMARY KEY,
    cohort_id  INTEGER NOT NULL REFERENCES cohorts (id),
    day        TEXT    NOT NULL,
    UNIQUE (cohort_id, day)
);
