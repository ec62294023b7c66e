-- Show-once reveals are now stored masked (see people::reveal); any left
-- from before were plain text and go.
DELETE FROM reveals;

-- One certificate ZIP build at a time per requester, enforced by the
-- database so that two clicks, two tabs or two server processes cannot
-- start two. Builds cut short by an earlier restart are closed first.
UPDATE certificate_batches SET failure = 'interrupted'
 WHERE finished_at IS NULL AND failure IS NULL;
CREATE UNIQUE INDEX certificate_batches_one_running
    ON certificate_batches (requested_by)
 WHERE finished_at IS NULL AND failure IS NULL;

-- Public /verify lookups: a rate-limit window per client (an IPv4 address
-- or an IPv6 /64), pruned as windows end and capped in number, instead of
-- an audit entry per lookup — so anonymous lookups cannot grow the
-- database without bound.
CREATE TABLE verify_clients (
    client        TEXT   PRIMARY KEY,
    window_start  BIGINT NOT NULL,
    lookups       BIGINT NOT NULL
);
CREATE INDEX verify_clients_by_window ON verify_clients (window_start);

-- Lookups of real certificates, counted per certificate and day: at most
-- one row per certificate a day, however often it is looked up.
CREATE TABLE certificate_lookups (
    code     TEXT   NOT NULL REFERENCES certificates (code) ON DELETE CASCADE,
    day      BIGINT NOT NULL,
    lookups  BIGINT NOT NULL,
    PRIMARY KEY (code, day)
);
