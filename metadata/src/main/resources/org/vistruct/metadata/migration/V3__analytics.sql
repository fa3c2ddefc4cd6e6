-- Version 3: vehicle investigation (车辆研判). Same rules as V1: statements both SQLite and PostgreSQL accept.

-- where each device stands, for trajectories and travel times: set by hand (API, CLI, CSV import) or
-- taken from a GB/T 28181 catalog; a position set by hand is not overwritten by a catalog
CREATE TABLE places (
    device_id VARCHAR(64) PRIMARY KEY,
    name      VARCHAR(200),
    longitude DOUBLE PRECISION NOT NULL,
    latitude  DOUBLE PRECISION NOT NULL,
    source    VARCHAR(16) NOT NULL,
    updated   BIGINT NOT NULL
);

-- 套牌 suspects raised as records were written, and what investigators decided of them; a dismissed
-- pair (plate, rule, the two devices or attributes) stops alerting
CREATE TABLE clone_suspects (
    id            VARCHAR(64) PRIMARY KEY,
    plate         VARCHAR(32) NOT NULL,
    rule          VARCHAR(16) NOT NULL,
    pair_key      VARCHAR(200) NOT NULL,
    reason        VARCHAR(500) NOT NULL,
    first_record  VARCHAR(64),
    second_record VARCHAR(64) NOT NULL,
    detected      BIGINT NOT NULL,
    verdict       VARCHAR(16),
    verdict_by    VARCHAR(64),
    verdict_at    BIGINT
);
CREATE INDEX clone_suspects_detected ON clone_suspects (detected);
CREATE INDEX clone_suspects_pair ON clone_suspects (pair_key, verdict);
