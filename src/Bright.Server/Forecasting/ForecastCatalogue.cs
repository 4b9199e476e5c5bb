using Bright.Analytics.Forecasting;
using Bright.Core.Reference;
using Bright.Store.Forecasts;

namespace Bright.Server.Forecasting;

/// <summary>One kind of store series: <c>{Prefix}:{site}</c>.</summary>
internal sealed record ForecastSeriesKind(string Prefix, string Name, ForecastFrequency Frequency, int DefaultHorizon, EventKind Source,
    Func<ForecastSeriesReader, Site, CancellationToken, Task<IReadOnlyList<SeriesPoint>>> Read);

/// <summary>The series BRIGHT forecasts from its own store (DOMAIN.md 8), per site.</summary>
internal static class ForecastCatalogue
{
    public static IReadOnlyList<ForecastSeriesKind> Kinds { get; } =
    [
        new("ed-arrivals", "ED arrivals per hour", ForecastFrequency.Hour, 48, EventKind.EdArrival,
            (r, s, ct) => r.EdArrivalsHourlyAsync(s.Code, ct)),
        new("admissions", "Emergency admissions per day", ForecastFrequency.Day, 14, EventKind.Admission,
            (r, s, ct) => r.EmergencyAdmissionsDailyAsync(s.Code, ct)),
        new("occupancy", "G&A beds occupied at midnight", ForecastFrequency.Day, 42, EventKind.Admission,
            (r, s, ct) => r.MidnightOccupancyAsync(s.Code, [.. s.Wards.Where(w => w.IsGeneralAndAcute).Select(w => w.Code)], ct)),
        new("occupancy-hourly", "G&A beds occupied at the top of each hour", ForecastFrequency.Hour, 48, EventKind.Admission,
            (r, s, ct) => r.HourlyOccupancyAsync(s.Code, [.. s.Wards.Where(w => w.IsGeneralAndAcute).Select(w => w.Code)], ct)),
        new("theatre-minutes", "Theatre minutes booked per day", ForecastFrequency.Day, 42, EventKind.CaseScheduled,
            (r, s, ct) => r.TheatreBookedDailyAsync(s.Code, minutes: true, ct)),
        new("theatre-cases", "Theatre cases booked per day", ForecastFrequency.Day, 42, EventKind.CaseScheduled,
            (r, s, ct) => r.TheatreBookedDailyAsync(s.Code, minutes: false, ct)),
    ];

    /// <summary>The kind and site of a series id such as <c>ed-arrivals:RQ6</c>; false when either is unknown.</summary>
    public static bool TryResolve(string id, TrustReference trust, out ForecastSeriesKind kind, out Site site)
    {
        kind = null!;
        site = null!;
        var colon = id.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        var prefix = id[..colon];
        var found = Kinds.FirstOrDefault(k => string.Equals(k.Prefix, prefix, StringComparison.Ordinal));
        var foundSite = trust.FindSite(id[(colon + 1)..]);
        if (found is null || foundSite is null)
        {
            return false;
        }

        (kind, site) = (found, foundSite);
        return true;
    }

    public static string Id(ForecastSeriesKind kind, string site) => $"{kind.Prefix}:{site}";
}
