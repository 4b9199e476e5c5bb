using Bright.Core.Time;
using Bright.Store.DeadLetters;
using Bright.Store.Events;

namespace Bright.Pipelines.Ingestion;

/// <summary>Rebuilds the <see cref="IngestMonitor"/> from the store, so figures survive a restart.</summary>
public static class IngestMonitorSeed
{
    /// <summary>Reads today's tallies and rejections and seeds <paramref name="monitor"/> with them.</summary>
    public static async Task LoadAsync(IngestMonitor monitor, EventReader events, DeadLetterStore deadLetters, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(deadLetters);
        var day = UkTime.Today(clock);
        var since = UkTime.StartOfDay(day);
        var rows = (await events.TallyAsync(since, cancellationToken))
            .ToDictionary(t => (t.Source, (string?)t.Site), t => new IngestRow(t.Source, t.Site, t.Accepted, 0, t.LastOccurredAt, t.LastReceivedAt,
                t.LastLag.TotalSeconds));
        foreach (var (source, site, count) in await deadLetters.CountSinceAsync(since, cancellationToken))
        {
            var key = (source, site ?? "unknown");
            rows[key] = (rows.GetValueOrDefault(key) ?? IngestRow.Empty(source, key.Item2)) with { RejectedToday = count };
        }

        monitor.Seed(day, rows.Values);
    }
}
