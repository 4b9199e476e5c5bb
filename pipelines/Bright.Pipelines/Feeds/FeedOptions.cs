namespace Bright.Pipelines.Feeds;

/// <summary>
/// One feed that is not an HL7 v2 profile (HTTP, FHIR or file drop), bound from <c>Bright:Feeds:{n}</c>:
/// who owns it and how to reach them. An entry naming an HL7 profile's Source adds its contact.
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
