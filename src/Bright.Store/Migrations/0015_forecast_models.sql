-- The model each training chose, kept so the hourly refresh forecasts new data without training again: JSON of
-- the model's name, horizon, interval half-widths per step, backtest and (for the trees) ML.NET's zip in base64.
CREATE TABLE forecast_models (
    series      VARCHAR PRIMARY KEY,
    trained_at  TIMESTAMPTZ NOT NULL,
    model       JSON NOT NULL
);

-- When the stored forecast's points were last recomputed from the latest data (null: only at training).
ALTER TABLE forecasts ADD COLUMN refreshed_at TIMESTAMPTZ;
