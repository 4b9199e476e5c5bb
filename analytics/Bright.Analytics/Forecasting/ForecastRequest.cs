using System.Globalization;

namespace Bright.Analytics.Forecasting;

/// <summary>A caller's series, as sent to <c>POST /api/forecast</c>, before it is checked.</summary>
/// <param name="Frequency"><c>hour</c>, <c>day</c>, <c>week</c> or <c>month</c>.</param>
/// <param name="Horizon">Periods to forecast.</param>
/// <param name="Points">The history, oldest first.</param>
public sealed record ForecastRequest(string? Frequency, int? Horizon, IReadOnlyList<ForecastRequestPoint>? Points);

/// <summary>One point as sent.</summary>
/// <param name="Time">ISO 8601: a date (<c>2016-04-01</c>) or a date and time, with or without an offset.</param>
/// <param name="Value">The value; null when absent or not a finite number.</param>
/// <param name="RawValue">The value as sent, for error messages.</param>
public sealed record ForecastRequestPoint(string? Time, double? Value, string? RawValue = null);

/// <summary>
/// Checks a <see cref="ForecastRequest"/> and turns it into a <see cref="ForecastSeries"/>, reporting every problem
/// as <c>field: reason (was value)</c>.
/// </summary>
public static class ForecastRequestValidator
{
    /// <summary>The most points a caller may send: about five years of hourly data, bounding the training done in a request.</summary>
    public const int MaxPoints = 45_000;

    private static readonly string[] TimeFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mmK", "yyyy-MM-ddTHH:mm:ssK",
        "yyyy-MM-ddTHH:mm:ss.FFFFFFFK",
    ];

    /// <summary>
    /// The series and horizon, or null with <paramref name="errors"/> filled. Times are read as clock times (the
    /// offset, if any, is kept in <paramref name="offset"/> from the last point, for the answer).
    /// </summary>
    public static ForecastSeries? Validate(ForecastRequest request, List<string> errors, out int horizon, out TimeSpan? offset)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        horizon = 0;
        offset = null;
        var known = ForecastFrequencies.TryParse(request.Frequency, out var frequency);
        if (!known)
        {
            errors.Add(request.Frequency is null
                ? "frequency: is required, one of hour, day, week, month."
                : $"frequency: must be one of hour, day, week, month (was '{request.Frequency}').");
        }

        if (request.Horizon is not { } h)
        {
            errors.Add("horizon: is required, a whole number of periods.");
        }
        else if (known && (h < 1 || h > frequency.MaxHorizon()))
        {
            errors.Add($"horizon: must be between 1 and {frequency.MaxHorizon()} for frequency '{frequency.Name()}' (was {h}).");
        }
        else if (h < 1)
        {
            errors.Add($"horizon: must be at least 1 (was {h}).");
        }
        else
        {
            horizon = h;
        }

        var points = request.Points;
        if (points is null || points.Count == 0)
        {
            errors.Add("points: must contain at least one point.");
            return null;
        }

        if (points.Count > MaxPoints)
        {
            errors.Add($"points: at most {MaxPoints} points may be sent (was {points.Count}).");
            return null;
        }

        var times = ReadPoints(points, known ? frequency : null, errors, out offset);
        if (errors.Count > 0 || !known)
        {
            return null;
        }

        var minimum = ForecastSeries.MinimumPoints(frequency, horizon);
        if (points.Count < minimum)
        {
            errors.Add($"points: {points.Count} points are too few for frequency '{frequency.Name()}' and horizon {horizon}: at least " +
                $"{minimum} are needed (two seasons of {frequency.SeasonLength()} and the horizon).");
            return null;
        }

        return new ForecastSeries(frequency, times, [.. points.Select(p => p.Value!.Value)]);
    }

    private static List<DateTime> ReadPoints(IReadOnlyList<ForecastRequestPoint> points, ForecastFrequency? frequency, List<string> errors,
        out TimeSpan? offset)
    {
        offset = null;
        var times = new List<DateTime>(points.Count);
        var seen = new Dictionary<DateTime, int>();
        (int Index, DateTime Time)? previous = null;
        for (var i = 0; i < points.Count; i++)
        {
            var point = points[i];
            if (point.Value is not { } value || !double.IsFinite(value))
            {
                errors.Add($"points[{i}].value: must be a finite number (was {point.RawValue ?? "absent"}).");
            }

            if (!TryParseTime(point.Time, out var time, out var pointOffset))
            {
                errors.Add(point.Time is null
                    ? $"points[{i}].time: is required, an ISO 8601 date or date and time."
                    : $"points[{i}].time: must be an ISO 8601 date or date and time (was '{point.Time}').");
                continue;
            }

            offset = pointOffset;
            if (seen.TryGetValue(time, out var first))
            {
                errors.Add($"points[{i}].time: repeats points[{first}] (was '{point.Time}').");
                continue;
            }

            seen[time] = i;
            times.Add(time);
            // A point is checked against the one before it only when that one was good, so one bad point gives one error.
            if (frequency is { } f && CheckPeriod(f, i, point.Time!, time, previous?.Index == i - 1 ? previous.Value.Time : null, errors))
            {
                previous = (i, time);
            }
        }

        return times;
    }

    private static bool CheckPeriod(ForecastFrequency frequency, int i, string text, DateTime time, DateTime? previous, List<string> errors)
    {
        var aligned = frequency == ForecastFrequency.Hour ? time.Minute == 0 && time.Second == 0 && time.Millisecond == 0 : time.TimeOfDay == TimeSpan.Zero;
        if (!aligned)
        {
            errors.Add($"points[{i}].time: must start {(frequency == ForecastFrequency.Hour ? "on the hour" : "at midnight")} for frequency " +
                $"'{frequency.Name()}' (was '{text}').");
            return false;
        }

        if (previous is { } p && time != frequency.Step(p))
        {
            errors.Add(time < p
                ? $"points[{i}].time: is before points[{i - 1}]; points must be in time order (was '{text}')."
                : $"points[{i}].time: is not one {frequency.Name()} after points[{i - 1}]; the series must have no gaps (was '{text}').");
        }

        return true;
    }

    private static bool TryParseTime(string? text, out DateTime time, out TimeSpan? offset)
    {
        time = default;
        offset = null;
        if (text is null || !DateTimeOffset.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal,
                out var parsed))
        {
            return false;
        }

        time = parsed.DateTime;
        var hasOffset = text.Length > 10 && (text.EndsWith('Z') || text.LastIndexOfAny(['+', '-']) > 10);
        offset = hasOffset ? parsed.Offset : null;
        return true;
    }
}
