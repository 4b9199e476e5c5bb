using Bright.Analytics.Forecasting;

namespace Bright.Analytics.Tests.Forecasting;

public sealed class NoLeakageTests
{
    [Test]
    public void Changing_values_after_the_origin_does_not_change_the_trees_forecast()
    {
        var series = SyntheticSeries.SeasonalHourly(weeks: 6, seed: 21);
        var origin = series.Values.Count - 1 - 48;
        var perturbed = series with { Values = [.. series.Values.Select((v, i) => i > origin ? (v * 3) + 50 : v)] };
        var forecaster = new TreeForecaster(new ForecastOptions());

        var before = forecaster.Forecast(new ForecastFeatures(series, BankHolidays.England), series.Values, origin, 48);
        var after = forecaster.Forecast(new ForecastFeatures(perturbed, BankHolidays.England), perturbed.Values, origin, 48);

        Assert.That(before, Is.Not.Null);
        Assert.That(after, Is.EqualTo(before));
    }

    [Test]
    public void Every_feature_for_every_step_ignores_values_after_the_origin()
    {
        var series = SyntheticSeries.SeasonalHourly(weeks: 4, seed: 4);
        var origin = 400;
        var perturbed = series with { Values = [.. series.Values.Select((v, i) => i > origin ? -1000.0 : v)] };
        var a = new ForecastFeatures(series, BankHolidays.England);
        var b = new ForecastFeatures(perturbed, BankHolidays.England);
        Assert.That(Enumerable.Range(1, 200).Select(h => b.Build(origin, h)), Is.EqualTo(Enumerable.Range(1, 200).Select(h => a.Build(origin, h))));
    }

    [Test]
    public void The_calendar_features_mark_a_bank_holiday_at_the_target_not_the_origin()
    {
        // Origin 2024-05-05 23:00 (Sunday); one step later is the early May bank holiday, Monday 6 May 2024.
        var times = Enumerable.Range(0, 500).Select(i => new DateTime(2024, 4, 19).AddHours(i)).ToList();
        var series = new ForecastSeries(ForecastFrequency.Hour, times, [.. times.Select(_ => 1.0)]);
        var origin = times.IndexOf(new DateTime(2024, 5, 5, 23, 0, 0));
        var features = new ForecastFeatures(series, BankHolidays.England);
        Assert.Multiple(() =>
        {
            Assert.That(features.Build(origin - 1, 1)[5], Is.Zero);
            Assert.That(features.Build(origin, 1)[5], Is.EqualTo(1));
            Assert.That(features.Build(origin, 1)[1], Is.Zero, "hour of the target");
            Assert.That(features.Build(origin, 1)[2], Is.EqualTo((float)DayOfWeek.Monday));
        });
    }
}
