-- The trust's OPEL table (parameters, thresholds, weights, cut-offs and site weights; DOMAIN.md §3) as versions.
-- Each save is a new row and no row is ever updated or deleted, so this table is also the audit of every change.
-- The version in force at a time is the one with the latest effective date on or before that local date (of two
-- with the same date, the later saved). The shipped table is seeded as the first version when this is empty.
CREATE TABLE opel_table_version (
    number          INTEGER PRIMARY KEY,   -- 1, 2, ... in the order saved
    version         VARCHAR NOT NULL UNIQUE, -- the document's version, stamped on every level it scores (opel_history)
    label           VARCHAR NOT NULL,      -- e.g. indicative
    effective_from  DATE NOT NULL,         -- local (Europe/London) date it takes effect
    document        JSON NOT NULL,         -- the whole table as saved
    saved_by        VARCHAR NOT NULL,
    saved_at        TIMESTAMPTZ NOT NULL,
    note            VARCHAR NOT NULL       -- why it changed
);
