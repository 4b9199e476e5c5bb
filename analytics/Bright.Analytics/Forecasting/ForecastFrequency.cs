namespace Bright.Analytics.Forecasting;

/// <summary>How far apart a series' points are.</summary>
public enum ForecastFrequency
{
    /// <summary>One point per clock hour.</summary>
    Hour,

    /// <summary>One point per day.</summary>
    Day,

    /// <summary>One point per week (seven days).</summary>
    Week,

    /// <summary>One point per calendar month.</summary>
    Month,
}

/// <summary>Seasons, steps, names and limits of each <see cref="ForecastFrequency"/>.</summary>
public static class ForecastFrequencies
{
    /// <summary>The names a caller uses: <c>hour</c>, <c>day</c>, <c>week</c>, <c>month</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["hour", "day", "week", "month"];

    /// <summary>
    /// The seasonal naive lag m (DOMAIN.md 8): the same hour last week (168), the same weekday last week (7),
    /// the same week last year (52), the same month last year (12).
    /// </summary>
    public static int SeasonLength(this ForecastFrequency frequency) => frequency switch
    {
        ForecastFrequency.Hour => 168,
        ForecastFrequency.Day => 7,
        ForecastFrequency.Week => 52,
        _ => 12,
    };

    /// <summary>The longest horizon served, in periods: two weeks hourly, 92 days, two years weekly, three years monthly.</summary>
    public static int MaxHorizon(this ForecastFrequency frequency) => frequency switch
    {
        ForecastFrequency.Hour => 336,
        ForecastFrequency.Day => 92,
        ForecastFrequency.Week => 104,
        _ => 36,
    };

    /// <summary>The caller's name of the frequency.</summary>
    public static string Name(this ForecastFrequency frequency) => Names[(int)frequency];

    /// <summary>Parses a caller's name (exact, lower case); false for anything else.</summary>
    public static bool TryParse(string? name, out ForecastFrequency frequency)
    {
        var index = name is null ? -1 : Names.ToList().IndexOf(name);
        frequency = index < 0 ? default : (ForecastFrequency)index;
        return index >= 0;
    }

    /// <summary>The start of the period <paramref name="steps"/> after <paramref name="time"/> (a local clock time).</summary>
    public static DateTime Step(this ForecastFrequency frequency, DateTime time, int steps = 1) => frequency switch
    {
        ForecastFrequency.Hour => time.AddHours(steps),
        ForecastFrequency.Day => time.AddDays(steps),
        ForecastFrequency.Week => time.AddDays(7 * steps),
        _ => time.AddMonths(steps),
    };

    /// <summary>The length of one period, for turning a horizon such as 48 hours into periods (a month counts as 30 days).</summary>
    public static TimeSpan Period(this ForecastFrequency frequency) => frequency switch
    {
        ForecastFrequency.Hour => TimeSpan.FromHours(1),
        ForecastFrequency.Day => TimeSpan.FromDays(1),
        ForecastFrequency.Week => TimeSpan.FromDays(7),
        _ => TimeSpan.FromDays(30),
    };
}
