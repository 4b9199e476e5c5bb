using System.Globalization;
using System.Text.Json;
using Bright.Core.Kpis;
using Bright.Pipelines.Feeds;
using Bright.Server.Jobs;
using Bright.Store.Feeds;
using Bright.Store.Kpis;

namespace Bright.Server.Kpis;

/// <summary>
/// Timeliness per feed as KPI series, generated from the feed registry: for every registered feed in service,
/// <c>feed-on-time-{id}</c> (the share of its events received within its agreed lag, <c>lateAfter</c>, per day
/// of receipt; only when a lag is agreed) and <c>feed-rejected-{id}</c> (the share of its records refused and
/// dead-lettered, per day). They are ordinary catalogue KPIs (p charts, SPC, <c>kpi:{id}</c> topics, the hourly
/// job); a change of the feed's owner or lag is a new revision of its KPIs, so every chart traces to the lag it
/// used. A retired feed's KPIs stay as they were.
/// </summary>
internal sealed partial class FeedKpis(KpiStore kpis, FeedStore feeds, KpiSpcJob job, ILogger<FeedKpis> logger)
{
    /// <summary>Who the generated KPIs are saved by.</summary>
    public const string Author = "feed registry";

    public static string OnTimeId(string feedId) => $"feed-on-time-{feedId}";

    public static string RejectedId(string feedId) => $"feed-rejected-{feedId}";

    /// <summary>The KPIs generated for <paramref name="feed"/>; none when its id cannot name a KPI.</summary>
    public static IReadOnlyList<KpiDefinition> For(FeedDefinition feed)
    {
        ArgumentNullException.ThrowIfNull(feed);
        if (!FeedSettingsValidator.IsValidId(feed.Id))
        {
            return [];
        }

        var generated = new List<KpiDefinition>();
        if (feed.LateAfter is { } lag)
        {
            var agreed = lag.ToString("c", CultureInfo.InvariantCulture);
            var seconds = lag.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            generated.Add(Base(feed) with
            {
                Id = OnTimeId(feed.Id),
                Name = $"{feed.Name}: events within the agreed lag",
                Description = $"Events from feed '{feed.Id}' received within its agreed lag of {agreed} from the point of care "
                    + "(received_at minus occurred_at), as a share of its events, per day of receipt (UK).",
                ImprovementDirection = "increase",
                Benchmark = new KpiBenchmark
                {
                    Label = "Every event within the agreed lag",
                    Value = 1,
                    Source = $"Feed registry: {feed.Id} lateAfter {agreed}",
                },
                Sql = $"""
                    SELECT CAST(timezone('Europe/London', received_at) AS DATE) AS period,
                           count(*) FILTER (WHERE epoch(received_at) - epoch(occurred_at) <= {seconds}) AS numerator,
                           count(*) AS denominator
                    FROM events
                    WHERE source = '{feed.Id}'
                    GROUP BY 1
                    ORDER BY 1
                    """,
            });
        }

        generated.Add(Base(feed) with
        {
            Id = RejectedId(feed.Id),
            Name = $"{feed.Name}: refused records",
            Description = $"Records from feed '{feed.Id}' refused and dead-lettered, as a share of its records received, per day of receipt (UK).",
            ImprovementDirection = "decrease",
            Benchmark = new KpiBenchmark
            {
                Label = "Every refused record is told to the feed's owner; the aim is none",
                Value = 0,
                Source = "BRIGHT data-quality process",
            },
            Sql = $"""
                WITH received AS (
                    SELECT CAST(timezone('Europe/London', received_at) AS DATE) AS day, count(*) AS accepted, 0 AS refused
                    FROM events WHERE source = '{feed.Id}' GROUP BY 1
                    UNION ALL
                    SELECT CAST(timezone('Europe/London', received_at) AS DATE) AS day, 0 AS accepted, count(*) AS refused
                    FROM dead_letters WHERE source = '{feed.Id}' GROUP BY 1)
                SELECT day AS period, sum(refused) AS numerator, sum(accepted) + sum(refused) AS denominator
                FROM received
                GROUP BY 1
                ORDER BY 1
                """,
        });
        return generated;
    }

    /// <summary>Brings every feed's KPIs up to the registry (at start-up).</summary>
    public async Task SyncAllAsync(CancellationToken cancellationToken)
    {
        foreach (var feed in await feeds.ListAsync(cancellationToken))
        {
            await SyncAsync(feed, cancellationToken);
        }
    }

    /// <summary>
    /// Saves the KPIs of <paramref name="feed"/> that are new or differ from the stored ones (a retired feed's are left
    /// alone) and recomputes their SPC; returns the ids of the feed's KPIs in the catalogue.
    /// </summary>
    public async Task<IReadOnlyList<string>> SyncAsync(StoredFeed feed, CancellationToken cancellationToken)
    {
        var generated = For(feed.Feed);
        if (generated.Count == 0)
        {
            LogNoKpis(logger, feed.Feed.Id);
        }

        if (!feed.Retired)
        {
            foreach (var kpi in generated)
            {
                var stored = await kpis.FindAsync(kpi.Id!, cancellationToken);
                if (stored is not null && Same(stored.Definition with { Targets = [] }, kpi))
                {
                    continue;
                }

                await kpis.SaveAsync(kpi, Author, cancellationToken);
                await job.RecomputeAsync((await kpis.FindAsync(kpi.Id!, cancellationToken))!, cancellationToken);
            }
        }

        return await IdsAsync(feed.Feed.Id, cancellationToken);
    }

    /// <summary>The ids of the KPIs in the catalogue generated for feed <paramref name="feedId"/>.</summary>
    public async Task<IReadOnlyList<string>> IdsAsync(string feedId, CancellationToken cancellationToken)
    {
        var wanted = new[] { OnTimeId(feedId), RejectedId(feedId) };
        return [.. (await kpis.ListAsync(cancellationToken)).Select(k => k.Definition.Id!).Where(wanted.Contains)];
    }

    private static KpiDefinition Base(FeedDefinition feed) => new()
    {
        Domain = "quality",
        Owner = feed.Owner,
        Unit = "percent",
        Chart = "p",
        Profile = "nhsr",
        Frequency = "daily",
        Targets = [],
    };

    private static bool Same(KpiDefinition a, KpiDefinition b) =>
        JsonSerializer.Serialize(a, KpiJson.Options) == JsonSerializer.Serialize(b, KpiJson.Options);

    [LoggerMessage(4021, LogLevel.Warning, "Feed {FeedId} has no KPIs: its id is not lower-case words joined by hyphens of at most 48 characters")]
    private static partial void LogNoKpis(ILogger logger, string feedId);
}

/// <summary>After the KPI catalogue is loaded: every registered feed has its KPIs.</summary>
internal sealed class FeedKpiStartup(FeedKpis kpis) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => kpis.SyncAllAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal static class FeedKpiServiceCollectionExtensions
{
    /// <summary>Timeliness and refusals per registered feed as KPIs (<see cref="FeedKpis"/>); after <c>AddBrightKpis</c>.</summary>
    public static IServiceCollection AddBrightFeedKpis(this IServiceCollection services)
    {
        services.AddSingleton<FeedKpis>();
        services.AddHostedService<FeedKpiStartup>();
        return services;
    }
}
