using System.Globalization;
using System.Text.RegularExpressions;
using Bright.Store.Feeds;

namespace Bright.Pipelines.Feeds;

/// <summary>
/// The body of <c>PUT /api/feeds/{id}</c>: a feed's settings as sent, lengths of time as strings
/// (<c>hh:mm:ss</c> or <c>d.hh:mm:ss</c>) so that a bad one is named with its value.
/// </summary>
public sealed record FeedSettings
{
    /// <summary>Optional; when sent it must equal the id in the address.</summary>
    public string? Id { get; init; }

    /// <summary>A name for people; null takes the id.</summary>
    public string? Name { get; init; }

    /// <summary>Who is told about the feed's data-quality problems; required.</summary>
    public string? Owner { get; init; }

    /// <summary>The owner's e-mail address or telephone number; optional.</summary>
    public string? Contact { get; init; }

    /// <summary><c>hl7</c>, <c>fhir</c>, <c>http</c> or <c>file</c>; required.</summary>
    public string? Kind { get; init; }

    /// <summary>How often the feed is expected to send; optional.</summary>
    public string? ExpectedEvery { get; init; }

    /// <summary>The agreed longest point-of-care to receipt lag; optional.</summary>
    public string? LateAfter { get; init; }

    /// <summary>Silent with no delivery for this long; optional (takes expectedEvery).</summary>
    public string? SilentAfter { get; init; }

    /// <summary>False pauses monitoring; null is true.</summary>
    public bool? Enabled { get; init; }
}

/// <summary>Checks <see cref="FeedSettings"/> and turns them into a <see cref="FeedDefinition"/>, reporting every problem with its field.</summary>
public static partial class FeedSettingsValidator
{
    /// <summary>The longest a feed id may be (so that the KPIs generated for it stay within 64 characters).</summary>
    public const int MaxIdLength = 48;

    private static readonly TimeSpan Shortest = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Longest = TimeSpan.FromDays(7);

    /// <summary>Whether <paramref name="id"/> is a valid feed id: lower-case words of letters and digits joined by hyphens.</summary>
    public static bool IsValidId(string? id) => id is { Length: > 0 and <= MaxIdLength } && IdPattern().IsMatch(id);

    /// <summary>The feed <paramref name="id"/> with <paramref name="settings"/>, or null with every problem as (field, reason).</summary>
    public static (FeedDefinition? Feed, List<(string Field, string Reason)> Errors) Validate(string id, FeedSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var errors = new List<(string Field, string Reason)>();
        if (!IsValidId(id))
        {
            errors.Add(("id", $"must be lower-case letters and digits in words joined by hyphens, at most {MaxIdLength} characters, "
                + $"e.g. pas-adt (was '{id}')"));
        }

        if (settings.Id is not null && !string.Equals(settings.Id, id, StringComparison.Ordinal))
        {
            errors.Add(("id", $"must match the id in the address '{id}' (was '{settings.Id}')"));
        }

        if (settings.Name is { } name && string.IsNullOrWhiteSpace(name))
        {
            errors.Add(("name", "must not be blank (leave it out to use the id)"));
        }

        if (string.IsNullOrWhiteSpace(settings.Owner))
        {
            errors.Add(("owner", "must name who is told about the feed's data-quality problems"));
        }

        if (settings.Contact is { } contact && !EmailPattern().IsMatch(contact) && !PhonePattern().IsMatch(contact))
        {
            errors.Add(("contact", contact.Contains('@', StringComparison.Ordinal)
                ? $"is not a valid e-mail address, e.g. pas-support@trust.nhs.uk (was '{contact}')"
                : $"must be an e-mail address or a telephone number, e.g. pas-support@trust.nhs.uk or 020 7946 0000 (was '{contact}')"));
        }

        if (settings.Kind is null || !FeedKinds.All.Contains(settings.Kind, StringComparer.Ordinal))
        {
            var sent = settings.Kind is null ? "missing" : $"'{settings.Kind}'";
            errors.Add(("kind", $"must be one of {string.Join(", ", FeedKinds.All)} (was {sent})"));
        }

        var every = Duration("expectedEvery", settings.ExpectedEvery, errors);
        var late = Duration("lateAfter", settings.LateAfter, errors);
        var silent = Duration("silentAfter", settings.SilentAfter, errors);
        if (silent is { } s && late is { } l && s < l)
        {
            errors.Add(("silentAfter", $"must not be shorter than lateAfter ({Format(l)}) (was {Format(s)})"));
        }

        if (silent is { } s2 && every is { } e && s2 < e)
        {
            errors.Add(("silentAfter", $"must not be shorter than expectedEvery ({Format(e)}) (was {Format(s2)})"));
        }

        return errors.Count > 0
            ? (null, errors)
            : (new FeedDefinition(id, settings.Name ?? id, settings.Owner!.Trim(), settings.Contact, settings.Kind!, every, late, silent,
                settings.Enabled ?? true), errors);
    }

    private static TimeSpan? Duration(string field, string? value, List<(string, string)> errors)
    {
        if (value is null)
        {
            return null;
        }

        if (!TimeSpan.TryParseExact(value, "c", CultureInfo.InvariantCulture, out var duration))
        {
            errors.Add((field, $"must be a length of time written hh:mm:ss or d.hh:mm:ss, e.g. 00:05:00 (was '{value}')"));
            return null;
        }

        if (duration < Shortest || duration > Longest)
        {
            errors.Add((field, $"must be from 00:00:01 to 7.00:00:00 (was {Format(duration)})"));
            return null;
        }

        return duration;
    }

    private static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    // One @, no spaces, a dot in the domain: what a mailbox the trust can send to looks like.
    [GeneratedRegex(@"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")]
    private static partial Regex EmailPattern();

    // A UK or international number: digits with an optional leading +, spaces, hyphens and brackets, 6 to 22 characters.
    [GeneratedRegex(@"^\+?[0-9][0-9 ()-]{4,20}[0-9]$")]
    private static partial Regex PhonePattern();
}
