using System.Collections.Concurrent;
using Bright.Analytics.Forecasting;
using Bright.Core.Reference;
using Bright.Store.Forecasts;

namespace Bright.Server.Forecasting;

/// <summary>
/// G&amp;A occupancy forecasts per site as arrivals × length of stay, from the stays on the site's G&amp;A wards and the
/// elective admissions booked to them (known demand; only emergency arrivals are forecast statistically), at the
/// local midnights after the start of the day of the latest admission, transfer or discharge. The latest forecast of
/// each site is kept (with its simulated paths, for the probability of exceeding capacity). Thread-safe.
/// </summary>
internal sealed class OccupancyService(CapacityReader reader)
{
    private readonly OccupancyForecaster _forecaster = new();
    private readonly ConcurrentDictionary<string, SiteOccupancy> _latest = new(StringComparer.Ordinal);

    /// <summary>
    /// Forecasts <paramref name="days"/> midnights ahead and keeps it; no forecast, and why, when history is too short.
    /// With <paramref name="reuseBacktest"/> (the hourly refresh), the kept forecast's backtest is reused when it was made
    /// from the same midnight for the same horizon, and only the forecast is simulated again from the current stays.
    /// </summary>
    public async Task<(SiteOccupancy? Forecast, string? Shortage)> ForecastAsync(Site site, int days, bool reuseBacktest, CancellationToken ct)
    {
        var wards = site.Wards.Where(w => w.IsGeneralAndAcute).Select(w => w.Code).ToList();
        var stays = (await reader.StaysAsync(site.Code, wards, ct)).Select(s => new InpatientStay(s.AdmittedAt, s.LeftAt, s.Elective)).ToList();
        var id = $"occupancy:{site.Code}";
        if (stays.Count == 0)
        {
            return (null, $"Series '{id}' has no stays on the site's G&A wards; forecasting {days} ahead needs at least " +
                $"{OccupancyForecaster.MinimumDays(days)} days of them.");
        }

        var origin = stays.Max(s => s.LeftAt is { } left && left > s.AdmittedAt ? left : s.AdmittedAt).Date;
        var history = (int)(origin - stays[0].AdmittedAt.Date.AddDays(1)).TotalDays;
        if (history < OccupancyForecaster.MinimumDays(days))
        {
            return (null, $"Series '{id}' has {Math.Max(0, history)} complete days of stays; forecasting {days} ahead needs at least " +
                $"{OccupancyForecaster.MinimumDays(days)}.");
        }

        var bookings = (await reader.BookingsAsync(site.Code, wards, ct)).Select(b => new ElectiveBooking(b.BookedAt, b.ExpectedAt, b.ResolvedAt)).ToList();
        var reuse = reuseBacktest && _latest.TryGetValue(site.Code, out var kept) ? kept.Forecast.Backtested : null;
        var forecast = await Task.Run(() => _forecaster.Forecast(stays, origin, days, bookings, reuse), ct);
        var result = new SiteOccupancy(site.Code, origin, history, forecast);
        _latest[site.Code] = result;
        return (result, null);
    }

    /// <summary>The kept forecast of <paramref name="site"/> covering at least <paramref name="days"/> days, or null.</summary>
    public SiteOccupancy? Latest(string site, int days) =>
        _latest.TryGetValue(site, out var kept) && kept.Forecast.Points.Count >= days ? kept : null;
}

/// <summary>A site's occupancy forecast from <paramref name="Origin"/> (a local midnight), made from <paramref name="HistoryDays"/> days of stays.</summary>
internal sealed record SiteOccupancy(string Site, DateTime Origin, int HistoryDays, OccupancyForecast Forecast);
