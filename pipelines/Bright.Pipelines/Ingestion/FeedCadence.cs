namespace Bright.Pipelines.Ingestion;

/// <summary>The statuses of a feed on the <c>ingest</c> topic and in <c>GET /api/feeds</c>, most severe first.</summary>
public static class FeedStatus
{
    /// <summary>Nothing received for longer than the feed's expected cadence.</summary>
    public const string Silent = "silent";

    /// <summary>Today's rejection rate is over the threshold.</summary>
    public const string Rejecting = "rejecting";

    /// <summary>The latest event arrived later after its point-of-care time than the feed allows.</summary>
    public const string Late = "late";

    /// <summary>None of the above.</summary>
    public const string Ok = "ok";

    /// <summary>How severe <paramref name="status"/> is: 0 for ok up to 3 for silent.</summary>
    public static int Severity(string status) => status switch
    {
        Silent => 3,
        Rejecting => 2,
        Late => 1,
        _ => 0,
    };
}

/// <summary>One feed's expected cadence (from the feed registry: <c>expectedEvery</c>, <c>lateAfter</c>, <c>silentAfter</c>).</summary>
/// <param name="ExpectedEvery">How often it is expected to send; null when it has no cadence.</param>
/// <param name="LateAfter">The longest acceptable occurred-to-received lag; null when it has none.</param>
public sealed record FeedTimeliness(TimeSpan? ExpectedEvery, TimeSpan? LateAfter)
{
    /// <summary>With no delivery for this long the feed is silent; null takes <see cref="ExpectedEvery"/>.</summary>
    public TimeSpan? SilentAfter { get; init; }

    /// <summary>How long without a delivery makes the feed silent; null when it is never silent.</summary>
    public TimeSpan? SilentAfterOrCadence => SilentAfter ?? ExpectedEvery;
}

/// <summary>
/// Every feed's cadence and the rejection threshold, as data: what a row's status is computed against.
/// Thread-safe: the feeds are replaced whole by <see cref="Update"/> when the registry changes, and every
/// status computed afterwards uses the new cadence (no restart).
/// </summary>
public sealed class FeedCadence
{
    private volatile Dictionary<string, FeedTimeliness> _feeds;

    /// <summary>Creates the cadence of <paramref name="feeds"/> (by source) with <paramref name="rejectingAbove"/> as the threshold.</summary>
    public FeedCadence(IReadOnlyDictionary<string, FeedTimeliness> feeds, double rejectingAbove)
    {
        ArgumentNullException.ThrowIfNull(feeds);
        _feeds = new Dictionary<string, FeedTimeliness>(feeds, StringComparer.Ordinal);
        RejectingAbove = rejectingAbove;
    }

    /// <summary>No cadence for any feed, and the default threshold of 5 %.</summary>
    public static FeedCadence None { get; } = new(new Dictionary<string, FeedTimeliness>(), 0.05);

    /// <summary>The share of today's records rejected above which a feed is <see cref="FeedStatus.Rejecting"/>.</summary>
    public double RejectingAbove { get; }

    /// <summary>The sources that have an expected cadence (so are silent when nothing has come).</summary>
    public IEnumerable<string> WithExpectedCadence => _feeds.Where(f => f.Value.SilentAfterOrCadence is not null).Select(f => f.Key);

    /// <summary>Replaces every feed's cadence with <paramref name="feeds"/> (by source); a source left out has none.</summary>
    public void Update(IReadOnlyDictionary<string, FeedTimeliness> feeds)
    {
        ArgumentNullException.ThrowIfNull(feeds);
        _feeds = new Dictionary<string, FeedTimeliness>(feeds, StringComparer.Ordinal);
    }

    /// <summary>The cadence of <paramref name="source"/>; both null when none is configured.</summary>
    public FeedTimeliness For(string source) => _feeds.GetValueOrDefault(source) ?? new FeedTimeliness(null, null);

    /// <summary>
    /// The status of <paramref name="row"/> at <paramref name="now"/>: <c>silent</c> when the feed has a
    /// cadence (<c>SilentAfter</c>, else <c>ExpectedEvery</c>) and nothing was received from it (at any site: <paramref name="feedLastReceivedAt"/>) within it, else <c>rejecting</c> when today's rejection rate is over
    /// the threshold, else <c>late</c> when the latest event's lag is over <c>LateAfter</c>, else <c>ok</c>.
    /// </summary>
    public string StatusOf(IngestRow row, DateTimeOffset? feedLastReceivedAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(row);
        var feed = For(row.Source);
        if (feed.SilentAfterOrCadence is { } every && (feedLastReceivedAt is not { } last || now - last > every))
        {
            return FeedStatus.Silent;
        }

        var total = row.AcceptedToday + row.RejectedToday;
        if (total > 0 && (double)row.RejectedToday / total > RejectingAbove)
        {
            return FeedStatus.Rejecting;
        }

        return feed.LateAfter is { } late && row.LagSeconds is { } lag && lag > late.TotalSeconds ? FeedStatus.Late : FeedStatus.Ok;
    }
}
