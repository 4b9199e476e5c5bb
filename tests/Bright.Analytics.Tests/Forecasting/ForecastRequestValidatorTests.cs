using System.Globalization;
using Bright.Analytics.Forecasting;

namespace Bright.Analytics.Tests.Forecasting;

public sealed class ForecastRequestValidatorTests
{
    [Test]
    public void A_good_daily_series_becomes_a_series_of_clock_times()
    {
        var errors = new List<string>();
        var series = ForecastRequestValidator.Validate(new ForecastRequest("day", 7, Daily(21)), errors, out var horizon, out var offset);
        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty);
            Assert.That(series!.Frequency, Is.EqualTo(ForecastFrequency.Day));
            Assert.That(series.Times[0], Is.EqualTo(new DateTime(2016, 4, 1)));
            Assert.That(horizon, Is.EqualTo(7));
            Assert.That(offset, Is.Null);
        });
    }

    [TestCase("fortnight", 7, "frequency: must be one of hour, day, week, month (was 'fortnight').")]
    [TestCase(null, 7, "frequency: is required, one of hour, day, week, month.")]
    [TestCase("day", 0, "horizon: must be between 1 and 92 for frequency 'day' (was 0).")]
    [TestCase("day", 93, "horizon: must be between 1 and 92 for frequency 'day' (was 93).")]
    [TestCase("hour", 337, "horizon: must be between 1 and 336 for frequency 'hour' (was 337).")]
    public void Bad_frequency_or_horizon_is_named(string? frequency, int horizon, string message) =>
        Assert.That(Errors(new ForecastRequest(frequency, horizon, Daily(30))), Does.Contain(message));

    [Test]
    public void A_series_shorter_than_two_seasons_and_the_horizon_names_the_minimum() =>
        Assert.That(Errors(new ForecastRequest("day", 7, Daily(20))), Is.EqualTo(new[]
        {
            "points: 20 points are too few for frequency 'day' and horizon 7: at least 21 are needed (two seasons of 7 and the horizon).",
        }));

    [Test]
    public void Repeated_unparseable_out_of_order_and_gapped_times_and_bad_values_are_each_named()
    {
        var points = Daily(30).ToList();
        points[3] = points[2];
        points[5] = new ForecastRequestPoint("2016-13-01", 1);
        points[8] = new ForecastRequestPoint("2016-04-20", 1);
        points[10] = new ForecastRequestPoint("2016-04-11T09:30", 1);
        points[12] = new ForecastRequestPoint("2016-04-13", null, "\"many\"");
        Assert.That(Errors(new ForecastRequest("day", 7, points)), Is.EqualTo(new[]
        {
            "points[3].time: repeats points[2] (was '2016-04-03').",
            "points[5].time: must be an ISO 8601 date or date and time (was '2016-13-01').",
            "points[8].time: is not one day after points[7]; the series must have no gaps (was '2016-04-20').",
            "points[9].time: is before points[8]; points must be in time order (was '2016-04-10').",
            "points[10].time: must start at midnight for frequency 'day' (was '2016-04-11T09:30').",
            "points[12].value: must be a finite number (was \"many\").",
            "points[19].time: repeats points[8] (was '2016-04-20').",
        }));
    }

    [Test]
    public void No_points_is_named() =>
        Assert.That(Errors(new ForecastRequest("week", 4, [])), Is.EqualTo(new[] { "points: must contain at least one point." }));

    [Test]
    public void Hourly_times_with_an_offset_keep_their_clock_and_offset()
    {
        var points = Enumerable.Range(0, 400).Select(i => new ForecastRequestPoint(
            new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.FromHours(1)).AddHours(i).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture), i))
            .ToList();
        var errors = new List<string>();
        var series = ForecastRequestValidator.Validate(new ForecastRequest("hour", 48, points), errors, out _, out var offset);
        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty);
            Assert.That(series!.Times[1], Is.EqualTo(new DateTime(2024, 6, 1, 1, 0, 0)));
            Assert.That(offset, Is.EqualTo(TimeSpan.FromHours(1)));
        });
    }

    private static List<string> Errors(ForecastRequest request)
    {
        var errors = new List<string>();
        ForecastRequestValidator.Validate(request, errors, out _, out _);
        return errors;
    }

    private static List<ForecastRequestPoint> Daily(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new ForecastRequestPoint(new DateOnly(2016, 4, 1).AddDays(i).ToString("yyyy-MM-dd",
            CultureInfo.InvariantCulture), 100 + i))];
}
