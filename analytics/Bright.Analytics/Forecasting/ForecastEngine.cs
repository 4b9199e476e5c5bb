namespace Bright.Analytics.Forecasting;

/// <summary>
/// Backtests gradient-boosted trees against the seasonal naive on rolling origins, serves whichever has the
/// lower MASE over the same windows (the baseline, labelled so, on a tie or when the trees cannot be trained),
/// and wraps its forecast in split-conformal 80% and 95% intervals from its own backtest residuals.
/// Pure and thread-safe; training is CPU-bound and may take seconds on years of hourly data.
/// </summary>
public sealed class ForecastEngine(ForecastOptions? options = null, BankHolidays? holidays = null)
{
    /// <summary>The name served when the trees beat the baseline.</summary>
    public const string TreeModelName = "fasttree";

    private readonly ForecastOptions _options = options ?? new ForecastOptions();
    private readonly BankHolidays _holidays = holidays ?? BankHolidays.England;

    /// <summary>Forecasts <paramref name="horizon"/> periods after the last point of <paramref name="series"/>.</summary>
    /// <exception cref="ArgumentException">The series is shorter than <see cref="ForecastSeries.MinimumPoints"/> or not paired.</exception>
    public ForecastResult Forecast(ForecastSeries series, int horizon)
    {
        ArgumentNullException.ThrowIfNull(series);
        var n = series.Values.Count;
        var season = series.Frequency.SeasonLength();
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        if (series.Times.Count != n || n < ForecastSeries.MinimumPoints(series.Frequency, horizon))
        {
            throw new ArgumentException(
                $"A series of {n} values and {series.Times.Count} times cannot be forecast {horizon} periods ahead: " +
                $"at least {ForecastSeries.MinimumPoints(series.Frequency, horizon)} paired points are needed.", nameof(series));
        }

        var features = new ForecastFeatures(series, _holidays);
        var trees = new TreeForecaster(_options);
        var origins = Origins(n, season, horizon, o => TreeForecaster.CanTrain(o, season, horizon, n));
        var treesEligible = origins.Count > 0;
        if (!treesEligible)
        {
            origins = Origins(n, season, horizon, _ => true);
        }

        var windows = new List<Window>();
        foreach (var origin in origins)
        {
            var actual = series.Values.Skip(origin + 1).Take(horizon).ToArray();
            var baseline = SeasonalNaive.Forecast(series.Values, origin, season, horizon);
            var tree = treesEligible ? trees.Forecast(features, series.Values, origin, horizon) : null;
            treesEligible &= tree is not null;
            var scale = ForecastAccuracy.SeasonalNaiveScale([.. series.Values.Take(origin + 1)], season);
            windows.Add(new Window(actual, baseline, tree, scale));
        }

        var baselineMase = Mase(windows, w => w.Baseline);
        var treeMase = treesEligible ? Mase(windows, w => w.Tree!) : null;
        var useTrees = treesEligible && treeMase is { } t && baselineMase is { } b && t < b;
        Func<Window, double[]> served = useTrees ? w => w.Tree! : w => w.Baseline;

        var mean = useTrees
            ? trees.Forecast(features, series.Values, n - 1, horizon)!
            : SeasonalNaive.Forecast(series.Values, n - 1, season, horizon);
        var intervals = new ConformalIntervals(windows.Select(w => Residuals(w, served(w))).ToList(), horizon);
        var floor = series.Values.All(v => v >= 0) ? 0 : double.NegativeInfinity;
        var points = mean.Select((m, i) =>
        {
            var (w80, w95) = intervals.HalfWidths(i + 1);
            return new ForecastPoint(series.Frequency.Step(series.Times[n - 1], i + 1), m, Math.Max(floor, m - w80), m + w80,
                Math.Max(floor, m - w95), m + w95);
        }).ToList();

        var daily = series.Frequency == ForecastFrequency.Day;
        var backtest = new ForecastBacktest(
            useTrees ? treeMase : baselineMase,
            baselineMase,
            daily ? Mape(windows, served) : null,
            daily ? Mape(windows, w => w.Baseline) : null,
            intervals.LeaveOneOutCoverage(windows.Select(w => w.Actual).ToList(), windows.Select(served).ToList(), 0.80, floor),
            intervals.LeaveOneOutCoverage(windows.Select(w => w.Actual).ToList(), windows.Select(served).ToList(), 0.95, floor),
            windows.Count, horizon, TreeModelName, treeMase);
        return new ForecastResult(points, useTrees ? TreeModelName : SeasonalNaive.Name, backtest);
    }

    /// <summary>
    /// Rolling origins, latest first, one horizon apart so test windows do not overlap: enough for about
    /// <see cref="ForecastOptions.TargetResiduals"/> residuals, at least four where history allows, each with two
    /// seasons behind it (for the MASE scale) and passing <paramref name="usable"/>.
    /// </summary>
    internal List<int> Origins(int n, int season, int horizon, Func<int, bool> usable)
    {
        var wanted = Math.Clamp((_options.TargetResiduals + horizon - 1) / horizon, 4, Math.Max(4, _options.MaxOrigins));
        var origins = new List<int>();
        for (var origin = n - 1 - horizon; origin >= (2 * season) - 1 && origins.Count < wanted && usable(origin); origin -= horizon)
        {
            origins.Add(origin);
        }

        return origins;
    }

    private static double[] Residuals(Window window, double[] forecast) => [.. window.Actual.Select((y, i) => y - forecast[i])];

    private static double? Mase(List<Window> windows, Func<Window, double[]> forecast)
    {
        var scaled = windows.Where(w => w.Scale > 0).Select(w => ForecastAccuracy.Mase(w.Actual, forecast(w), w.Scale)).ToList();
        return scaled.Count == 0 ? null : scaled.Average();
    }

    private static double? Mape(List<Window> windows, Func<Window, double[]> forecast)
    {
        var mape = ForecastAccuracy.Mape([.. windows.SelectMany(w => w.Actual)], [.. windows.SelectMany(forecast)]);
        return double.IsFinite(mape) ? mape : null;
    }

    private sealed record Window(double[] Actual, double[] Baseline, double[]? Tree, double Scale);
}
