using Bright.Store.Feeds;

namespace Bright.Pipelines.Feeds;

/// <summary>
/// One feed that is not an HL7 v2 profile (HTTP, FHIR or file drop), bound from <c>Bright:Feeds:{n}</c>:
/// who owns it and how to reach them. An entry naming an HL7 profile's Source adds its contact. Each entry
/// seeds the feed registry in the store at start-up (see <see cref="FeedStore.SeedAsync"/>); once an
/// administrator has changed a feed through the API, the store's settings win.
/// </summary>
public sealed class FeedOptions
{
    /// <summary>The configuration section holding the list.</summary>
    public const string Section = "Bright:Feeds";

    /// <summary>The feed's name, as stored in every event's Source (for HTTP and FHIR, the token's name).</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>Who is told about the feed's data-quality problems (a team).</summary>
    public string Owner { get; set; } = string.Empty;

    /// <summary>How to reach the owner (a mailbox or phone), optional.</summary>
    public string? Contact { get; set; }

    /// <summary>
    /// How often the feed is expected to send (e.g. <c>00:05:00</c>); with no event for longer it is
    /// <c>silent</c> on the <c>ingest</c> topic. Null: no cadence, never silent.
    /// </summary>
    public TimeSpan? ExpectedEvery { get; set; }

    /// <summary>
    /// The longest acceptable lag from point of care (occurred) to receipt; a later latest event makes the
    /// feed <c>late</c>. Null: never late.
    /// </summary>
    public TimeSpan? LateAfter { get; set; }

    /// <summary>A name for people; null takes <see cref="Source"/>.</summary>
    public string? Name { get; set; }

    /// <summary><c>http</c> (the default), <c>fhir</c> or <c>file</c>; an entry naming an HL7 profile is <c>hl7</c>.</summary>
    public string? Kind { get; set; }

    /// <summary>With no delivery for this long the feed is <c>silent</c>; null takes <see cref="ExpectedEvery"/>.</summary>
    public TimeSpan? SilentAfter { get; set; }

    /// <summary>False pauses the feed's monitoring (never silent or late).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Every problem with the list, each naming its key; empty when valid.</summary>
    public static IEnumerable<string> Validate(IReadOnlyList<FeedOptions> feeds)
    {
        ArgumentNullException.ThrowIfNull(feeds);
        for (var i = 0; i < feeds.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(feeds[i].Source))
            {
                yield return $"{Section}:{i}:Source must name the feed, e.g. ambulance-fhir.";
            }

            if (string.IsNullOrWhiteSpace(feeds[i].Owner))
            {
                yield return $"{Section}:{i}:Owner must name who is told about the feed's data-quality problems.";
            }

            if (feeds[i].ExpectedEvery is { } every && (every < TimeSpan.FromSeconds(1) || every > TimeSpan.FromDays(7)))
            {
                yield return $"{Section}:{i}:ExpectedEvery must be from 00:00:01 to 7.00:00:00 (was {every}).";
            }

            if (feeds[i].SilentAfter is { } silent && (silent < TimeSpan.FromSeconds(1) || silent > TimeSpan.FromDays(7)))
            {
                yield return $"{Section}:{i}:SilentAfter must be from 00:00:01 to 7.00:00:00 (was {silent}).";
            }

            if (feeds[i].Kind is { } kind && !FeedKinds.All.Contains(kind, StringComparer.Ordinal))
            {
                yield return $"{Section}:{i}:Kind must be one of {string.Join(", ", FeedKinds.All)} (was '{kind}').";
            }

            if (feeds[i].LateAfter is { } late && (late < TimeSpan.FromSeconds(1) || late > TimeSpan.FromDays(7)))
            {
                yield return $"{Section}:{i}:LateAfter must be from 00:00:01 to 7.00:00:00 (was {late}).";
            }
        }

        foreach (var duplicate in feeds.GroupBy(f => f.Source, StringComparer.Ordinal).Where(g => g.Key.Length > 0 && g.Count() > 1))
        {
            yield return $"{Section}: Source '{duplicate.Key}' appears {duplicate.Count()} times.";
        }
    }
}
