using System.Globalization;
using Bright.Analytics.Forecasting;
using Bright.Core.Reference;
using Bright.Store.Forecasts;

namespace Bright.Server.Forecasting;

/// <summary>
/// Demand against planned capacity per site and day (<c>GET /api/capacity</c>): G&amp;A beds occupied at local
/// midnight (arrivals × length of stay, or its labelled baseline) against the site's core G&amp;A beds from the
/// reference data; theatre minutes booked against the planned session minutes of the lists scheduled that day.
/// Each day has the expected gap (capacity − mean demand; below zero is a shortfall) and the probability that demand
/// exceeds capacity.
/// </summary>
internal sealed partial class CapacityService(OccupancyService occupancy, ForecastService forecasts, CapacityReader reader, CapacityTopics topics,
    TrustReference trust, TimeProvider clock, ILogger<CapacityService> logger)
{
    /// <summary>Days the <c>capacity:{site}</c> tiles show.</summary>
    public const int TileDays = 7;

    /// <summary>The longest outlook served, in days: the occupancy forecast's horizon.</summary>
    public const int MaxDays = 42;

    public async Task<CapacityAnswer> GetAsync(Site site, int days, CancellationToken ct)
    {
        var gaBeds = site.Wards.Where(w => w.IsGeneralAndAcute).Sum(w => w.Beds);
        var escalation = site.Wards.Where(w => w.IsGeneralAndAcute).Sum(w => w.EscalationBeds);
        var beds = occupancy.Latest(site.Code, days);
        string? bedsShortage = null;
        if (beds is null)
        {
            (beds, bedsShortage) = await occupancy.ForecastAsync(site, days, ct);
        }

        var theatres = await TheatresAsync(site, days, ct);
        var rows = new List<CapacityDay>();
        if (beds is not null)
        {
            for (var i = 0; i < days; i++)
            {
                var point = beds.Forecast.Points[i];
                var date = DateOnly.FromDateTime(point.Time);
                rows.Add(new CapacityDay(Date(date), Demand(point, gaBeds, beds.Forecast.ExceedanceProbability(i, gaBeds)),
                    theatres.Days.GetValueOrDefault(date)));
            }
        }
        else
        {
            rows.AddRange(theatres.Days.OrderBy(d => d.Key).Take(days).Select(d => new CapacityDay(Date(d.Key), null, d.Value)));
        }

        return new CapacityAnswer(site.Code, clock.GetUtcNow(), gaBeds, escalation,
            beds is null ? null : new CapacityModel(beds.Forecast.Model, beds.Forecast.Backtest, Date(DateOnly.FromDateTime(beds.Origin))),
            bedsShortage, theatres.Model, theatres.Shortage, rows);
    }

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
            return (Date: first.AddDays(i), Demand: Demand(point, sessions[i], ForecastProbability.Exceeds(point, sessions[i])));
        }).ToDictionary(r => r.Date, r => r.Demand);
        return (rows, new CapacityModel(answer.Model, answer.Backtest, Date(first.AddDays(-1))), null);
    }

    private static CapacityDemand Demand(ForecastPoint p, double capacity, double probability) =>
        new(p.Mean, p.Lower80, p.Upper80, p.Lower95, p.Upper95, capacity, capacity - p.Mean, probability);

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
internal sealed record CapacityAnswer(string Site, DateTimeOffset GeneratedAt, int GaBeds, int EscalationBeds, CapacityModel? Beds,
    string? BedsUnavailable, CapacityModel? Theatres, string? TheatresUnavailable, IReadOnlyList<CapacityDay> Days);

/// <summary>A model served for one side of the comparison; <c>origin</c> is the last day of history it forecasts from.</summary>
internal sealed record CapacityModel(string Model, ForecastBacktest Backtest, string Origin);

/// <summary>One day: G&amp;A beds occupied at its midnight, theatre minutes booked in it (either null when not forecast).</summary>
internal sealed record CapacityDay(string Date, CapacityDemand? Beds, CapacityDemand? TheatreMinutes);

/// <summary>Forecast demand, planned capacity, the expected gap (capacity − mean) and P(demand &gt; capacity).</summary>
internal sealed record CapacityDemand(double Mean, double Lower80, double Upper80, double Lower95, double Upper95, double Capacity,
    double ExpectedGap, double ProbabilityOverCapacity);
