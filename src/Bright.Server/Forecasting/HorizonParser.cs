using System.Globalization;
using Bright.Analytics.Forecasting;

namespace Bright.Server.Forecasting;

/// <summary>Reads <c>?horizon=</c> as hours, days or weeks (<c>48h</c>, <c>7d</c>, <c>6w</c>) into periods of a series.</summary>
internal static class HorizonParser
{
    /// <summary>Periods of <paramref name="kind"/>'s frequency, or null with <paramref name="error"/> naming the problem.</summary>
    public static int? Parse(string? text, ForecastSeriesKind kind, string id, out string? error)
    {
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            return kind.DefaultHorizon;
        }

        var unit = text[^1];
        TimeSpan? span = int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? unit switch { 'h' => TimeSpan.FromHours(n), 'd' => TimeSpan.FromDays(n), 'w' => TimeSpan.FromDays(7 * n), _ => null }
            : null;
        if (span is not { } s)
        {
            error = $"horizon: must be a whole number above 0 followed by h, d or w, e.g. 48h, 7d, 6w (was '{text}').";
            return null;
        }

        var period = kind.Frequency.Period();
        var max = kind.Frequency.MaxHorizon();
        if (s.Ticks % period.Ticks != 0)
        {
            error = $"horizon: series '{id}' is forecast by the {kind.Frequency.Name()}, and '{text}' is not a whole number of {kind.Frequency.Name()}s.";
            return null;
        }

        var periods = s.Ticks / period.Ticks;
        if (periods > max)
        {
            error = $"horizon: series '{id}' is forecast at most {max} {kind.Frequency.Name()}s ahead (was '{text}').";
            return null;
        }

        return (int)periods;
    }
}
