-- Dead-letter replay: when a refused input was replayed successfully (null while it still waits), how many
-- times it was tried (null until the first replay), and when last. A replay that fails again rewrites `errors` with the new reasons.
ALTER TABLE dead_letters ADD COLUMN replayed_at TIMESTAMPTZ;
ALTER TABLE dead_letters ADD COLUMN replay_attempts INTEGER;
ALTER TABLE dead_letters ADD COLUMN last_replay_at TIMESTAMPTZ;

-- FHIR Location resources a feed has sent, resolved to BRIGHT location paths, so that a later Encounter or
-- Observation referring to `Location/{id}` finds its site, ward and bed.
CREATE TABLE fhir_locations (
    source      VARCHAR NOT NULL,
    resource_id VARCHAR NOT NULL,
    site        VARCHAR NOT NULL,
    path        VARCHAR NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (source, resource_id)
);
