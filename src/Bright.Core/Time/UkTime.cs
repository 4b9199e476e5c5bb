namespace Bright.Core.Time;

/// <summary>
/// Ward-clock time: "today", "since midnight" and "before noon" are read in Europe/London local time
/// (GMT, or BST from the last Sunday in March to the last Sunday in October; DOMAIN.md "Everywhere").
/// Thread-safe.
/// </summary>
public static class UkTime
{
    /// <summary>The Europe/London zone from the machine's time-zone database.</summary>
    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    /// <summary>The local wall-clock time of <paramref name="instant"/>, with its UK offset.</summary>
    public static DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>The UK calendar date on which <paramref name="instant"/> falls.</summary>
    public static DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(ToLocal(instant).DateTime);

    /// <summary>The instant of local midnight that starts <paramref name="date"/>, in UTC.</summary>
    public static DateTimeOffset StartOfDay(DateOnly date) => FromLocal(date.ToDateTime(TimeOnly.MinValue));

    /// <summary>Today's UK date according to <paramref name="clock"/>.</summary>
    public static DateOnly Today(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return LocalDate(clock.GetUtcNow());
    }

    /// <summary>
    /// The instant of a UK wall-clock time given without an offset. A time in the skipped spring hour
    /// moves forward an hour; one in the repeated autumn hour takes BST, the earlier instant (DOMAIN.md §7.1).
    /// </summary>
    public static DateTimeOffset FromLocal(DateTime local)
    {
        var wall = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(wall))
        {
            wall = wall.AddHours(1);
        }

        var offset = Zone.IsAmbiguousTime(wall) ? Zone.GetAmbiguousTimeOffsets(wall).Max() : Zone.GetUtcOffset(wall);
        return new DateTimeOffset(wall, offset).ToUniversalTime();
    }
}
