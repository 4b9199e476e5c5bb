using Bright.Analytics.Forecasting;

namespace Bright.Analytics.Tests.Forecasting;

public sealed class ForecastRefreshTests
{
    [Test]
    public void Refreshing_a_kept_model_on_the_data_it_was_trained_on_gives_the_trained_forecast()
    {
        var engine = new ForecastEngine();
        var series = SyntheticSeries.SeasonalHourly(weeks: 6, seed: 21);
        var trained = engine.Train(series, 24);
        var refreshed = engine.Refresh(trained.Model, series);
        Assert.Multiple(() =>
        {
            Assert.That(trained.Model.Model, Is.EqualTo(ForecastEngine.TreeModelName));
            Assert.That(trained.Model.Trees, Is.Not.Null.And.Not.Empty);
            Assert.That(refreshed.Points, Is.EqualTo(trained.Result.Points));
            Assert.That(refreshed.Backtest, Is.EqualTo(trained.Result.Backtest));
        });
    }

    [Test]
    public void Refreshing_with_later_data_forecasts_from_the_new_last_point_without_training()
    {
        var engine = new ForecastEngine();
        var full = SyntheticSeries.SeasonalHourly(weeks: 7, seed: 22);
        var older = full with { Times = [.. full.Times.SkipLast(5)], Values = [.. full.Values.SkipLast(5)] };
        var trained = engine.Train(older, 24);
        var refreshed = engine.Refresh(trained.Model, full);
        Assert.Multiple(() =>
        {
            Assert.That(refreshed.Points[0].Time, Is.EqualTo(full.Times[^1].AddHours(1)));
            Assert.That(refreshed.Points, Has.Count.EqualTo(24));
            Assert.That(refreshed.Model, Is.EqualTo(trained.Model.Model));
            Assert.That(refreshed.Points.Select(p => p.Upper95 - p.Mean), Is.EqualTo(trained.Model.HalfWidths95).Within(1e-9),
                "the training's interval widths are kept");
            Assert.That(refreshed.Points.Select(p => p.Mean), Has.All.Matches<double>(double.IsFinite));
        });
    }

    [Test]
    public void A_kept_model_survives_a_json_round_trip()
    {
        var engine = new ForecastEngine();
        var series = SyntheticSeries.SeasonalHourly(weeks: 6, seed: 23);
        var trained = engine.Train(series, 12);
        var json = System.Text.Json.JsonSerializer.Serialize(trained.Model);
        var read = System.Text.Json.JsonSerializer.Deserialize<ForecastModel>(json)!;
        Assert.That(engine.Refresh(read, series).Points, Is.EqualTo(trained.Result.Points));
    }

    [Test]
    public void Refreshing_a_daily_model_with_an_hourly_series_is_refused_naming_both()
    {
        var engine = new ForecastEngine();
        var model = engine.Train(SyntheticSeries.Noise(days: 120, seed: 4), 7).Model;
        var hourly = SyntheticSeries.SeasonalHourly(weeks: 2, seed: 4);
        Assert.That(() => engine.Refresh(model, hourly), Throws.ArgumentException.With.Message.StartsWith(
            "A hour series of 336 values and 336 times cannot be refreshed with a day model: the same frequency and more than one season (168) " +
            "of paired points are needed."));
    }

    [Test]
    public void A_series_between_one_season_and_the_backtest_minimum_gets_the_labelled_baseline_without_backtest_figures()
    {
        var times = Enumerable.Range(0, 24).Select(i => new DateTime(2016, 4, 1).AddMonths(i)).ToList();
        var values = times.Select((t, i) => 1000.0 + (t.Month == 1 ? 200 : 0) + (i >= 12 ? 50 : 0)).ToList();
        var result = new ForecastEngine().Forecast(new ForecastSeries(ForecastFrequency.Month, times, values), 12);
        Assert.Multiple(() =>
        {
            Assert.That(result.Model, Is.EqualTo(SeasonalNaive.Name));
            Assert.That(result.Backtest.Origins, Is.Zero);
            Assert.That(result.Backtest.Mase, Is.Null);
            Assert.That(result.Points.Select(p => p.Mean), Is.EqualTo(values.Skip(12)));
            // Every in-sample seasonal difference is 50, so both intervals are ±50.
            Assert.That(result.Points.Select(p => p.Upper80 - p.Mean), Is.All.EqualTo(50.0));
            Assert.That(result.Points.Select(p => p.Mean - p.Lower95), Is.All.EqualTo(50.0));
        });
    }

    [Test]
    public void A_series_of_one_season_or_less_is_refused_naming_what_is_needed()
    {
        var times = Enumerable.Range(0, 7).Select(i => SyntheticSeries.Start.AddDays(i)).ToList();
        Assert.That(() => new ForecastEngine().Forecast(new ForecastSeries(ForecastFrequency.Day, times, [.. times.Select(_ => 3.0)]), 7),
            Throws.ArgumentException.With.Message.StartsWith(
                "A series of 7 values and 7 times cannot be forecast 7 periods ahead: more than one season (7) of paired points is needed, " +
                "and 21 to backtest a model."));
    }

    [Test]
    public void A_level_shift_is_forecast_with_finite_values_and_intervals()
    {
        var times = Enumerable.Range(0, 140).Select(i => SyntheticSeries.Start.AddDays(i)).ToList();
        var values = times.Select((t, i) => (i < 110 ? 100.0 : 10.0) + (int)t.DayOfWeek).ToList();
        var result = new ForecastEngine().Forecast(new ForecastSeries(ForecastFrequency.Day, times, values), 7);
        Assert.That(result.Points.SelectMany(p => new[] { p.Mean, p.Lower80, p.Upper80, p.Lower95, p.Upper95 }), Has.All.Matches<double>(double.IsFinite));
    }
}
