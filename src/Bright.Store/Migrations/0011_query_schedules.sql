-- Saved queries exported on a schedule (a Hangfire recurring job per row, registered again at start-up).
CREATE TABLE query_schedules (
    saved_query_id BIGINT PRIMARY KEY,
    cron           VARCHAR NOT NULL,   -- five-field cron, Europe/London
    format         VARCHAR NOT NULL,   -- csv, json, arrow, parquet
    owner          VARCHAR NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL
);
