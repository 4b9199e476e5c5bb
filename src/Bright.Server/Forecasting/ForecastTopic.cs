using Bright.Core.Reference;
using Bright.Server.Live;
using Bright.Store.Forecasts;

namespace Bright.Server.Forecasting;

/// <summary>
/// The <c>forecast:{series}</c> topic: the series' latest forecast in the shape of <c>GET /api/forecasts/{series}</c>,
/// replaced whenever it is trained or refreshed; a delta is the whole new forecast.
/// </summary>
internal sealed class ForecastTopic(string series, string site, string name, ForecastAnswer? initial) : LiveTopic(NameOf(series))
{
    private ForecastTopicPayload _current = new(series, name, site, initial);
    private int _changed;

    public override string? Site => site;

    public ForecastTopicPayload Current => Volatile.Read(ref _current);

    public static string NameOf(string series) => $"forecast:{series}";

    public void Publish(ForecastAnswer forecast)
    {
        Volatile.Write(ref _current, Current with { Forecast = forecast });
        Interlocked.Exchange(ref _changed, 1);
    }

    protected override object BuildSnapshot() => Current;

    protected override object? BuildDelta() => Interlocked.Exchange(ref _changed, 0) == 1 ? Current : null;
}

/// <summary>The data of a <c>forecast:{series}</c> topic; <c>forecast</c> is null until the series is first trained.</summary>
internal sealed record ForecastTopicPayload(string Series, string Name, string Site, ForecastAnswer? Forecast);

/// <summary>One <see cref="ForecastTopic"/> per site and catalogue series, seeded from the stored forecasts. Thread-safe.</summary>
internal sealed class ForecastTopics
{
    private readonly Dictionary<string, ForecastTopic> _topics;

    public ForecastTopics(TrustReference trust, ForecastStore store)
    {
        var stored = store.ListAsync().GetAwaiter().GetResult().ToDictionary(f => f.Series, StringComparer.Ordinal);
        _topics = (from site in trust.Sites
                   from kind in ForecastCatalogue.Kinds
                   let id = ForecastCatalogue.Id(kind, site.Code)
                   select new ForecastTopic(id, site.Code, kind.Name, stored.TryGetValue(id, out var saved) ? ForecastContract.Answer(saved) : null))
            .ToDictionary(t => t.Current.Series, StringComparer.Ordinal);
    }

    public IEnumerable<ForecastTopic> All => _topics.Values;

    public void Publish(ForecastAnswer forecast)
    {
        if (forecast.Series is { } id && _topics.TryGetValue(id, out var topic))
        {
            topic.Publish(forecast);
        }
    }
}
