-- Analysts' saved queries: named, owned, parameterised, shared with every Analyst and Administrator, so
-- an analysis can be run again, pinned as a tile or exported on a schedule.
CREATE SEQUENCE saved_query_id START 1;
CREATE TABLE saved_queries (
    id          BIGINT PRIMARY KEY DEFAULT nextval('saved_query_id'),
    name        VARCHAR NOT NULL,
    description VARCHAR,
    sql         VARCHAR NOT NULL,
    parameters  JSON NOT NULL,      -- default values, an object of strings, numbers, booleans or nulls
    owner       VARCHAR NOT NULL,   -- the token name that created it
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

-- Every self-service query, whatever became of it: who ran what, with which parameters, and the outcome.
CREATE SEQUENCE query_audit_id START 1;
CREATE TABLE query_audit (
    id             BIGINT PRIMARY KEY DEFAULT nextval('query_audit_id'),
    queried_at     TIMESTAMPTZ NOT NULL,
    who            VARCHAR NOT NULL,
    saved_query_id BIGINT,
    sql            VARCHAR NOT NULL,
    parameters     JSON NOT NULL,
    format         VARCHAR NOT NULL,  -- json, csv, arrow, parquet
    outcome        VARCHAR NOT NULL,  -- answered, refused, timed_out, cancelled, failed
    row_count      BIGINT,
    truncated      BOOLEAN,
    elapsed_ms     DOUBLE NOT NULL,
    snapshot_at    TIMESTAMPTZ,
    error          VARCHAR
);
