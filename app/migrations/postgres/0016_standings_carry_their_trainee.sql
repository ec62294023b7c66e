-- Each standing carries a copy of what the reports scope, filter, group
-- and sort by about its trainee — organisation, province, position, the
-- name as sorted, whether the account holds the trainee role and whether
-- it holds nothing else — so a report over a country's standings reads
-- this one table and never joins `users` row by row (the join was most of
-- every aggregate's time: docs/benchmarks.md). The triggers below keep the
-- copy current whatever changes an account or its roles, and
-- `standings::store` writes it with every standing.
--
-- `module_scores` is the standing's per-module knowledge gain, copied
-- from the best pre-test's and best final's `attempt_module_scores` as a
-- JSON array of [module slug, pre-test score, final score] (tenths of a
-- percent), for modules both attempts tested: the gain page sums it
-- instead of joining two score rows per module per standing.
ALTER TABLE course_standings ADD COLUMN organisation_id BIGINT;
ALTER TABLE course_standings ADD COLUMN province TEXT;
ALTER TABLE course_standings ADD COLUMN position TEXT;
ALTER TABLE course_standings ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
ALTER TABLE course_standings ADD COLUMN trainee BIGINT NOT NULL DEFAULT 0;
ALTER TABLE course_standings ADD COLUMN trainee_only BIGINT NOT NULL DEFAULT 0;
ALTER TABLE course_standings ADD COLUMN module_scores TEXT;

UPDATE course_standings SET
    organisation_id = (SELECT u.organisation_id FROM users u WHERE u.id = course_standings.user_id),
    province = (SELECT u.province FROM users u WHERE u.id = course_standings.user_id),
    position = (SELECT u.position FROM users u WHERE u.id = course_standings.user_id),
    name_key = (SELECT LOWER(u.name) FROM users u WHERE u.id = course_standings.user_id),
    trainee = CASE WHEN EXISTS (SELECT 1 FROM user_roles r
                                 WHERE r.user_id = course_standings.user_id AND r.role = 'trainee')
                   THEN 1 ELSE 0 END,
    trainee_only = CASE WHEN EXISTS (SELECT 1 FROM user_roles r
                                      WHERE r.user_id = course_standings.user_id AND r.role = 'trainee')
                         AND NOT EXISTS (SELECT 1 FROM user_roles r
                                          WHERE r.user_id = course_standings.user_id AND r.role <> 'trainee')
                        THEN 1 ELSE 0 END,
    module_scores = (SELECT '[' || string_agg('["' || pre.module_slug || '",' || CAST(pre.score AS TEXT)
                                              || ',' || CAST(fin.score AS TEXT) || ']', ',') || ']'
                       FROM attempt_module_scores pre
                       JOIN attempt_module_scores fin ON fin.attempt_id = course_standings.final_attempt_id
                                                     AND fin.module_slug = pre.module_slug
                      WHERE pre.attempt_id = course_standings.pretest_attempt_id);

-- The default sort (by name) and a page deep into it walk an index. The
-- aggregates read covering indexes, narrow and in group order — per
-- organisation and province (a ministry's subtree is a range of it) and
-- per course (replacing 0015's index by course and completion date, which
-- it extends) — instead of every whole row: on SQLite a grouped scan of the
-- table costs about three times as much. `trainee` is not a leading
-- column: every report asks for it, and an index that began with it would
-- be chosen for queries it does not cover (docs/benchmarks.md).
CREATE INDEX course_standings_by_name ON course_standings (name_key, user_id, course_id);
CREATE INDEX course_standings_by_place ON course_standings
    (organisation_id, province, trainee, user_id, completed_at, passed, pretest_score, final_score,
     certificate_code, certificate_expires_at, certificate_revoked_at);
DROP INDEX course_standings_by_course;
CREATE INDEX course_standings_by_course ON course_standings
    (course_id, completed_at, trainee, passed, pretest_score, final_score);

CREATE FUNCTION course_standings_follow_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE course_standings SET
        name_key = LOWER(NEW.name),
        organisation_id = NEW.organisation_id,
        province = NEW.province,
        position = NEW.position
    WHERE user_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER course_standings_follow_account
AFTER UPDATE OF name, organisation_id, province, position ON users
FOR EACH ROW EXECUTE FUNCTION course_standings_follow_account();

CREATE FUNCTION course_standings_follow_roles() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    who BIGINT;
BEGIN
    IF TG_OP = 'DELETE' THEN
        who := OLD.user_id;
    ELSE
        who := NEW.user_id;
    END IF;
    UPDATE course_standings SET
        trainee = CASE WHEN EXISTS (SELECT 1 FROM user_roles r
                                     WHERE r.user_id = who AND r.role = 'trainee')
                       THEN 1 ELSE 0 END,
        trainee_only = CASE WHEN EXISTS (SELECT 1 FROM user_roles r
                                          WHERE r.user_id = who AND r.role = 'trainee')
                             AND NOT EXISTS (SELECT 1 FROM user_roles r
                                              WHERE r.user_id = who AND r.role <> 'trainee')
                            THEN 1 ELSE 0 END
    WHERE user_id = who;
    RETURN NULL;
END
$$;

CREATE TRIGGER course_standings_follow_roles
AFTER INSERT OR DELETE ON user_roles
FOR EACH ROW EXECUTE FUNCTION course_standings_follow_roles();
