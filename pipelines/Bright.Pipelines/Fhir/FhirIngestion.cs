using Bright.Core.Reference;
using Bright.Pipelines.Ingestion;
using Bright.Pipelines.Pseudonymisation;
using Bright.Store.DataQuality;
using Bright.Store.DeadLetters;
using Bright.Store.Events;
using Bright.Store.Fhir;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.Options;

namespace Bright.Pipelines.Fhir;

/// <summary>The answer to a FHIR request: the HTTP status and the resource (an OperationOutcome or a response Bundle).</summary>
public sealed record FhirAnswer(int StatusCode, Resource Resource);

/// <summary>What replaying a dead-lettered FHIR body did.</summary>
/// <param name="Stored">Whether every resource in it was accepted.</param>
/// <param name="Written">What the store did with its events.</param>
/// <param name="Errors">Why it was refused again; empty when stored.</param>
public sealed record FhirReplayOutcome(bool Stored, WriteResult Written, IReadOnlyList<string> Errors);

/// <summary>
/// <c>POST /api/fhir</c>: a FHIR R4 Bundle (batch or transaction) or a single Encounter, Location or
/// Observation, in JSON or XML. Each resource is mapped to canonical events and answered with an
/// OperationOutcome once its events are durable: a batch answers per entry (batch-response), a transaction
/// stores all or nothing (transaction-response, or one OperationOutcome naming every failing entry).
/// Refused input is dead-lettered (channel <c>fhir</c>) and counted for its feed. Thread-safe.
/// </summary>
public sealed partial class FhirIngestion
{
    public const string Channel = "fhir";

    private static readonly FhirJsonSerializer JsonOut = new();
    private static readonly FhirXmlSerializer XmlOut = new();

    private readonly FhirResourceMapper? _mapper;
    private readonly EventWriter _writer;
    private readonly DeadLetterStore _deadLetters;
    private readonly DataQualityStore _dataQuality;
    private readonly FhirLocationStore _locations;
    private readonly IngestMonitor _monitor;
    private readonly TimeProvider _clock;

    public FhirIngestion(TrustReference trust, FhirLocationStore locations, EventWriter writer, DeadLetterStore deadLetters,
        DataQualityStore dataQuality, IngestMonitor monitor, IOptions<PseudonymisationOptions> pseudonymisation, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(pseudonymisation);
        var key = pseudonymisation.Value;
        _mapper = key.Validate().Any() ? null : new FhirResourceMapper(new FhirLocationResolver(trust, locations), new Pseudonymiser(key));
        _locations = locations;
        _writer = writer;
        _deadLetters = deadLetters;
        _dataQuality = dataQuality;
        _monitor = monitor;
        _clock = clock;
    }

    /// <summary>Ingests one body from <paramref name="source"/>; never throws for bad input (the answer says what was wrong).</summary>
    /// <exception cref="StoreWriteException">The store could not commit; nothing of the valid resources was stored.</exception>
    public async Task<FhirAnswer> IngestAsync(string body, FhirFormat format, string source, IReadOnlySet<string>? allowedSites,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var run = await RunAsync(body, format, source, allowedSites, keepRefused: true, cancellationToken);
        return run.Answer;
    }

    /// <summary>
    /// Replays a dead-lettered body (after the reference data or an earlier Location was fixed), keeping no new
    /// dead letter when it is refused again.
    /// </summary>
    public async Task<FhirReplayOutcome> ReplayAsync(string payload, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        FhirMediaTypes.TryRead(null, payload, out var format);
        var run = await RunAsync(payload, format, source, null, keepRefused: false, cancellationToken);
        return new FhirReplayOutcome(run.Errors.Count == 0, run.Written, run.Errors);
    }

    /// <summary>Writes <paramref name="resource"/> in <paramref name="format"/>.</summary>
    public static string Serialize(Resource resource, FhirFormat format) =>
        format == FhirFormat.Xml ? XmlOut.SerializeToString(resource) : JsonOut.SerializeToString(resource);

    private async Task<Run> RunAsync(string body, FhirFormat format, string source, IReadOnlySet<string>? allowedSites, bool keepRefused,
        CancellationToken cancellationToken)
    {
        if (_mapper is null)
        {
            var off = new FhirIssue("", "FHIR ingestion is off until Bright:Pseudonymisation:Key is set (a secret of at least 32 characters); "
                + "nothing was stored, resend later.", OperationOutcome.IssueType.Exception);
            return new Run(new FhirAnswer(503, FhirOutcomes.Errors([off])), default, [off.Message]);
        }

        var context = new FhirMappingContext(source, _clock.GetUtcNow(), allowedSites);
        var parsed = FhirReader.Parse(body, format);
        if (parsed.Resource is null || parsed.BodyIssues.Count > 0)
        {
            var issues = parsed.BodyIssues.Count > 0 ? parsed.BodyIssues
                : [new FhirIssue("", "The body holds no FHIR resource.", OperationOutcome.IssueType.Structure)];
            return await RefuseBodyAsync(400, issues, body, context, keepRefused, null, cancellationToken);
        }

        if (parsed.Resource is not Bundle bundle)
        {
            var single = await _mapper.MapAsync(parsed.Resource, context, cancellationToken);
            if (single.Issues.Count > 0)
            {
                return await RefuseBodyAsync(422, single.Issues, body, context, keepRefused, single.Site, cancellationToken);
            }

            var written = await _writer.WriteAsync(single.Events, cancellationToken);
            await AfterStoredAsync([single], context, cancellationToken);
            var (status, outcome) = Success(single, written);
            return new Run(new FhirAnswer(status, outcome), written, []);
        }

        if (bundle.Type is not (Bundle.BundleType.Batch or Bundle.BundleType.Transaction))
        {
            var type = FhirIssue.NotSupported("Bundle.type",
                $"'{bundle.TypeElement?.JsonValue ?? "nothing"}' is not accepted; send a batch or transaction Bundle.");
            return await RefuseBodyAsync(400, [type], body, context, keepRefused, null, cancellationToken);
        }

        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            if (bundle.Entry[i].Resource is Location location && !parsed.EntryIssues.ContainsKey(i))
            {
                context.AddBundleLocation(location, bundle.Entry[i].FullUrl);
            }
        }

        var entries = new List<FhirMapped>();
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            entries.Add(await MapEntryAsync(bundle.Entry[i], i, parsed, context, cancellationToken));
        }

        return bundle.Type == Bundle.BundleType.Transaction
            ? await TransactionAsync(entries, body, format, context, keepRefused, cancellationToken)
            : await BatchAsync(entries, body, format, context, keepRefused, cancellationToken);
    }

    private async Task<FhirMapped> MapEntryAsync(Bundle.EntryComponent entry, int index, FhirParsed parsed, FhirMappingContext context,
        CancellationToken cancellationToken)
    {
        var mapped = new FhirMapped();
        if (parsed.EntryIssues.TryGetValue(index, out var issues))
        {
            mapped.Issues.AddRange(issues);
        }
        else if (entry.Resource is null)
        {
            mapped.Issues.Add(FhirIssue.Required($"Bundle.entry[{index}].resource", "is required."));
        }
        else if (entry.Request?.Method is { } method && method is not (Bundle.HTTPVerb.POST or Bundle.HTTPVerb.PUT))
        {
            mapped.Issues.Add(FhirIssue.NotSupported($"Bundle.entry[{index}].request.method", $"'{method}' is not supported; BRIGHT takes POST and PUT."));
        }
        else
        {
            mapped = await _mapper!.MapAsync(entry.Resource, context, cancellationToken);
        }

        return mapped;
    }

    private async Task<Run> BatchAsync(List<FhirMapped> entries, string body, FhirFormat format, FhirMappingContext context, bool keepRefused,
        CancellationToken cancellationToken)
    {
        // Each entry is its own write, so each gets its own outcome; the writer's group commit still stores
        // them together.
        var writes = entries.Select(e => e.Issues.Count == 0 ? _writer.WriteAsync(e.Events, cancellationToken).AsTask()
            : System.Threading.Tasks.Task.FromResult(default(WriteResult))).ToList();
        var results = await System.Threading.Tasks.Task.WhenAll(writes);
        var stored = entries.Where(e => e.Issues.Count == 0).ToList();
        await AfterStoredAsync(stored, context, cancellationToken);

        var response = new Bundle { Type = Bundle.BundleType.BatchResponse };
        var letters = new List<DeadLetter>();
        var errors = new List<string>();
        var total = default(WriteResult);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (entry.Issues.Count > 0)
            {
                var parseError = entry.Issues.Any(x => x.Expression.StartsWith("Bundle.", StringComparison.Ordinal));
                response.Entry.Add(Entry(parseError ? "400 Bad Request" : "422 Unprocessable Entity", FhirOutcomes.Errors(entry.Issues)));
                errors.AddRange(entry.Issues.Select(x => $"Bundle.entry[{i}]: {x.Message}"));
                letters.Add(new DeadLetter(context.ReceivedAt, Channel, context.Source, entry.Site, $"Bundle.entry[{i}]",
                    [.. entry.Issues.Select(x => x.Message)], FhirReader.EntryText(body, format, i) ?? body));
                continue;
            }

            var (status, outcome) = Success(entry, results[i]);
            response.Entry.Add(Entry(status == 201 ? "201 Created" : "200 OK", outcome));
            total = new WriteResult(total.Accepted + results[i].Accepted, total.Duplicates + results[i].Duplicates);
        }

        if (keepRefused)
        {
            await KeepAsync(letters, cancellationToken);
        }

        return new Run(new FhirAnswer(200, response), total, errors);
    }

    private async Task<Run> TransactionAsync(List<FhirMapped> entries, string body, FhirFormat format, FhirMappingContext context,
        bool keepRefused, CancellationToken cancellationToken)
    {
        var failing = entries.Select((e, i) => (e, i)).Where(x => x.e.Issues.Count > 0).ToList();
        if (failing.Count > 0)
        {
            var issues = failing.SelectMany(x => x.e.Issues.Select(issue => issue with { Message = $"Bundle.entry[{x.i}]: {issue.Message}" })).ToList();
            issues.Add(new FhirIssue("Bundle", $"The transaction was not applied: {failing.Count} of {entries.Count} entries failed, so nothing was stored.",
                OperationOutcome.IssueType.Processing));
            return await RefuseBodyAsync(400, issues, body, context, keepRefused, failing[0].e.Site, cancellationToken);
        }

        // One write, so the transaction's events are committed together or not at all.
        var written = await _writer.WriteAsync([.. entries.SelectMany(e => e.Events)], cancellationToken);
        await AfterStoredAsync(entries, context, cancellationToken);
        var response = new Bundle { Type = Bundle.BundleType.TransactionResponse };
        foreach (var entry in entries)
        {
            var note = written.Duplicates == 0 ? null
                : $"{written.Duplicates} of the transaction's {written.Accepted + written.Duplicates} events were already stored.";
            var (status, outcome) = Success(entry, written.Accepted == 0 && entry.Events.Count > 0 ? written : new WriteResult(entry.Events.Count, 0));
            if (note is not null)
            {
                outcome.Issue.Add(new OperationOutcome.IssueComponent
                {
                    Severity = OperationOutcome.IssueSeverity.Information,
                    Code = OperationOutcome.IssueType.Informational,
                    Diagnostics = note,
                });
            }

            response.Entry.Add(Entry(status == 201 ? "201 Created" : "200 OK", outcome));
        }

        return new Run(new FhirAnswer(200, response), written, []);
    }

    private async Task<Run> RefuseBodyAsync(int status, IReadOnlyList<FhirIssue> issues, string body, FhirMappingContext context, bool keepRefused,
        string? site, CancellationToken cancellationToken)
    {
        var errors = issues.Select(i => i.Message).ToList();
        if (keepRefused)
        {
            await KeepAsync([new DeadLetter(context.ReceivedAt, Channel, context.Source, site, null, errors, body)], cancellationToken);
        }

        return new Run(new FhirAnswer(status, FhirOutcomes.Errors(issues)), default, errors);
    }

    private async System.Threading.Tasks.Task KeepAsync(IReadOnlyList<DeadLetter> letters, CancellationToken cancellationToken)
    {
        await _deadLetters.AddAsync(letters, cancellationToken);
        foreach (var letter in letters)
        {
            _monitor.RecordRejected(letter.Source, letter.Site);
        }
    }

    // Once events are durable: remember the Locations sent, and tell the owner what to fix.
    private async System.Threading.Tasks.Task AfterStoredAsync(IReadOnlyList<FhirMapped> stored, FhirMappingContext context,
        CancellationToken cancellationToken)
    {
        await _locations.SaveAsync([.. stored.Select(s => s.Location).OfType<(string Id, string Site, string Path)>()
            .Select(l => new FhirLocation(context.Source, l.Id, l.Site, l.Path, context.ReceivedAt))], cancellationToken);

        var flags = stored.SelectMany(s => s.Flags.Select(f => new DataQualityFlag(context.ReceivedAt, context.Source, s.Site,
            s.Events.FirstOrDefault()?.EventId, f.Split(':')[0], f))).ToList();
        await _dataQuality.AddAsync(flags, cancellationToken);
    }

    private static (int Status, OperationOutcome Outcome) Success(FhirMapped mapped, WriteResult written)
    {
        var eventId = mapped.Events.FirstOrDefault()?.EventId;
        if (eventId is null)
        {
            return (200, FhirOutcomes.Information($"{mapped.Summary}; no event to store.", mapped.Flags));
        }

        return written.Accepted > 0
            ? (201, FhirOutcomes.Information($"Stored {mapped.Summary} as event {eventId}.", mapped.Flags))
            : (200, FhirOutcomes.Information($"Already stored as event {eventId}; a resend stores nothing new.", mapped.Flags));
    }

    private static Bundle.EntryComponent Entry(string status, OperationOutcome outcome) =>
        new() { Response = new Bundle.ResponseComponent { Status = status, Outcome = outcome } };

    private sealed record Run(FhirAnswer Answer, WriteResult Written, IReadOnlyList<string> Errors);
}
