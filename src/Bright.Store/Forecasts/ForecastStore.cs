using Dapper;

namespace Bright.Store.Forecasts;

/// <summary>The latest forecast per series and the history of backtests, in <c>forecasts</c> and <c>forecast_backtests</c>. Thread-safe.</summary>
public sealed class ForecastStore(BrightStore store)
{
    /// <summary>
    /// Replaces the series' forecast and records its backtest, in one transaction, with the model kept for refreshing it
    /// (<paramref name="modelJson"/>; null removes any kept model, so a refresh cannot serve a stale one).
    /// </summary>
    public async Task SaveAsync(StoredForecast forecast, StoredBacktest backtest, string? modelJson = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        ArgumentNullException.ThrowIfNull(backtest);
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction();
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO forecasts (series, trained_at, frequency, horizon, model, points, backtest, refreshed_at)
            VALUES ($series, $trainedAt, $frequency, $horizon, $model, $points, $backtest, NULL)
            ON CONFLICT (series) DO UPDATE SET trained_at = excluded.trained_at, frequency = excluded.frequency, horizon = excluded.horizon,
                model = excluded.model, points = excluded.points, backtest = excluded.backtest, refreshed_at = NULL
            """, new
        {
            series = forecast.Series,
            trainedAt = forecast.TrainedAt.UtcDateTime,
            frequency = forecast.Frequency,
            horizon = forecast.Horizon,
            model = forecast.Model,
            points = forecast.PointsJson,
            backtest = forecast.BacktestJson,
        }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO forecast_backtests (series, trained_at, model, candidate, mase, baseline_mase, candidate_mase, mape, baseline_mape,
                coverage80, coverage95, origins, horizon, history_points, training_ms)
            VALUES ($series, $trainedAt, $model, $candidate, $mase, $baselineMase, $candidateMase, $mape, $baselineMape,
                $coverage80, $coverage95, $origins, $horizon, $historyPoints, $trainingMs)
            """, new
        {
            series = forecast.Series,
            trainedAt = forecast.TrainedAt.UtcDateTime,
            model = forecast.Model,
            candidate = backtest.Candidate,
            mase = backtest.Mase,
            baselineMase = backtest.BaselineMase,
            candidateMase = backtest.CandidateMase,
            mape = backtest.Mape,
            baselineMape = backtest.BaselineMape,
            coverage80 = backtest.Coverage80,
            coverage95 = backtest.Coverage95,
            origins = backtest.Origins,
            horizon = forecast.Horizon,
            historyPoints = backtest.HistoryPoints,
            trainingMs = backtest.TrainingTime.TotalMilliseconds,
        }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM forecast_models WHERE series = $series", new { series = forecast.Series },
            transaction, cancellationToken: cancellationToken));
        if (modelJson is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO forecast_models (series, trained_at, model) VALUES ($series, $trainedAt, $model)
                """, new { series = forecast.Series, trainedAt = forecast.TrainedAt.UtcDateTime, model = modelJson }, transaction,
                cancellationToken: cancellationToken));
        }

        transaction.Commit();
    }

    /// <summary>Replaces the points of a stored forecast with ones recomputed from the latest data; false when none is stored.</summary>
    public async Task<bool> RefreshAsync(string series, DateTimeOffset refreshedAt, string pointsJson, CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE forecasts SET points = $points, refreshed_at = $refreshedAt WHERE series = $series
            """, new { series, refreshedAt = refreshedAt.UtcDateTime, points = pointsJson }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>The models kept for refreshing, as (series, model JSON), by series id.</summary>
    public async Task<IReadOnlyList<(string Series, string ModelJson)>> ListModelsAsync(CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        var rows = await connection.QueryAsync<(string, string)>(new CommandDefinition(
            "SELECT series, model::VARCHAR FROM forecast_models ORDER BY series", cancellationToken: cancellationToken));
        return [.. rows];
    }

    /// <summary>The stored forecast of <paramref name="series"/>, or null when none has been trained.</summary>
    public async Task<StoredForecast?> GetAsync(string series, CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition("""
            SELECT series, trained_at, frequency, horizon, model, points::VARCHAR AS points, backtest::VARCHAR AS backtest, refreshed_at
            FROM forecasts WHERE series = $series
            """, new { series }, cancellationToken: cancellationToken));
        return row?.ToForecast();
    }

    /// <summary>Every stored forecast, by series id.</summary>
    public async Task<IReadOnlyList<StoredForecast>> ListAsync(CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        var rows = await connection.QueryAsync<Row>(new CommandDefinition("""
            SELECT series, trained_at, frequency, horizon, model, points::VARCHAR AS points, backtest::VARCHAR AS backtest, refreshed_at
            FROM forecasts ORDER BY series
            """, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToForecast())];
    }

    /// <summary>How many backtests have been recorded for <paramref name="series"/>.</summary>
    public async Task<long> CountBacktestsAsync(string series, CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM forecast_backtests WHERE series = $series", new { series }, cancellationToken: cancellationToken));
    }

    private sealed record Row(string Series, DateTime Trained_At, string Frequency, int Horizon, string Model, string Points, string Backtest,
        DateTime? Refreshed_At)
    {
        public StoredForecast ToForecast() =>
            new(Series, Utc(Trained_At), Frequency, Horizon, Model, Points, Backtest) { RefreshedAt = Refreshed_At is { } r ? Utc(r) : null };

        private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
    }
}

/// <summary>A forecast as stored: its points and backtest are JSON in the API's shape.</summary>
/// <param name="Series">The series id, e.g. <c>ed-arrivals:RQ6</c>.</param>
/// <param name="TrainedAt">When the model was trained (UTC).</param>
/// <param name="Frequency"><c>hour</c>, <c>day</c>, <c>week</c> or <c>month</c>.</param>
/// <param name="Horizon">Periods forecast.</param>
/// <param name="Model">The model served.</param>
/// <param name="PointsJson">The future points.</param>
/// <param name="BacktestJson">The backtest summary.</param>
public sealed record StoredForecast(string Series, DateTimeOffset TrainedAt, string Frequency, int Horizon, string Model, string PointsJson,
    string BacktestJson)
{
    /// <summary>When the points were last recomputed from the latest data with the kept model (UTC); null when only at training.</summary>
    public DateTimeOffset? RefreshedAt { get; init; }
}

/// <summary>One training's backtest figures (see the <c>forecast_backtests</c> table).</summary>
/// <param name="Candidate">The model tried against the baseline.</param>
/// <param name="Mase">MASE of the model served.</param>
/// <param name="BaselineMase">MASE of the seasonal naive over the same windows.</param>
/// <param name="CandidateMase">MASE of the candidate, served or not.</param>
/// <param name="Mape">MAPE (%) of the model served, daily series only.</param>
/// <param name="BaselineMape">MAPE (%) of the baseline, daily series only.</param>
/// <param name="Coverage80">Backtest coverage of the 80% interval (0 to 1).</param>
/// <param name="Coverage95">Backtest coverage of the 95% interval (0 to 1).</param>
/// <param name="Origins">Backtest windows.</param>
/// <param name="HistoryPoints">Points of history trained on.</param>
/// <param name="TrainingTime">Wall time of backtest and final training.</param>
public sealed record StoredBacktest(string Candidate, double? Mase, double? BaselineMase, double? CandidateMase, double? Mape, double? BaselineMape,
    double? Coverage80, double? Coverage95, int Origins, int HistoryPoints, TimeSpan TrainingTime);
