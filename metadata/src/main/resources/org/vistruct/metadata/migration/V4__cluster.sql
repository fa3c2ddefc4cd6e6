-- Several vistruct nodes on one database: each node's heartbeat, and which node runs each job.
CREATE TABLE cluster_nodes (
    node_id   VARCHAR(64) PRIMARY KEY,
    http_url  VARCHAR(256) NOT NULL,
    started   BIGINT NOT NULL,
    heartbeat BIGINT NOT NULL,
    jobs      INTEGER NOT NULL,
    streams   INTEGER NOT NULL,
    load      DOUBLE PRECISION NOT NULL,
    -- the record feed's position through which this node's writes are all visible (readers on any node stay below it)
    feed_mark BIGINT NOT NULL DEFAULT 0
);
-- work one node at a time does (a subscriber's webhook lane, ...): held until expires, renewed by its holder
CREATE TABLE leases (
    name    VARCHAR(128) PRIMARY KEY,
    holder  VARCHAR(64) NOT NULL,
    expires BIGINT NOT NULL
);
-- the node running (or about to run) a job; another node may take it over once this one's heartbeat stops
ALTER TABLE jobs ADD COLUMN claimed_by VARCHAR(64);
