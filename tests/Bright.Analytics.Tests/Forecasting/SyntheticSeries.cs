using Bright.Analytics.Forecasting;

namespace Bright.Analytics.Tests.Forecasting;

/// <summary>Seeded synthetic series for forecasting tests.</summary>
internal static class SyntheticSeries
{
    public static readonly DateTime Start = new(2024, 1, 1);

    /// <summary>Hourly counts with a strong daily and weekly shape: Poisson around 4 to 16 an hour.</summary>
    public static ForecastSeries SeasonalHourly(int weeks, int seed)
    {
        var random = new Random(seed);
        var times = Enumerable.Range(0, weeks * 168).Select(i => Start.AddHours(i)).ToList();
        var values = times.Select(t =>
        {
            var daily = 10 + (6 * Math.Sin((t.Hour - 8) * Math.PI / 12));
            var weekly = t.DayOfWeek is DayOfWeek.Monday ? 1.25 : t.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0.85 : 1.0;
            return (double)Poisson(random, daily * weekly);
        }).ToList();
        return new ForecastSeries(ForecastFrequency.Hour, times, values);
    }

    /// <summary>Independent normal noise around 100 with no season at all.</summary>
    public static ForecastSeries Noise(int days, int seed)
    {
        var random = new Random(seed);
        var times = Enumerable.Range(0, days).Select(i => Start.AddDays(i)).ToList();
        var values = times.Select(_ => 100 + (10 * Normal(random))).ToList();
        return new ForecastSeries(ForecastFrequency.Day, times, values);
    }

    private static int Poisson(Random random, double mean)
    {
        var limit = Math.Exp(-mean);
        var k = 0;
        var p = random.NextDouble();
        while (p > limit)
        {
            k++;
            p *= random.NextDouble();
        }

        return k;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
