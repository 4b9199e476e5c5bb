using System.Text;
using Bright.Pipelines.Hl7;
using Bright.Pipelines.Ingestion;
using Bright.Store.DataQuality;
using Bright.Store.DeadLetters;
using Bright.Store.Events;
using Microsoft.Extensions.Logging;

namespace Bright.Pipelines.Mllp;

/// <summary>
/// Takes one HL7 v2 message from parse to ACK: parses, maps, writes the events and answers AA only once
/// they are durable; dead-letters what earns AE or AR (channel <c>mllp</c>) and answers with an ERR naming
/// the field. Never throws for a bad message or a store failure: the ACK says what happened. Rejections are
/// counted in the <see cref="IngestMonitor"/>; the mapper's data-quality notes and reused control ids are
/// flagged to the feed's owner. Thread-safe.
/// </summary>
public sealed partial class MllpMessageProcessor
{
    /// <summary>The dead-letter channel name.</summary>
    public const string Channel = "mllp";

    private readonly Hl7EventMapper? _mapper;
    private readonly EventWriter _writer;
    private readonly DeadLetterStore _deadLetters;
    private readonly DataQualityStore _dataQuality;
    private readonly IngestMonitor _monitor;
    private readonly Hl7ControlIdIndex _controlIds;
    private readonly TimeProvider _time;
    private readonly ILogger<MllpMessageProcessor> _logger;
    private long _ackSequence;

    /// <summary>
    /// Creates a processor. <paramref name="mapper"/> is null when no feed profile is configured: every
    /// message is then refused with AR, and no pseudonymisation key is needed.
    /// </summary>
    public MllpMessageProcessor(Hl7EventMapper? mapper, EventWriter writer, DeadLetterStore deadLetters, DataQualityStore dataQuality,
        IngestMonitor monitor, Hl7ControlIdIndex controlIds, TimeProvider time, ILogger<MllpMessageProcessor> logger)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(deadLetters);
        ArgumentNullException.ThrowIfNull(dataQuality);
        ArgumentNullException.ThrowIfNull(monitor);
        ArgumentNullException.ThrowIfNull(controlIds);
        ArgumentNullException.ThrowIfNull(time);
        _mapper = mapper;
        _writer = writer;
        _deadLetters = deadLetters;
        _dataQuality = dataQuality;
        _monitor = monitor;
        _controlIds = controlIds;
        _time = time;
        _logger = logger;
    }

    /// <summary>Processes one message's text and returns its ACK (segments ended by CR).</summary>
    public async Task<string> ProcessAsync(string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var receivedAt = _time.GetUtcNow();
        var outcome = await HandleAsync(text, receivedAt, cancellationToken);
        return outcome.Code switch
        {
            Hl7AckCode.AA => Ack(Hl7AckCode.AA, outcome.Header, null, null),
            _ when outcome.StoreFailed => Ack(Hl7AckCode.AR, outcome.Header, outcome.Issue, Hl7Ack.ErrorCodes.ApplicationInternalError),
            _ => await RefuseAsync(outcome.Code, outcome.Header, outcome.Issue!, outcome.Source, outcome.Site, text, receivedAt,
                cancellationToken),
        };
    }

    /// <summary>
    /// Replays a dead-lettered message (after its feed profile or the reference data was fixed): parses, maps
    /// and writes it as <see cref="ProcessAsync"/> does, but keeps no new dead letter when it is refused again.
    /// </summary>
    /// <returns>Whether it was stored, what the store did, and the reasons when refused.</returns>
    public async Task<Hl7ReplayOutcome> ReplayAsync(string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var outcome = await HandleAsync(text, _time.GetUtcNow(), cancellationToken);
        return outcome.Code == Hl7AckCode.AA
            ? new Hl7ReplayOutcome(true, outcome.Written, [])
            : new Hl7ReplayOutcome(false, default, [$"{outcome.Code}: {outcome.Issue}"]);
    }

    private async Task<Handled> HandleAsync(string text, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var parsed = Hl7Parser.Parse(text);
        if (!parsed.Success)
        {
            var header = Hl7AckHeader.ReadLoosely(text);
            var issue = new Hl7Issue(parsed.Error.Location, $"{parsed.Error.Reason} (position {parsed.Error.Position})");
            return new Handled(Hl7AckCode.AR, header, issue, Source(header), null);
        }

        var message = parsed.Message;
        var ackHeader = Hl7AckHeader.From(message);
        if (_mapper is null)
        {
            var none = new Hl7Issue("MSH-3", $"no feed profiles are configured ({MllpOptions.Section}:Feeds)");
            return new Handled(Hl7AckCode.AR, ackHeader, none, Source(ackHeader), null);
        }

        var mapped = _mapper.Map(message, receivedAt);
        if (mapped.Code != Hl7AckCode.AA)
        {
            return new Handled(mapped.Code, ackHeader, mapped.Error, mapped.Source, mapped.Site);
        }

        WriteResult result;
        try
        {
            result = await _writer.WriteAsync(mapped.Events, cancellationToken);
            if (result.Duplicates > 0)
            {
                LogDuplicate(mapped.Source, message.ControlId, result.Duplicates);
            }
        }
        catch (Exception ex) when (ex is StoreWriteException or ObjectDisposedException)
        {
            // Not durable, so not AA; nothing was kept, so the sender must resend (HL7 original mode: AR).
            LogStoreFailed(ex, mapped.Source, message.ControlId);
            return new Handled(Hl7AckCode.AR, ackHeader, new Hl7Issue("MSH-10", "BRIGHT could not store the message; resend it"),
                mapped.Source, mapped.Site)
            { StoreFailed = true };
        }

        if (result.Accepted > 0)
        {
            await FlagAsync(mapped, message.ControlId, receivedAt, cancellationToken);
        }

        return new Handled(Hl7AckCode.AA, ackHeader, null, mapped.Source, mapped.Site) { Written = result };
    }

    // Flags are told to the owner after the events are durable; a failure to keep a flag is logged, never
    // turned into a refusal of a message that is already stored.
    private async Task FlagAsync(Hl7MappingResult mapped, string controlId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var flags = new List<DataQualityFlag>();
        var first = mapped.Events[0];
        if (_controlIds.RecordAndCheck(first.EventId))
        {
            flags.Add(new DataQualityFlag(at, mapped.Source, mapped.Site, first.EventId, "MSH-10",
                $"control id '{controlId}' was already used by an earlier message with different content; both are stored under "
                + "distinct event ids, but the sending system should make MSH-10 unique"));
        }

        if (first.Attributes.TryGetValue("dataQuality", out var notes))
        {
            flags.AddRange(notes.Split("; ").Select(note => new DataQualityFlag(at, mapped.Source, mapped.Site, first.EventId,
                note.Split(':')[0], note)));
        }

        try
        {
            await _dataQuality.AddAsync(flags, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFlagsLost(ex, mapped.Source, controlId);
        }
    }

    /// <summary>Refuses a message longer than the limit with AR, dead-lettering its first line.</summary>
    public Task<string> RefuseOversizedAsync(byte[] start, long length, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        var text = Hl7Parser.Decode(start);
        var header = Hl7AckHeader.ReadLoosely(text);
        var firstLine = text.AsSpan().IndexOfAny('\r', '\n') is var end and >= 0 ? text[..end] : text;
        var issue = new Hl7Issue("MSH",
            $"the message is {length} bytes, over the limit of {limit} ({MllpOptions.Section}:MaxMessageBytes)");
        return RefuseAsync(Hl7AckCode.AR, header, issue, Source(header), null, firstLine, _time.GetUtcNow(), cancellationToken,
            Hl7Ack.ErrorCodes.ApplicationInternalError);
    }

    private async Task<string> RefuseAsync(Hl7AckCode code, Hl7AckHeader header, Hl7Issue issue, string source, string? site,
        string payload, DateTimeOffset receivedAt, CancellationToken cancellationToken, string? errorCode = null)
    {
        errorCode ??= issue.Location == "MSH-9" ? Hl7Ack.ErrorCodes.UnsupportedMessageType
            : issue.Text.Contains("required", StringComparison.Ordinal) ? Hl7Ack.ErrorCodes.RequiredFieldMissing
            : code == Hl7AckCode.AR && issue.Location.StartsWith("MSH-", StringComparison.Ordinal) && issue.Location != "MSH-2"
                ? Hl7Ack.ErrorCodes.ApplicationInternalError
                : Hl7Ack.ErrorCodes.DataTypeError;
        LogRefused(code.ToString(), source, header.ControlId, issue.ToString());
        _monitor.RecordRejected(source, site);
        try
        {
            var letter = new DeadLetter(receivedAt, Channel, source, site, header.ControlId.Length > 0 ? header.ControlId : null,
                [issue.ToString()], payload);
            await _deadLetters.AddAsync([letter], cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The refusal could not be kept: tell the sender to resend rather than let the message vanish.
            LogStoreFailed(ex, source, header.ControlId);
            var unkept = new Hl7Issue(issue.Location, $"{issue.Text}; BRIGHT could not keep the refused message, resend it");
            return Ack(Hl7AckCode.AR, header, unkept,
                Hl7Ack.ErrorCodes.ApplicationInternalError);
        }

        return Ack(code, header, issue, errorCode);
    }

    private string Ack(Hl7AckCode code, Hl7AckHeader header, Hl7Issue? issue, string? errorCode)
    {
        var now = _time.GetUtcNow();
        var id = $"B{now.UtcDateTime:yyyyMMddHHmmss}.{Interlocked.Increment(ref _ackSequence)}";
        return Hl7Ack.Build(code, header, id, now, issue, errorCode);
    }

    // The feed's own name when a profile matches the sender, so its owner hears of unparseable messages too.
    private string Source(Hl7AckHeader header) =>
        _mapper?.FindSource(First(header.SendingApplication), First(header.SendingFacility)) is { } source ? source
        : header.SendingApplication.Length + header.SendingFacility.Length > 0
            ? $"{header.SendingApplication}/{header.SendingFacility}"
            : "unknown";

    private static string First(string raw) => raw.Split('^')[0];

    /// <summary>The bytes of an ACK as sent inside an MLLP frame (UTF-8).</summary>
    public static byte[] Frame(string ack)
    {
        ArgumentNullException.ThrowIfNull(ack);
        var bytes = new byte[Encoding.UTF8.GetByteCount(ack) + 3];
        bytes[0] = MllpFrameReader.StartBlock;
        Encoding.UTF8.GetBytes(ack, bytes.AsSpan(1));
        bytes[^2] = MllpFrameReader.EndBlock;
        bytes[^1] = MllpFrameReader.CarriageReturn;
        return bytes;
    }

    private sealed record Handled(Hl7AckCode Code, Hl7AckHeader Header, Hl7Issue? Issue, string Source, string? Site)
    {
        public bool StoreFailed { get; init; }

        public WriteResult Written { get; init; }
    }

    [LoggerMessage(3104, LogLevel.Error, "Data-quality flags for an HL7 message from {Source} (control id {ControlId}) could not be kept")]
    private partial void LogFlagsLost(Exception exception, string source, string controlId);

    [LoggerMessage(3101, LogLevel.Warning, "HL7 message refused with {Code} from {Source} (control id {ControlId}): {Reason}")]
    private partial void LogRefused(string code, string source, string controlId, string reason);

    [LoggerMessage(3102, LogLevel.Debug,
        "HL7 message from {Source} (control id {ControlId}) was a resend: {Duplicates} events already stored")]
    private partial void LogDuplicate(string source, string controlId, int duplicates);

    [LoggerMessage(3103, LogLevel.Error,
        "HL7 message from {Source} (control id {ControlId}) could not be stored; the sender was told to resend")]
    private partial void LogStoreFailed(Exception exception, string source, string controlId);
}
