using Dapper;

namespace Bright.Store.DeadLetters;

/// <summary>Writes and reads the <c>dead_letters</c> table. Thread-safe.</summary>
public sealed class DeadLetterStore(BrightStore store)
{
    /// <summary>Stores <paramref name="letters"/> in one transaction.</summary>
    public async Task AddAsync(IReadOnlyList<DeadLetter> letters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(letters);
        if (letters.Count == 0)
        {
            return;
        }

        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction();
        foreach (var letter in letters)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO dead_letters (received_at, channel, source, site, reference, errors, payload)
                VALUES ($receivedAt, $channel, $source, $site, $reference, $errors, $payload)
                """, new
            {
                receivedAt = letter.ReceivedAt.UtcDateTime,
                channel = letter.Channel,
                source = letter.Source,
                site = letter.Site,
                reference = letter.Reference,
                errors = string.Join('\n', letter.Errors),
                payload = letter.Payload,
            }, transaction, cancellationToken: cancellationToken));
        }

        transaction.Commit();
    }

    /// <summary>Per source and site, how many letters arrived since <paramref name="since"/>.</summary>
    public async Task<IReadOnlyList<(string Source, string? Site, long Count)>> CountSinceAsync(DateTimeOffset since,
        CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        var rows = await connection.QueryAsync<(string, string?, long)>(new CommandDefinition(
            "SELECT source, site, count(*) FROM dead_letters WHERE received_at >= $since GROUP BY source, site",
            new { since = since.UtcDateTime }, cancellationToken: cancellationToken));
        return [.. rows];
    }

    /// <summary>The most recent letters, newest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<DeadLetter>> RecentAsync(int limit, CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        var rows = await connection.QueryAsync<Row>(new CommandDefinition("""
            SELECT received_at, channel, source, site, reference, errors, payload FROM dead_letters ORDER BY id DESC LIMIT $limit
            """, new { limit }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new DeadLetter(Events.EventReader.Utc(r.Received_At), r.Channel, r.Source, r.Site, r.Reference,
            r.Errors.Split('\n'), r.Payload))];
    }

    private sealed record Row(DateTime Received_At, string Channel, string Source, string? Site, string? Reference, string Errors, string Payload);
}
