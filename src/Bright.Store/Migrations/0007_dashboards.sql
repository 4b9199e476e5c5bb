-- Tailored dashboards (issue 7): each a validated JSON document of tiles, saved as personal (seen by its owner
-- only), for a clinical function or for a situation (seen by every signed-in user). The built-in dashboards ship
-- with the server and are not stored here; users copy them.
CREATE TABLE dashboards (
    id          VARCHAR PRIMARY KEY,   -- a slug, unique across built-in and stored dashboards
    title       VARCHAR NOT NULL,
    scope       VARCHAR NOT NULL,      -- personal | function | situation
    audience    VARCHAR,               -- the function ('theatres') or situation ('winter surge'); null for personal
    owner       VARCHAR NOT NULL,      -- the token name that saved it
    document    JSON NOT NULL,         -- the whole document as validated
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
