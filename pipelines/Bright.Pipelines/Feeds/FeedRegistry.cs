using Bright.Pipelines.Hl7;
using Bright.Store.Feeds;

namespace Bright.Pipelines.Feeds;

/// <summary>A feed and its owner, as <c>GET /api/feeds</c> lists them.</summary>
/// <param name="Source">The feed's name, as in every event's Source.</param>
/// <param name="Owner">Who is told about its data-quality problems; null when nobody is configured.</param>
/// <param name="Contact">How to reach the owner, when configured.</param>
/// <param name="Channel">How it sends: <c>mllp</c> for HL7 v2 profiles, else null (HTTP, FHIR or files).</param>
public sealed record FeedOwner(string Source, string? Owner, string? Contact, string? Channel)
{
    /// <summary>The feed's name for people, from the registry; null when it is not registered.</summary>
    public string? Name { get; init; }

    /// <summary>The feed's kind (<c>hl7</c>, <c>fhir</c>, <c>http</c>, <c>file</c>) from the registry; null when it is not registered.</summary>
    public string? Kind { get; init; }

    /// <summary>Whether an administrator has retired the feed (its events are still attributed to its owner).</summary>
    public bool Retired { get; init; }
}

/// <summary>
/// Every registered feed with its owner. Built first from configuration: the HL7 v2 profiles
/// (<c>Bright:Mllp:Feeds</c>) and the other feeds (<c>Bright:Feeds</c>), an entry of the latter naming a
/// profile's Source adding its contact; then replaced from the registry in the store (<see cref="Update"/>)
/// at start-up and after every administrator's change. Thread-safe: readers see one whole registry or the next.
/// </summary>
public sealed class FeedRegistry
{
    private volatile Snapshot _snapshot;

    public FeedRegistry(Hl7FeedCatalog hl7, IEnumerable<FeedOptions> feeds)
    {
        ArgumentNullException.ThrowIfNull(hl7);
        ArgumentNullException.ThrowIfNull(feeds);
        var owners = new Dictionary<string, FeedOwner>(StringComparer.Ordinal);
        foreach (var profile in hl7.Profiles)
        {
            owners[profile.Source] = new FeedOwner(profile.Source, profile.Owner, null, "mllp");
        }

        foreach (var feed in feeds)
        {
            owners[feed.Source] = owners.TryGetValue(feed.Source, out var profile)
                ? profile with { Owner = feed.Owner, Contact = feed.Contact }
                : new FeedOwner(feed.Source, feed.Owner, feed.Contact, null);
        }

        _snapshot = new Snapshot(owners);
    }

    /// <summary>Every feed in service (retired ones left out), ordered by source.</summary>
    public IReadOnlyList<FeedOwner> All => _snapshot.All;

    /// <summary>The feed named <paramref name="source"/> (retired or not), or one without an owner when it is not registered.</summary>
    public FeedOwner Find(string source) => _snapshot.Feeds.GetValueOrDefault(source) ?? new FeedOwner(source, null, null, null);

    /// <summary>Replaces the registry with the feeds stored in the registry table (retired ones included, marked).</summary>
    public void Update(IEnumerable<StoredFeed> stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        _snapshot = new Snapshot(stored.ToDictionary(s => s.Feed.Id, s => new FeedOwner(s.Feed.Id, s.Feed.Owner, s.Feed.Contact,
            s.Feed.Kind == FeedKinds.Hl7 ? "mllp" : null)
        { Name = s.Feed.Name, Kind = s.Feed.Kind, Retired = s.Retired }, StringComparer.Ordinal));
    }

    private sealed class Snapshot(Dictionary<string, FeedOwner> feeds)
    {
        public Dictionary<string, FeedOwner> Feeds { get; } = feeds;

        public IReadOnlyList<FeedOwner> All { get; } = [.. feeds.Values.Where(f => !f.Retired).OrderBy(f => f.Source, StringComparer.Ordinal)];
    }
}
