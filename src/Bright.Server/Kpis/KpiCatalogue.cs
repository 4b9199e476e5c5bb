using System.Text.Json;
using Bright.Core.Reference;
using Bright.Server.Live;
using Bright.Store.Kpis;

namespace Bright.Server.Kpis;

/// <summary>
/// Brings the store's catalogue up to the shipped file (once per process: reference wards, then the file
/// when its version is newer than the stored one) and keeps a <c>kpi:{id}</c> topic for every stored KPI,
/// seeded with its latest stored result. Thread-safe.
/// </summary>
internal sealed partial class KpiCatalogue(KpiStore store, TrustReference trust, ILogger<KpiCatalogue> logger)
{
    private readonly Lock _gate = new();
    private bool _loaded;

    /// <summary>Loads the shipped catalogue if needed; the shipped file must be valid, or start-up stops naming the entry.</summary>
    public void EnsureLoaded()
    {
        lock (_gate)
        {
            if (_loaded)
            {
                return;
            }

            store.ReplaceReferenceWardsAsync(trust).GetAwaiter().GetResult();
            var file = KpiCatalogueFile.LoadEmbedded();
            if (file.Version > store.CatalogueVersionAsync().GetAwaiter().GetResult())
            {
                var problems = new List<string>();
                foreach (var kpi in file.Kpis)
                {
                    problems.AddRange(KpiDefinitionValidator.Validate(kpi, null, store).Select(e => $"KPI '{kpi.Id}' {e.Field}: {e.Reason}"));
                }

                if (problems.Count > 0)
                {
                    throw new InvalidOperationException($"The shipped KPI catalogue v{file.Version} is not valid:\n{string.Join('\n', problems)}");
                }

                var loaded = store.LoadCatalogueAsync(file.Version, [.. file.Kpis.Select(k => k with { Profile = k.Profile ?? "nhsr" })])
                    .GetAwaiter().GetResult();
                if (loaded)
                {
                    LogLoaded(logger, file.Version, file.Kpis.Count);
                }
            }

            _loaded = true;
        }
    }

    /// <summary>A topic per stored KPI, each starting from its latest stored result.</summary>
    public IReadOnlyList<KpiTopic> CreateTopics()
    {
        EnsureLoaded();
        var latest = store.LatestResultsAsync().GetAwaiter().GetResult().ToDictionary(r => r.KpiId, StringComparer.Ordinal);
        var kpis = store.ListAsync().GetAwaiter().GetResult();
        return [.. kpis.Select(k => new KpiTopic(k.Definition.Id!, latest.TryGetValue(k.Definition.Id!, out var record) ? TileOf(k, record) : null,
            k.Definition.Name, k.Definition.Unit))];
    }

    /// <summary>A tile rebuilt from a stored result: its columns, and the sparkline from the stored response's points.</summary>
    public static KpiTilePayload TileOf(StoredKpi kpi, KpiSpcRecord record)
    {
        using var document = JsonDocument.Parse(record.ResultJson);
        var points = document.RootElement.TryGetProperty("points", out var p) ? p.EnumerateArray().ToList() : [];
        var spark = points.Skip(Math.Max(0, points.Count - KpiTilePayload.SparklineLength))
            .Select(e => e.Deserialize<KpiSparkPoint>(KpiJson.Options)!).ToList();
        return new KpiTilePayload(record.KpiId, kpi.Definition.Name, kpi.Definition.Unit, record.ComputedAt, record.LatestPeriod, record.LatestValue,
            Parse<Analytics.Spc.SpcVariation>(record.Variation), Parse<Analytics.Spc.SpcAssurance>(record.Assurance), record.Target,
            record.Narrative, spark, kpi.Definition.Owner);
    }

    [LoggerMessage(4002, LogLevel.Information, "Loaded KPI catalogue v{Version} with {Count} KPIs")]
    private static partial void LogLoaded(ILogger logger, int version, int count);

    private static T? Parse<T>(string? contractName)
        where T : struct => contractName is null ? null : JsonSerializer.Deserialize<T>($"\"{contractName}\"", KpiJson.Options);
}

/// <summary>Finds or adds the topic of a KPI in the hub's registry.</summary>
internal sealed class KpiTopics(LiveTopicRegistry registry)
{
    private readonly Lock _gate = new();

    public KpiTopic Ensure(string kpiId)
    {
        lock (_gate)
        {
            if (registry.Find(KpiTopic.NameOf(kpiId)) is KpiTopic existing)
            {
                return existing;
            }

            var topic = new KpiTopic(kpiId, null);
            registry.Add(topic);
            return topic;
        }
    }
}
