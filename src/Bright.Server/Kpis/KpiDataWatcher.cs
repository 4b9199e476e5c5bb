using System.Text.RegularExpressions;
using Bright.Server.Jobs;
using Bright.Store.Events;
using Bright.Store.Kpis;
using Hangfire;
using Microsoft.Extensions.Options;

namespace Bright.Server.Kpis;

/// <summary>
/// Recomputes a KPI's SPC when new data for it lands. Each KPI depends on the event kinds its SQL names;
/// committed events mark those kinds, and once <see cref="SpcOptions.RecomputeDelay"/> has passed since the
/// first mark the affected KPIs are recomputed in one Hangfire job (debounced), which stores the results and
/// pushes them to their <c>kpi:{id}</c> topics.
/// </summary>
internal sealed partial class KpiDataWatcher(KpiStore kpis, IBackgroundJobClient jobs, NodeJobs node, IOptions<SpcOptions> options, TimeProvider clock,
    ILogger<KpiDataWatcher> logger) : BackgroundService, ICommittedEventsObserver
{
    private static readonly HashSet<string> KindNames = [.. Enum.GetNames<EventKind>()];
    private readonly Lock _gate = new();
    private readonly HashSet<EventKind> _landed = [];
    private DateTimeOffset? _firstLandedAt;

    /// <inheritdoc />
    public void OnCommitted(IReadOnlyList<HospitalEvent> events)
    {
        lock (_gate)
        {
            foreach (var e in events)
            {
                _landed.Add(e.Kind);
            }

            _firstLandedAt ??= clock.GetUtcNow();
        }
    }

    /// <summary>The event kinds a KPI's SQL reads, from the kind names it quotes (<c>kind = 'EdArrival'</c>).</summary>
    public static IReadOnlySet<EventKind> KindsRead(string? sql) =>
        sql is null
            ? new HashSet<EventKind>()
            : QuotedWord().Matches(sql).Select(m => m.Groups[1].Value).Where(KindNames.Contains).Select(Enum.Parse<EventKind>).ToHashSet();

    /// <summary>Takes the kinds landed since the last call if the delay has passed; null while it has not.</summary>
    internal IReadOnlySet<EventKind>? TakeDue()
    {
        lock (_gate)
        {
            if (_firstLandedAt is not { } first || clock.GetUtcNow() - first < options.Value.RecomputeDelay)
            {
                return null;
            }

            var due = _landed.ToHashSet();
            _landed.Clear();
            _firstLandedAt = null;
            return due;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var tick = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, options.Value.RecomputeDelay.Ticks / 10));
        using var timer = new PeriodicTimer(tick, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (TakeDue() is not { } landed)
            {
                continue;
            }

            try
            {
                var affected = (await kpis.ListAsync(stoppingToken))
                    .Where(k => KindsRead(k.Definition.Sql).Overlaps(landed))
                    .Select(k => k.Definition.Id!)
                    .ToArray();
                if (affected.Length > 0)
                {
                    node.Enqueue<KpiSpcJob>(jobs, j => j.RunForAsync(affected, CancellationToken.None));
                    LogRecomputeQueued(affected.Length, string.Join(", ", landed.Order()));
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The hourly job recomputes everything anyway; the failure is visible here.
                LogRecomputeFailed(ex);
            }
        }
    }

    [GeneratedRegex("'([A-Za-z]+)'")]
    private static partial Regex QuotedWord();

    [LoggerMessage(4011, LogLevel.Information, "New data for {Count} KPIs ({Kinds}); their SPC recompute is queued")]
    private partial void LogRecomputeQueued(int count, string kinds);

    [LoggerMessage(4012, LogLevel.Error, "Queuing the KPI recompute failed; the hourly job will catch up")]
    private partial void LogRecomputeFailed(Exception exception);
}
