-- Live figures kept as history (issue 6), so they become KPI series and every level shown can be audited.

-- One row per theatre list (session), written when the list has ended and rewritten if a late event changes it;
-- rebuildable from the stored events. Minutes are summed to aggregate (DOMAIN.md §6: never average percentages).
CREATE TABLE theatre_session (
    site                    VARCHAR NOT NULL,
    list_id                 VARCHAR NOT NULL,
    room                    VARCHAR NOT NULL,
    session_date            DATE NOT NULL,      -- local (Europe/London) date of the planned start
    session                 VARCHAR,            -- AM, PM or EVE when given
    specialty               VARCHAR,
    planned_start           TIMESTAMPTZ NOT NULL,
    planned_end             TIMESTAMPTZ NOT NULL,
    planned_minutes         DOUBLE NOT NULL,
    capped_touch_minutes    DOUBLE NOT NULL,
    uncapped_touch_minutes  DOUBLE NOT NULL,
    late_start_minutes      DOUBLE,             -- first in_theatre - start; null when no case entered theatre
    late_start              BOOLEAN NOT NULL,
    early_finish_minutes    DOUBLE,             -- end - last left_theatre; null unless every case is done
    early_finish            BOOLEAN NOT NULL,
    overrun_minutes         DOUBLE,
    turnarounds             INTEGER NOT NULL,
    turnaround_minutes      DOUBLE NOT NULL,
    cases_planned           INTEGER NOT NULL,
    cases_done              INTEGER NOT NULL,
    cancelled_on_the_day    INTEGER NOT NULL,
    cancellations           JSON NOT NULL,      -- [ { "reason", "count" } ]
    written_at              TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (site, list_id)
);

-- OPEL per site and for the trust ('trust'), at each level change and every 15 minutes, with every contributing
-- parameter's value and level and the version of the OPEL table that scored it (DOMAIN.md §3).
CREATE TABLE opel_history (
    recorded_at     TIMESTAMPTZ NOT NULL,
    site            VARCHAR NOT NULL,   -- a site code, or 'trust' for the roll-up
    level           INTEGER,            -- null when nothing could be measured
    score           DOUBLE,
    config_version  VARCHAR NOT NULL,
    config_label    VARCHAR NOT NULL,
    reason          VARCHAR NOT NULL,   -- level_change or interval
    parameters      JSON NOT NULL       -- [ { "id", "value", "level", "weight" } ], sites for the trust row
);

-- Every acknowledgement of an alert: who, when, which alert, its rule and site. Read back at start-up so an
-- alert rebuilt for a condition that still holds keeps its acknowledgement.
CREATE TABLE alert_ack (
    alert_id         VARCHAR NOT NULL,
    rule             VARCHAR NOT NULL,
    severity         VARCHAR NOT NULL,
    site             VARCHAR NOT NULL,
    location         VARCHAR NOT NULL,
    message          VARCHAR NOT NULL,
    raised_at        TIMESTAMPTZ NOT NULL,
    acknowledged_at  TIMESTAMPTZ NOT NULL,
    acknowledged_by  VARCHAR NOT NULL
);

-- Every alert raised and resolved, with what it said: with alert_ack, the alert's whole life is audited. An alert
-- still holding when live state is rebuilt (a restart, a backfill) is raised again with the time of the rebuild.
CREATE TABLE alert_event (
    event_at    TIMESTAMPTZ NOT NULL,
    alert_id    VARCHAR NOT NULL,
    event       VARCHAR NOT NULL,   -- raised or resolved
    rule        VARCHAR NOT NULL,
    severity    VARCHAR NOT NULL,
    site        VARCHAR NOT NULL,
    location    VARCHAR NOT NULL,
    message     VARCHAR NOT NULL
);
