using System.Diagnostics;
using System.Globalization;
using Bright.Analytics.Forecasting;
using Bright.Testing;

namespace Bright.Benchmarks;

/// <summary>
/// Issue 8's evaluation on real data: NHS England's monthly A&amp;E attendances (NHSRdatasets' <c>ae_attendances</c>,
/// Open Government Licence v3.0), per provider and type with all 36 months, trained on the first 24 and forecast 12
/// ahead. Per series: the 12-month seasonal naive; BRIGHT's per-series trees alone, trained on the 24 months with no
/// backtest behind them; and the per-series model selection (<see cref="ForecastEngine"/>), which serves a model only
/// where backtests on the training window beat the naive. Across the panel: the pooled model
/// (<see cref="PooledForecaster"/>, one FastTree over every series) alone, and <see cref="PooledSelection"/>, which
/// serves it to a series only where it beat the naive in backtests inside the 24 training months (or, as a second
/// rule, to every series when the median backtest error ratio is below one). MASE is scaled by the in-sample MAE of
/// the seasonal naive on the training window; MAPE is over the 12 test months.
/// </summary>
internal static class AeEvaluation
{
    private const int Train = 24;
    private const int Horizon = 12;

    public static void Run()
    {
        var series = Read(SharedData.File("nhs_ae_attendances.csv"));
        var engine = new ForecastEngine();
        var trees = new TreeForecaster(new ForecastOptions());
        var naive = new List<(double Mase, double Mape)>();
        var model = new List<(double Mase, double Mape)>();
        var selected = new List<(double Mase, double Mape)>();
        var treesTrained = 0;
        var modelServed = 0;
        var pooledRun = Pooled(series);
        var pooled = new List<(double Mase, double Mape)>();
        var pooledSelected = new List<(double Mase, double Mape)>();
        var pooledPanel = new List<(double Mase, double Mape)>();
        var index = -1;
        foreach (var (_, times, values) in series)
        {
            index++;
            var history = new ForecastSeries(ForecastFrequency.Month, [.. times.Take(Train)], [.. values.Take(Train)]);
            var actual = values.Skip(Train).ToArray();
            var scale = ForecastAccuracy.SeasonalNaiveScale(history.Values, 12);
            if (!(scale > 0))
            {
                continue;
            }

            var baseline = SeasonalNaive.Forecast(history.Values, Train - 1, 12, Horizon);
            var tree = trees.Forecast(new ForecastFeatures(history, BankHolidays.England), history.Values, Train - 1, Horizon);
            var chosen = engine.Forecast(history, Horizon);
            treesTrained += tree is null ? 0 : 1;
            modelServed += chosen.Model == SeasonalNaive.Name ? 0 : 1;
            naive.Add(Score(actual, baseline, scale));
            // Where the trees cannot be trained at all, the trees-alone column falls back to the naive, as serving would.
            model.Add(Score(actual, tree ?? baseline, scale));
            selected.Add(Score(actual, [.. chosen.Points.Select(p => p.Mean)], scale));
            var panelForecast = pooledRun.Forecast.Series[index];
            pooled.Add(Score(actual, panelForecast.Pooled ?? baseline, scale));
            pooledSelected.Add(Score(actual, panelForecast.Mean, scale));
            pooledPanel.Add(Score(actual, pooledRun.Forecast.PooledWinsPanel ? panelForecast.Pooled ?? baseline : baseline, scale));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"A&E monthly (NHS England, {naive.Count} provider × type series with 36 complete months; train 24, forecast 12): " +
            $"trees trainable on {treesTrained}, model served by selection on {modelServed}"));
        Print("seasonal naive (12 months)", naive);
        if (treesTrained > 0)
        {
            Print("trees alone (no backtest)", model);
        }

        Print("per-series selection", selected);
        var forecasts = pooledRun.Forecast.Series;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  pooled model (one FastTree across all {forecasts.Count} series; backtest origins at months " +
            $"{string.Join(", ", pooledRun.Forecast.BacktestOrigins.Select(o => o + 1))} of the 24; {pooledRun.Seconds:F1} s for " +
            $"{pooledRun.Forecast.BacktestOrigins.Count + 1} trainings): forecast on {forecasts.Count(f => f.Pooled is not null)}, " +
            $"beat the naive in the backtest on {forecasts.Count(f => f.Model == PooledSelection.PooledModelName)}, " +
            $"panel median backtest error ratio {PanelRatio(forecasts):F3} (pooled served to the whole panel: {(pooledRun.Forecast.PooledWinsPanel ? "yes" : "no")})"));
        Print("pooled alone (no backtest)", pooled);
        Print("BRIGHT pooled selection", pooledSelected);
        Print("pooled selection per panel", pooledPanel);
        var served = pooledSelected.Zip(naive).Where(p => p.First != p.Second).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  where the pooled model was served ({served.Count} series), on the test year it beat the naive on " +
            $"{served.Count(p => p.First.Mase < p.Second.Mase)} and lost on {served.Count(p => p.First.Mase > p.Second.Mase)}; " +
            $"pooled alone beat the naive on {pooled.Zip(naive).Count(p => p.First.Mase < p.Second.Mase)} of {naive.Count}"));
    }

    private static (PooledPanelForecast Forecast, double Seconds) Pooled(List<(string Key, List<DateTime> Times, List<double> Values)> series)
    {
        var panel = series.Select(s => new PanelSeries(s.Key, s.Key[(s.Key.IndexOf('/', StringComparison.Ordinal) + 1)..], [.. s.Values.Take(Train)]))
            .ToList();
        var clock = Stopwatch.StartNew();
        var forecast = new PooledSelection().Forecast(panel, series[0].Times[0].Month, Horizon);
        return (forecast, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The lower median of pooled ÷ naive backtest error, a series the pooled model could not forecast counting as infinite.</summary>
    private static double PanelRatio(IReadOnlyList<PooledSeriesForecast> forecasts)
    {
        var ratios = forecasts.Where(f => f.NaiveError > 0).Select(f => f.PooledError is { } e ? e / f.NaiveError : double.PositiveInfinity).Order().ToList();
        return ratios[(ratios.Count - 1) / 2];
    }

    private static (double Mase, double Mape) Score(double[] actual, double[] forecast, double scale) =>
        (ForecastAccuracy.Mase(actual, forecast, scale), ForecastAccuracy.Mape(actual, forecast));

    private static void Print(string name, List<(double Mase, double Mape)> scores) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  {name,-28} median MASE {Median(scores.Select(s => s.Mase)):F3}, median MAPE {Median(scores.Select(s => s.Mape)):F1}%"));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(double.IsFinite).Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Series with all 36 months, as (org and type, month starts, attendances), in file order.</summary>
    private static List<(string Key, List<DateTime> Times, List<double> Values)> Read(string path)
    {
        var rows = File.ReadLines(path).Skip(1).Select(line => line.Split(',')).Select(f => (
            Key: $"{f[1]}/{f[2]}",
            Period: DateTime.ParseExact(f[0], "yyyy-MM-dd", CultureInfo.InvariantCulture),
            Attendances: double.Parse(f[3], CultureInfo.InvariantCulture)));
        return [.. rows.GroupBy(r => r.Key)
            .Select(g => g.OrderBy(r => r.Period).ToList())
            .Where(g => g.Count == Train + Horizon && g[^1].Period == g[0].Period.AddMonths(Train + Horizon - 1))
            .Select(g => (g[0].Key, g.Select(r => r.Period).ToList(), g.Select(r => r.Attendances).ToList()))];
    }
}
