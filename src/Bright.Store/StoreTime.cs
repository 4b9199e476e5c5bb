namespace Bright.Store;

/// <summary>Times as the store keeps them.</summary>
public static class StoreTime
{
    /// <summary>
    /// <paramref name="at"/> cut to whole microseconds, the precision of DuckDB's <c>TIMESTAMPTZ</c>, so a time answered
    /// before it is stored is the time every later read (and every node) gives back.
    /// </summary>
    public static DateTimeOffset Microseconds(DateTimeOffset at) => at.AddTicks(-(at.Ticks % 10));
}
