using System.Security.Claims;
using Bright.Pipelines.Feeds;
using Bright.Pipelines.Ingestion;
using Bright.Server.Auth;
using Bright.Server.Distributed;
using Bright.Server.Kpis;
using Bright.Store.Events;
using Bright.Store.Feeds;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bright.Server.Endpoints;

/// <summary>
/// The feed registry for administrators: <c>GET /api/feeds/{id}</c>, <c>PUT /api/feeds/{id}</c> (create or change),
/// <c>DELETE /api/feeds/{id}</c> (retire; nothing is deleted) and <c>GET /api/feeds/{id}/history</c>. A change
/// applies at once to feed statuses, owners and the feed's KPIs.
/// </summary>
internal static class FeedRegistryEndpoints
{
    public static void MapFeedRegistryEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/feeds/{id}", GetAsync).RequireAuthorization(BrightPolicies.Administer).WithName("GetFeed");
        api.MapPut("/feeds/{id}", PutAsync).RequireAuthorization(BrightPolicies.Administer).WithName("PutFeed")
            .WithSummary("Register a feed or change its settings");
        api.MapDelete("/feeds/{id}", RetireAsync).RequireAuthorization(BrightPolicies.Administer).WithName("RetireFeed")
            .WithSummary("Retire a feed (kept, with its history)");
        api.MapGet("/feeds/{id}/history", HistoryAsync).RequireAuthorization(BrightPolicies.Administer).WithName("FeedHistory");
    }

    internal static async Task<Results<Ok<FeedEntry>, ProblemHttpResult>> GetAsync(string id, FeedStore store, IngestMonitor monitor, FeedKpis kpis,
        CancellationToken cancellationToken) =>
        await store.FindAsync(id, cancellationToken) is { } feed
            ? TypedResults.Ok(await EntryAsync(feed, monitor, kpis, cancellationToken))
            : NoFeed(id);

    internal static async Task<Results<Ok<FeedEntry>, Created<FeedEntry>, ProblemHttpResult>> PutAsync(string id, HttpContext context,
        AdministrativeChanges administration, IngestMonitor monitor, FeedKpis kpis, CancellationToken cancellationToken)
    {
        var (settings, problem) = await JsonBody.ReadAsync<FeedSettings>(context.Request, "feed", cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (feed, errors) = FeedSettingsValidator.Validate(id, settings!);
        if (feed is null)
        {
            return JsonBody.Invalid("feed", errors);
        }

        FeedSaveResult saved;
        try
        {
            saved = await administration.SaveFeedAsync(feed, By(context), cancellationToken);
        }
        catch (StoreWriteException ex)
        {
            return AdministrativeChanges.Unavailable(ex);
        }

        var entry = await EntryAsync(saved.Feed, monitor, kpis, cancellationToken);
        return saved.Change == "created" ? TypedResults.Created($"/api/feeds/{id}", entry) : TypedResults.Ok(entry);
    }

    internal static async Task<Results<Ok<FeedEntry>, ProblemHttpResult>> RetireAsync(string id, HttpContext context,
        AdministrativeChanges administration, IngestMonitor monitor, FeedKpis kpis, CancellationToken cancellationToken)
    {
        try
        {
            return await administration.RetireFeedAsync(id, By(context), cancellationToken) is { } retired
                ? TypedResults.Ok(await EntryAsync(retired, monitor, kpis, cancellationToken))
                : NoFeed(id);
        }
        catch (StoreWriteException ex)
        {
            return AdministrativeChanges.Unavailable(ex);
        }
    }

    internal static async Task<Results<Ok<FeedHistory>, ProblemHttpResult>> HistoryAsync(string id, FeedStore store,
        CancellationToken cancellationToken)
    {
        var versions = await store.HistoryAsync(id, cancellationToken);
        return versions.Count == 0
            ? NoFeed(id)
            : TypedResults.Ok(new FeedHistory(id, [.. versions.Select(v => new FeedRevision(v.Revision, v.Change, v.ChangedAt, v.ChangedBy,
                FeedEntry.SettingsOf(v.Feed)))]));
    }

    private static async Task<FeedEntry> EntryAsync(StoredFeed feed, IngestMonitor monitor, FeedKpis kpis, CancellationToken cancellationToken)
    {
        var rows = monitor.Snapshot().Where(r => r.Source == feed.Feed.Id).ToList();
        var status = feed.Retired ? "retired" : rows.Select(r => r.Status).MaxBy(FeedStatus.Severity) ?? FeedStatus.Ok;
        return FeedEntry.Of(feed, status, await kpis.IdsAsync(feed.Feed.Id, cancellationToken));
    }

    private static string By(HttpContext context) => context.User.FindFirstValue(ClaimTypes.Name) ?? "administrator";

    private static ProblemHttpResult NoFeed(string id) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such feed",
        detail: $"id: there is no feed '{id}'; GET /api/feeds lists them.");
}

/// <summary>A feed's settings as the registry API shows and takes them (lengths of time as <c>hh:mm:ss</c>).</summary>
internal sealed record FeedSettingsView(string Name, string Owner, string? Contact, string Kind, TimeSpan? ExpectedEvery, TimeSpan? LateAfter,
    TimeSpan? SilentAfter, bool Enabled);

/// <summary>
/// One feed in the registry: its settings, its revision and who changed it last, when it was retired, its status
/// now (<c>ok</c>, <c>late</c>, <c>rejecting</c>, <c>silent</c>, or <c>retired</c>) and the ids of its KPIs.
/// </summary>
internal sealed record FeedEntry(string Id, string Name, string Owner, string? Contact, string Kind, TimeSpan? ExpectedEvery, TimeSpan? LateAfter,
    TimeSpan? SilentAfter, bool Enabled, bool Retired, DateTimeOffset? RetiredAt, int Revision, DateTimeOffset UpdatedAt, string UpdatedBy,
    string Status, IReadOnlyList<string> Kpis)
{
    public static FeedEntry Of(StoredFeed stored, string status, IReadOnlyList<string> kpis)
    {
        var f = stored.Feed;
        return new FeedEntry(f.Id, f.Name, f.Owner, f.Contact, f.Kind, f.ExpectedEvery, f.LateAfter, f.SilentAfter, f.Enabled, stored.Retired,
            stored.RetiredAt, stored.Revision, stored.UpdatedAt, stored.UpdatedBy, status, kpis);
    }

    public static FeedSettingsView SettingsOf(FeedDefinition f) =>
        new(f.Name, f.Owner, f.Contact, f.Kind, f.ExpectedEvery, f.LateAfter, f.SilentAfter, f.Enabled);
}

/// <summary>The answer of <c>GET /api/feeds/{id}/history</c>: every revision, oldest first.</summary>
internal sealed record FeedHistory(string Id, IReadOnlyList<FeedRevision> Revisions);

/// <summary>
/// One revision: what changed (<c>created</c>, <c>updated</c>, <c>retired</c>, <c>restored</c>), when, by whom, and the
/// settings from then on.
/// </summary>
internal sealed record FeedRevision(int Revision, string Change, DateTimeOffset ChangedAt, string ChangedBy, FeedSettingsView Settings);
