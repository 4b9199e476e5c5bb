using Bright.Core.Reference;
using Bright.Server.Live;

namespace Bright.Server.Forecasting;

/// <summary>
/// The <c>capacity:{site}</c> topic for the wallboard and bed board: the coming days' forecast G&amp;A beds against
/// the beds open now (or core beds without live bed state), the expected gap and the probability of exceeding them; replaced whenever the forecasts are
/// refreshed or retrained, the delta being the whole new state.
/// </summary>
internal sealed class CapacityTopic(string site) : LiveTopic(NameOf(site))
{
    private CapacityTilePayload _current = CapacityTilePayload.NotComputed(site);
    private int _changed;

    public override string? Site => site;

    public CapacityTilePayload Current => Volatile.Read(ref _current);

    public static string NameOf(string site) => $"capacity:{site}";

    public void Publish(CapacityTilePayload payload)
    {
        Volatile.Write(ref _current, payload);
        Interlocked.Exchange(ref _changed, 1);
    }

    protected override object BuildSnapshot() => Current;

    protected override object? BuildDelta() => Interlocked.Exchange(ref _changed, 0) == 1 ? Current : null;
}

/// <summary>
/// The data of a <c>capacity:{site}</c> topic; <c>days</c> is empty, with the reason, until it can be forecast. The bed
/// capacity is the G&amp;A beds open now (<c>capacitySource</c> <c>live_open_beds</c>, of which <c>escalationOpen</c> are
/// escalation beds) or the core beds of the reference data (<c>reference_core_beds</c>).
/// </summary>
internal sealed record CapacityTilePayload(string Site, DateTimeOffset? ComputedAt, int GaBeds, string? Model, string? Unavailable,
    IReadOnlyList<CapacityTileDay> Days, int? BedCapacity, string? CapacitySource, int? EscalationOpen)
{
    public static CapacityTilePayload NotComputed(string site) =>
        new(site, null, 0, null, "Not computed yet: it is computed with the hourly forecast refresh.", [], null, null, null);

    public static CapacityTilePayload Of(CapacityAnswer answer) => new(answer.Site, answer.GeneratedAt, answer.GaBeds, answer.Beds?.Model,
        answer.BedsUnavailable, [.. answer.Days.Where(d => d.Beds is not null)
            .Select(d => new CapacityTileDay(d.Date, d.Beds!.Mean, d.Beds.Capacity, d.Beds.ExpectedGap, d.Beds.ProbabilityOverCapacity,
                d.BookedElectives ?? 0))], answer.BedCapacity, answer.CapacitySource, answer.OpenBeds?.Escalation);
}

/// <summary>One day of the tile: G&amp;A beds expected occupied at its midnight against the bed capacity, and the electives booked for it.</summary>
internal sealed record CapacityTileDay(string Date, double Mean, double Capacity, double ExpectedGap, double ProbabilityOverCapacity, int BookedElectives);

/// <summary>One <see cref="CapacityTopic"/> per site with G&amp;A wards. Thread-safe.</summary>
internal sealed class CapacityTopics(TrustReference trust)
{
    private readonly Dictionary<string, CapacityTopic> _topics = trust.Sites.Where(s => s.Wards.Any(w => w.IsGeneralAndAcute))
        .ToDictionary(s => s.Code, s => new CapacityTopic(s.Code), StringComparer.Ordinal);

    public IEnumerable<CapacityTopic> All => _topics.Values;

    public void Publish(CapacityAnswer answer)
    {
        if (_topics.TryGetValue(answer.Site, out var topic))
        {
            topic.Publish(CapacityTilePayload.Of(answer));
        }
    }
}
