using System.Text.Json;
using Bright.Pipelines.Validation;
using Bright.Store.DataQuality;
using Bright.Store.DeadLetters;
using Bright.Store.Events;

namespace Bright.Pipelines.Ingestion;

/// <summary>
/// Ingests a batch of canonical events sent as JSON (<c>POST /api/events</c>): validates each record,
/// writes the valid ones durably, keeps the invalid ones as dead letters, flags data-quality problems,
/// and answers per record. Thread-safe.
/// </summary>
public sealed class EventBatchIngestion(CanonicalEventValidator validator, EventWriter writer, DeadLetterStore deadLetters,
    DataQualityStore dataQuality, IngestMonitor monitor, TimeProvider clock)
{
    /// <summary>
    /// Ingests <paramref name="batch"/>, whose root must be an array. Completes once the accepted events are
    /// durable and the rejected ones are stored as dead letters.
    /// </summary>
    /// <param name="batch">The parsed body.</param>
    /// <param name="defaultSource">The source for records that name none.</param>
    /// <param name="allowedSites">Sites the caller may send for; null means all.</param>
    /// <param name="channel">How it came (<c>http</c>, <c>file</c>), for dead letters.</param>
    /// <param name="cancellationToken">Stops waiting; what was queued is still committed.</param>
    /// <exception cref="ArgumentException">The root is not an array.</exception>
    /// <exception cref="StoreWriteException">The store could not commit; nothing of the batch was stored.</exception>
    public async Task<BatchOutcome> IngestAsync(JsonElement batch, string defaultSource, IReadOnlySet<string>? allowedSites, string channel,
        CancellationToken cancellationToken)
    {
        if (batch.ValueKind != JsonValueKind.Array)
        {
            throw new ArgumentException("The body must be a JSON array of events.", nameof(batch));
        }

        var receivedAt = clock.GetUtcNow();
        var accepted = new List<HospitalEvent>();
        var rejected = new List<RejectedRecord>();
        var letters = new List<DeadLetter>();
        var flags = new List<DataQualityFlag>();
        var index = 0;
        foreach (var record in batch.EnumerateArray())
        {
            var result = validator.Validate(record, defaultSource, allowedSites, receivedAt);
            if (result.Event is { } e)
            {
                accepted.Add(e);
                flags.AddRange(result.Flags.Select(f => new DataQualityFlag(receivedAt, e.Source, e.Site, e.EventId, f.Field, f.Message)));
            }
            else
            {
                rejected.Add(new RejectedRecord(index, result.EventId, result.Errors));
                var (source, site) = SourceAndSite(record, defaultSource);
                letters.Add(new DeadLetter(receivedAt, channel, source, site, result.EventId ?? $"[{index}]", result.Errors, record.GetRawText()));
            }

            index++;
        }

        // Dead letters first: a rejected record is kept even if the commit of the valid ones then fails.
        await deadLetters.AddAsync(letters, cancellationToken);
        foreach (var group in letters.GroupBy(l => (l.Source, l.Site)))
        {
            monitor.RecordRejected(group.Key.Source, group.Key.Site, group.Count());
        }

        var written = await writer.WriteAsync(accepted, cancellationToken);
        await dataQuality.AddAsync(flags, cancellationToken);
        return new BatchOutcome(written.Accepted, written.Duplicates, rejected);
    }

    private static (string Source, string? Site) SourceAndSite(JsonElement record, string defaultSource)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            return (defaultSource, null);
        }

        var source = record.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(s.GetString())
            ? s.GetString()!
            : defaultSource;
        var site = record.TryGetProperty("site", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        return (source, site);
    }
}

/// <summary>The answer to a batch, as the contract words it.</summary>
/// <param name="Accepted">Events newly stored.</param>
/// <param name="Duplicates">Events already stored (or repeated in the batch).</param>
/// <param name="Rejected">Each refused record with its index and reasons.</param>
public sealed record BatchOutcome(int Accepted, int Duplicates, IReadOnlyList<RejectedRecord> Rejected);

/// <summary>One refused record.</summary>
/// <param name="Index">Its position in the posted array, from 0.</param>
/// <param name="EventId">Its event id as sent, when it had one.</param>
/// <param name="Errors">Every reason, each naming the field.</param>
public sealed record RejectedRecord(int Index, string? EventId, IReadOnlyList<string> Errors);
