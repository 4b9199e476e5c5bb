using Bright.Core.Time;
using Bright.Pipelines.DeadLetters;
using Bright.Pipelines.Feeds;
using Bright.Pipelines.Ingestion;
using Bright.Server.Auth;
using Bright.Store.DataQuality;
using Bright.Store.DeadLetters;
using Bright.Store.Events;
using Bright.Store.Feeds;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bright.Server.Endpoints;

/// <summary>
/// Feeds and their owners: <c>GET /api/feeds</c> (each feed with its owner, registry settings, today's figures and latest
/// problems), the registry's administration (<see cref="FeedRegistryEndpoints"/>), <c>GET /api/feeds/{source}/problems</c> (its dead letters and data-quality flags, paged), and
/// <c>POST /api/ingest/dead-letters/{id}/replay</c> for administrators.
/// </summary>
internal static class FeedsEndpoints
{
    private const int LatestProblems = 5;

    public static void MapFeedsEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/feeds", ListFeedsAsync).RequireAuthorization(BrightPolicies.Read).WithName("ListFeeds");
        api.MapGet("/feeds/{source}/problems", ProblemsAsync).RequireAuthorization(BrightPolicies.Read).WithName("FeedProblems");
        api.MapGet("/ingest/dead-letters/{id:long}", async Task<Results<Ok<StoredDeadLetter>, ProblemHttpResult>> (long id, DeadLetterStore store,
            CancellationToken ct) => await store.FindAsync(id, ct) is { } letter ? TypedResults.Ok(letter) : NoLetter(id))
            .RequireAuthorization(BrightPolicies.Ingest);
        api.MapPost("/ingest/dead-letters/{id:long}/replay", ReplayAsync).RequireAuthorization(BrightPolicies.Administer).WithName("ReplayDeadLetter");
        api.MapFeedRegistryEndpoints();
    }

    internal static async Task<Ok<FeedList>> ListFeedsAsync(FeedRegistry registry, IngestMonitor monitor, FeedCadence cadence,
        DeadLetterStore deadLetters, DataQualityStore dataQuality, FeedStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var stored = (await store.ListAsync(cancellationToken)).ToDictionary(f => f.Feed.Id, StringComparer.Ordinal);
        var since = UkTime.StartOfDay(UkTime.Today(clock));
        var rows = monitor.Snapshot().GroupBy(r => r.Source, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var flagged = await dataQuality.CountBySourceSinceAsync(since, cancellationToken);
        var sources = registry.All.Select(f => f.Source).Union(rows.Keys).Union(flagged.Keys).Order(StringComparer.Ordinal).ToList();
        var feeds = new List<FeedSummary>();
        foreach (var source in sources)
        {
            var feed = registry.Find(source);
            var today = rows.GetValueOrDefault(source) ?? [];
            var problems = await LatestAsync(source, deadLetters, dataQuality, cancellationToken);
            var registered = stored.GetValueOrDefault(source);
            var timeliness = registered is { Feed: var f } ? new FeedTimeliness(f.ExpectedEvery, f.LateAfter) { SilentAfter = f.SilentAfter } : cadence.For(source);
            var status = registered is { Retired: true } ? "retired" : today.Select(r => r.Status).MaxBy(FeedStatus.Severity) ?? FeedStatus.Ok;
            feeds.Add(new FeedSummary(feed.Source, feed.Owner, feed.Contact, feed.Channel, today.Max(r => r.LastReceivedAt),
                today.Sum(r => r.AcceptedToday), today.Sum(r => r.RejectedToday), flagged.GetValueOrDefault(source), problems, status,
                timeliness.ExpectedEvery, timeliness.LateAfter, registered?.Feed.Name, registered?.Feed.Kind, timeliness.SilentAfter,
                registered?.Feed.Enabled, registered?.Retired ?? false, registered?.Revision));
        }

        return TypedResults.Ok(new FeedList(UkTime.Today(clock), feeds));
    }

    internal static async Task<Results<Ok<FeedProblems>, ProblemHttpResult>> ProblemsAsync(string source, int? offset, int? limit,
        FeedRegistry registry, DeadLetterStore deadLetters, DataQualityStore dataQuality, CancellationToken cancellationToken)
    {
        if (offset is < 0)
        {
            return TypedResults.Problem(statusCode: 400, title: "Invalid paging", detail: $"offset: must be 0 or more (was {offset}).");
        }

        if (limit is < 1 or > 1000)
        {
            return TypedResults.Problem(statusCode: 400, title: "Invalid paging", detail: $"limit: must be from 1 to 1000 (was {limit}).");
        }

        var (letters, letterTotal) = await deadLetters.ListAsync(source, offset ?? 0, limit ?? 100, cancellationToken);
        var (flags, flagTotal) = await dataQuality.ListAsync(source, offset ?? 0, limit ?? 100, cancellationToken);
        var feed = registry.Find(source);
        return TypedResults.Ok(new FeedProblems(feed.Source, feed.Owner, feed.Contact, offset ?? 0, limit ?? 100, letterTotal, letters, flagTotal,
            flags));
    }

    internal static async Task<Results<Ok<ReplayResult>, ProblemHttpResult>> ReplayAsync(long id, DeadLetterReplay replay,
        CancellationToken cancellationToken)
    {
        try
        {
            return await replay.ReplayAsync(id, cancellationToken) is { } result ? TypedResults.Ok(result) : NoLetter(id);
        }
        catch (InvalidOperationException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already replayed", detail: ex.Message);
        }
        catch (StoreWriteException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The store could not commit",
                detail: $"{ex.Message} The dead letter is unchanged; replay it again.");
        }
    }

    private static async Task<IReadOnlyList<FeedProblem>> LatestAsync(string source, DeadLetterStore deadLetters, DataQualityStore dataQuality,
        CancellationToken cancellationToken)
    {
        var (letters, _) = await deadLetters.ListAsync(source, 0, LatestProblems, cancellationToken);
        var (flags, _) = await dataQuality.ListAsync(source, 0, LatestProblems, cancellationToken);
        return [.. letters.Where(l => l.ReplayedAt is null).Select(l => new FeedProblem(l.ReceivedAt, "rejected", l.Site, l.Reference, string.Join(" ", l.Errors), l.Id))
            .Concat(flags.Select(f => new FeedProblem(f.FlaggedAt, "flagged", f.Site, f.EventId, f.Message, null)))
            .OrderByDescending(p => p.At).Take(LatestProblems)];
    }

    private static ProblemHttpResult NoLetter(long id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such dead letter", detail: $"id: there is no dead letter {id}.");
}

/// <summary>The answer of <c>GET /api/feeds</c>.</summary>
internal sealed record FeedList(DateOnly Day, IReadOnlyList<FeedSummary> Feeds);

/// <summary>
/// One feed: its owner, today's (UK local date) figures, its latest problems, its status (the most severe of
/// its rows on the <c>ingest</c> topic: <c>ok</c>, <c>late</c>, <c>rejecting</c>, <c>silent</c>; <c>retired</c> for a
/// retired feed still seen today) and its cadence; from the registry its name, kind, whether monitoring is enabled,
/// whether it is retired and its revision (null for a source that is not registered).
/// </summary>
internal sealed record FeedSummary(string Source, string? Owner, string? Contact, string? Channel, DateTimeOffset? LastReceivedAt,
    long AcceptedToday, long RejectedToday, long FlaggedToday, IReadOnlyList<FeedProblem> LatestProblems, string Status,
    TimeSpan? ExpectedEvery, TimeSpan? LateAfter, string? Name, string? Kind, TimeSpan? SilentAfter, bool? Enabled, bool Retired, int? Revision);

/// <summary>A problem told to a feed's owner: a rejection (a dead letter, with its id for replay) or a data-quality flag.</summary>
internal sealed record FeedProblem(DateTimeOffset At, string Type, string? Site, string? Reference, string Message, long? DeadLetterId);

/// <summary>The answer of <c>GET /api/feeds/{source}/problems</c>: one page of dead letters and one of flags, newest first.</summary>
internal sealed record FeedProblems(string Source, string? Owner, string? Contact, int Offset, int Limit, long DeadLetterTotal,
    IReadOnlyList<StoredDeadLetter> DeadLetters, long FlagTotal, IReadOnlyList<DataQualityFlag> Flags);
