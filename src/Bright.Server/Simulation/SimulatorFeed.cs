using Bright.Core.Reference;
using Bright.Core.Time;
using Bright.Server.Distributed;
using Bright.Simulator;
using Bright.Store;
using Bright.Store.Events;
using Bright.Store.Settings;
using Dapper;
using Microsoft.Extensions.Options;

namespace Bright.Server.Simulation;

/// <summary>
/// Feeds the built-in demo trust into the store: on first start it backfills the configured history
/// through the bulk path, then streams events in real time (times the speed factor). Restarts resume
/// where the store ends: the simulator is deterministic, so it replays silently up to the last stored
/// event and carries on. In distributed mode it runs on one node of the cluster only, the holder of the
/// <c>simulator</c> lease; the others wait, and one takes over (resuming from its replica) when the holder dies.
/// </summary>
internal sealed partial class SimulatorFeed(TrustReference trust, IOptions<SimulatorOptions> options, BrightStore store, EventWriter writer,
    SettingsStore settings, TimeProvider clock, ILogger<SimulatorFeed> logger, ClusterLeases? leases = null) : BackgroundService
{
    /// <summary>The cluster-wide lease the simulator runs under in distributed mode.</summary>
    public const string Lease = "simulator";

    private const string HistoryStartSetting = "simulator.history_start";
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    /// <summary>Whether the backfill has finished and live streaming has begun.</summary>
    public bool IsLive { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var opts = options.Value;
        if (!opts.Enabled)
        {
            return;
        }

        // Let the server finish starting (and answer health checks) before the CPU-heavy backfill.
        await Task.Yield();
        if (leases is null)
        {
            await RunAsync(opts, stoppingToken);
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var paused = false;
            await using (var lease = await leases.AcquireAsync(Lease, stoppingToken))
            {
                using var running = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lease.Lost);
                try
                {
                    await RunAsync(opts, running.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // The lease was lost: another node may be simulating now; wait for the lease again.
                }
                catch (StoreWriteException ex)
                {
                    // The log is unreachable: give the lease up, so that a node that can reach it takes over.
                    LogSimulatorPaused(ex);
                    paused = true;
                }
            }

            IsLive = false;
            if (paused)
            {
                await Task.Delay(Tick * 5, clock, stoppingToken);
            }
        }
    }

    private async Task RunAsync(SimulatorOptions opts, CancellationToken stoppingToken)
    {
        var now = clock.GetUtcNow();
        var start = await HistoryStartAsync(now - opts.History, stoppingToken);
        var simulator = new TrustSimulator(trust, opts, start);
        var lastStored = await LastStoredAsync(stoppingToken);
        if (lastStored is { } resumeAt && resumeAt > start)
        {
            foreach (var _ in simulator.AdvanceTo(resumeAt))
            {
                // Already stored: replay only to rebuild the simulator's state.
            }
        }

        var pending = new List<HospitalEvent>();
        var backfillUntil = clock.GetUtcNow();
        if (simulator.Now < backfillUntil)
        {
            LogBackfillStarting(simulator.Now, backfillUntil);
            var from = simulator.Now;
            var generated = WithProgress(simulator.AdvanceTo(backfillUntil), from, backfillUntil);
            var result = await writer.WriteBulkAsync(Released(generated, pending, backfillUntil), cancellationToken: stoppingToken);
            LogBackfillDone(result.Accepted, result.Duplicates);
        }

        IsLive = true;
        var liveStartReal = clock.GetUtcNow();
        var liveStartSim = simulator.Now;
        using var timer = new PeriodicTimer(Tick, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var realNow = clock.GetUtcNow();
            var simNow = liveStartSim + (realNow - liveStartReal) * opts.SpeedFactor;
            var due = Released(simulator.AdvanceTo(simNow), pending, simNow).ToList();
            if (due.Count > 0)
            {
                await writer.WriteAsync(due, stoppingToken);
            }
        }
    }

    /// <summary>Logs the backfill's progress each tenth of the simulated period, as the events go by.</summary>
    private IEnumerable<HospitalEvent> WithProgress(IEnumerable<HospitalEvent> events, DateTimeOffset from, DateTimeOffset until)
    {
        var span = until - from;
        var nextTenth = 1;
        long count = 0;
        foreach (var e in events)
        {
            count++;
            if (span > TimeSpan.Zero && e.OccurredAt >= from + span * (nextTenth / 10.0))
            {
                LogBackfillProgress(nextTenth * 10, count, UkTime.LocalDate(e.OccurredAt));
                nextTenth = (int)Math.Min(10, Math.Floor((e.OccurredAt - from) / span * 10) + 1);
            }

            yield return e;
        }
    }

    /// <summary>
    /// Events become visible when a feed would have delivered them (their ReceivedAt), not when they
    /// happened: those received later wait in <paramref name="pending"/>.
    /// </summary>
    private static IEnumerable<HospitalEvent> Released(IEnumerable<HospitalEvent> generated, List<HospitalEvent> pending, DateTimeOffset until)
    {
        foreach (var e in generated)
        {
            if (e.ReceivedAt <= until)
            {
                yield return e;
            }
            else
            {
                pending.Add(e);
            }
        }

        var ready = pending.Where(e => e.ReceivedAt <= until).ToList();
        pending.RemoveAll(e => e.ReceivedAt <= until);
        foreach (var e in ready)
        {
            yield return e;
        }
    }

    private async Task<DateTimeOffset> HistoryStartAsync(DateTimeOffset proposed, CancellationToken cancellationToken)
    {
        if (await settings.GetAsync(HistoryStartSetting, cancellationToken) is { } stored
            && DateTimeOffset.TryParse(stored, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var start))
        {
            return start;
        }

        // History starts at a UK midnight, so simulated days line up with ward-clock days.
        start = UkTime.StartOfDay(UkTime.LocalDate(proposed));
        await settings.SetAsync(HistoryStartSetting, start.ToString("O", System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
        return start;
    }

    private async Task<DateTimeOffset?> LastStoredAsync(CancellationToken cancellationToken)
    {
        using var connection = store.OpenConnection();
        var last = await connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition(
            "SELECT max(occurred_at) FROM events WHERE source LIKE 'simulator%'", cancellationToken: cancellationToken));
        return last is { } value ? new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)) : null;
    }

    [LoggerMessage(5004, LogLevel.Warning, "The simulator stops: its events cannot be written; it starts again when they can")]
    private partial void LogSimulatorPaused(Exception exception);

    [LoggerMessage(5001, LogLevel.Information, "Simulator backfill from {From:yyyy-MM-dd HH:mm} to {To:yyyy-MM-dd HH:mm} UTC starting")]
    private partial void LogBackfillStarting(DateTimeOffset from, DateTimeOffset to);

    [LoggerMessage(5002, LogLevel.Information, "Simulator backfill {Percent}%: {Events:N0} events generated, up to {Day:yyyy-MM-dd}")]
    private partial void LogBackfillProgress(int percent, long events, DateOnly day);

    [LoggerMessage(5003, LogLevel.Information, "Simulator backfill done: {Accepted:N0} events stored, {Duplicates:N0} already present; streaming live")]
    private partial void LogBackfillDone(int accepted, int duplicates);
}
