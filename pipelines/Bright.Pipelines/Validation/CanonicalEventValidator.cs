using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bright.Core.Reference;

namespace Bright.Pipelines.Validation;

/// <summary>
/// Turns one JSON record of <c>POST /api/events</c> (or a dropped file's row) into a canonical event, or
/// into the list of everything wrong with it, each naming the field. Thread-safe.
/// </summary>
public sealed partial class CanonicalEventValidator(TrustReference trust, TimeProvider clock)
{
    /// <summary>How far ahead of now an occurred time may be (clock drift at the source), per the contract.</summary>
    public static readonly TimeSpan MaxFutureSkew = TimeSpan.FromDays(1);

    /// <summary>Validates <paramref name="record"/>; <paramref name="defaultSource"/> fills a missing <c>source</c>.</summary>
    /// <param name="record">One element of the posted array.</param>
    /// <param name="defaultSource">The source used when the record names none.</param>
    /// <param name="allowedSites">Sites the caller may send for; null means all.</param>
    /// <param name="receivedAt">When BRIGHT received it; becomes <see cref="HospitalEvent.ReceivedAt"/>.</param>
    public ValidatedEvent Validate(JsonElement record, string defaultSource, IReadOnlySet<string>? allowedSites, DateTimeOffset receivedAt)
    {
        var errors = new List<string>();
        var flags = new List<(string Field, string Message)>();
        if (record.ValueKind != JsonValueKind.Object)
        {
            return ValidatedEvent.Invalid(null, [$"record: must be a JSON object (was {Describe(record.ValueKind)})."]);
        }

        var eventId = ReadString(record, "eventId", errors, required: true);
        if (eventId is { Length: > 512 })
        {
            errors.Add($"eventId: must be at most 512 characters (was {eventId.Length}).");
        }

        var occurredAt = ReadInstant(record, "occurredAt", errors);
        var source = ReadString(record, "source", errors, required: false) ?? defaultSource;
        var site = ReadString(record, "site", errors, required: true);
        var kindText = ReadString(record, "kind", errors, required: true);
        var subject = ReadString(record, "subject", errors, required: false);
        var location = ReadString(record, "location", errors, required: false);
        var code = ReadString(record, "code", errors, required: false);
        var value = ReadNumber(record, "value", errors);
        var attributes = ReadAttributes(record, errors);

        EventKind kind = default;
        if (kindText is not null && (!Enum.TryParse(kindText, ignoreCase: false, out kind) || !Enum.IsDefined(kind) || char.IsDigit(kindText[0])))
        {
            errors.Add($"kind: '{kindText}' is not a known event kind; use one of {string.Join(", ", Enum.GetNames<EventKind>())}.");
        }

        Site? knownSite = null;
        if (site is not null)
        {
            knownSite = trust.FindSite(site);
            if (knownSite is null)
            {
                errors.Add($"site: '{site}' is not a site of this trust; known sites are {string.Join(", ", trust.Sites.Select(s => s.Code))}.");
            }
            else if (allowedSites is not null && !allowedSites.Contains(site))
            {
                errors.Add($"site: this token may not send events for '{site}'; it is limited to {string.Join(", ", allowedSites.Order(StringComparer.Ordinal))}.");
            }
        }

        if (occurredAt is { } at && at > clock.GetUtcNow() + MaxFutureSkew)
        {
            errors.Add($"occurredAt: '{at:O}' is more than a day in the future; check the sender's clock and time zone.");
        }

        if (kind == EventKind.BedStatusChanged && kindText is not null && !BedStatus.IsKnown(code))
        {
            errors.Add($"code: a BedStatusChanged needs the new status, one of {string.Join(", ", BedStatus.All)} (was {Quote(code)}).");
        }

        if (location is not null && knownSite is not null)
        {
            CheckLocation(location, knownSite, errors, flags);
        }

        if (subject is not null && NhsNumberLike().IsMatch(subject))
        {
            errors.Add("subject: looks like a raw NHS number; send a pseudonymised key, never the NHS number itself.");
        }

        if (errors.Count > 0)
        {
            return ValidatedEvent.Invalid(eventId, errors);
        }

        var e = new HospitalEvent
        {
            EventId = eventId!,
            OccurredAt = occurredAt!.Value.ToUniversalTime(),
            ReceivedAt = receivedAt,
            Source = source,
            Site = site!,
            Kind = kind,
            Subject = subject,
            Location = location,
            Code = code,
            Value = value,
            Attributes = attributes,
        };
        return ValidatedEvent.Valid(e, flags);
    }

    private static void CheckLocation(string location, Site site, List<string> errors, List<(string, string)> flags)
    {
        if (!Core.Events.LocationPath.TryParse(location, out var path))
        {
            errors.Add($"location: '{location}' is not a path like SITE/WARD/BED, SITE/theatres/ROOM or SITE/ed/AREA.");
            return;
        }

        if (!string.Equals(path.Site, site.Code, StringComparison.Ordinal))
        {
            errors.Add($"location: '{location}' must start with the event's site '{site.Code}'.");
            return;
        }

        if (path.Unit is null)
        {
            return;
        }

        var known = path.Unit switch
        {
            Core.Events.LocationPath.Theatres => path.Place is null || site.Theatres.Any(t => t.Code == path.Place),
            Core.Events.LocationPath.Ed => path.Place is null || site.EdAreas.Any(a => a.Code == path.Place),
            _ => site.FindWard(path.Unit) is { } ward && (path.Place is null || ward.CoreBedCodes.Contains(path.Place)
                || ward.EscalationBedCodes.Contains(path.Place)),
        };
        if (!known)
        {
            flags.Add(("location", $"'{location}' is not in {site.Code}'s reference data; it is shown on the site's board, but check the feed's location mapping."));
        }
    }

    private static string? ReadString(JsonElement record, string name, List<string> errors, bool required)
    {
        if (!record.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add($"{name}: is required.");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add($"{name}: must be a string (was {Describe(value.ValueKind)}).");
            return null;
        }

        var text = value.GetString()!;
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                errors.Add($"{name}: must not be empty.");
            }

            return null;
        }

        return text;
    }

    private static DateTimeOffset? ReadInstant(JsonElement record, string name, List<string> errors)
    {
        var text = ReadString(record, name, errors, required: true);
        if (text is null)
        {
            return null;
        }

        if (!IsoWithOffset().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            errors.Add($"{name}: '{text}' is not an ISO 8601 time with an offset, e.g. 2026-11-26T09:30:00Z or 2026-07-01T10:30:00+01:00.");
            return null;
        }

        return instant;
    }

    private static double? ReadNumber(JsonElement record, string name, List<string> errors)
    {
        if (!record.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            errors.Add($"{name}: must be a finite number (was {Describe(value.ValueKind)} {value.GetRawText()}).");
            return null;
        }

        return number;
    }

    private static IReadOnlyDictionary<string, string> ReadAttributes(JsonElement record, List<string> errors)
    {
        if (!record.TryGetProperty("attributes", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return HospitalEvent.NoAttributes;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"attributes: must be an object of string values (was {Describe(value.ValueKind)}).");
            return HospitalEvent.NoAttributes;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.String:
                    result[property.Name] = property.Value.GetString()!;
                    break;
                case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                    result[property.Name] = property.Value.GetRawText();
                    break;
                default:
                    errors.Add($"attributes.{property.Name}: must be a string, number or boolean (was {Describe(property.Value.ValueKind)}).");
                    break;
            }
        }

        return result;
    }

    private static string Quote(string? text) => text is null ? "nothing" : $"'{text}'";

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "undefined",
    };

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|z|[+-]\d{2}:\d{2})$")]
    private static partial Regex IsoWithOffset();

    [GeneratedRegex(@"^\s*\d{3}\s?\d{3}\s?\d{4}\s*$")]
    private static partial Regex NhsNumberLike();
}

/// <summary>The outcome of validating one record: an event (with data-quality flags), or errors.</summary>
/// <param name="Event">The canonical event, when valid.</param>
/// <param name="EventId">The record's event id as sent, when it had one.</param>
/// <param name="Errors">Every problem, each naming the field; empty when valid.</param>
/// <param name="Flags">Accepted, but for the feed's owner to fix: (field, message).</param>
public sealed record ValidatedEvent(HospitalEvent? Event, string? EventId, IReadOnlyList<string> Errors, IReadOnlyList<(string Field, string Message)> Flags)
{
    /// <summary>Whether the record became an event.</summary>
    public bool IsValid => Event is not null;

    internal static ValidatedEvent Valid(HospitalEvent e, IReadOnlyList<(string, string)> flags) => new(e, e.EventId, [], flags);

    internal static ValidatedEvent Invalid(string? eventId, IReadOnlyList<string> errors) => new(null, eventId, errors, []);
}
