using System.Globalization;
using Bright.Analytics.Forecasting;
using Bright.Analytics.State.Beds;
using Bright.Core.Reference;
using Bright.Core.Time;
using Bright.Server.Live.State;
using Bright.Store.Forecasts;

namespace Bright.Server.Forecasting;

/// <summary>
/// Demand against planned capacity per site and day (<c>GET /api/capacity</c>): G&amp;A beds occupied at local
/// midnight (arrivals × length of stay with the booked electives in it, or its labelled baseline) against the G&amp;A
/// beds open now on the live bed board (neither closed nor blocked; open escalation beds counted and reported beside),
/// carried forward to later days as the latest count, or the site's core G&amp;A beds from the reference data, so
/// labelled, while live state has no bed of the site; theatre minutes booked against the planned session minutes of
/// the lists scheduled that day. Each day has the expected gap (capacity − mean demand; below zero is a shortfall)
/// and the probability that demand exceeds capacity.
/// </summary>
internal sealed partial class CapacityService(OccupancyService occupancy, ForecastService forecasts, CapacityReader reader, CapacityTopics topics,
    LiveStateService live, TrustReference trust, TimeProvider clock, ILogger<CapacityService> logger)
{
    /// <summary>Bed capacity from the live bed board: the beds open now.</summary>
    public const string LiveOpenBeds = "live_open_beds";

    /// <summary>Bed capacity from the reference data's core G&amp;A beds (no live bed state for the site).</summary>
    public const string ReferenceCoreBeds = "reference_core_beds";

    /// <summary>A day whose bed capacity is the count open now (tonight's midnight).</summary>
    public const string OpenBedsNow = "open_beds_now";

    /// <summary>A later day, whose bed capacity is the latest open-bed count carried forward.</summary>
    public const string LatestOpenBeds = "latest_open_beds";

    /// <summary>Theatre capacity: the session minutes of the lists planned that day.</summary>
    public const string PlannedLists = "planned_lists";

    /// <summary>Days the <c>capacity:{site}</c> tiles show.</summary>
    public const int TileDays = 7;

    /// <summary>The longest outlook served, in days: the occupancy forecast's horizon.</summary>
    public const int MaxDays = 42;

    public async Task<CapacityAnswer> GetAsync(Site site, int days, CancellationToken ct)
    {
        var gaBeds = site.Wards.Where(w => w.IsGeneralAndAcute).Sum(w => w.Beds);
        var escalation = site.Wards.Where(w => w.IsGeneralAndAcute).Sum(w => w.EscalationBeds);
        var open = OpenBeds(site.Code);
        var capacity = open?.Open ?? gaBeds;
        var tonight = open is null ? (DateOnly?)null : UkTime.LocalDate(open.AsOf).AddDays(1);
        var beds = occupancy.Latest(site.Code, days);
        string? bedsShortage = null;
        if (beds is null)
        {
            (beds, bedsShortage) = await occupancy.ForecastAsync(site, days, reuseBacktest: false, ct);
        }

        var theatres = await TheatresAsync(site, days, ct);
        var rows = new List<CapacityDay>();
        if (beds is not null)
        {
            for (var i = 0; i < days; i++)
            {
                var point = beds.Forecast.Points[i];
                var date = DateOnly.FromDateTime(point.Time);
                var source = open is null ? ReferenceCoreBeds : date == tonight ? OpenBedsNow : LatestOpenBeds;
                var booked = beds.Forecast.Intervals?.BookedElectives is { } b && i < b.Count ? b[i] : 0;
                rows.Add(new CapacityDay(Date(date), Demand(point, capacity, beds.Forecast.ExceedanceProbability(i, capacity), source),
                    theatres.Days.GetValueOrDefault(date), booked));
            }
        }
        else
        {
            rows.AddRange(theatres.Days.OrderBy(d => d.Key).Take(days).Select(d => new CapacityDay(Date(d.Key), null, d.Value, null)));
        }

        return new CapacityAnswer(site.Code, clock.GetUtcNow(), gaBeds, escalation,
            beds is null ? null : new CapacityModel(beds.Forecast.Model, beds.Forecast.Backtest, Date(DateOnly.FromDateTime(beds.Origin))),
            bedsShortage, theatres.Model, theatres.Shortage, rows, capacity, open is null ? ReferenceCoreBeds : LiveOpenBeds,
            open is null ? null : new CapacityOpenBeds(open.Open, open.CoreOpen, open.EscalationOpen, open.Blocked, open.Closed, open.AsOf));
    }

    /// <summary>The site's G&amp;A beds open now on the live bed board; null until live state has been rebuilt and an event has touched one of them.</summary>
    private StaffedBeds? OpenBeds(string site) => !live.WhenReady.IsCompleted
        ? null
        : live.Read((state, now) => state.HasSite(site) ? StaffedBeds.Of(state.Beds(site, now)) : null);

    /// <summary>
    /// Recomputes every site's outlook for the <c>capacity:{site}</c> topics (after the forecasts are refreshed or
    /// retrained); a site that fails is logged and the rest carry on.
    /// </summary>
    public async Task PublishAllAsync(CancellationToken ct)
    {
        foreach (var topic in topics.All)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                topics.Publish(await GetAsync(trust.FindSite(topic.Site!)!, TileDays, ct));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPublishFailed(ex, topic.Site!);
            }
        }
    }

    [LoggerMessage(4111, LogLevel.Error, "Capacity outlook for {Site} failed; its tile keeps the previous one")]
    private partial void LogPublishFailed(Exception exception, string site);

    private async Task<(Dictionary<DateOnly, CapacityDemand> Days, CapacityModel? Model, string? Shortage)> TheatresAsync(Site site, int days,
        CancellationToken ct)
    {
        var kind = ForecastCatalogue.Kinds.First(k => k.Prefix == "theatre-minutes");
        var id = ForecastCatalogue.Id(kind, site.Code);
        var (answer, shortage) = await forecasts.GetAsync(id, kind, site, days, ct);
        if (answer is null)
        {
            return ([], null, shortage);
        }

        var first = DateOnly.ParseExact(answer.Points[0].Time, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var sessions = await reader.SessionMinutesAsync(site.Code, first, answer.Points.Count, ct);
        var rows = answer.Points.Select((p, i) =>
        {
            var point = new ForecastPoint(first.AddDays(i).ToDateTime(TimeOnly.MinValue), p.Mean, p.Lower80, p.Upper80, p.Lower95, p.Upper95);
            return (Date: first.AddDays(i), Demand: Demand(point, sessions[i], ForecastProbability.Exceeds(point, sessions[i]), PlannedLists));
        }).ToDictionary(r => r.Date, r => r.Demand);
        return (rows, new CapacityModel(answer.Model, answer.Backtest, Date(first.AddDays(-1))), null);
    }

    private static CapacityDemand Demand(ForecastPoint p, double capacity, double probability, string source) =>
        new(p.Mean, p.Lower80, p.Upper80, p.Lower95, p.Upper95, capacity, capacity - p.Mean, probability, source);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>The answer of <c>GET /api/capacity</c>.</summary>
/// <param name="Site">The site.</param>
/// <param name="GeneratedAt">When it was put together.</param>
/// <param name="GaBeds">Core G&amp;A beds in the reference data: the bed capacity.</param>
/// <param name="EscalationBeds">G&amp;A escalation beds that can be opened beyond it (not counted as capacity).</param>
/// <param name="Beds">The occupancy model served, its backtest and origin; null when it could not be forecast.</param>
/// <param name="BedsUnavailable">Why there is no bed forecast, or null.</param>
/// <param name="Theatres">The theatre-minutes model served and its backtest; null when it could not be forecast.</param>
/// <param name="TheatresUnavailable">Why there is no theatre forecast, or null.</param>
/// <param name="Days">Per day: beds at its local midnight, theatre minutes booked that day.</param>
/// <param name="BedCapacity">The G&amp;A beds demand is compared with: open now on the live bed board, else <paramref name="GaBeds"/>.</param>
/// <param name="CapacitySource"><c>live_open_beds</c> or <c>reference_core_beds</c> (no live bed state for the site).</param>
/// <param name="OpenBeds">The live count behind it; null with the reference fallback.</param>
internal sealed record CapacityAnswer(string Site, DateTimeOffset GeneratedAt, int GaBeds, int EscalationBeds, CapacityModel? Beds,
    string? BedsUnavailable, CapacityModel? Theatres, string? TheatresUnavailable, IReadOnlyList<CapacityDay> Days, int BedCapacity,
    string CapacitySource, CapacityOpenBeds? OpenBeds);

/// <summary>G&amp;A beds open on the live bed board: core and escalation open, and blocked and closed ones not counted, as of a time.</summary>
internal sealed record CapacityOpenBeds(int Open, int Core, int Escalation, int Blocked, int Closed, DateTimeOffset AsOf);

/// <summary>A model served for one side of the comparison; <c>origin</c> is the last day of history it forecasts from.</summary>
internal sealed record CapacityModel(string Model, ForecastBacktest Backtest, string Origin);

/// <summary>
/// One day: G&amp;A beds occupied at its midnight, theatre minutes booked in it (either null when not forecast), and the
/// elective admissions booked for it (known demand inside the bed forecast; null without one).
/// </summary>
internal sealed record CapacityDay(string Date, CapacityDemand? Beds, CapacityDemand? TheatreMinutes, int? BookedElectives);

/// <summary>
/// Forecast demand, planned capacity, the expected gap (capacity − mean) and P(demand &gt; capacity); where the capacity
/// comes from: <c>open_beds_now</c>, <c>latest_open_beds</c>, <c>reference_core_beds</c> or <c>planned_lists</c>.
/// </summary>
internal sealed record CapacityDemand(double Mean, double Lower80, double Upper80, double Lower95, double Upper95, double Capacity,
    double ExpectedGap, double ProbabilityOverCapacity, string CapacitySource);
