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
    /// <exception cref="ArgumentException">The series has no more than one season of points, or is not paired.</exception>
    public ForecastResult Forecast(ForecastSeries series, int horizon) => Train(series, horizon).Result;

    /// <summary>
    /// Backtests, chooses and trains as <see cref="Forecast"/> does, and also returns the model for
    /// <see cref="Refresh"/>. A series longer than one season but shorter than
    /// <see cref="ForecastSeries.MinimumPoints"/> cannot be backtested: it gets the labelled seasonal naive with no
    /// backtest figures and intervals from its in-sample seasonal differences.
    /// </summary>
    /// <exception cref="ArgumentException">The series has no more than one season of points, or is not paired.</exception>
    public TrainedForecast Train(ForecastSeries series, int horizon)
    {
        ArgumentNullException.ThrowIfNull(series);
        var n = series.Values.Count;
        var season = series.Frequency.SeasonLength();
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        if (series.Times.Count != n || n <= season)
        {
            throw new ArgumentException(
                $"A series of {n} values and {series.Times.Count} times cannot be forecast {horizon} periods ahead: " +
                $"more than one season ({season}) of paired points is needed, and {ForecastSeries.MinimumPoints(series.Frequency, horizon)} " +
                "to backtest a model.", nameof(series));
        }

        if (n < ForecastSeries.MinimumPoints(series.Frequency, horizon))
        {
            return Unbacktested(series, horizon);
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
        var fitted = treesEligible && treeMase is { } t && baselineMase is { } b && t < b ? trees.Fit(features, series.Values, n - 1, horizon) : null;
        var useTrees = fitted is not null;
        Func<Window, double[]> served = useTrees ? w => w.Tree! : w => w.Baseline;

        var intervals = new ConformalIntervals(windows.Select(w => Residuals(w, served(w))).ToList(), horizon);
        var floor = Floor(series.Values);
        var daily = series.Frequency == ForecastFrequency.Day;
        var backtest = new ForecastBacktest(
            useTrees ? treeMase : baselineMase,
            baselineMase,
            daily ? Mape(windows, served) : null,
            daily ? Mape(windows, w => w.Baseline) : null,
            intervals.LeaveOneOutCoverage(windows.Select(w => w.Actual).ToList(), windows.Select(served).ToList(), 0.80, floor),
            intervals.LeaveOneOutCoverage(windows.Select(w => w.Actual).ToList(), windows.Select(served).ToList(), 0.95, floor),
            windows.Count, horizon, TreeModelName, treeMase);
        var widths = Enumerable.Range(1, horizon).Select(intervals.HalfWidths).ToList();
        var model = new ForecastModel(series.Frequency, horizon, useTrees ? TreeModelName : SeasonalNaive.Name, backtest,
            [.. widths.Select(w => w.W80)], [.. widths.Select(w => w.W95)], fitted);
        return new TrainedForecast(Refresh(model, series), model);
    }

    /// <summary>
    /// Forecasts the model's horizon after the last point of <paramref name="latest"/> with the model a training kept,
    /// without training again: the trees (or the baseline) on the latest lags, with the training's interval widths.
    /// </summary>
    /// <exception cref="ArgumentException">The series is of another frequency, not paired, or has no more than one season of points.</exception>
    public ForecastResult Refresh(ForecastModel model, ForecastSeries latest)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(latest);
        var n = latest.Values.Count;
        var season = latest.Frequency.SeasonLength();
        if (latest.Frequency != model.Frequency || latest.Times.Count != n || n <= season)
        {
            throw new ArgumentException(
                $"A {latest.Frequency.Name()} series of {n} values and {latest.Times.Count} times cannot be refreshed with a " +
                $"{model.Frequency.Name()} model: the same frequency and more than one season ({season}) of paired points are needed.",
                nameof(latest));
        }

        var mean = model.Trees is { } zip
            ? new TreeForecaster(_options).Predict(zip, new ForecastFeatures(latest, _holidays), n - 1, model.Horizon)
            : SeasonalNaive.Forecast(latest.Values, n - 1, season, model.Horizon);
        var floor = Floor(latest.Values);
        var points = mean.Select((m, i) => new ForecastPoint(latest.Frequency.Step(latest.Times[n - 1], i + 1), m,
            Math.Max(floor, m - model.HalfWidths80[i]), m + model.HalfWidths80[i],
            Math.Max(floor, m - model.HalfWidths95[i]), m + model.HalfWidths95[i])).ToList();
        return new ForecastResult(points, model.Model, model.Backtest);
    }

    /// <summary>
    /// The labelled seasonal naive for a series too short to backtest: intervals from the in-sample seasonal differences
    /// |y[t] − y[t − m]| (split conformal on them, widened by √⌈h/m⌉ for steps more than one season ahead).
    /// </summary>
    private TrainedForecast Unbacktested(ForecastSeries series, int horizon)
    {
        var season = series.Frequency.SeasonLength();
        var differences = Enumerable.Range(season, series.Values.Count - season)
            .Select(t => Math.Abs(series.Values[t] - series.Values[t - season])).Order().ToList();
        double Quantile(double level) => differences[Math.Min((int)Math.Ceiling((differences.Count + 1) * level), differences.Count) - 1];
        var (w80, w95) = (Quantile(0.80), Quantile(0.95));
        var widen = Enumerable.Range(1, horizon).Select(h => Math.Sqrt(SeasonalNaive.SeasonsBack(h, season))).ToList();
        var backtest = new ForecastBacktest(null, null, null, null, null, null, 0, horizon, TreeModelName, null);
        var model = new ForecastModel(series.Frequency, horizon, SeasonalNaive.Name, backtest, [.. widen.Select(k => w80 * k)],
            [.. widen.Select(k => w95 * k)], null);
        return new TrainedForecast(Refresh(model, series), model);
    }

    private static double Floor(IReadOnlyList<double> values) => values.All(v => v >= 0) ? 0 : double.NegativeInfinity;

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
