-- The metadata database, version 1: everything that is not a record or a picture.
-- Written once for both engines: SQLite (embedded default) and PostgreSQL. Only types and syntax
-- both accept: BIGINT, INTEGER, VARCHAR(n), TEXT; upserts as INSERT ... ON CONFLICT.
-- Times are UTC milliseconds. JSON bodies carry what is never queried by column.

CREATE TABLE meta (
    name  VARCHAR(64) PRIMARY KEY,
    value TEXT NOT NULL
);

-- ids that are never reused (job ids), one row per sequence
CREATE TABLE counters (
    name  VARCHAR(64) PRIMARY KEY,
    value BIGINT NOT NULL
);

-- API tokens: only the SHA-256 of the secret is kept
CREATE TABLE tokens (
    id            VARCHAR(16) PRIMARY KEY,
    name          VARCHAR(64) NOT NULL,
    role          VARCHAR(16) NOT NULL,
    secret_sha256 VARCHAR(64) NOT NULL,
    created       BIGINT NOT NULL,
    revoked       BIGINT,
    revoked_by    VARCHAR(64)
);

-- the audit trail: each entry chained to the one before by SHA-256 (see AuditTrail)
CREATE TABLE audit (
    seq       BIGINT PRIMARY KEY,
    at_ms     BIGINT NOT NULL,
    user_name VARCHAR(64) NOT NULL,
    client    VARCHAR(128),
    action    VARCHAR(64) NOT NULL,
    target    VARCHAR(256),
    query     TEXT,
    results   INTEGER NOT NULL,
    status    INTEGER NOT NULL,
    prev_hash VARCHAR(64) NOT NULL,
    hash      VARCHAR(64) NOT NULL
);
-- newest-first pages of one user, action or target read straight off these indexes
CREATE INDEX audit_user_time ON audit (user_name, at_ms, seq);
CREATE INDEX audit_time ON audit (at_ms, seq);
CREATE INDEX audit_action_time ON audit (action, at_ms, seq);
CREATE INDEX audit_target_time ON audit (target, at_ms, seq);

-- the head of the chain: one row, updated in the same transaction as each append, which is what
-- serialises appenders (a row lock in PostgreSQL, the write lock in SQLite)
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY,
    seq  BIGINT NOT NULL,
    hash VARCHAR(64) NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- GB/T 28181 devices and their channels (what the devices said of themselves)
CREATE TABLE devices (
    id           VARCHAR(64) PRIMARY KEY,
    name         VARCHAR(256),
    manufacturer VARCHAR(256),
    model        VARCHAR(256),
    firmware     VARCHAR(256),
    charset      VARCHAR(32),
    updated      BIGINT NOT NULL
);
CREATE TABLE channels (
    device_id    VARCHAR(64) NOT NULL,
    id           VARCHAR(64) NOT NULL,
    name         VARCHAR(256),
    manufacturer VARCHAR(256),
    model        VARCHAR(256),
    status       VARCHAR(32),
    parent_id    VARCHAR(64),
    civil_code   VARCHAR(64),
    address      VARCHAR(512),
    PRIMARY KEY (device_id, id)
);

-- watch-list entries (布控): the entry as JSON, list and kind as columns
CREATE TABLE watch_entries (
    id        VARCHAR(64) PRIMARY KEY,
    list_name VARCHAR(64) NOT NULL,
    kind      VARCHAR(16) NOT NULL,
    created   BIGINT NOT NULL,
    body      TEXT NOT NULL
);
CREATE INDEX watch_entries_list ON watch_entries (list_name);

-- webhook subscribers (the body holds the signing secret)
CREATE TABLE subscribers (
    id      VARCHAR(64) PRIMARY KEY,
    created BIGINT NOT NULL,
    body    TEXT NOT NULL
);

-- every alert raised
CREATE TABLE alerts (
    id           VARCHAR(32) PRIMARY KEY,
    trigger_time BIGINT NOT NULL,
    entry_id     VARCHAR(64),
    list_name    VARCHAR(64),
    device_id    VARCHAR(64),
    record_id    VARCHAR(64) NOT NULL,
    plate_no     VARCHAR(32),
    body         TEXT NOT NULL
);
CREATE INDEX alerts_time ON alerts (trigger_time);
CREATE INDEX alerts_record ON alerts (record_id);
CREATE INDEX alerts_entry ON alerts (entry_id, trigger_time);

-- deliveries not yet acknowledged, per subscriber, with the exact body to send
CREATE TABLE outbox (
    subscriber_id VARCHAR(64) NOT NULL,
    alert_id      VARCHAR(32) NOT NULL,
    trigger_time  BIGINT NOT NULL,
    body          TEXT NOT NULL,
    PRIMARY KEY (subscriber_id, alert_id)
);
CREATE INDEX outbox_order ON outbox (subscriber_id, trigger_time);

-- analysis jobs, with their state and progress
CREATE TABLE jobs (
    id        VARCHAR(32) PRIMARY KEY,
    name      VARCHAR(256),
    device_id VARCHAR(64),
    state     VARCHAR(16) NOT NULL,
    created   BIGINT NOT NULL,
    started   BIGINT,
    finished  BIGINT,
    error     TEXT,
    body      TEXT NOT NULL
);
CREATE INDEX jobs_created ON jobs (created);

-- evidence holds: a record with an unreleased hold is never expired; holds are released, never deleted
CREATE TABLE holds (
    id             VARCHAR(80) PRIMARY KEY,
    record_id      VARCHAR(64) NOT NULL,
    record_type    VARCHAR(32),
    device_id      VARCHAR(64),
    record_time    BIGINT,
    source         VARCHAR(16) NOT NULL,
    case_id        VARCHAR(64),
    reason         TEXT,
    held_by        VARCHAR(64) NOT NULL,
    held_at        BIGINT NOT NULL,
    released_by    VARCHAR(64),
    released_at    BIGINT,
    release_reason TEXT
);
CREATE INDEX holds_record ON holds (record_id);
CREATE INDEX holds_open ON holds (released_at, record_time);
