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
    public void A_refresh_from_the_same_midnight_reuses_the_backtest_and_follows_the_current_stays()
    {
        // The stays of the test above, where arrivals × length of stay is served (the naive would not follow new inpatients).
        var stays = SimulatedStays(days: 160, seed: 3);
        var origin = Start.AddDays(160);
        var full = new OccupancyForecaster().Forecast(stays, origin, 5);
        var refreshed = new OccupancyForecaster().Forecast(stays, origin, 5, reuse: full.Backtested);

        // Ten more patients still in at the origin: the refresh follows them with the backtest it was given.
        var busier = stays.Concat(Enumerable.Range(0, 10).Select(i => new InpatientStay(origin.AddHours(-3 - i), null))).ToList();
        var busierRefresh = new OccupancyForecaster().Forecast(busier, origin, 5, reuse: full.Backtested);
        var nextDay = new OccupancyForecaster().Forecast(stays, origin.AddDays(-1), 5, reuse: full.Backtested);

        Assert.Multiple(() =>
        {
            Assert.That(full.Model, Is.EqualTo(OccupancyForecaster.ModelName));
            Assert.That(refreshed.Points, Is.EqualTo(full.Points), "the same stays and the reused backtest give the same forecast");
            Assert.That((refreshed.Backtest, refreshed.Intervals!.Factor80, refreshed.Backtested), Is.EqualTo((full.Backtest, full.Intervals!.Factor80, full.Backtested)));
            Assert.That(busierRefresh.Backtested, Is.SameAs(full.Backtested));
            Assert.That(busierRefresh.Points[0].Mean, Is.GreaterThan(full.Points[0].Mean + 5), "the new inpatients are in the refreshed forecast");
            Assert.That(nextDay.Backtested, Is.Not.SameAs(full.Backtested), "a backtest from another midnight is not reused");
            Assert.That(nextDay.Backtested!.Origin, Is.EqualTo(origin.AddDays(-1)));
        });
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

    [Test]
    public void Calibrated_80_percent_intervals_cover_about_80_percent_of_held_out_origins_where_the_simulated_spread_is_too_wide()
    {
        // Arrivals far steadier than Poisson (19 to 21 a day) and stays of exactly three days: the simulated spread is
        // too wide, so uncalibrated intervals hold nearly every midnight; calibrated on the windows before each
        // evaluated origin, the 80% interval holds about 80%.
        var random = new Random(11);
        var stays = new List<InpatientStay>();
        const int days = 240;
        var end = Start.AddDays(days);
        for (var d = 0; d < days; d++)
        {
            var count = 19 + random.Next(3);
            for (var i = 0; i < count; i++)
            {
                var admitted = Start.AddDays(d).AddHours(8 + (14 * random.NextDouble()));
                var left = admitted.AddHours(60 + (24 * random.NextDouble()));
                stays.Add(new InpatientStay(admitted, left < end ? left : null));
            }
        }

        var options = new OccupancyOptions { Origins = 20, CalibrationOrigins = 8, Paths = 400 };
        var calibrated = new OccupancyForecaster(options).Forecast(stays, end, 7);
        var raw = new OccupancyForecaster(options with { CalibrationOrigins = 0 }).Forecast(stays, end, 7);
        Assert.Multiple(() =>
        {
            Assert.That(raw.Backtest.Origins, Is.EqualTo(20));
            Assert.That(raw.Backtest.Coverage80, Is.GreaterThan(0.95), "as simulated, far too wide");
            Assert.That(raw.Intervals!.CalibrationPoints, Is.Zero);
            Assert.That(calibrated.Intervals!.CalibrationPoints, Is.EqualTo(56), "eight windows of seven days before the origin");
            Assert.That(calibrated.Intervals.Factor80, Is.LessThan(1));
            Assert.That(calibrated.Backtest.Coverage80, Is.InRange(0.70, 0.90), "140 held-out midnights");
            Assert.That(calibrated.Backtest.Coverage95, Is.InRange(0.88, 1.0));
            Assert.That(calibrated.Intervals.Coverage80ByDay, Has.Count.EqualTo(7));
            Assert.That(calibrated.Points.Select(p => p.Upper80 - p.Lower80), Is.All.LessThan(raw.Points.Max(p => p.Upper80 - p.Lower80)));
            Assert.That(calibrated.Points.Select(p => p.Mean), Is.EqualTo(raw.Points.Select(p => p.Mean)), "calibration moves the spread, not the mean");
        });
    }

    [Test]
    public void Booked_electives_pending_at_the_origin_are_known_arrivals_and_usual_extras_are_added_by_weekday()
    {
        var origin = Start.AddDays(35); // a Monday
        var stays = new List<InpatientStay>();
        var bookings = new List<ElectiveBooking>
        {
            // Pending at the origin: two on day 0 (07:30, 16.5 h before its closing midnight), one on day 1 (13:00, 11 h before).
            new(origin.AddDays(-3), origin.AddHours(7.5)),
            new(origin.AddDays(-2), origin.AddHours(7.5), origin.AddHours(7)),
            new(origin.AddDays(-3), origin.AddDays(1).AddHours(13)),
            // Not pending: cancelled before the origin, booked after it, or for a day beyond the horizon.
            new(origin.AddDays(-5), origin.AddHours(9), origin.AddDays(-1)),
            new(origin.AddHours(1), origin.AddHours(10)),
            new(origin.AddDays(-1), origin.AddDays(2).AddHours(8)),
        };
        for (var w = 1; w <= 4; w++)
        {
            // The last four Mondays: three electives came, two of them booked two days ahead.
            var monday = origin.AddDays(-7 * w);
            stays.AddRange(Enumerable.Range(0, 3).Select(i => new InpatientStay(monday.AddHours(8 + i), monday.AddHours(40), Elective: true)));
            bookings.Add(new(monday.AddDays(-2), monday.AddHours(8), monday.AddHours(8)));
            bookings.Add(new(monday.AddDays(-2), monday.AddHours(9), monday.AddHours(9)));
            // The last four Tuesdays: two booked a week ahead, one cancelled the day before; one came.
            var tuesday = monday.AddDays(1);
            stays.Add(new InpatientStay(tuesday.AddHours(8), tuesday.AddHours(30), Elective: true));
            bookings.Add(new(tuesday.AddDays(-7), tuesday.AddHours(8), tuesday.AddHours(8)));
            bookings.Add(new(tuesday.AddDays(-7), tuesday.AddHours(9), tuesday.AddHours(-10)));
            // An emergency stay never counts as an elective arrival.
            stays.Add(new InpatientStay(monday.AddHours(3), monday.AddHours(50)));
        }

        var (booked, extra) = OccupancyForecaster.Electives(stays, bookings, origin, 2);
        Assert.Multiple(() =>
        {
            Assert.That(booked[0], Is.EqualTo(new[] { 16.5, 16.5 }), "the one admitted at 07:00 was still pending at midnight");
            Assert.That(booked[1], Is.EqualTo(new[] { 11.0 }));
            // Monday, lead 0: three came, two were pending at the start of the day: one more than booked.
            Assert.That(extra[0], Is.EqualTo(1.0));
            // Tuesday, lead 1: one came; at the Monday midnight before, both bookings were pending: one fewer than booked.
            Assert.That(extra[1], Is.EqualTo(-1.0));
        });
    }

    [Test]
    public void Booked_electives_raise_the_forecast_at_the_midnights_they_stay_for_by_the_elective_length_of_stay()
    {
        // Emergency arrivals as usual; 40 past electives, each staying exactly 30 hours; none booked before.
        var stays = SimulatedStays(days: 80, seed: 6);
        var origin = Start.AddDays(80);
        stays.AddRange(Enumerable.Range(0, 40).Select(i => Start.AddDays(i + 1).AddHours(10))
            .Select(a => new InpatientStay(a, a.AddHours(30), Elective: true)));
        var none = new OccupancyForecaster().Forecast(stays, origin, 3, []);
        // Ten booked for day 1 at 08:00: 16 hours to midnight 2 (in), 40 to midnight 3 (gone: the stay is 30 hours).
        var bookings = Enumerable.Range(0, 10).Select(_ => new ElectiveBooking(origin.AddDays(-2), origin.AddDays(1).AddHours(8))).ToList();
        var booked = new OccupancyForecaster().Forecast(stays, origin, 3, bookings);
        Assert.Multiple(() =>
        {
            Assert.That(booked.Intervals!.BookedElectives, Is.EqualTo(new[] { 0, 10, 0 }));
            // Known demand has its own random stream, so the rest of each path is drawn as without it.
            Assert.That(booked.Points[0].Mean - none.Points[0].Mean, Is.EqualTo(0).Within(1e-9), "none booked for day 0");
            Assert.That(booked.Points[1].Mean - none.Points[1].Mean, Is.EqualTo(10).Within(1e-9), "all ten in at midnight 2");
            Assert.That(booked.Points[2].Mean - none.Points[2].Mean, Is.EqualTo(0).Within(1e-9), "all ten gone by midnight 3");
        });
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
