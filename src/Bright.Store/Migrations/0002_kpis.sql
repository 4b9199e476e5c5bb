-- The KPI catalogue (issue 4). A definition is data: loaded from the versioned catalogue file shipped with
-- the server when its version is newer than the last one loaded, and edited by administrators through the API.
CREATE TABLE kpis (
    id                    VARCHAR NOT NULL,
    name                  VARCHAR NOT NULL,
    domain                VARCHAR NOT NULL,
    owner                 VARCHAR NOT NULL,
    unit                  VARCHAR NOT NULL,
    improvement_direction VARCHAR NOT NULL,
    chart                 VARCHAR NOT NULL,
    frequency             VARCHAR NOT NULL,
    sql                   VARCHAR NOT NULL,
    definition            JSON NOT NULL,      -- the whole definition without its targets (those are in kpi_target)
    revision              INTEGER NOT NULL,   -- 1 when first stored, +1 on every change
    updated_at            TIMESTAMPTZ NOT NULL,
    updated_by            VARCHAR NOT NULL    -- 'catalogue vN' or the administrator's token name
);

-- DOMAIN.md §2: every target is data with its kind, effective dates and source.
CREATE TABLE kpi_target (
    kpi_id          VARCHAR NOT NULL,
    kind            VARCHAR NOT NULL,   -- constitutional | operational | local
    comparator      VARCHAR NOT NULL,   -- >=, >, <=, <, =
    value           DOUBLE NOT NULL,
    effective_from  DATE NOT NULL,
    effective_to    DATE,
    source          VARCHAR NOT NULL
);

-- Every stored revision of every definition, targets included, so a chart can be traced to its definition.
CREATE TABLE kpi_definition_history (
    kpi_id      VARCHAR NOT NULL,
    revision    INTEGER NOT NULL,
    definition  JSON NOT NULL,
    saved_at    TIMESTAMPTZ NOT NULL,
    saved_by    VARCHAR NOT NULL
);

-- Each catalogue file version loaded, in order; the highest is the stored catalogue version.
CREATE TABLE kpi_catalogue_versions (
    version     INTEGER NOT NULL,
    loaded_at   TIMESTAMPTZ NOT NULL,
    kpi_count   INTEGER NOT NULL
);

-- Scheduled SPC results: the series and the analysis as computed, kept so history is auditable.
CREATE TABLE kpi_spc_results (
    kpi_id          VARCHAR NOT NULL,
    revision        INTEGER NOT NULL,
    computed_at     TIMESTAMPTZ NOT NULL,
    point_count     INTEGER NOT NULL,
    latest_period   DATE,
    latest_value    DOUBLE,
    variation       VARCHAR,
    assurance       VARCHAR,
    narrative       VARCHAR NOT NULL,
    target          DOUBLE,
    series          JSON NOT NULL,      -- the rows the KPI's SQL returned
    result          JSON NOT NULL       -- the SPC response as served by GET /api/kpis/{id}/spc
);

-- The trust's wards from reference data, so KPI SQL can tell G&A from assessment, critical care and maternity.
CREATE TABLE reference_wards (
    site            VARCHAR NOT NULL,
    ward            VARCHAR NOT NULL,
    name            VARCHAR NOT NULL,
    specialty       VARCHAR NOT NULL,
    type            VARCHAR NOT NULL,   -- ga | assessment | critical_care | maternity | ...
    beds            INTEGER NOT NULL,
    escalation_beds INTEGER NOT NULL
);
