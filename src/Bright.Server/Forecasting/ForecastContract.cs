using System.Globalization;
using System.Text.Json;
using Bright.Analytics.Forecasting;
using Bright.Core.Time;
using Bright.Store.Forecasts;

namespace Bright.Server.Forecasting;

/// <summary>The JSON answer of <c>GET /api/forecasts/{series}</c> and <c>POST /api/forecast</c>.</summary>
internal sealed record ForecastAnswer(string? Series, string Frequency, IReadOnlyList<ForecastPointAnswer> Points, string Model,
    DateTimeOffset TrainedAt, ForecastBacktest Backtest)
{
    /// <summary>When the points were last recomputed from the latest data with the trained model; null when not since training.</summary>
    public DateTimeOffset? RefreshedAt { get; init; }
}

/// <summary>One future period: <c>time</c> is a date for daily and longer series, a date and time with offset for hourly ones.</summary>
internal sealed record ForecastPointAnswer(string Time, double Mean, double Lower80, double Upper80, double Lower95, double Upper95);

/// <summary>An entry of <c>GET /api/forecasts</c>.</summary>
internal sealed record ForecastSeriesEntry(string Id, string Name, string Site, string Frequency, int DefaultHorizon, string? Model,
    DateTimeOffset? TrainedAt);

internal static class ForecastContract
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A stored forecast as served, cut to <paramref name="horizon"/> periods (all of them when null).</summary>
    public static ForecastAnswer Answer(StoredForecast saved, int? horizon = null)
    {
        var points = JsonSerializer.Deserialize<List<ForecastPointAnswer>>(saved.PointsJson, Json)!;
        var backtest = JsonSerializer.Deserialize<ForecastBacktest>(saved.BacktestJson, Json)!;
        return new ForecastAnswer(saved.Series, saved.Frequency, [.. points.Take(horizon ?? points.Count)], saved.Model, saved.TrainedAt, backtest)
        {
            RefreshedAt = saved.RefreshedAt,
        };
    }

    /// <summary>Points of a store series: hourly times are Europe/London clock times, shown with their UK offset.</summary>
    public static List<ForecastPointAnswer> StorePoints(ForecastResult result, ForecastFrequency frequency) =>
        [.. result.Points.Select(p => Point(p, frequency == ForecastFrequency.Hour
            ? UkTime.FromLocal(p.Time).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture)
            : Date(p.Time)))];

    /// <summary>Points of a caller's series, in the caller's clock (and offset, if the caller gave one).</summary>
    public static List<ForecastPointAnswer> CallerPoints(ForecastResult result, ForecastFrequency frequency, TimeSpan? offset) =>
        [.. result.Points.Select(p => Point(p, frequency != ForecastFrequency.Hour ? Date(p.Time)
            : offset is { } o ? new DateTimeOffset(p.Time, o).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture)
            : p.Time.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)))];

    private static ForecastPointAnswer Point(ForecastPoint p, string time) => new(time, p.Mean, p.Lower80, p.Upper80, p.Lower95, p.Upper95);

    private static string Date(DateTime time) => time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
