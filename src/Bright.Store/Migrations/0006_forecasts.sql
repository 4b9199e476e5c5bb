-- The latest forecast of each store series (e.g. 'ed-arrivals:RQ6'): its future points with 80% and 95%
-- intervals as JSON, the model served and when it was trained. Replaced on every retrain.
CREATE TABLE forecasts (
    series      VARCHAR PRIMARY KEY,
    trained_at  TIMESTAMPTZ NOT NULL,
    frequency   VARCHAR NOT NULL,   -- hour, day, week, month
    horizon     INTEGER NOT NULL,   -- periods forecast
    model       VARCHAR NOT NULL,   -- fasttree or seasonal_naive
    points      JSON NOT NULL,      -- [ { "time", "mean", "lower80", "upper80", "lower95", "upper95" } ]
    backtest    JSON NOT NULL       -- the backtest summary served with it
);

-- Every training's rolling-origin backtest, kept so accuracy can be followed over time.
CREATE TABLE forecast_backtests (
    series          VARCHAR NOT NULL,
    trained_at      TIMESTAMPTZ NOT NULL,
    model           VARCHAR NOT NULL,   -- the model served
    candidate       VARCHAR NOT NULL,   -- the model tried against the seasonal naive
    mase            DOUBLE,             -- of the model served
    baseline_mase   DOUBLE,             -- of the seasonal naive, same windows
    candidate_mase  DOUBLE,
    mape            DOUBLE,             -- daily series only
    baseline_mape   DOUBLE,
    coverage80      DOUBLE,
    coverage95      DOUBLE,
    origins         INTEGER NOT NULL,
    horizon         INTEGER NOT NULL,
    history_points  INTEGER NOT NULL,
    training_ms     DOUBLE NOT NULL
);
