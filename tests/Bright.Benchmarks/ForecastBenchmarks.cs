using System.Diagnostics;
using System.Globalization;
using Bright.Analytics.Forecasting;
using Bright.Core.Events;
using Bright.Core.Reference;
using Bright.Core.Time;
using Bright.Simulator;
using Bright.Store.Forecasts;

namespace Bright.Benchmarks;

/// <summary>
/// Rolling-origin backtests of BRIGHT's forecasts on simulated ED arrivals (one site), beside the seasonal naive
/// on the same windows: hourly 48 hours ahead, daily totals 1 and 7 days ahead (DOMAIN.md 8's "good": daily MAPE
/// 5-9% one day ahead, hourly MASE about 0.75); and the site's G&amp;A census, hourly 48 hours ahead and at midnight.
/// </summary>
internal static class ForecastBenchmarks
{
    public static void Run(int days)
    {
        var generate = Stopwatch.StartNew();
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var simulator = new TrustSimulator(TrustReference.Demo, new SimulatorOptions(), start);
        var hourly = new SortedDictionary<DateTime, double>();
        var gaWards = TrustReference.Demo.FindSite("RQ6")!.Wards.Where(w => w.IsGeneralAndAcute).Select(w => w.Code).ToHashSet();
        var moves = new List<(string Subject, DateTimeOffset At, EventKind Kind, string? Ward, bool Elective)>();
        var bookings = new List<(string Subject, string CaseId, DateTimeOffset At, DateTimeOffset Expected)>();
        var cancelled = new Dictionary<string, DateTimeOffset>();
        foreach (var e in simulator.AdvanceTo(start.AddDays(days)))
        {
            if (e.Site == "RQ6" && e.Subject is { } subject && e.Kind is EventKind.Admission or EventKind.Transfer or EventKind.Discharge)
            {
                moves.Add((subject, e.OccurredAt, e.Kind, e.Attributes?.GetValueOrDefault("ward"),
                    e.Attributes?.GetValueOrDefault("patientClass") is "elective" or "daycase"));
            }

            if (e.Site == "RQ6" && e.Kind == EventKind.PreAdmission && e.Subject is { } booked && e.Attributes?.GetValueOrDefault("ward") is { } ward &&
                gaWards.Contains(ward) && e.Attributes.GetValueOrDefault("patientClass") != "daycase" && DateTimeOffset.TryParse(e.Attributes!.GetValueOrDefault("expectedAt"), CultureInfo.InvariantCulture, out var expected))
            {
                bookings.Add((booked, e.Attributes!.GetValueOrDefault("caseId") ?? "", e.OccurredAt, expected));
            }

            if (e.Site == "RQ6" && e.Kind == EventKind.CaseCancelled && e.Attributes?.GetValueOrDefault("caseId") is { } caseId)
            {
                cancelled.TryAdd(caseId, e.OccurredAt);
            }

            if (e.Kind == EventKind.EdArrival && e.Site == "RQ6")
            {
                var hour = UkTime.ToLocal(e.OccurredAt).DateTime;
                hour = new DateTime(hour.Year, hour.Month, hour.Day, hour.Hour, 0, 0, DateTimeKind.Unspecified);
                hourly[hour] = hourly.GetValueOrDefault(hour) + 1;
            }
        }

        var first = hourly.Keys.First().Date.AddDays(1);
        var last = start.AddDays(days).Date;
        var hours = Enumerable.Range(0, (int)(last - first).TotalHours).Select(h => first.AddHours(h)).ToList();
        var hourSeries = new ForecastSeries(ForecastFrequency.Hour, hours, [.. hours.Select(h => hourly.GetValueOrDefault(h))]);
        var dates = hours.Select(h => h.Date).Distinct().ToList();
        var daySeries = new ForecastSeries(ForecastFrequency.Day, dates,
            [.. dates.Select(d => hours.Where(h => h.Date == d).Sum(h => hourly.GetValueOrDefault(h)))]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"forecast: {days} simulated days generated in {generate.Elapsed.TotalSeconds:F1} s; RQ6 ED arrivals {hourSeries.Values.Sum():N0}, " +
            $"mean {daySeries.Values.Average():F0} a day"));

        var engine = new ForecastEngine(new ForecastOptions { TargetResiduals = 480, MaxOrigins = 30 });
        engine.Forecast(daySeries with { Times = [.. daySeries.Times.Take(60)], Values = [.. daySeries.Values.Take(60)] }, 1); // warm-up
        Report("ED arrivals hourly, 48 h", engine, hourSeries, 48);
        Report("ED arrivals daily, 1 day", engine, daySeries, 1);
        Report("ED arrivals daily, 7 days", engine, daySeries, 7);
        var stays = Stays(moves, gaWards);
        var census = HourlyCensus.Count([.. stays.Select(s => (s.AdmittedAt, s.LeftAt))], hours[0], hours[^1]);
        var censusSeries = new ForecastSeries(ForecastFrequency.Hour, hours, [.. census.Select(p => p.Value)]);
        Report("G&A occupancy hourly, 48 h", engine, censusSeries, 48);
        var admissions = moves.Where(m => m.Kind == EventKind.Admission).ToLookup(m => m.Subject);
        var electives = bookings.Select(b =>
        {
            var admitted = admissions[b.Subject].Where(a => a.At >= b.At).Select(a => (DateTimeOffset?)a.At).Min();
            DateTimeOffset? resolved = cancelled.TryGetValue(b.CaseId, out var c) && (admitted is null || c < admitted) ? c : admitted;
            return new ElectiveBooking(UkTime.ToLocal(b.At).DateTime, UkTime.ToLocal(b.Expected).DateTime,
                resolved is { } r ? UkTime.ToLocal(r).DateTime : null);
        }).ToList();
        var local = stays.Select(s => new InpatientStay(UkTime.ToLocal(s.AdmittedAt).DateTime, s.LeftAt is { } left ? UkTime.ToLocal(left).DateTime : null,
            s.Elective)).ToList();
        ReportOccupancy("all stays alike (no bookings)", [.. local.Select(s => s with { Elective = false })], [], last, 7);
        ReportOccupancy("emergency + booked electives", local, electives, last, 7);
        ReportOccupancy("emergency + booked electives", local, electives, last, 42);
        ReportRefresh(local, electives, last, 42);
        // Coverage per day ahead on more held-out origins than the six served forecasts are chosen on.
        ReportOccupancy("emergency + booked electives, 30 origins", local, electives, last, 7, new OccupancyOptions { Origins = 30 });
        ReportOccupancy("the same, spread as simulated", local, electives, last, 7, new OccupancyOptions { Origins = 30, CalibrationOrigins = 0 });
    }

    /// <summary>Stays on the G&amp;A wards, rebuilt per subject as the store does (moves between G&amp;A wards continue a stay).</summary>
    private static List<(DateTimeOffset AdmittedAt, DateTimeOffset? LeftAt, bool Elective)> Stays(
        List<(string Subject, DateTimeOffset At, EventKind Kind, string? Ward, bool Elective)> moves, HashSet<string> wards)
    {
        var stays = new List<(DateTimeOffset AdmittedAt, DateTimeOffset? LeftAt, bool Elective)>();
        foreach (var subject in moves.GroupBy(m => m.Subject))
        {
            var ordered = subject.OrderBy(m => m.At).ToList();
            (DateTimeOffset At, bool Elective)? from = null;
            for (var i = 0; i < ordered.Count; i++)
            {
                var inGa = ordered[i].Kind != EventKind.Discharge && ordered[i].Ward is { } w && wards.Contains(w);
                if (inGa && from is null)
                {
                    from = (ordered[i].At, ordered[i].Elective);
                }
                else if (!inGa && from is { } f)
                {
                    stays.Add((f.At, ordered[i].At, f.Elective));
                    from = null;
                }
            }

            if (from is { } open)
            {
                stays.Add((open.At, null, open.Elective));
            }
        }

        return stays;
    }

    private static void ReportOccupancy(string name, List<InpatientStay> stays, List<ElectiveBooking> bookings, DateTime origin, int days,
        OccupancyOptions? options = null)
    {
        var clock = Stopwatch.StartNew();
        var forecast = new OccupancyForecaster(options).Forecast(stays, origin, days, bookings);
        var b = forecast.Backtest;
        var intervals = forecast.Intervals!;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"G&A occupancy midnight, " + days + " days",-28} {name}: {stays.Count(s => s.Elective):N0} elective stays, {bookings.Count:N0} bookings; " +
            $"spread scaled ×{intervals.Factor80:F2} (80%), ×{intervals.Factor95:F2} (95%) on {intervals.CalibrationPoints} points; coverage by day ahead " +
            $"80% [{string.Join(' ', intervals.Coverage80ByDay.Select(c => (c * 100).ToString("F0", CultureInfo.InvariantCulture)))}], " +
            $"95% [{string.Join(' ', intervals.Coverage95ByDay.Select(c => (c * 100).ToString("F0", CultureInfo.InvariantCulture)))}]; " +
            $"booked electives pending by day [{string.Join(' ', intervals.BookedElectives)}]"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"G&A occupancy midnight, " + days + " days",-28} served {forecast.Model,-14} MASE {b.CandidateMase,6:F3} (arrivals × LOS) vs " +
            $"{b.Baseline,6:F3} (seasonal naive), ratio {b.CandidateMase / b.Baseline,5:F2}; MAPE {Percent(b.Mape)} vs {Percent(b.BaselineMape)}; " +
            $"coverage 80% {Percent(b.Coverage80 * 100)}, 95% {Percent(b.Coverage95 * 100)}; {b.Origins} origins; {clock.Elapsed.TotalSeconds:F2} s " +
            $"on {stays.Count:N0} stays, {forecast.Points[0].Mean:F0} beds expected tomorrow"));
    }

    /// <summary>The hourly refresh: the same midnight's forecast again, reusing its backtest, against backtesting again.</summary>
    private static void ReportRefresh(List<InpatientStay> stays, List<ElectiveBooking> bookings, DateTime origin, int days)
    {
        var forecaster = new OccupancyForecaster();
        var clock = Stopwatch.StartNew();
        var full = forecaster.Forecast(stays, origin, days, bookings);
        var fullTime = clock.Elapsed;
        clock.Restart();
        var refreshed = forecaster.Forecast(stays, origin, days, bookings, full.Backtested);
        var refreshTime = clock.Elapsed;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"G&A occupancy midnight, " + days + " days",-28} hourly refresh reusing the midnight's backtest {refreshTime.TotalSeconds:F2} s against " +
            $"{fullTime.TotalSeconds:F2} s backtesting again ({refreshTime / fullTime:F2}x); same points: {(refreshed.Points.SequenceEqual(full.Points) ? "yes" : "no")}"));
    }

    private static void Report(string name, ForecastEngine engine, ForecastSeries series, int horizon)
    {
        var clock = Stopwatch.StartNew();
        var result = engine.Forecast(series, horizon);
        var elapsed = clock.Elapsed;
        var b = result.Backtest;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-28} served {result.Model,-14} MASE {b.CandidateMase,6:F3} (trees) vs {b.Baseline,6:F3} (seasonal naive), ratio " +
            $"{b.CandidateMase / b.Baseline,5:F2}; MAPE {Percent(b.Mape)} vs {Percent(b.BaselineMape)}; coverage 80% {Percent(b.Coverage80 * 100)}, " +
            $"95% {Percent(b.Coverage95 * 100)}; {b.Origins} origins; {elapsed.TotalSeconds:F2} s for {b.Origins + 1} trainings " +
            $"({elapsed.TotalSeconds / (b.Origins + 1):F2} s each) on {series.Values.Count:N0} points"));
    }

    private static string Percent(double? value) => value is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v:F1}%") : "n/a";
}
