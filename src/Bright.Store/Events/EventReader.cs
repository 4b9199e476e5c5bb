using Dapper;

namespace Bright.Store.Events;

/// <summary>Typed reads of stored events, with Dapper (parameters are written <c>$name</c>: DuckDB reads <c>@</c> as an operator).</summary>
public sealed class EventReader(BrightStore store)
{
    /// <summary>Events with <c>occurred_at</c> in [<paramref name="from"/>, <paramref name="to"/>), in occurrence order, optionally for one site.</summary>
    public async Task<IReadOnlyList<HospitalEvent>> ReadAsync(DateTimeOffset from, DateTimeOffset to, string? site = null,
        CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        var rows = await connection.QueryAsync<EventRow>(new CommandDefinition("""
            SELECT event_id, occurred_at, received_at, source, site, kind, subject, location, code, value, attributes::VARCHAR AS attributes
            FROM events
            WHERE occurred_at >= $from AND occurred_at < $to AND ($site IS NULL OR site = $site)
            ORDER BY occurred_at, event_id
            """, new { from = from.UtcDateTime, to = to.UtcDateTime, site }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToEvent())];
    }

    /// <summary>How many events are stored.</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM events", cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Per source and site ever seen: events received since <paramref name="since"/>, and the latest
    /// occurred and received instants of all time. Rebuilds the ingest figures at start-up, in one scan.
    /// </summary>
    public async Task<IReadOnlyList<IngestTally>> TallyAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        var rows = await connection.QueryAsync<IngestTallyRow>(new CommandDefinition("""
            SELECT source, site, count(*) FILTER (WHERE received_at >= $since) AS accepted,
                   max(occurred_at) AS last_occurred_at, max(received_at) AS last_received_at,
                   arg_max(epoch_ms(received_at) - epoch_ms(occurred_at), received_at) AS last_lag_ms
            FROM events
            GROUP BY source, site
            """, new { since = since.UtcDateTime }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new IngestTally(r.Source, r.Site, r.Accepted, Utc(r.Last_Occurred_At), Utc(r.Last_Received_At),
            TimeSpan.FromMilliseconds(r.Last_Lag_Ms)))];
    }

    internal static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private sealed record IngestTallyRow(string Source, string Site, long Accepted, DateTime Last_Occurred_At, DateTime Last_Received_At, long Last_Lag_Ms);

    internal sealed record EventRow(string Event_Id, DateTime Occurred_At, DateTime Received_At, string Source, string Site, string Kind,
        string? Subject, string? Location, string? Code, double? Value, string? Attributes)
    {
        public HospitalEvent ToEvent() => new()
        {
            EventId = Event_Id,
            OccurredAt = Utc(Occurred_At),
            ReceivedAt = Utc(Received_At),
            Source = Source,
            Site = Site,
            Kind = Enum.Parse<EventKind>(Kind),
            Subject = Subject,
            Location = Location,
            Code = Code,
            Value = Value,
            Attributes = AttributesJson.Read(Attributes),
        };
    }
}

/// <summary>What one source sent for one site over a period.</summary>
/// <param name="Source">The feed.</param>
/// <param name="Site">The site's ODS code.</param>
/// <param name="Accepted">Events received since the time asked for.</param>
/// <param name="LastOccurredAt">The latest point-of-care time among them.</param>
/// <param name="LastReceivedAt">When the latest of them was accepted.</param>
/// <param name="LastLag">Received minus occurred, for the latest event received.</param>
public sealed record IngestTally(string Source, string Site, long Accepted, DateTimeOffset LastOccurredAt, DateTimeOffset LastReceivedAt,
    TimeSpan LastLag);
