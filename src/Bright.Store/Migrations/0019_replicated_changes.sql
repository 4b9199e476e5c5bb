-- Distributed mode: administrators' changes (the feed registry, alert rules, the OPEL table) and dead-letter replay
-- outcomes travel on the cluster's log, and each node applies them to its own store. A change is applied in the same
-- transaction that records its log key here, so an entry delivered twice is applied once.
CREATE TABLE replicated_changes (
    log_key     VARCHAR PRIMARY KEY,   -- the stream entry's id and the record's index in it
    kind        VARCHAR NOT NULL,      -- feed, alert-rule, opel-table, dead-letter-replay
    applied_at  TIMESTAMPTZ NOT NULL   -- when the change says it was made (UTC)
);
