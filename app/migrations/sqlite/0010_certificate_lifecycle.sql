-- Revocation, renewal, signing and batch downloads of certificates.

-- Who revoked a certificate (the reason is in `revoked_reason`; both stay
-- off the public verification page).
ALTER TABLE certificates ADD COLUMN revoked_by INTEGER REFERENCES users (id);
-- A certificate is renewed at most once: a second passing refresher, or a
-- replayed submission, cannot issue a second renewal.
CREATE UNIQUE INDEX certificates_renewed_once ON certificates (renews_id) WHERE renews_id IS NOT NULL;

-- The platform's Ed25519 keys for signed credentials. The newest is used
-- for signing; older ones stay published so credentials they signed still
-- verify. Kept in the database so every `lantern` process signs alike.
CREATE TABLE signing_keys (
    id           INTEGER PRIMARY KEY,
    public_key   BLOB    NOT NULL,
    secret_key   BLOB    NOT NULL,
    created_at   BIGINT  NOT NULL
);

-- A course's certificates zipped for a trainer or admin. Built in the
-- background; `done` of `total` is the progress page's figure, `archive`
-- the finished ZIP (kept in the database so any process can serve it).
CREATE TABLE certificate_batches (
    id            INTEGER PRIMARY KEY,
    requested_by  INTEGER NOT NULL REFERENCES users (id),
    course_id     INTEGER NOT NULL REFERENCES courses (id),
    total         BIGINT  NOT NULL,
    done          BIGINT  NOT NULL DEFAULT 0,
    created_at    BIGINT  NOT NULL,
    finished_at   BIGINT,
    failure       TEXT,
    archive       BLOB
);
CREATE INDEX certificate_batches_by_requester ON certificate_batches (requested_by, created_at);
