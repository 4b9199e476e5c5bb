using Bright.Core.Time;
using Bright.Store.Events;

namespace Bright.Pipelines.Ingestion;

/// <summary>
/// Timeliness and volume per source and site for today (UK local date): events accepted and rejected,
/// the latest occurred and received times, and the lag between them. Fed by the writer after each
/// commit and by every ingestion edge on rejection. Thread-safe.
/// </summary>
public sealed class IngestMonitor(TimeProvider clock) : ICommittedEventsObserver
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Source, string Site), IngestRow> _rows = [];
    private readonly HashSet<(string, string)> _changed = [];
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

    /// <summary>Every row, ordered by source then site.</summary>
    public IReadOnlyList<IngestRow> Snapshot()
    {
        lock (_gate)
        {
            RollOverIfNewDay();
            return [.. _rows.Values.OrderBy(r => r.Source, StringComparer.Ordinal).ThenBy(r => r.Site, StringComparer.Ordinal)];
        }
    }

    /// <summary>The rows changed since the last call (empty when none), clearing the record of changes.</summary>
    public IReadOnlyList<IngestRow> TakeChanged()
    {
        lock (_gate)
        {
            RollOverIfNewDay();
            if (_changed.Count == 0)
            {
                return [];
            }

            var rows = _changed.Select(k => _rows[k]).ToList();
            _changed.Clear();
            return rows;
        }
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
public sealed record IngestRow(string Source, string Site, long AcceptedToday, long RejectedToday, DateTimeOffset? LastOccurredAt,
    DateTimeOffset? LastReceivedAt, double? LagSeconds)
{
    internal static IngestRow Empty(string source, string site) => new(source, site, 0, 0, null, null, null);
}
