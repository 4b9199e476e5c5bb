using Bright.Pipelines.Hl7;
using Bright.Pipelines.Ingestion;
using Bright.Store.Feeds;

namespace Bright.Pipelines.Feeds;

/// <summary>
/// The one way the feed registry changes: seeds the store from configuration at start-up, saves and retires
/// feeds for administrators, and after each change applies the stored registry to <see cref="FeedRegistry"/>
/// (owners) and <see cref="FeedCadence"/> (what the <see cref="IngestMonitor"/> computes statuses against),
/// so a change takes effect without a restart. Thread-safe.
/// </summary>
public sealed class FeedAdministration(FeedStore store, FeedRegistry registry, FeedCadence cadence, IReadOnlyList<FeedDefinition> declared)
    : IDisposable
{
    private readonly SemaphoreSlim _apply = new(1, 1);

    /// <summary>The feeds configuration declares: the HL7 v2 profiles, each merged with a <c>Bright:Feeds</c> entry of the same Source.</summary>
    public static IReadOnlyList<FeedDefinition> Declared(Hl7FeedCatalog hl7, IReadOnlyList<FeedOptions> feeds)
    {
        ArgumentNullException.ThrowIfNull(hl7);
        ArgumentNullException.ThrowIfNull(feeds);
        var declared = new Dictionary<string, FeedDefinition>(StringComparer.Ordinal);
        foreach (var profile in hl7.Profiles)
        {
            declared[profile.Source] = new FeedDefinition(profile.Source, profile.Source, profile.Owner, null, FeedKinds.Hl7, null, null, null);
        }

        foreach (var feed in feeds)
        {
            var kind = declared.ContainsKey(feed.Source) ? FeedKinds.Hl7 : feed.Kind ?? FeedKinds.Http;
            declared[feed.Source] = new FeedDefinition(feed.Source, feed.Name ?? feed.Source, feed.Owner, feed.Contact, kind, feed.ExpectedEvery,
                feed.LateAfter, feed.SilentAfter, feed.Enabled);
        }

        return [.. declared.Values.OrderBy(f => f.Id, StringComparer.Ordinal)];
    }

    /// <summary>Seeds the store with the declared feeds (see <see cref="FeedStore.SeedAsync"/>) and applies the stored registry.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await store.SeedAsync(declared, cancellationToken);
        await ApplyAsync(cancellationToken);
    }

    /// <summary>Creates or changes a feed (already validated) as <paramref name="by"/> and applies the registry.</summary>
    public async Task<FeedSaveResult> SaveAsync(FeedDefinition feed, string by, CancellationToken cancellationToken)
    {
        var result = await store.SaveAsync(feed, by, cancellationToken);
        await ApplyAsync(cancellationToken);
        return result;
    }

    /// <summary>Retires feed <paramref name="id"/> as <paramref name="by"/> and applies the registry; null when there is no such feed.</summary>
    public async Task<StoredFeed?> RetireAsync(string id, string by, CancellationToken cancellationToken)
    {
        var retired = await store.RetireAsync(id, by, cancellationToken);
        await ApplyAsync(cancellationToken);
        return retired;
    }

    /// <summary>
    /// Applies a save read from the cluster's log at <paramref name="logKey"/> (distributed mode; see
    /// <see cref="FeedStore.ApplySaveAsync"/>) and applies the registry; null when that change was applied before.
    /// </summary>
    public async Task<FeedSaveResult?> ApplySaveAsync(string logKey, FeedDefinition feed, string by, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        var result = await store.ApplySaveAsync(logKey, feed, by, at, cancellationToken);
        await ApplyAsync(cancellationToken);
        return result;
    }

    /// <summary>
    /// Applies a retirement read from the cluster's log at <paramref name="logKey"/> and applies the registry; null when
    /// there is no such feed or that change was applied before.
    /// </summary>
    public async Task<StoredFeed?> ApplyRetireAsync(string logKey, string id, string by, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var retired = await store.ApplyRetireAsync(logKey, id, by, at, cancellationToken);
        await ApplyAsync(cancellationToken);
        return retired;
    }

    /// <summary>
    /// Applies the stored registry: owners to <see cref="FeedRegistry"/>, and the cadence of every feed in service
    /// and enabled to <see cref="FeedCadence"/> (a retired or disabled feed is never silent or late).
    /// </summary>
    public async Task ApplyAsync(CancellationToken cancellationToken)
    {
        // Serialised so that two changes applied at once cannot leave the older registry in place.
        await _apply.WaitAsync(cancellationToken);
        try
        {
            var stored = await store.ListAsync(cancellationToken);
            registry.Update(stored);
            cadence.Update(stored.Where(s => !s.Retired && s.Feed.Enabled).ToDictionary(s => s.Feed.Id,
                s => new FeedTimeliness(s.Feed.ExpectedEvery, s.Feed.LateAfter) { SilentAfter = s.Feed.SilentAfter }, StringComparer.Ordinal));
        }
        finally
        {
            _apply.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _apply.Dispose();
}
