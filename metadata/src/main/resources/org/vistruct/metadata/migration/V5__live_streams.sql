-- Live GB/T 28181 channels a cluster analyses (gb28181.cluster=true): which node receives each, and the
-- exchange between that node (its receiver's offer) and the node holding the SIP signalling role (the INVITE's answer).
CREATE TABLE live_streams (
    stream_key VARCHAR(80) PRIMARY KEY,
    device_id  VARCHAR(32) NOT NULL,
    channel_id VARCHAR(32) NOT NULL,
    transport  VARCHAR(16) NOT NULL,
    -- the node receiving and analysing the stream, and a number bumped at every placement (fences the one before)
    node_id    VARCHAR(64),
    epoch      BIGINT NOT NULL DEFAULT 0,
    -- the receiver's media offer (ip port ssrc), numbered; the signalling node answers the same number
    offer      VARCHAR(128),
    offer_seq  BIGINT NOT NULL DEFAULT 0,
    answer     TEXT,
    answer_seq BIGINT NOT NULL DEFAULT 0,
    -- the dialog the signalling node holds for the current offer (so that a signalling node taking over can end it)
    dialog     TEXT,
    -- the Call-ID a device ended with BYE, and a counter bumped when the device comes (back) online
    hung_up    VARCHAR(128),
    wake       BIGINT NOT NULL DEFAULT 0,
    updated    BIGINT NOT NULL
);
