using Bright.Core.Time;
using Bright.Server.Alerts;
using Bright.Store.Events;
using Bright.Store.LiveHistory;

namespace Bright.Server.Live.State;

/// <summary>
/// The one writer of live state: rebuilds it from the store at start-up, then applies committed batches as
/// they arrive, evaluates alerts every second, and rebuilds again once a flood of out-of-window events (a
/// backfill) has been quiet for a few seconds.
/// </summary>
internal sealed partial class LiveStateLoop(LiveStateService service, LiveStateObserver observer, LiveStateReader reader,
    LiveHistoryRecorder recorder, LiveHistoryStore history, AlertRuleBook alertRules, AlertSignalSources alertSignals,
    ILogger<LiveStateLoop> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan QuietBeforeRebuild = TimeSpan.FromSeconds(5);

    /// <summary>Acknowledgements this old or newer are read back at start-up; no alert condition holds longer unnoticed.</summary>
    private static readonly TimeSpan AcknowledgementsKept = TimeSpan.FromDays(7);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        await RestoreAcknowledgementsAsync(stoppingToken);
        await LoadAlertRulesAsync(stoppingToken);
        await RebuildAsync(stoppingToken);
        service.MarkReady();
        var incoming = service.Incoming.Reader;
        var nextEvaluation = service.Clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                wait.CancelAfter(Tick);
                try
                {
                    await incoming.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // A quiet second: fall through to the timed work.
                }
            }

            var batch = new List<HospitalEvent>();
            while (incoming.TryRead(out var events))
            {
                batch.AddRange(events);
            }

            if (batch.Count > 0)
            {
                service.Apply(batch);
            }

            var now = service.Clock.GetUtcNow();
            var stale = observer.StaleTicks;
            if (stale != 0 && now.UtcTicks - stale > QuietBeforeRebuild.Ticks)
            {
                observer.ClearStale(stale);
                await RebuildAsync(stoppingToken);
            }

            if (now >= nextEvaluation)
            {
                service.EvaluateAlerts(alertSignals.Collect());
                nextEvaluation = now + Tick;
                await RecordHistoryAsync(stoppingToken);
            }
        }
    }

    private async Task RestoreAcknowledgementsAsync(CancellationToken cancellationToken)
    {
        var now = service.Clock.GetUtcNow();
        try
        {
            var acks = await history.ReadAcknowledgementsAsync(null, now - AcknowledgementsKept, now.AddDays(1), cancellationToken);
            service.RestoreAcknowledgements(acks.Select(a => (a.AlertId, a.AcknowledgedBy, a.AcknowledgedAt)));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Alerts come back unacknowledged; the stored acknowledgements stay for the next start.
            LogHistoryFailed(ex);
        }
    }

    private async Task LoadAlertRulesAsync(CancellationToken cancellationToken)
    {
        try
        {
            await alertRules.EnsureLoadedAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The shipped rules stay in force; the admin API tries to load the stored ones again on its next call.
            LogAlertRulesFailed(ex);
        }
    }

    private async Task RecordHistoryAsync(CancellationToken cancellationToken)
    {
        try
        {
            await recorder.RecordAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // What was not written is written on the next tick: the recorder only remembers rows once stored.
            LogHistoryFailed(ex);
        }
    }

    private async Task RebuildAsync(CancellationToken cancellationToken)
    {
        var now = service.Clock.GetUtcNow();
        var since = now.AddHours(-service.Settings.Ed.RebuildHours);
        var listsFrom = UkTime.StartOfDay(UkTime.LocalDate(now).AddDays(-1));
        try
        {
            var events = await reader.ReadForRebuildAsync(since, listsFrom, cancellationToken);
            service.Rebuild(events);
            LogRebuilt(events.Count, since);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Live state stays as it was (empty at start-up) and the health of the store is reported elsewhere;
            // the next out-of-window event or restart retries.
            LogRebuildFailed(ex);
        }
    }

    [LoggerMessage(3101, LogLevel.Information, "Live state rebuilt from {Count} stored events (live window from {Since:O})")]
    private partial void LogRebuilt(int count, DateTimeOffset since);

    [LoggerMessage(3103, LogLevel.Error, "Reading or writing live-state history failed; it is retried on the next tick")]
    private partial void LogHistoryFailed(Exception exception);

    [LoggerMessage(3104, LogLevel.Error, "Reading the stored alert rules failed; the shipped rules are in force")]
    private partial void LogAlertRulesFailed(Exception exception);

    [LoggerMessage(3102, LogLevel.Error, "Rebuilding live state from the store failed; screens show the state as it was")]
    private partial void LogRebuildFailed(Exception exception);
}
