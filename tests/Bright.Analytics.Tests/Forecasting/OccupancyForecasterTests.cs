using Bright.Analytics.Forecasting;

namespace Bright.Analytics.Tests.Forecasting;

public sealed class OccupancyForecasterTests
{
    private static readonly DateTime Start = new(2025, 1, 6);

    [Test]
    public void The_census_counts_stays_that_span_each_midnight()
    {
        InpatientStay[] stays =
        [
            new(Start.AddHours(10), Start.AddDays(2).AddHours(9)), // in at midnights 1 and 2
            new(Start.AddHours(-1), Start.AddHours(5)),             // in at midnight 0 only
            new(Start.AddDays(1), null),                            // in from midnight 1 on (admitted exactly at it)
        ];
        Assert.That(OccupancyForecaster.Census(stays, Start, Start.AddDays(3)), Is.EqualTo(new[] { 1.0, 2, 2, 1 }));
    }

    [Test]
    public void Length_of_stay_is_a_kaplan_meier_curve_that_counts_open_stays_as_censored()
    {
        var origin = Start.AddDays(10);
        InpatientStay[] stays =
        [
            new(Start, Start.AddHours(24)),
            new(Start, Start.AddHours(48)),
            new(Start, Start.AddHours(48)),
            new(origin.AddHours(-72), null),                         // censored at 72 h
            new(Start, origin.AddHours(5)),                          // ends after the origin: censored at 240 h, not seen ending
        ];
        var los = LengthOfStay.Estimate(stays, origin);
        // At risk 5 at 24 h: S = 4/5; at risk 4 at 48 h, two end: S = 4/5 × 2/4 = 0.4; no more events.
        Assert.Multiple(() =>
        {
            Assert.That(los.CompletedStays, Is.EqualTo(3));
            Assert.That(los.Survival(23.9), Is.EqualTo(1.0));
            Assert.That(los.Survival(24), Is.EqualTo(0.8).Within(1e-12));
            Assert.That(los.Survival(48), Is.EqualTo(0.4).Within(1e-12));
            Assert.That(los.Survival(500), Is.EqualTo(0.4).Within(1e-12));
            Assert.That(los.Remaining(30, 24), Is.EqualTo(0.5).Within(1e-12));
        });
    }

    [Test]
    public void On_simulated_wards_arrivals_times_length_of_stay_beats_the_seasonal_naive_with_sensible_intervals()
    {
        var stays = SimulatedStays(days: 160, seed: 3);
        var origin = Start.AddDays(160);
        var forecast = new OccupancyForecaster().Forecast(stays, origin, 7);
        var b = forecast.Backtest;
        Assert.Multiple(() =>
        {
            Assert.That(forecast.Model, Is.EqualTo(OccupancyForecaster.ModelName), $"MASE {b.CandidateMase} vs naive {b.Baseline}");
            Assert.That(b.Mase, Is.LessThan(b.Baseline!.Value));
            Assert.That(b.Coverage95, Is.GreaterThanOrEqualTo(0.8));
            Assert.That(forecast.Points.Select(p => p.Time), Is.EqualTo(Enumerable.Range(1, 7).Select(d => origin.AddDays(d))));
            Assert.That(forecast.Points, Has.All.Matches<ForecastPoint>(p =>
                p.Lower95 >= 0 && p.Lower95 <= p.Lower80 && p.Lower80 <= p.Mean && p.Mean <= p.Upper80 && p.Upper80 <= p.Upper95));
            // The 95% interval holds 95% of the simulated paths: about 2.5% lie on each side.
            Assert.That(forecast.ExceedanceProbability(0, forecast.Points[0].Lower95 - 1), Is.GreaterThanOrEqualTo(0.97));
            Assert.That(forecast.ExceedanceProbability(0, forecast.Points[0].Upper95), Is.LessThanOrEqualTo(0.03));
            Assert.That(forecast.ExceedanceProbability(3, forecast.Points[3].Mean), Is.InRange(0.2, 0.8));
        });
    }

    [Test]
    public void The_same_stays_give_the_same_forecast()
    {
        var stays = SimulatedStays(days: 80, seed: 4);
        var first = new OccupancyForecaster().Forecast(stays, Start.AddDays(80), 5);
        var second = new OccupancyForecaster().Forecast(stays, Start.AddDays(80), 5);
        Assert.That(second.Points, Is.EqualTo(first.Points));
    }

    [Test]
    public void A_baseline_forecast_still_gives_a_probability_of_exceeding_capacity_from_its_interval()
    {
        var point = new ForecastPoint(Start, 100, 90, 110, 80.4, 119.6);
        var forecast = new OccupancyForecast([point], SeasonalNaive.Name, new ForecastBacktest(null, null, null, null, null, null, 0, 1, "x", null), null);
        Assert.Multiple(() =>
        {
            Assert.That(forecast.ExceedanceProbability(0, 100), Is.EqualTo(0.5).Within(1e-6));
            Assert.That(forecast.ExceedanceProbability(0, 119.6), Is.EqualTo(0.025).Within(1e-4));
        });
    }

    [Test]
    public void Too_little_history_is_refused_naming_what_is_needed()
    {
        var stays = SimulatedStays(days: 20, seed: 5);
        Assert.That(() => new OccupancyForecaster().Forecast(stays, Start.AddDays(20), 7), Throws.ArgumentException.With.Message.StartsWith(
            "Occupancy cannot be forecast 7 days ahead from 19 days of stays: at least 35 are needed (4 weeks for arrivals, two for the " +
            "seasonal naive's scale, and the horizon to backtest)."));
    }

    [Test]
    public void An_origin_that_is_not_a_midnight_is_refused()
    {
        Assert.That(() => new OccupancyForecaster().Forecast([], Start.AddHours(3), 7),
            Throws.ArgumentException.With.Message.StartsWith("The origin must be a local midnight (was 2025-01-06 03:00)."));
    }

    /// <summary>About 20 admissions a day (more on Mondays, fewer at weekends), lengths of stay lognormal with a median of 3 days.</summary>
    private static List<InpatientStay> SimulatedStays(int days, int seed)
    {
        var random = new Random(seed);
        var stays = new List<InpatientStay>();
        var end = Start.AddDays(days);
        for (var d = 0; d < days; d++)
        {
            var day = Start.AddDays(d);
            var mean = day.DayOfWeek switch { DayOfWeek.Monday => 26, DayOfWeek.Saturday or DayOfWeek.Sunday => 14, _ => 20 };
            var count = (int)Math.Round(mean + (Math.Sqrt(mean) * Normal(random)));
            for (var i = 0; i < count; i++)
            {
                var admitted = day.AddHours(8 + (14 * random.NextDouble()));
                var left = admitted.AddHours(72 * Math.Exp(0.8 * Normal(random)));
                stays.Add(new InpatientStay(admitted, left < end ? left : null));
            }
        }

        return stays;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
