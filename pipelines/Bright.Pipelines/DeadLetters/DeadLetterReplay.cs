using System.Text.Json;
using Bright.Pipelines.Fhir;
using Bright.Pipelines.Files;
using Bright.Pipelines.Mllp;
using Bright.Pipelines.Validation;
using Bright.Store.DataQuality;
using Bright.Store.DeadLetters;
using Bright.Store.Events;

namespace Bright.Pipelines.DeadLetters;

/// <summary>What replaying a dead letter did.</summary>
/// <param name="Id">The letter.</param>
/// <param name="Channel">Its channel, whose parser ran again.</param>
/// <param name="Outcome"><c>replayed</c> (stored now, the letter is marked) or <c>failed</c> (refused again; the letter keeps the new reasons).</param>
/// <param name="Accepted">Events newly stored.</param>
/// <param name="Duplicates">Events that were already stored.</param>
/// <param name="Errors">Why it was refused again; empty when replayed.</param>
public sealed record ReplayResult(long Id, string Channel, string Outcome, int Accepted, int Duplicates, IReadOnlyList<string> Errors);

/// <summary>
/// Replays a dead letter through its channel's parser (after the feed profile or the reference data was
/// fixed): HTTP and file rows through the canonical validator, HL7 v2 through the MLLP processor, FHIR
/// through the FHIR ingestion. The outcome is stored on the letter. Thread-safe.
/// </summary>
public sealed class DeadLetterReplay(DeadLetterStore letters, CanonicalEventValidator validator, EventWriter writer, DataQualityStore dataQuality,
    MllpMessageProcessor mllp, FhirIngestion fhir, TimeProvider clock)
{
    /// <summary>Replays letter <paramref name="id"/>; null when there is none.</summary>
    /// <exception cref="InvalidOperationException">The letter was already replayed successfully.</exception>
    /// <exception cref="StoreWriteException">The store could not commit; the letter is unchanged.</exception>
    public async Task<ReplayResult?> ReplayAsync(long id, CancellationToken cancellationToken)
    {
        var letter = await letters.FindAsync(id, cancellationToken);
        if (letter is null)
        {
            return null;
        }

        if (letter.ReplayedAt is { } replayedAt)
        {
            throw new InvalidOperationException($"Dead letter {id} was already replayed at {replayedAt:O}; its events are stored.");
        }

        var (stored, written, errors) = letter.Channel switch
        {
            "http" or FileDropProcessor.Channel => await ReplayRecordAsync(letter, cancellationToken),
            MllpMessageProcessor.Channel => FromHl7(await mllp.ReplayAsync(letter.Payload, cancellationToken)),
            FhirIngestion.Channel => FromFhir(await fhir.ReplayAsync(letter.Payload, letter.Source, cancellationToken)),
            _ => (false, default(WriteResult), (IReadOnlyList<string>)[$"channel: '{letter.Channel}' has no parser to replay through."]),
        };
        var at = clock.GetUtcNow();
        if (stored)
        {
            await letters.MarkReplayedAsync(id, at, cancellationToken);
        }
        else
        {
            await letters.RecordFailedReplayAsync(id, errors, at, cancellationToken);
        }

        return new ReplayResult(id, letter.Channel, stored ? "replayed" : "failed", written.Accepted, written.Duplicates, errors);
    }

    private async Task<(bool, WriteResult, IReadOnlyList<string>)> ReplayRecordAsync(StoredDeadLetter letter, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(letter.Payload);
        }
        catch (JsonException ex)
        {
            return (false, default, [$"record: the kept payload is not JSON ({ex.Message})."]);
        }

        using (document)
        {
            var result = validator.Validate(document.RootElement, letter.Source, null, clock.GetUtcNow());
            if (result.Event is not { } e)
            {
                return (false, default, result.Errors);
            }

            var written = await writer.WriteAsync([e], cancellationToken);
            await dataQuality.AddAsync([.. result.Flags.Select(f => new DataQualityFlag(e.ReceivedAt, e.Source, e.Site, e.EventId, f.Field, f.Message))],
                cancellationToken);
            return (true, written, []);
        }
    }

    private static (bool, WriteResult, IReadOnlyList<string>) FromHl7(Hl7.Hl7ReplayOutcome outcome) => (outcome.Stored, outcome.Written, outcome.Errors);

    private static (bool, WriteResult, IReadOnlyList<string>) FromFhir(FhirReplayOutcome outcome) => (outcome.Stored, outcome.Written, outcome.Errors);
}
