using Bright.Analytics.Forecasting;

namespace Bright.Analytics.Tests.Forecasting;

public sealed class PooledForecasterTests
{
    [Test]
    public void A_feature_built_at_an_origin_never_reads_a_later_month()
    {
        var values = SharedSeason(level: 800, seed: 3, months: 36);
        for (var origin = PooledForecaster.FirstOrigin; origin < 24; origin++)
        {
            var perturbed = values.Select((v, i) => i > origin ? v * 7 : v).ToList();
            for (var h = 1; h <= 12; h++)
            {
                Assert.That(PooledForecaster.Features(perturbed, 4, 0, origin, h), Is.EqualTo(PooledForecaster.Features(values, 4, 0, origin, h)),
                    $"origin {origin}, step {h}");
            }
        }
    }

    [Test]
    public void Training_up_to_a_month_ignores_every_later_month()
    {
        var panel = Panel(series: 30, months: 36, seed: 5);
        var cut = panel.Select(s => s with { Values = [.. s.Values.Select((v, i) => i > 23 ? v * 5 : v)] }).ToList();
        var forecaster = new PooledForecaster();

        var model = forecaster.Fit(panel, 1, 23, 12)!;
        var perturbedModel = forecaster.Fit(cut, 1, 23, 12)!;

        Assert.That(PooledForecaster.Forecast(perturbedModel, cut[0], 1, 23, 12), Is.EqualTo(PooledForecaster.Forecast(model, panel[0], 1, 23, 12)));
    }

    [Test]
    public void Features_are_scale_free_and_a_series_times_a_thousand_is_forecast_a_thousand_times_higher()
    {
        var panel = Panel(series: 30, months: 24, seed: 8);
        var model = new PooledForecaster().Fit(panel, 1, 23, 12)!;
        var scaled = panel[0] with { Values = [.. panel[0].Values.Select(v => v * 1000)] };

        var features = Enumerable.Range(1, 12).Select(h => PooledForecaster.Features(panel[0].Values, 1, 0, 23, h)!).ToList();
        var scaledFeatures = Enumerable.Range(1, 12).Select(h => PooledForecaster.Features(scaled.Values, 1, 0, 23, h)!).ToList();
        var forecast = PooledForecaster.Forecast(model, panel[0], 1, 23, 12)!;
        var scaledForecast = PooledForecaster.Forecast(model, scaled, 1, 23, 12)!;

        Assert.Multiple(() =>
        {
            for (var h = 0; h < 12; h++)
            {
                Assert.That(scaledFeatures[h], Is.EqualTo(features[h]).Within(1e-6), $"features of step {h + 1}");
                Assert.That(scaledForecast[h], Is.EqualTo(forecast[h] * 1000).Within(1e-9).Percent, $"forecast of step {h + 1}");
            }
        });
    }

    [Test]
    public void The_features_are_the_step_the_target_month_the_category_and_ratios_to_the_level()
    {
        // Twelve months of 100 then 200 at the origin's month: level (11 × 100 + 200) ÷ 12 = 108.33.
        var values = Enumerable.Repeat(100.0, 14).Append(200).ToList();
        var features = PooledForecaster.Features(values, 4, 2, 14, 3)!;
        var level = 1300.0 / 12;

        Assert.Multiple(() =>
        {
            Assert.That(features[0], Is.EqualTo(3), "step");
            Assert.That(features[1], Is.EqualTo(9), "index 17 from April is September");
            Assert.That(features[2], Is.EqualTo(2), "category");
            Assert.That(features[3], Is.EqualTo((float)Math.Log(100 / level)), "twelve months before the target over the level");
            Assert.That(features[4], Is.EqualTo((float)Math.Log(200 / level)), "the origin over the level");
            Assert.That(features[5], Is.EqualTo((float)Math.Log((400.0 / 3) / level)), "the last three months over the level");
            Assert.That(features[6], Is.EqualTo((float)Math.Log(400.0 / 300)), "the last three months over the same three a year before");
            Assert.That(features[7], Is.EqualTo(1), "growth known");
        });
    }

    [Test]
    public void A_month_of_zero_in_the_last_year_gives_no_features_and_no_forecast()
    {
        var values = SharedSeason(level: 500, seed: 1, months: 24);
        values[20] = 0;
        var panel = Panel(series: 30, months: 24, seed: 2);
        var model = new PooledForecaster().Fit(panel, 1, 23, 12)!;

        Assert.Multiple(() =>
        {
            Assert.That(PooledForecaster.Features(values, 1, 0, 23, 1), Is.Null);
            Assert.That(PooledForecaster.Forecast(model, new PanelSeries("RXX/1", "1", values), 1, 23, 12), Is.Null);
        });
    }

    [Test]
    public void A_category_the_model_was_not_trained_on_is_named()
    {
        var panel = Panel(series: 30, months: 24, seed: 2);
        var model = new PooledForecaster().Fit(panel, 1, 23, 12)!;

        var error = Assert.Throws<ArgumentException>(() => PooledForecaster.Forecast(model, panel[0] with { Key = "RXX/4", Category = "4" }, 1, 23, 12));

        Assert.That(error!.Message, Does.StartWith("Series 'RXX/4' has category '4', which the pooled model was not trained on (it knows 1, 2, other)."));
    }

    [Test]
    public void Bad_panels_are_refused_with_what_is_wrong()
    {
        var panel = Panel(series: 3, months: 24, seed: 2);
        var forecaster = new PooledForecaster();
        var ragged = panel.Append(new PanelSeries("RYY/1", "1", [.. panel[0].Values.Take(20)])).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(Assert.Throws<ArgumentException>(() => forecaster.Fit([], 1, 23, 12))!.Message,
                Does.StartWith("A pooled model needs at least one series in the panel; it has none."));
            Assert.That(Assert.Throws<ArgumentException>(() => forecaster.Fit(panel, 1, 23, 13))!.Message,
                Does.StartWith("The pooled model forecasts 1 to 12 months ahead; a horizon of 13 was asked for."));
            Assert.That(Assert.Throws<ArgumentException>(() => forecaster.Fit(ragged, 1, 23, 12))!.Message,
                Does.StartWith("Every series of a panel covers the same months: 'R00/1' has 24 values and 'RYY/1' has 20."));
            Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => PooledForecaster.Features(panel[0].Values, 1, 0, 10, 1))!.Message,
                Does.StartWith("Value should be in range [11-23]."));
        });
    }

    /// <summary>
    /// A panel whose series share one seasonal shape (a winter peak 25% above the summer) and one growth a year at
    /// levels from 100 to 5,000, each month with independent multiplicative noise (sd 6%); categories 1, 2 and other in turn.
    /// </summary>
    internal static List<PanelSeries> Panel(int series, int months, int seed, double growth = 0)
    {
        var random = new Random(seed);
        string[] categories = ["1", "2", "other"];
        return [.. Enumerable.Range(0, series).Select(i => new PanelSeries(
            $"R{i:D2}/{categories[i % 3]}", categories[i % 3], SharedSeason(100 + (random.NextDouble() * 4900), seed * 1000 + i, months, growth)))];
    }

    /// <summary>One series of the shared season from January, at <paramref name="level"/>, growing by <paramref name="growth"/> a year, with 6% noise.</summary>
    internal static List<double> SharedSeason(double level, int seed, int months, double growth = 0)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, months).Select(t =>
        {
            var season = 1 + (0.125 * Math.Cos(2 * Math.PI * (t % 12) / 12));
            var noise = 1 + (0.06 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
            return Math.Round(level * Math.Pow(1 + growth, t / 12.0) * season * noise);
        })];
    }
}
