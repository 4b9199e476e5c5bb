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
        }

        foreach (var duplicate in feeds.GroupBy(f => f.Source, StringComparer.Ordinal).Where(g => g.Key.Length > 0 && g.Count() > 1))
        {
            yield return $"{Section}: Source '{duplicate.Key}' appears {duplicate.Count()} times.";
        }
    }
}
