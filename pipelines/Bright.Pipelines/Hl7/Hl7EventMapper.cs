using System.Security.Cryptography;
using System.Text;
using Bright.Core.Reference;
using Bright.Pipelines.Pseudonymisation;

namespace Bright.Pipelines.Hl7;

/// <summary>
/// Maps parsed HL7 v2 messages to canonical events (DOMAIN.md §7.1): ADT A01-A08, A11-A13 and A17; SIU S12
/// and S15; ORM^O01; ORU^R01. Patient identifiers become pseudonyms; names, NHS numbers, birth dates,
/// addresses and phones are never copied. Thread-safe.
/// </summary>
public sealed partial class Hl7EventMapper
{
    private readonly Hl7FeedCatalog _feeds;
    private readonly Pseudonymiser _pseudonymiser;
    private readonly TrustReference? _reference;

    /// <summary>Creates a mapper; with <paramref name="reference"/>, sites it does not know earn AE.</summary>
    public Hl7EventMapper(Hl7FeedCatalog feeds, Pseudonymiser pseudonymiser, TrustReference? reference = null)
    {
        ArgumentNullException.ThrowIfNull(feeds);
        ArgumentNullException.ThrowIfNull(pseudonymiser);
        _feeds = feeds;
        _pseudonymiser = pseudonymiser;
        _reference = reference;
    }

    /// <summary>The Source of the feed profile matching MSH-3.1 and MSH-4.1, or null.</summary>
    public string? FindSource(string? sendingApplication, string? sendingFacility) =>
        _feeds.Find(sendingApplication, sendingFacility)?.Source;

    /// <summary>Maps <paramref name="message"/>, stamping every event with <paramref name="receivedAt"/>.</summary>
    public Hl7MappingResult Map(Hl7Message message, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(message);
        var header = message.Header;
        var application = header.Field(3).Component(1).ToString();
        var facility = header.Field(4).Component(1).ToString();
        var feed = _feeds.Find(application, facility);
        if (feed is null)
        {
            return Hl7MappingResult.Refuse(Hl7AckCode.AR, $"{application}/{facility}", null, "MSH-3",
                $"no feed profile matches sending application '{application}' and facility '{facility}'");
        }

        var trigger = message.TriggerEvent;
        if (trigger.Length == 0 && message.Find("EVN") is { } evn)
        {
            trigger = evn.Field(1).ToString();
        }

        var type = $"{message.MessageType}^{trigger}";
        if (!IsSupported(message.MessageType, trigger))
        {
            return Hl7MappingResult.Refuse(Hl7AckCode.AR, feed.Source, null, "MSH-9", $"message type '{type}' is not supported");
        }

        var processingId = message.ProcessingId;
        var production = string.Equals(processingId, "P", StringComparison.Ordinal);
        if (!production && feed.NonProduction == Hl7NonProductionHandling.Reject)
        {
            return Hl7MappingResult.Refuse(Hl7AckCode.AR, feed.Source, null, "MSH-11",
                $"processing id '{processingId}' is not accepted from feed '{feed.Source}'");
        }

        var context = new Context(message, feed, type, receivedAt, EventIdPrefix(feed, message));
        context.Attributes["trigger"] = type;
        context.Attributes["controlId"] = message.ControlId;
        if (!production)
        {
            context.Attributes["processingId"] = processingId;
            context.Attributes["excludeFromLiveState"] = "true";
        }

        var issue = TryReadOccurredAt(context);
        issue ??= message.MessageType switch
        {
            "ADT" => MapAdt(context, trigger),
            "SIU" => MapSchedule(context, trigger),
            "ORM" => MapOrder(context),
            _ => MapResult(context),
        };

        return issue is not null
            ? new Hl7MappingResult { Code = Hl7AckCode.AE, Source = feed.Source, Site = context.Site, Error = issue }
            : new Hl7MappingResult { Code = Hl7AckCode.AA, Source = feed.Source, Site = context.Site, Events = context.Events };
    }

    private static bool IsSupported(string type, string trigger) => (type, trigger) switch
    {
        ("ADT", "A01" or "A02" or "A03" or "A04" or "A05" or "A06" or "A07" or "A08" or "A11" or "A12" or "A13" or "A17") => true,
        ("SIU", "S12" or "S15") => true,
        ("ORM", "O01") => true,
        ("ORU", "R01") => true,
        _ => false,
    };

    // DESIGN.md: the EventId is derived from source, MSH-10, MSH-7 and a hash of the content, since MSH-10
    // alone repeats in real feeds. A resend is byte-for-byte the same message, so it gets the same id; the
    // canonical text makes CR and LF senders agree.
    private static string EventIdPrefix(Hl7FeedProfile feed, Hl7Message message)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(message.ToCanonicalText()), hash);
        return $"hl7:{feed.Source}:{message.ControlId}:{message.Header.Field(7).Raw}:{Convert.ToHexStringLower(hash[..8])}";
    }

    // OccurredAt = EVN-6, else EVN-2, else MSH-7 (DOMAIN.md §7.1).
    private static Hl7Issue? TryReadOccurredAt(Context context)
    {
        var evn = context.Message.Find("EVN");
        Span<(string Location, Hl7Field Field)> candidates =
        [
            ("EVN-6", evn?.Field(6) ?? default), ("EVN-2", evn?.Field(2) ?? default), ("MSH-7", context.Message.Header.Field(7)),
        ];
        foreach (var (location, field) in candidates)
        {
            if (!field.HasValue)
            {
                continue;
            }

            if (!TryReadTime(field, location, out var time, out var issue))
            {
                return issue;
            }

            context.SetOccurredAt(time, location);
            return null;
        }

        return new Hl7Issue("MSH-7", "the message time is required when EVN-6 and EVN-2 are not sent");
    }

    private static bool TryReadTime(Hl7Field field, string location, out Hl7Timestamp time, out Hl7Issue? issue)
    {
        issue = null;
        if (Hl7Time.TryParse(field.Component(1).Raw, out time))
        {
            return true;
        }

        issue = new Hl7Issue(location, $"'{field.Raw}' is not a valid HL7 time ({Hl7Time.Format})");
        return false;
    }

    // An optional time attribute: absent or unreadable values are left out (unreadable ones flagged).
    private static void AddTime(Context context, string attribute, Hl7Field field, string location)
    {
        if (!field.HasValue)
        {
            return;
        }

        if (Hl7Time.TryParse(field.Component(1).Raw, out var time))
        {
            context.Attributes[attribute] = Hl7Time.ToIso(time.Instant);
        }
        else
        {
            context.Flag($"{location}: '{field.Raw}' is not a valid HL7 time");
        }
    }
}
