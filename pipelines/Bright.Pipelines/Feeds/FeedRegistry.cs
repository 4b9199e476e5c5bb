using Bright.Pipelines.Hl7;

namespace Bright.Pipelines.Feeds;

/// <summary>A feed and its owner, as <c>GET /api/feeds</c> lists them.</summary>
/// <param name="Source">The feed's name, as in every event's Source.</param>
/// <param name="Owner">Who is told about its data-quality problems; null when nobody is configured.</param>
/// <param name="Contact">How to reach the owner, when configured.</param>
/// <param name="Channel">How it sends: <c>mllp</c> for HL7 v2 profiles, else null (HTTP, FHIR or files).</param>
public sealed record FeedOwner(string Source, string? Owner, string? Contact, string? Channel);

/// <summary>
/// Every configured feed with its owner: the HL7 v2 profiles (<c>Bright:Mllp:Feeds</c>) and the other feeds
/// (<c>Bright:Feeds</c>); an entry of the latter naming a profile's Source adds its contact. Immutable and thread-safe.
/// </summary>
public sealed class FeedRegistry
{
    private readonly Dictionary<string, FeedOwner> _feeds = new(StringComparer.Ordinal);

    public FeedRegistry(Hl7FeedCatalog hl7, IEnumerable<FeedOptions> feeds)
    {
        ArgumentNullException.ThrowIfNull(hl7);
        ArgumentNullException.ThrowIfNull(feeds);
        foreach (var profile in hl7.Profiles)
        {
            _feeds[profile.Source] = new FeedOwner(profile.Source, profile.Owner, null, "mllp");
        }

        foreach (var feed in feeds)
        {
            _feeds[feed.Source] = _feeds.TryGetValue(feed.Source, out var profile)
                ? profile with { Owner = feed.Owner, Contact = feed.Contact }
                : new FeedOwner(feed.Source, feed.Owner, feed.Contact, null);
        }

        All = [.. _feeds.Values.OrderBy(f => f.Source, StringComparer.Ordinal)];
    }

    /// <summary>Every configured feed, ordered by source.</summary>
    public IReadOnlyList<FeedOwner> All { get; }

    /// <summary>The feed named <paramref name="source"/>, or one without an owner when it is not configured.</summary>
    public FeedOwner Find(string source) => _feeds.GetValueOrDefault(source) ?? new FeedOwner(source, null, null, null);
}
