-- The audit chain becomes keyed (HMAC-SHA-256 under a key kept outside the
-- database, see audit::key). Entries written before stay as they were,
-- hashed with plain SHA-256 (keyed = 0); the first keyed entry covers the
-- last plain hash, so the older part cannot be rewritten either.
ALTER TABLE audit_log ADD COLUMN keyed BIGINT NOT NULL DEFAULT 0;

-- A keyed entry's chain covers a keyed digest of its subject, not the
-- subject itself, so an anonymised person's e-mail address can be replaced
-- by a pseudonym (pseudonymised = 1) and the chain still verifies.
ALTER TABLE audit_log ADD COLUMN subject_digest TEXT;
ALTER TABLE audit_log ADD COLUMN pseudonymised BIGINT NOT NULL DEFAULT 0;

-- The head's MAC: without the key, rows cannot be cut from the end and
-- the head moved back to match.
ALTER TABLE audit_head ADD COLUMN head_mac TEXT;

-- How far the chain was last found intact, signed with the key, so the
-- audit page checks only what was written since (a million rows stay fast).
-- `lantern audit verify` walks the whole chain.
CREATE TABLE audit_checkpoint (
    id        BIGINT PRIMARY KEY CHECK (id = 1),
    entry_id  BIGINT NOT NULL,
    hash      TEXT   NOT NULL,
    entries   BIGINT NOT NULL,
    mac       TEXT   NOT NULL
);
