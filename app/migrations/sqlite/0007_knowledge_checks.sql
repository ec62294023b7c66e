-- Knowledge checks at the end of modules: unlimited tries, immediate
-- feedback, not graded for the certificate. Each try is kept with the seed
-- that ordered its options, so its result page shows what was answered.
CREATE TABLE knowledge_checks (
    id                 INTEGER PRIMARY KEY,
    user_id            INTEGER NOT NULL REFERENCES users (id),
    module_version_id  INTEGER NOT NULL REFERENCES module_versions (id),
    seed               BIGINT  NOT NULL,
    answers            TEXT    NOT NULL,
    score              BIGINT  NOT NULL,
    created_at         BIGINT  NOT NULL
);
CREATE INDEX knowledge_checks_by_user ON knowledge_checks (user_id, module_version_id);
