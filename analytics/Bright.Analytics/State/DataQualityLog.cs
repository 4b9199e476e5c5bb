namespace Bright.Analytics.State;

/// <summary>
/// Events live state kept but could not fully use (a missing location, an unknown code, a discharge with no
/// admission): counted per site, the latest kept for the feed's owner. Messages never carry subject keys.
/// Not thread-safe: owned by <see cref="LiveState"/>.
/// </summary>
public sealed class DataQualityLog
{
    private const int Kept = 100;
    private readonly Queue<DataQualityIssue> _recent = new();
    private readonly Dictionary<string, int> _bySite = new(StringComparer.Ordinal);

    /// <summary>Issues recorded since the state was built.</summary>
    public int Count { get; private set; }

    /// <summary>The latest issues, oldest first (at most 100).</summary>
    public IReadOnlyList<DataQualityIssue> Recent => [.. _recent];

    /// <summary>Issues recorded for <paramref name="site"/>.</summary>
    public int CountFor(string site) => _bySite.GetValueOrDefault(site);

    /// <summary>Records that <paramref name="e"/> was kept but <paramref name="message"/>.</summary>
    public void Record(HospitalEvent e, string message)
    {
        ArgumentNullException.ThrowIfNull(e);
        Count++;
        var site = e.Site ?? "";
        _bySite[site] = _bySite.GetValueOrDefault(site) + 1;
        _recent.Enqueue(new DataQualityIssue(e.EventId, e.Source, site, e.Kind.ToString(), message));
        if (_recent.Count > Kept)
        {
            _recent.Dequeue();
        }
    }
}

/// <summary>One data-quality issue found by live state.</summary>
/// <param name="EventId">The event's id.</param>
/// <param name="Source">The feed, whose owner is told.</param>
/// <param name="Site">The event's site.</param>
/// <param name="Kind">The event's kind.</param>
/// <param name="Message">What was wrong, naming the field and value.</param>
public sealed record DataQualityIssue(string EventId, string Source, string Site, string Kind, string Message);
