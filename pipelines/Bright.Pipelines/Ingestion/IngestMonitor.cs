using Bright.Core.Time;
using Bright.Store.Events;

namespace Bright.Pipelines.Ingestion;

/// <summary>
/// Timeliness and volume per source and site for today (UK local date): events accepted and rejected,
/// the latest occurred and received times, and the lag between them. Fed by the writer after each
/// commit and by every ingestion edge on rejection. Each row's status (<see cref="FeedStatus"/>) is
/// computed against the feed's cadence when read; a feed with a cadence that has sent nothing today has a
/// row for site <c>unknown</c>, so a silent feed shows. Thread-safe.
/// </summary>
/// <param name="clock">Today's date and the time statuses are computed at.</param>
/// <param name="cadence">Each feed's cadence and the rejection threshold; null for none.</param>
public sealed class IngestMonitor(TimeProvider clock, FeedCadence? cadence = null) : ICommittedEventsObserver
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Source, string Site), IngestRow> _rows = [];
    private readonly HashSet<(string, string)> _changed = [];
    private readonly Dictionary<(string, string), string> _published = [];
    private readonly FeedCadence _cadence = cadence ?? FeedCadence.None;
    private DateOnly _day = UkTime.Today(clock);

    /// <summary>The UK local date the counts are for.</summary>
    public DateOnly Day
    {
        get
        {
            lock (_gate)
            {
                return _day;
            }
        }
    }

    /// <summary>Replaces the state with figures read from the store (at start-up).</summary>
    public void Seed(DateOnly day, IEnumerable<IngestRow> rows)
    {
        lock (_gate)
        {
            _day = day;
            _rows.Clear();
            foreach (var row in rows)
            {
                _rows[(row.Source, row.Site)] = row;
                _changed.Add((row.Source, row.Site));
            }
        }
    }

    /// <inheritdoc />
    public void OnCommitted(IReadOnlyList<HospitalEvent> events)
    {
        lock (_gate)
        {
            RollOverIfNewDay();
            foreach (var e in events)
            {
                var key = (e.Source, e.Site);
                var row = _rows.GetValueOrDefault(key) ?? IngestRow.Empty(e.Source, e.Site);
                var latest = row.LastReceivedAt is null || e.ReceivedAt >= row.LastReceivedAt;
                _rows[key] = row with
                {
                    AcceptedToday = UkTime.LocalDate(e.ReceivedAt) == _day ? row.AcceptedToday + 1 : row.AcceptedToday,
                    LastOccurredAt = row.LastOccurredAt is null || e.OccurredAt > row.LastOccurredAt ? e.OccurredAt : row.LastOccurredAt,
                    LastReceivedAt = latest ? e.ReceivedAt : row.LastReceivedAt,
                    LagSeconds = latest ? (e.ReceivedAt - e.OccurredAt).TotalSeconds : row.LagSeconds,
                };
                _changed.Add(key);
            }
        }
    }

    /// <summary>Counts <paramref name="count"/> rejected records from <paramref name="source"/> for <paramref name="site"/>.</summary>
    public void RecordRejected(string source, string? site, int count = 1)
    {
        lock (_gate)
        {
            RollOverIfNewDay();
            var key = (source, site ?? "unknown");
            var row = _rows.GetValueOrDefault(key) ?? IngestRow.Empty(key.source, key.Item2);
            _rows[key] = row with { RejectedToday = row.RejectedToday + count };
            _changed.Add(key);
        }
    }

    /// <summary>Every row with its status, ordered by source then site.</summary>
    public IReadOnlyList<IngestRow> Snapshot()
    {
        lock (_gate)
        {
            RollOverIfNewDay();
            return [.. WithStatus().Values.OrderBy(r => r.Source, StringComparer.Ordinal).ThenBy(r => r.Site, StringComparer.Ordinal)];
        }
    }

    /// <summary>
    /// The rows changed since the last call, or whose status has changed since it was last taken (a feed
    /// falls silent with no event); empty when none. Clears the record of changes.
    /// </summary>
    public IReadOnlyList<IngestRow> TakeChanged()
    {
        lock (_gate)
        {
            RollOverIfNewDay();
            var rows = WithStatus();
            foreach (var (key, row) in rows)
            {
                if (!_published.TryGetValue(key, out var status) || status != row.Status)
                {
                    _changed.Add(key);
                }
            }

            if (_changed.Count == 0)
            {
                return [];
            }

            var changed = _changed.Where(rows.ContainsKey).Select(k => rows[k]).ToList();
            foreach (var row in changed)
            {
                _published[(row.Source, row.Site)] = row.Status;
            }

            _changed.Clear();
            return changed;
        }
    }

    // Every row (and one per cadenced feed not yet seen) with its status at this moment. Call under the gate.
    private Dictionary<(string, string), IngestRow> WithStatus()
    {
        var rows = new Dictionary<(string, string), IngestRow>(_rows);
        foreach (var source in _cadence.WithExpectedCadence)
        {
            if (!rows.Keys.Any(k => k.Item1 == source))
            {
                rows[(source, "unknown")] = IngestRow.Empty(source, "unknown");
            }
        }

        var latest = rows.Values.GroupBy(r => r.Source, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Max(r => r.LastReceivedAt), StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        foreach (var key in rows.Keys.ToList())
        {
            var row = rows[key];
            rows[key] = row with { Status = _cadence.StatusOf(row, latest[row.Source], now) };
        }

        return rows;
    }

    private void RollOverIfNewDay()
    {
        var today = UkTime.Today(clock);
        if (today == _day)
        {
            return;
        }

        _day = today;
        foreach (var key in _rows.Keys.ToList())
        {
            _rows[key] = _rows[key] with { AcceptedToday = 0, RejectedToday = 0 };
            _changed.Add(key);
        }
    }
}

/// <summary>One source and site's figures for today.</summary>
/// <param name="Source">The feed.</param>
/// <param name="Site">The site's ODS code (<c>unknown</c> for rejections without one).</param>
/// <param name="AcceptedToday">Events accepted today.</param>
/// <param name="RejectedToday">Records rejected today.</param>
/// <param name="LastOccurredAt">The latest point-of-care time received, ever.</param>
/// <param name="LastReceivedAt">When the latest event was accepted, ever.</param>
/// <param name="LagSeconds">Received minus occurred for the latest event accepted, in seconds.</param>
/// <param name="Status">
/// <c>ok</c>, <c>late</c>, <c>silent</c> or <c>rejecting</c> against the feed's cadence (<see cref="FeedCadence.StatusOf"/>).
/// </param>
public sealed record IngestRow(string Source, string Site, long AcceptedToday, long RejectedToday, DateTimeOffset? LastOccurredAt,
    DateTimeOffset? LastReceivedAt, double? LagSeconds, string Status = FeedStatus.Ok)
{
    internal static IngestRow Empty(string source, string site) => new(source, site, 0, 0, null, null, null);
}
