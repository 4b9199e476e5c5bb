using Bright.Store.Events;

namespace Bright.Server.Live.State;

/// <summary>
/// Hands committed events to the live-state loop and returns at once. Events older than the live window
/// (the simulator's two-year backfill, late history) are not queued one by one: they only mark the state
/// stale, and the loop rebuilds from the store once the flood is over.
/// </summary>
internal sealed class LiveStateObserver(LiveStateService service) : ICommittedEventsObserver
{
    private long _staleTicks;

    /// <summary>When the latest out-of-window event was committed (UTC ticks), or 0 for none since the last rebuild.</summary>
    public long StaleTicks => Interlocked.Read(ref _staleTicks);

    public void ClearStale(long seen) => Interlocked.CompareExchange(ref _staleTicks, 0, seen);

    /// <summary>
    /// The store keeps microseconds (DuckDB TIMESTAMPTZ): live state rounds the same way, so state rebuilt
    /// from the store after a restart equals the state before it.
    /// </summary>
    private static HospitalEvent AsStored(HospitalEvent e)
    {
        var extra = e.OccurredAt.UtcTicks % 10;
        return extra == 0 ? e : e with { OccurredAt = new DateTimeOffset(e.OccurredAt.UtcTicks - extra, TimeSpan.Zero) };
    }

    /// <summary>
    /// When a planning event's list or case is due: a list planned weeks ahead (its event is older than the
    /// window) still belongs on today's board, so it is applied at once rather than waiting for a rebuild.
    /// </summary>
    private static DateTimeOffset? PlannedFor(HospitalEvent e)
    {
        var key = e.Kind switch
        {
            EventKind.TheatreListPlanned => "start",
            EventKind.CaseScheduled => "plannedStart",
            _ => null,
        };
        return key is not null && e.Attributes.TryGetValue(key, out var text)
            && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var at)
            ? at
            : null;
    }

    public void OnCommitted(IReadOnlyList<HospitalEvent> events)
    {
        var now = service.Clock.GetUtcNow();
        var horizon = now.AddHours(-service.Settings.Ed.RebuildHours);
        List<HospitalEvent>? recent = null;
        var stale = false;
        foreach (var e in events)
        {
            if (e.OccurredAt >= horizon || PlannedFor(e) >= horizon)
            {
                (recent ??= new List<HospitalEvent>(events.Count)).Add(AsStored(e));
            }
            else
            {
                stale = true;
            }
        }

        if (stale)
        {
            Interlocked.Exchange(ref _staleTicks, now.UtcTicks);
        }

        if (recent is not null)
        {
            service.Incoming.Writer.TryWrite(recent);
        }
    }
}
