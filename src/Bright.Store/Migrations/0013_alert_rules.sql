-- Alert rules as data (issue 6): every version of every rule, never updated or deleted. The rule in force is the
-- latest version of its id; disabling is a new version with enabled = false. Seeded from the rules shipped with
-- BRIGHT (change 'seeded') for ids not yet stored, so a trust's edits survive upgrades.
CREATE TABLE alert_rule_version (
    rule_id     VARCHAR NOT NULL,
    version     INTEGER NOT NULL,      -- 1, 2, ... per rule
    position    INTEGER NOT NULL,      -- evaluation order among rules, fixed when the rule is first stored
    definition  JSON NOT NULL,         -- the whole rule as validated
    enabled     BOOLEAN NOT NULL,
    change      VARCHAR NOT NULL,      -- seeded, created, updated, disabled
    changed_at  TIMESTAMPTZ NOT NULL,
    changed_by  VARCHAR NOT NULL,      -- the token name, or 'bright' for the seed
    PRIMARY KEY (rule_id, version)
);
