using Bright.Analytics.Forecasting;

namespace Bright.Analytics.Tests.Forecasting;

public sealed class PooledSelectionTests
{
    [Test]
    public void On_a_shared_season_and_growth_the_pooled_model_is_served_and_beats_the_naive_on_the_following_year()
    {
        // Every series grows 10% a year: last year's month is too low by about a tenth, which the panel learns together.
        var full = PooledForecasterTests.Panel(series: 60, months: 36, seed: 11, growth: 0.10);
        var training = full.Select(s => s with { Values = [.. s.Values.Take(24)] }).ToList();

        var result = new PooledSelection().Forecast(training, 1, 12);
        var selected = result.Series.Select((f, i) => ForecastAccuracy.MeanAbsoluteError([.. full[i].Values.Skip(24)], f.Mean) / Level(full[i])).ToList();
        var naive = result.Series.Select((f, i) => ForecastAccuracy.MeanAbsoluteError([.. full[i].Values.Skip(24)], f.Naive) / Level(full[i])).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(result.BacktestOrigins, Is.EqualTo(new[] { 15, 16, 17, 18, 19, 20, 21, 22 }));
            Assert.That(result.Series.Count(f => f.Model == PooledSelection.PooledModelName), Is.GreaterThan(40));
            Assert.That(result.PooledWinsPanel, Is.True);
            Assert.That(Median(selected), Is.LessThan(0.85 * Median(naive)));
        });
    }

    [Test]
    public void Where_every_series_repeats_its_own_year_exactly_the_naive_is_served_everywhere()
    {
        var random = new Random(7);
        var panel = Enumerable.Range(0, 40).Select(i =>
        {
            var year = Enumerable.Range(0, 12).Select(_ => 50 + Math.Round(random.NextDouble() * 950)).ToList();
            return new PanelSeries($"R{i:D2}/1", "1", [.. Enumerable.Range(0, 24).Select(t => year[t % 12])]);
        }).ToList();

        var result = new PooledSelection().Forecast(panel, 4, 12);

        Assert.Multiple(() =>
        {
            Assert.That(result.Series.Select(f => f.Model), Is.All.EqualTo(SeasonalNaive.Name));
            Assert.That(result.Series.Select(f => f.NaiveError), Is.All.Zero);
            Assert.That(result.Series.Select(f => f.Mean), Is.EqualTo(result.Series.Select(f => f.Naive)));
            Assert.That(result.Series[0].Mean, Is.EqualTo(panel[0].Values.Skip(12).ToArray()));
            Assert.That(result.PooledWinsPanel, Is.False);
        });
    }

    [Test]
    public void A_series_with_a_month_of_zero_in_its_last_year_gets_the_labelled_naive()
    {
        var panel = PooledForecasterTests.Panel(series: 30, months: 24, seed: 4);
        panel[0] = panel[0] with { Values = [.. panel[0].Values.Select((v, i) => i == 22 ? 0 : v)] };

        var result = new PooledSelection().Forecast(panel, 1, 12);

        Assert.Multiple(() =>
        {
            Assert.That(result.Series[0].Model, Is.EqualTo(SeasonalNaive.Name));
            Assert.That(result.Series[0].Pooled, Is.Null);
            Assert.That(result.Series[0].PooledError, Is.Null);
            Assert.That(result.Series[0].Mean, Is.EqualTo(result.Series[0].Naive));
        });
    }

    [Test]
    public void Short_series_and_a_bad_first_month_are_refused_with_what_is_wrong()
    {
        var panel = PooledForecasterTests.Panel(series: 3, months: 23, seed: 4);
        var selection = new PooledSelection();

        Assert.Multiple(() =>
        {
            Assert.That(Assert.Throws<ArgumentException>(() => selection.Forecast(panel, 1, 12))!.Message,
                Does.StartWith("Series 'R00/1' has 23 months; the pooled selection needs at least 24 to train and backtest."));
            Assert.That(Assert.Throws<ArgumentException>(() => selection.Forecast(panel, 13, 12))!.Message,
                Does.StartWith("The first month is 1 (January) to 12 (December); 13 was given."));
        });
    }

    private static double Level(PanelSeries series) => series.Values.Take(24).Average();

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }
}
