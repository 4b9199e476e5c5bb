using System.Collections.Concurrent;
using System.Globalization;
using Bright.Analytics.Forecasting;
using Bright.Core.Kpis;
using Bright.Store.Kpis;

namespace Bright.Server.Forecasting;

/// <summary>
/// Forecasts of any KPI in the catalogue, on request: series <c>kpi:{id}</c> at <c>GET /api/forecasts/kpi:{id}</c>.
/// The series is the one the KPI's SPC chart plots (a proportion or rate for p and u charts, the count for c
/// charts, the value otherwise), read from the store by the KPI's SQL at its daily, weekly or monthly frequency,
/// and forecast as a caller's series is: the model chosen by backtest on that history against the seasonal naive,
/// with 80% and 95% intervals. An answer is kept in memory for <see cref="KeepFor"/> per KPI revision and horizon, so
/// an executive opening KPI after KPI, or coming back to one, does not wait a second for each to be trained again; a
/// changed definition is a new revision and is forecast afresh at once.
/// </summary>
internal sealed class KpiForecasts(KpiStore kpis, ForecastService forecasts, TimeProvider clock)
{
    public const string Prefix = "kpi:";

    /// <summary>How long a KPI's forecast is served from memory before it is trained again on the latest data.</summary>
    public static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<(string Id, int Revision, int Horizon, bool Asked), ForecastAnswer> _kept = new();

    /// <summary>The forecast of KPI <paramref name="kpiId"/> <paramref name="horizonText"/> ahead, or why not.</summary>
    public async Task<(ForecastAnswer? Answer, KpiForecastRefusal? Refusal)> ForecastAsync(string kpiId, string? horizonText, CancellationToken ct)
    {
        if (await kpis.FindAsync(kpiId, ct) is not { } stored)
        {
            return Refuse(StatusCodes.Status404NotFound, "No such KPI", $"There is no KPI '{kpiId}'; GET /api/kpis lists them.", "series");
        }

        var kpi = stored.Definition;
        var frequency = FrequencyOf(kpi.Frequency);
        if (ParseHorizon(horizonText, frequency, kpiId, out var error) is not { } horizon)
        {
            return Refuse(StatusCodes.Status400BadRequest, "The horizon is not valid", error!, "horizon");
        }

        var key = (kpiId, stored.Revision, horizon, !string.IsNullOrEmpty(horizonText));
        if (_kept.TryGetValue(key, out var kept) && clock.GetUtcNow() - kept.TrainedAt < KeepFor)
        {
            return (kept, null);
        }

        var rows = await kpis.ReadSeriesAsync(kpi.Sql!, ct);
        var points = rows.Select(r => (r.Period, Value: ValueOf(kpi, r)))
            .Where(p => p.Value is { } v && double.IsFinite(v))
            .Select(p => new ForecastRequestPoint(p.Period.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), p.Value))
            .ToList();
        if (points.Count == 0)
        {
            return Refuse(StatusCodes.Status409Conflict, "Not enough history to forecast", $"KPI '{kpiId}' has no periods with a value yet.", "series");
        }

        if (string.IsNullOrEmpty(horizonText))
        {
            // Unasked, the horizon is the longest the history can be backtested for, up to the default: two years of
            // weekly points give one week ahead, where twelve would need two seasons and the twelve weeks.
            horizon = Math.Max(1, Math.Min(horizon, points.Count - ForecastSeries.MinimumPoints(frequency, 0)));
        }

        var errors = new List<string>();
        var series = ForecastRequestValidator.Validate(new ForecastRequest(frequency.Name(), horizon, points), errors, out _, out _);
        if (series is null)
        {
            return Refuse(StatusCodes.Status409Conflict, "The KPI's series cannot be forecast",
                $"KPI '{kpiId}' ({kpi.Frequency}): {string.Join(" ", errors)}", "series");
        }

        var result = await forecasts.ForecastAsync(series, horizon, ct);
        var answer = new ForecastAnswer(Prefix + kpiId, frequency.Name(), ForecastContract.CallerPoints(result, frequency, null), result.Model,
            clock.GetUtcNow(), result.Backtest);

        // One entry per KPI, revision and horizon asked: older revisions' entries go as a new one is kept.
        foreach (var stale in _kept.Keys.Where(k => k.Id == kpiId && k.Revision != stored.Revision))
        {
            _kept.TryRemove(stale, out _);
        }

        _kept[key] = answer;
        return (answer, null);
    }

    /// <summary>The KPI's frequency as a forecast frequency: <c>daily</c> (and unset), <c>weekly</c>, <c>monthly</c>.</summary>
    public static ForecastFrequency FrequencyOf(string? kpiFrequency) => kpiFrequency switch
    {
        "monthly" => ForecastFrequency.Month,
        "weekly" => ForecastFrequency.Week,
        _ => ForecastFrequency.Day,
    };

    /// <summary>
    /// Periods ahead: absent gives four weeks of days, or twelve weeks or months (shortened to what the history allows);
    /// else a whole number of the KPI's periods, bare or followed by its unit (<c>28d</c>, <c>12w</c>, <c>6m</c>).
    /// </summary>
    public static int? ParseHorizon(string? text, ForecastFrequency frequency, string kpiId, out string? error)
    {
        error = null;
        var (unit, fallback, example) = frequency switch
        {
            ForecastFrequency.Month => ('m', 12, "12m"),
            ForecastFrequency.Week => ('w', 12, "12w"),
            _ => ('d', 28, "28d"),
        };
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        var digits = text[^1] == unit ? text[..^1] : text;
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var periods) || periods < 1)
        {
            error = $"horizon: KPI '{kpiId}' is measured by the {frequency.Name()}; give a whole number of {frequency.Name()}s above 0, " +
                $"e.g. {example} (was '{text}').";
            return null;
        }

        if (periods > frequency.MaxHorizon())
        {
            error = $"horizon: KPI '{kpiId}' is forecast at most {frequency.MaxHorizon()} {frequency.Name()}s ahead (was '{text}').";
            return null;
        }

        return periods;
    }

    /// <summary>What the KPI's SPC chart plots for <paramref name="row"/>.</summary>
    private static double? ValueOf(KpiDefinition kpi, KpiSeriesRow row) => kpi.Chart switch
    {
        "c" => row.Numerator,
        "p" or "u" => row.Denominator > 0 ? row.Numerator / row.Denominator : null,
        _ => row.Value ?? (row.Denominator > 0 ? row.Numerator / row.Denominator : null),
    };

    private static (ForecastAnswer?, KpiForecastRefusal?) Refuse(int status, string title, string detail, string field) =>
        (null, new KpiForecastRefusal(status, title, detail, field));
}

/// <summary>Why a KPI was not forecast, as a problem+json answer.</summary>
internal sealed record KpiForecastRefusal(int Status, string Title, string Detail, string Field);
