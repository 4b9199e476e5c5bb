using Bright.Core.Time;

namespace Bright.Store.Forecasts;

/// <summary>
/// Inpatients in at the top of each UK local clock hour, counted from stays given as instants, so the census is right
/// across the clock changes: each local hour is the instant <see cref="UkTime.FromLocal"/> gives (the skipped spring hour
/// is the moment the clocks go forward, the repeated autumn hour is counted once, at its first, BST, instant). Thread-safe.
/// </summary>
public static class HourlyCensus
{
    /// <summary>
    /// Stays with <c>AdmittedAt ≤ hour &lt; LeftAt</c> (an open stay has no LeftAt) at every local clock hour from
    /// <paramref name="firstHour"/> to <paramref name="lastHour"/> inclusive: a patient who leaves exactly on the hour is
    /// not counted at it, one who arrives exactly on the hour is. One pass over the stays, whatever the number of hours.
    /// </summary>
    /// <param name="stays">Stays as instants; their order does not matter.</param>
    /// <param name="firstHour">The first local (Europe/London) clock hour, minutes and seconds zero.</param>
    /// <param name="lastHour">The last local clock hour, not before <paramref name="firstHour"/>.</param>
    /// <exception cref="ArgumentException">An hour is not on the hour, or the last is before the first.</exception>
    public static IReadOnlyList<SeriesPoint> Count(IEnumerable<(DateTimeOffset AdmittedAt, DateTimeOffset? LeftAt)> stays,
        DateTime firstHour, DateTime lastHour)
    {
        ArgumentNullException.ThrowIfNull(stays);
        if (firstHour.Ticks % TimeSpan.TicksPerHour != 0 || lastHour.Ticks % TimeSpan.TicksPerHour != 0 || lastHour < firstHour)
        {
            throw new ArgumentException(
                $"An hourly census needs whole local hours, the last not before the first (were {firstHour:yyyy-MM-dd HH:mm:ss} to " +
                $"{lastHour:yyyy-MM-dd HH:mm:ss}).", nameof(lastHour));
        }

        var hours = (int)((lastHour - firstHour).Ticks / TimeSpan.TicksPerHour) + 1;
        var instants = new long[hours];
        for (var h = 0; h < hours; h++)
        {
            instants[h] = UkTime.FromLocal(firstHour.AddHours(h)).UtcTicks;
        }

        // Each stay adds one to a run of hours: mark the run's ends, then sum once.
        var changes = new int[hours + 1];
        foreach (var (admittedAt, leftAt) in stays)
        {
            var from = FirstAtOrAfter(instants, admittedAt.UtcTicks);
            var to = leftAt is { } left ? FirstAtOrAfter(instants, left.UtcTicks) : hours;
            if (from < to)
            {
                changes[from]++;
                changes[to]--;
            }
        }

        var points = new SeriesPoint[hours];
        var census = 0;
        for (var h = 0; h < hours; h++)
        {
            census += changes[h];
            points[h] = new SeriesPoint(firstHour.AddHours(h), census);
        }

        return points;
    }

    /// <summary>The index of the first instant at or after <paramref name="ticks"/> (instants never decrease), or their count.</summary>
    private static int FirstAtOrAfter(long[] instants, long ticks)
    {
        var (low, high) = (0, instants.Length);
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (instants[middle] < ticks)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
