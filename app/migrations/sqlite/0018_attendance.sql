-- Who attended each face-to-face session day of a cohort, as its trainer
-- recorded it; and how many session days a course requires for completion
-- (`attendance_sessions` in course.md, counted over the session days of
-- the trainee's cohorts that assigned the course).
CREATE TABLE cohort_attendance (
    session_id   INTEGER NOT NULL REFERENCES cohort_sessions (id),
    user_id      INTEGER NOT NULL REFERENCES users (id),
    recorded_by  INTEGER REFERENCES users (id),
    recorded_at  BIGINT  NOT NULL,
    PRIMARY KEY (session_id, user_id)
);
CREATE INDEX cohort_attendance_by_user ON cohort_attendance (user_id);

ALTER TABLE course_texts ADD COLUMN attendance_sessions BIGINT;

-- The session days each standing's trainee attended (as the completion
-- rule counts them), for the report.
ALTER TABLE course_standings ADD COLUMN sessions_attended BIGINT NOT NULL DEFAULT 0;
