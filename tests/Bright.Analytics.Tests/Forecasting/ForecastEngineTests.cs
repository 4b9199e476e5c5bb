using Bright.Analytics.Forecasting;

namespace Bright.Analytics.Tests.Forecasting;

public sealed class ForecastEngineTests
{
    [Test]
    public void On_strong_daily_and_weekly_seasonality_the_trees_beat_the_seasonal_naive_with_near_nominal_coverage()
    {
        var result = new ForecastEngine().Forecast(SyntheticSeries.SeasonalHourly(weeks: 10, seed: 7), 48);
        var backtest = result.Backtest;
        Assert.Multiple(() =>
        {
            Assert.That(result.Model, Is.EqualTo(ForecastEngine.TreeModelName));
            Assert.That(backtest.Mase, Is.LessThan(1).And.LessThan(backtest.Baseline!.Value));
            Assert.That(backtest.Coverage80, Is.InRange(0.70, 0.90), "80% interval coverage on backtest");
            Assert.That(backtest.Coverage95, Is.InRange(0.88, 1.0), "95% interval coverage on backtest");
            Assert.That(backtest.Mape, Is.Null, "MAPE is for daily totals only");
            Assert.That(result.Points, Has.Count.EqualTo(48));
            Assert.That(result.Points[0].Time, Is.EqualTo(SyntheticSeries.Start.AddHours((10 * 168) + 0)));
        });
    }

    [Test]
    public void Intervals_nest_around_the_mean_and_never_fall_below_zero_for_counts()
    {
        var result = new ForecastEngine().Forecast(SyntheticSeries.SeasonalHourly(weeks: 6, seed: 3), 24);
        Assert.That(result.Points, Has.All.Matches<ForecastPoint>(p =>
            p.Lower95 >= 0 && p.Lower95 <= p.Lower80 && p.Lower80 <= p.Mean && p.Mean <= p.Upper80 && p.Upper80 <= p.Upper95));
    }

    [Test]
    public void On_pure_noise_the_model_served_is_whichever_won_the_backtest()
    {
        var result = new ForecastEngine().Forecast(SyntheticSeries.Noise(days: 400, seed: 11), 7);
        var backtest = result.Backtest;
        var treesWon = backtest.CandidateMase < backtest.Baseline;
        Assert.Multiple(() =>
        {
            Assert.That(result.Model, Is.EqualTo(treesWon ? ForecastEngine.TreeModelName : SeasonalNaive.Name));
            Assert.That(backtest.Mase, Is.EqualTo(treesWon ? backtest.CandidateMase : backtest.Baseline));
            Assert.That(backtest.Mape, Is.Not.Null, "daily series report MAPE");
            Assert.That(backtest.BaselineMape, Is.Not.Null);
        });
    }

    [Test]
    public void A_series_too_short_to_train_trees_is_served_by_the_labelled_seasonal_naive()
    {
        var full = SyntheticSeries.Noise(days: 400, seed: 5);
        var minimum = ForecastSeries.MinimumPoints(ForecastFrequency.Day, 7);
        var series = full with { Times = [.. full.Times.Take(minimum)], Values = [.. full.Values.Take(minimum)] };
        var result = new ForecastEngine().Forecast(series, 7);
        Assert.Multiple(() =>
        {
            Assert.That(result.Model, Is.EqualTo(SeasonalNaive.Name));
            Assert.That(result.Backtest.CandidateMase, Is.Null);
            Assert.That(result.Backtest.Origins, Is.EqualTo(1));
            Assert.That(result.Points.Select(p => p.Mean), Is.EqualTo(series.Values.TakeLast(7)));
        });
    }

    [Test]
    public void An_all_zero_series_gets_the_labelled_baseline_with_no_mase_and_no_nan()
    {
        var times = Enumerable.Range(0, 120).Select(i => SyntheticSeries.Start.AddDays(i)).ToList();
        var result = new ForecastEngine().Forecast(new ForecastSeries(ForecastFrequency.Day, times, [.. times.Select(_ => 0.0)]), 7);
        Assert.Multiple(() =>
        {
            Assert.That(result.Model, Is.EqualTo(SeasonalNaive.Name));
            Assert.That(result.Backtest.Mase, Is.Null);
            Assert.That(result.Backtest.Mape, Is.Null);
            Assert.That(result.Points.SelectMany(p => new[] { p.Mean, p.Lower80, p.Upper80, p.Lower95, p.Upper95 }), Is.All.EqualTo(0.0));
        });
    }

    [Test]
    public void The_same_series_gives_the_same_forecast()
    {
        var series = SyntheticSeries.SeasonalHourly(weeks: 5, seed: 9);
        var first = new ForecastEngine().Forecast(series, 12);
        var second = new ForecastEngine().Forecast(series, 12);
        Assert.Multiple(() =>
        {
            Assert.That(second.Model, Is.EqualTo(first.Model));
            Assert.That(second.Points, Is.EqualTo(first.Points));
            Assert.That(second.Backtest, Is.EqualTo(first.Backtest));
        });
    }

    [Test]
    public void Backtest_origins_are_one_horizon_apart_latest_first_with_two_seasons_behind_them()
    {
        var origins = new ForecastEngine(new ForecastOptions { TargetResiduals = 10 }).Origins(40, 7, 5, _ => true);
        // n - 1 - H = 34, then 29, 24, 19: four (the minimum), all at or after 2m - 1 = 13.
        Assert.That(origins, Is.EqualTo(new[] { 34, 29, 24, 19 }));
    }
}
