using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Bright.Analytics.Forecasting;
using Bright.Core.Reference;
using Bright.Store.Forecasts;

namespace Bright.Server.Forecasting;

/// <summary>
/// Trains, stores and serves forecasts of the store series. Training is CPU-bound and runs off request threads,
/// one series at a time (a semaphore), so retraining never takes every core from the live screens.
/// </summary>
internal sealed partial class ForecastService(TrustReference trust, ForecastSeriesReader reader, ForecastStore store, ForecastTopics topics,
    OccupancyService occupancy, TimeProvider clock, ILogger<ForecastService> logger) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SemaphoreSlim _training = new(1, 1);
    private readonly ForecastEngine _engine = new();
    private readonly ConcurrentDictionary<string, bool> _reportedEmpty = new(StringComparer.Ordinal);
    private RetrainProgress _progress = RetrainProgress.Idle;

    /// <summary>How the latest retrain of every series is going (this node's).</summary>
    public RetrainProgress Progress => Volatile.Read(ref _progress);

    /// <summary>
    /// Marks retrain <paramref name="jobId"/> as queued, so a status read straight after asking for one does not show the
    /// previous run as if it were this one; a run still going keeps showing until this one starts. Answers the queued status.
    /// The job, when it runs, reports as the same id (<see cref="RetrainAllAsync"/>).
    /// </summary>
    public RetrainProgress MarkQueued(string jobId)
    {
        var queued = RetrainProgress.Idle with { State = "queued", JobId = jobId };
        var current = Progress;
        // Not over a run still going, nor over this job's own progress when it started (or finished) before this line.
        while (current.State != "running" && current.JobId != jobId && Interlocked.CompareExchange(ref _progress, queued, current) != current)
        {
            current = Progress;
        }

        return queued;
    }

    /// <summary>Every store series with data behind it, and its stored forecast if any.</summary>
    public async Task<List<ForecastSeriesEntry>> ListAsync(CancellationToken ct)
    {
        var stored = (await store.ListAsync(ct)).ToDictionary(f => f.Series, StringComparer.Ordinal);
        var sources = (await reader.SourcesAsync(ct)).ToHashSet();
        return [.. from site in trust.Sites
                   from kind in ForecastCatalogue.Kinds
                   where sources.Contains((site.Code, kind.Source.ToString()))
                   let id = ForecastCatalogue.Id(kind, site.Code)
                   let saved = stored.GetValueOrDefault(id)
                   select new ForecastSeriesEntry(id, kind.Name, site.Code, kind.Frequency.Name(), kind.DefaultHorizon, saved?.Model, saved?.TrainedAt)];
    }

    /// <summary>
    /// The stored forecast cut to <paramref name="horizon"/> periods, training (and storing) it first when none is stored
    /// or the stored one is shorter; no answer, and the reason, when the history is too short.
    /// </summary>
    public async Task<(ForecastAnswer? Answer, string? Shortage)> GetAsync(string id, ForecastSeriesKind kind, Site site, int horizon, CancellationToken ct)
    {
        var saved = await store.GetAsync(id, ct);
        if (saved is null || saved.Horizon < horizon)
        {
            var (shortage, _) = await TrainAsync(kind, site, Math.Max(horizon, kind.DefaultHorizon), ct);
            if (shortage is not null)
            {
                return (null, shortage);
            }

            saved = await store.GetAsync(id, ct);
        }

        return (ForecastContract.Answer(saved!, horizon), null);
    }

    /// <summary>
    /// Retrains every store series, logging progress as job <paramref name="jobId"/> (null when not run by Hangfire); a
    /// series that fails is logged and the rest carry on.
    /// </summary>
    public async Task<int> RetrainAllAsync(string? jobId, CancellationToken ct)
    {
        var series = await ListAsync(ct);
        var trained = 0;
        var started = clock.GetUtcNow();
        for (var i = 0; i < series.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            Volatile.Write(ref _progress, new RetrainProgress("running", jobId, i, series.Count, trained, series[i].Id, started, null));
            LogRetraining(i + 1, series.Count, series[i].Id);
            ForecastCatalogue.TryResolve(series[i].Id, trust, out var kind, out var site);
            try
            {
                var (shortage, empty) = await TrainAsync(kind, site, kind.DefaultHorizon, ct);
                if (shortage is null)
                {
                    trained++;
                    _reportedEmpty.TryRemove(series[i].Id, out _);
                }
                else if (!empty)
                {
                    LogTooShort(series[i].Id, shortage);
                }
                else if (_reportedEmpty.TryAdd(series[i].Id, true))
                {
                    // A site without this kind of data at all (e.g. no emergency admissions): said once, not at every run.
                    LogSkipped(series[i].Id, kind.Name.ToLowerInvariant());
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(ex, series[i].Id);
            }
        }

        LogRetrained(trained, series.Count);
        Volatile.Write(ref _progress, new RetrainProgress("done", jobId, series.Count, series.Count, trained, null, started, clock.GetUtcNow()));
        return trained;
    }

    /// <summary>
    /// Re-forecasts every series that has a kept model from its latest data without training, stores the points and
    /// pushes them to <c>forecast:{series}</c>. A series that cannot be refreshed is logged and the rest carry on.
    /// </summary>
    public async Task<int> RefreshAllAsync(CancellationToken ct)
    {
        var models = await store.ListModelsAsync(ct);
        var refreshed = 0;
        foreach (var (id, modelJson) in models)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                if (await RefreshAsync(id, modelJson, ct) is { } reason)
                {
                    LogNotRefreshed(id, reason);
                }
                else
                {
                    refreshed++;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRefreshFailed(ex, id);
            }
        }

        LogRefreshed(refreshed, models.Count);
        return refreshed;
    }

    private async Task<string?> RefreshAsync(string id, string modelJson, CancellationToken ct)
    {
        if (!ForecastCatalogue.TryResolve(id, trust, out var kind, out var site))
        {
            return "the series is no longer in the catalogue or the trust";
        }

        if (kind.Prefix == OccupancyPrefix)
        {
            // Arrivals × length of stay keeps no trained model: refreshing it is simulating again from the current inpatients,
            // with the backtest made at today's midnight when there is one.
            return await TrainOccupancyAsync(id, kind, site, JsonSerializer.Deserialize<ForecastModel>(modelJson, Json)!.Horizon, reuseBacktest: true, ct);
        }

        // Under the training lock, with the model read again: a retrain that finished meanwhile is never overwritten
        // by points from the model it replaced.
        await _training.WaitAsync(ct);
        try
        {
            var current = (await store.ListModelsAsync(ct)).FirstOrDefault(m => m.Series == id).ModelJson;
            if (current is null)
            {
                return "its model was removed by a retrain";
            }

            var model = JsonSerializer.Deserialize<ForecastModel>(current, Json)!;
            if (model.Frequency != kind.Frequency)
            {
                return $"the kept model is by the {model.Frequency.Name()} but the series by the {kind.Frequency.Name()}";
            }

            var history = await kind.Read(reader, site, ct);
            var season = kind.Frequency.SeasonLength();
            if (history.Count <= season)
            {
                return $"{history.Count} {kind.Frequency.Name()}s of history; more than {season} are needed to refresh";
            }

            var series = new ForecastSeries(kind.Frequency, [.. history.Select(p => p.Period)], [.. history.Select(p => p.Value)]);
            var result = await Task.Run(() => _engine.Refresh(model, series), ct);
            var points = ForecastContract.StorePoints(result, kind.Frequency);
            if (!await store.RefreshAsync(id, clock.GetUtcNow(), JsonSerializer.Serialize(points, Json), ct))
            {
                return "no stored forecast to refresh";
            }

            if (await store.GetAsync(id, ct) is { } saved)
            {
                topics.Publish(ForecastContract.Answer(saved));
            }

            return null;
        }
        finally
        {
            _training.Release();
        }
    }

    /// <summary>Forecasts a caller's series on a pool thread (bounded by <see cref="ForecastRequestValidator.MaxPoints"/>).</summary>
    public Task<ForecastResult> ForecastAsync(ForecastSeries series, int horizon, CancellationToken ct) =>
        Task.Run(() => _engine.Forecast(series, horizon), ct);

    private const string OccupancyPrefix = "occupancy";

    /// <summary>Trains and stores one series; the reason when it cannot, and whether that is because the site has none of its data at all.</summary>
    private async Task<(string? Shortage, bool Empty)> TrainAsync(ForecastSeriesKind kind, Site site, int horizon, CancellationToken ct)
    {
        var id = ForecastCatalogue.Id(kind, site.Code);
        if (kind.Prefix == OccupancyPrefix)
        {
            return (await TrainOccupancyAsync(id, kind, site, horizon, reuseBacktest: false, ct), false);
        }

        var history = await kind.Read(reader, site, ct);
        var minimum = ForecastSeries.MinimumPoints(kind.Frequency, horizon);
        if (history.Count < minimum)
        {
            return ($"Series '{id}' has {history.Count} complete {kind.Frequency.Name()}s of history; forecasting {horizon} ahead needs at least {minimum}.",
                history.Count == 0);
        }

        var series = new ForecastSeries(kind.Frequency, [.. history.Select(p => p.Period)], [.. history.Select(p => p.Value)]);
        await _training.WaitAsync(ct);
        try
        {
            var watch = Stopwatch.StartNew();
            var trained = await Task.Run(() => _engine.Train(series, horizon), ct);
            var result = trained.Result;
            var elapsed = watch.Elapsed;
            var b = result.Backtest;
            var saved = new StoredForecast(id, clock.GetUtcNow(), kind.Frequency.Name(), horizon, result.Model,
                JsonSerializer.Serialize(ForecastContract.StorePoints(result, kind.Frequency), Json), JsonSerializer.Serialize(b, Json));
            await store.SaveAsync(saved,
                new StoredBacktest(b.Candidate, b.Mase, b.Baseline, b.CandidateMase, b.Mape, b.BaselineMape, b.Coverage80, b.Coverage95, b.Origins,
                    series.Values.Count, elapsed), JsonSerializer.Serialize(trained.Model, Json), ct);
            topics.Publish(ForecastContract.Answer(saved));
            LogTrained(id, result.Model, b.Mase, b.Baseline, b.Mape, elapsed.TotalMilliseconds);
            return (null, false);
        }
        finally
        {
            _training.Release();
        }
    }

    /// <summary>Occupancy as arrivals × length of stay (or its labelled seasonal naive, where that won the backtest).</summary>
    private async Task<string?> TrainOccupancyAsync(string id, ForecastSeriesKind kind, Site site, int horizon, bool reuseBacktest,
        CancellationToken ct)
    {
        await _training.WaitAsync(ct);
        try
        {
            var watch = Stopwatch.StartNew();
            var (forecast, shortage) = await occupancy.ForecastAsync(site, horizon, reuseBacktest, ct);
            if (forecast is null)
            {
                return shortage;
            }

            var elapsed = watch.Elapsed;
            var o = forecast.Forecast;
            var b = o.Backtest;
            var result = new ForecastResult(o.Points, o.Model, b);
            var model = new ForecastModel(kind.Frequency, horizon, o.Model, b, [.. o.Points.Select(p => p.Upper80 - p.Mean)],
                [.. o.Points.Select(p => p.Upper95 - p.Mean)], null);
            var saved = new StoredForecast(id, clock.GetUtcNow(), kind.Frequency.Name(), horizon, o.Model,
                JsonSerializer.Serialize(ForecastContract.StorePoints(result, kind.Frequency), Json), JsonSerializer.Serialize(b, Json));
            await store.SaveAsync(saved, new StoredBacktest(b.Candidate, b.Mase, b.Baseline, b.CandidateMase, b.Mape, b.BaselineMape, b.Coverage80,
                b.Coverage95, b.Origins, forecast.HistoryDays, elapsed),
                JsonSerializer.Serialize(model, Json), ct);
            topics.Publish(ForecastContract.Answer(saved));
            LogTrained(id, o.Model, b.Mase, b.Baseline, b.Mape, elapsed.TotalMilliseconds);
            return null;
        }
        finally
        {
            _training.Release();
        }
    }

    public void Dispose() => _training.Dispose();

    [LoggerMessage(4101, LogLevel.Information, "Forecast retrain: series {Index} of {Count}, {Series}")]
    private partial void LogRetraining(int index, int count, string series);

    [LoggerMessage(4102, LogLevel.Information,
        "Forecast {Series}: serving {Model}, backtest MASE {Mase:F3} against seasonal naive {Baseline:F3}, MAPE {Mape:F1}%, {Milliseconds:F0} ms")]
    private partial void LogTrained(string series, string model, double? mase, double? baseline, double? mape, double milliseconds);

    [LoggerMessage(4109, LogLevel.Information, "Forecast {Series} skipped: the site has no {What} at all; it is tried again at each retrain without saying so")]
    private partial void LogSkipped(string series, string what);

    [LoggerMessage(4103, LogLevel.Warning, "Forecast {Series} not trained: {Reason}")]
    private partial void LogTooShort(string series, string reason);

    [LoggerMessage(4104, LogLevel.Error, "Forecast {Series} failed to train")]
    private partial void LogFailed(Exception exception, string series);

    [LoggerMessage(4105, LogLevel.Information, "Forecast retrain done: {Trained} of {Count} series trained")]
    private partial void LogRetrained(int trained, int count);

    [LoggerMessage(4106, LogLevel.Warning, "Forecast {Series} not refreshed: {Reason}")]
    private partial void LogNotRefreshed(string series, string reason);

    [LoggerMessage(4107, LogLevel.Error, "Forecast {Series} failed to refresh")]
    private partial void LogRefreshFailed(Exception exception, string series);

    [LoggerMessage(4108, LogLevel.Information, "Forecast refresh done: {Refreshed} of {Count} kept models refreshed from the latest data")]
    private partial void LogRefreshed(int refreshed, int count);
}

/// <summary>
/// The answer of <c>GET /api/forecasts/retrain</c>: <c>state</c> is idle, queued, running or done; <c>done</c> of
/// <c>count</c> series so far, <c>trained</c> of them with a forecast, and the one in training.
/// </summary>
internal sealed record RetrainProgress(string State, string? JobId, int Done, int Count, int Trained, string? Series, DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt)
{
    public static RetrainProgress Idle { get; } = new("idle", null, 0, 0, 0, null, null, null);
}
