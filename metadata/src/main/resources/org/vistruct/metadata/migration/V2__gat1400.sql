-- Version 2: GA/T 1400 (视图库). Same rules as V1: statements both SQLite and PostgreSQL accept.

-- devices described by GA/T 1400 senders (APEs, tollgates, lanes) share the device table with
-- GB/T 28181 devices; these columns say what kind they are and where they stand
ALTER TABLE devices ADD COLUMN kind VARCHAR(16);
ALTER TABLE devices ADD COLUMN longitude DOUBLE PRECISION;
ALTER TABLE devices ADD COLUMN latitude DOUBLE PRECISION;
ALTER TABLE devices ADD COLUMN place_code VARCHAR(32);
ALTER TABLE devices ADD COLUMN parent_id VARCHAR(64);
ALTER TABLE devices ADD COLUMN sender VARCHAR(64);
ALTER TABLE devices ADD COLUMN reported_online INTEGER;
ALTER TABLE devices ADD COLUMN body TEXT;
CREATE INDEX devices_kind ON devices (kind, id);

-- subscriptions other platforms made here (the SubscribeObject as received)
CREATE TABLE viid_subscriptions (
    id         VARCHAR(64) PRIMARY KEY,
    subscriber VARCHAR(64) NOT NULL,
    state      VARCHAR(16) NOT NULL,
    created    BIGINT NOT NULL,
    updated    BIGINT NOT NULL,
    body       TEXT NOT NULL
);

-- where each reader of the record feed is (subscriptions, upper platforms): it resumes there after a restart
CREATE TABLE viid_cursors (
    name     VARCHAR(160) PRIMARY KEY,
    position BIGINT NOT NULL,
    digest   VARCHAR(64),
    updated  BIGINT NOT NULL
);

-- notifications received from lower platforms (without their pictures, which went into records)
CREATE TABLE viid_notices (
    kind     VARCHAR(16) NOT NULL,
    id       VARCHAR(80) NOT NULL,
    ref_id   VARCHAR(64),
    sender   VARCHAR(64),
    received BIGINT NOT NULL,
    objects  INTEGER NOT NULL,
    body     TEXT,
    PRIMARY KEY (kind, id)
);
CREATE INDEX viid_notices_ref ON viid_notices (kind, ref_id, received);
CREATE INDEX viid_notices_time ON viid_notices (kind, received);

-- dispositions (布控) other platforms made here, and the watch entries they became
CREATE TABLE viid_dispositions (
    id       VARCHAR(64) PRIMARY KEY,
    sender   VARCHAR(64) NOT NULL,
    created  BIGINT NOT NULL,
    body     TEXT NOT NULL
);
