using System.Globalization;

namespace Bright.Analytics.Forecasting;

/// <summary>
/// Features for forecasting the value at origin + h from the values at or before the origin only (no
/// leakage): the target's calendar (hour, weekday, month, week of year, England bank holidays), the step h,
/// and, relative to the level (the mean of the last season up to the origin), the nearest known seasonal lag,
/// the mean of up to four seasonal lags, the last value and a short recent mean.
/// </summary>
internal sealed class ForecastFeatures
{
    public const int Count = 11;

    private readonly ForecastSeries _series;
    private readonly BankHolidays _holidays;
    private readonly double[] _prefix;
    private readonly int _shortWindow;

    public ForecastFeatures(ForecastSeries series, BankHolidays holidays)
    {
        _series = series;
        _holidays = holidays;
        Season = series.Frequency.SeasonLength();
        _shortWindow = Math.Max(1, (Season + 3) / 4);
        _prefix = new double[series.Values.Count + 1];
        for (var i = 0; i < series.Values.Count; i++)
        {
            _prefix[i + 1] = _prefix[i] + series.Values[i];
        }
    }

    public int Season { get; }

    /// <summary>The mean of the season ending at <paramref name="origin"/> (needs origin ≥ m − 1).</summary>
    public double Level(int origin) => Mean(origin - Season + 1, origin);

    /// <summary>Features of target origin + h; uses values at indices ≤ origin only.</summary>
    public float[] Build(int origin, int h)
    {
        var values = _series.Values;
        var level = Level(origin);
        var target = origin + h;
        var back = SeasonalNaive.SeasonsBack(h, Season);
        var nearest = values[target - (back * Season)];
        double sum = 0;
        var count = 0;
        for (var k = back; k < back + 4 && target - (k * Season) >= 0; k++)
        {
            sum += values[target - (k * Season)];
            count++;
        }

        var time = _series.Frequency.Step(_series.Times[origin], h);
        var features = new float[Count];
        features[0] = h;
        features[1] = _series.Frequency == ForecastFrequency.Hour ? time.Hour : 0;
        features[2] = _series.Frequency is ForecastFrequency.Hour or ForecastFrequency.Day ? (int)time.DayOfWeek : 0;
        features[3] = time.Month;
        features[4] = _series.Frequency == ForecastFrequency.Week ? ISOWeek.GetWeekOfYear(time) : 0;
        features[5] = Holidays(time);
        features[6] = (float)(nearest - level);
        features[7] = (float)((sum / count) - level);
        features[8] = (float)(values[origin] - level);
        features[9] = (float)level;
        features[10] = (float)(Mean(Math.Max(0, origin - _shortWindow + 1), origin) - level);
        return features;
    }

    private float Holidays(DateTime time)
    {
        var date = DateOnly.FromDateTime(time);
        return _series.Frequency switch
        {
            ForecastFrequency.Hour or ForecastFrequency.Day => _holidays.IsHoliday(date) ? 1 : 0,
            ForecastFrequency.Week => _holidays.CountBetween(date, date.AddDays(7)),
            _ => _holidays.CountBetween(date, date.AddMonths(1)),
        };
    }

    private double Mean(int from, int to) => (_prefix[to + 1] - _prefix[from]) / (to - from + 1);
}
