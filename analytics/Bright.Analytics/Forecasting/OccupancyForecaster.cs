namespace Bright.Analytics.Forecasting;

/// <summary>
/// G&amp;A bed occupancy at each coming local midnight as arrivals × length of stay (DOMAIN.md 8, after Eyles et al.
/// 2022), not as a bare series: the patients in at the origin each stay on with the Kaplan–Meier probability given
/// their stay so far (emergency and elective stays by their own curves); each day's new emergency arrivals (the mean
/// of the same weekday over the last four weeks, Poisson with the over-dispersion seen in that rule's recent errors,
/// at hours drawn from the history's emergency admission-hour profile) stay by the emergency curve; elective
/// admissions already booked arrive at their expected times (known demand, not forecast), plus the electives that
/// same weekday usually adds beyond what was booked that far ahead (less when bookings are usually cancelled), and
/// stay by the elective curve. A seeded simulation of paths gives the mean; its spread is conformalised (scaled by the
/// factor that makes the 80% and 95% intervals cover as often as that on the backtest windows before the origin), and
/// gives the intervals and the probability of exceeding any capacity. It is backtested on rolling origins against
/// the seasonal naive of the midnight census, each window's intervals calibrated only on the windows before it, and
/// served only where it wins; otherwise the labelled seasonal naive is served, with split conformal intervals from
/// its own backtest. Pure and thread-safe.
/// </summary>
public sealed class OccupancyForecaster(OccupancyOptions? options = null)
{
    /// <summary>The name served when arrivals × length of stay wins its backtest.</summary>
    public const string ModelName = "arrivals_x_los";

    private const int Season = 7;
    private const int ArrivalWeeks = 4;

    /// <summary>Completed stays of a kind below which its own length-of-stay curve gives way to the one of all stays.</summary>
    private const int MinimumCurveStays = 30;

    private readonly OccupancyOptions _options = options ?? new OccupancyOptions();

    /// <summary>
    /// Occupancy at the <paramref name="days"/> local midnights after <paramref name="origin"/> (itself a local midnight),
    /// from the <paramref name="stays"/> and the elective <paramref name="bookings"/> known then, backtested on the
    /// history before it. With <paramref name="reuse"/> (an earlier forecast's <see cref="OccupancyForecast.Backtested"/>)
    /// from the same origin and horizon, its backtest, model choice and interval calibration are taken as they were and only
    /// the forecast itself is simulated again from the current stays: what a refresh during the day needs, at a fifteenth of
    /// the work. From another origin or horizon it is ignored.
    /// </summary>
    /// <exception cref="ArgumentException">The origin is not a midnight, or fewer than <see cref="MinimumDays"/> days of stays lie before it.</exception>
    public OccupancyForecast Forecast(IReadOnlyList<InpatientStay> stays, DateTime origin, int days, IReadOnlyList<ElectiveBooking>? bookings = null,
        OccupancyBacktest? reuse = null)
    {
        ArgumentNullException.ThrowIfNull(stays);
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, ForecastFrequency.Day.MaxHorizon());
        if (origin.TimeOfDay != TimeSpan.Zero)
        {
            throw new ArgumentException($"The origin must be a local midnight (was {origin:yyyy-MM-dd HH:mm}).", nameof(origin));
        }

        bookings ??= [];
        var first = stays.Count == 0 ? origin : stays.Min(s => s.AdmittedAt).Date.AddDays(1);
        var history = (int)(origin - first).TotalDays;
        if (history < MinimumDays(days))
        {
            throw new ArgumentException(
                $"Occupancy cannot be forecast {days} days ahead from {history} days of stays: at least {MinimumDays(days)} are needed " +
                $"({ArrivalWeeks} weeks for arrivals, two for the seasonal naive's scale, and the horizon to backtest).", nameof(stays));
        }

        var census = Census(stays, first, origin);
        var learnt = reuse is { } earlier && earlier.Origin == origin && earlier.Days == days
            ? earlier
            : Backtest(stays, bookings, census, first, origin, days);
        var raw = Simulate(stays, bookings, origin, days);
        var now = learnt.Calibration.Apply(raw.Paths, raw.Means);
        var times = Enumerable.Range(1, days).Select(d => origin.AddDays(d)).ToList();
        var intervals = new OccupancyIntervals(learnt.Calibration.Factor80, learnt.Calibration.Factor95, learnt.Calibration.Points,
            learnt.Coverage80ByDay, learnt.Coverage95ByDay, raw.Booked);
        if (learnt.UseModel)
        {
            return new OccupancyForecast(
                [.. now.Select((d, i) => new ForecastPoint(times[i], raw.Means[i], Quantile(d, 0.10), Quantile(d, 0.90), Quantile(d, 0.025), Quantile(d, 0.975)))],
                ModelName, learnt.Backtest, now)
            { Intervals = intervals, Backtested = learnt };
        }

        var mean = SeasonalNaive.Forecast(census, census.Count - 1, Season, days);
        var points = mean.Select((v, i) =>
        {
            var (w80, w95) = learnt.Conformal.HalfWidths(i + 1);
            return new ForecastPoint(times[i], v, Math.Max(0, v - w80), v + w80, Math.Max(0, v - w95), v + w95);
        }).ToList();
        return new OccupancyForecast(points, SeasonalNaive.Name, learnt.Backtest, null) { Intervals = intervals, Backtested = learnt };
    }

    /// <summary>
    /// The backtest at <paramref name="origin"/>: windows one horizon apart before it, each simulated from what was known
    /// at its start; the latest evaluated against the seasonal naive, the ones before them calibrating their intervals.
    /// </summary>
    private OccupancyBacktest Backtest(IReadOnlyList<InpatientStay> stays, IReadOnlyList<ElectiveBooking> bookings, List<double> census,
        DateTime first, DateTime origin, int days)
    {
        var windows = new List<Window>();
        var wanted = _options.Origins + _options.CalibrationOrigins;
        for (var o = origin.AddDays(-days); windows.Count < wanted && (o - first).TotalDays >= MinimumDays(0); o = o.AddDays(-days))
        {
            var index = (int)(o - first).TotalDays;
            var known = census.Take(index + 1).ToList();
            var actual = census.Skip(index + 1).Take(days).ToArray();
            var simulated = Simulate(stays, bookings, o, days);
            windows.Add(new Window(actual, simulated.Means, SeasonalNaive.Forecast(known, index, Season, days),
                ForecastAccuracy.SeasonalNaiveScale(known, Season), simulated.Paths));
        }

        // Windows are one horizon apart, latest first: window i's actuals end at window i − 1's origin, so the windows
        // after i are all known at its origin and calibrate its intervals; the latest ones are evaluated.
        var evaluated = windows.Take(_options.Origins).Select((w, i) =>
            w with { Paths = Calibrate(windows.Skip(i + 1).Take(_options.CalibrationOrigins)).Apply(w.Paths, w.Model) }).ToList();
        var modelMase = Mase(evaluated, w => w.Model);
        var baselineMase = Mase(evaluated, w => w.Baseline);
        var useModel = modelMase is { } m && (baselineMase is not { } b || m < b);
        var backtest = new ForecastBacktest(useModel ? modelMase : baselineMase, baselineMase, Mape(evaluated, useModel ? w => w.Model : w => w.Baseline),
            Mape(evaluated, w => w.Baseline), Coverage(evaluated, useModel, 0.80), Coverage(evaluated, useModel, 0.95), evaluated.Count, days, ModelName,
            modelMase);
        return new OccupancyBacktest(origin, days, useModel, backtest, Calibrate(windows.Take(_options.CalibrationOrigins)),
            CoverageByDay(evaluated, 0.80, days), CoverageByDay(evaluated, 0.95, days),
            new ConformalIntervals([.. evaluated.Select(w => w.Actual.Select((y, i) => y - w.Baseline[i]).ToArray())], days));
    }

    /// <summary>Days of stays needed before the origin to forecast and backtest <paramref name="days"/> ahead.</summary>
    public static int MinimumDays(int days) => Math.Max(ArrivalWeeks * Season, 2 * Season) + days;

    /// <summary>Patients in at each local midnight from <paramref name="first"/> to <paramref name="last"/>, inclusive.</summary>
    public static List<double> Census(IReadOnlyList<InpatientStay> stays, DateTime first, DateTime last)
    {
        ArgumentNullException.ThrowIfNull(stays);
        var counts = new double[(int)(last - first).TotalDays + 1];
        foreach (var stay in stays)
        {
            // Midnights m with admitted ≤ m < left.
            var from = Math.Max(0, (int)Math.Ceiling((stay.AdmittedAt - first).TotalDays));
            var to = stay.LeftAt is { } left ? Math.Min(counts.Length - 1, (int)Math.Ceiling((left - first).TotalDays) - 1) : counts.Length - 1;
            for (var d = from; d <= to; d++)
            {
                counts[d]++;
            }
        }

        return [.. counts];
    }

    /// <summary>
    /// The electives expected on each coming day (0-based from <paramref name="origin"/>): the bookings pending at the
    /// origin, by the day they are expected, and the mean, over the same weekday of the last four weeks, of the elective
    /// arrivals beyond what was booked that many days ahead of them (below zero when bookings are usually cancelled).
    /// </summary>
    /// <returns>Per day, each booked arrival's hours before that day's closing midnight; and the extra (or missing) electives expected.</returns>
    public static (IReadOnlyList<double[]> Booked, double[] Extra) Electives(IReadOnlyList<InpatientStay> stays, IReadOnlyList<ElectiveBooking> bookings,
        DateTime origin, int days)
    {
        ArgumentNullException.ThrowIfNull(stays);
        ArgumentNullException.ThrowIfNull(bookings);
        var booked = Enumerable.Range(0, days).Select(j => bookings
            .Where(b => b.PendingAt(origin) && b.ExpectedAt >= origin.AddDays(j) && b.ExpectedAt < origin.AddDays(j + 1))
            .Select(b => Math.Max(0.5, (origin.AddDays(j + 1) - b.ExpectedAt).TotalHours)).ToArray()).ToList();
        // The same weekdays of the last four weeks all lie in the four weeks before the origin.
        var since = origin.AddDays(-ArrivalWeeks * Season);
        var arrivedOn = stays.Where(s => s.Elective && s.AdmittedAt >= since && s.AdmittedAt < origin).GroupBy(s => s.AdmittedAt.Date)
            .ToDictionary(g => g.Key, g => g.Count());
        var bookedOn = bookings.Where(b => b.ExpectedAt >= since && b.ExpectedAt < origin).ToLookup(b => b.ExpectedAt.Date);
        var extra = new double[days];
        for (var j = 0; j < days; j++)
        {
            var sum = 0.0;
            for (var w = 1; w <= ArrivalWeeks; w++)
            {
                var day = origin.AddDays((j % Season) - (w * Season));
                var arrived = arrivedOn.GetValueOrDefault(day);
                var known = bookedOn[day].Count(b => b.PendingAt(day.AddDays(-j)));
                sum += arrived - known;
            }

            extra[j] = sum / ArrivalWeeks;
        }

        return (booked, extra);
    }

    /// <summary>Simulated census paths at the midnights after <paramref name="origin"/>: per day, one count per path, ascending; and their means.</summary>
    private Simulation Simulate(IReadOnlyList<InpatientStay> stays, IReadOnlyList<ElectiveBooking> bookings, DateTime origin, int days)
    {
        var emergency = stays.Where(s => !s.Elective).ToList();
        var elective = stays.Where(s => s.Elective).ToList();
        LengthOfStay? all = null;
        LengthOfStay Curve(List<InpatientStay> kind)
        {
            var own = LengthOfStay.Estimate(kind, origin);
            return own.CompletedStays >= MinimumCurveStays ? own : all ??= LengthOfStay.Estimate(stays, origin);
        }

        var losEmergency = Curve(emergency);
        var losElective = Curve(elective);
        var stayOn = stays.Where(s => s.AdmittedAt <= origin && (s.LeftAt is null || s.LeftAt > origin))
            .Select(s => (Los: s.Elective ? losElective : losEmergency, Hours: (origin - s.AdmittedAt).TotalHours))
            .Select(s => Enumerable.Range(1, days).Select(k => s.Los.Remaining(s.Hours, 24.0 * k)).ToArray()).ToList();
        var (means, dispersion) = Arrivals(emergency, origin, days);
        var hours = AdmissionHours(emergency, origin);
        var (booked, extra) = Electives(stays, bookings, origin, days);
        var electiveHours = AdmissionHours(elective, origin);
        // Separate streams for the census and emergency arrivals, booked electives and other electives, so known demand
        // added or removed leaves the draws of the rest as they were.
        var random = new Random(_options.Seed);
        var bookedRandom = new Random(_options.Seed + 1);
        var electiveRandom = new Random(_options.Seed + 2);
        var paths = Enumerable.Range(0, days).Select(_ => new double[_options.Paths]).ToArray();
        for (var p = 0; p < _options.Paths; p++)
        {
            foreach (var chances in stayOn)
            {
                var u = random.NextDouble();
                for (var k = 0; k < days && u < chances[k]; k++)
                {
                    paths[k][p]++;
                }
            }

            for (var j = 0; j < days; j++)
            {
                var arrivals = Poisson(random, means[j] * Gamma(random, dispersion));
                for (var a = 0; a < arrivals; a++)
                {
                    Stay(random, paths, p, j, 24 - Pick(random, hours) - 0.5, losEmergency);
                }

                // Booked electives come, less the share usually cancelled; more come than were booked this far ahead.
                var shows = booked[j].Length == 0 || extra[j] >= 0 ? 1 : Math.Max(0, 1 + (extra[j] / booked[j].Length));
                foreach (var before in booked[j])
                {
                    if (shows >= 1 || bookedRandom.NextDouble() < shows)
                    {
                        Stay(bookedRandom, paths, p, j, before, losElective);
                    }
                }

                var unbooked = Poisson(electiveRandom, Math.Max(0, extra[j]));
                for (var a = 0; a < unbooked; a++)
                {
                    Stay(electiveRandom, paths, p, j, 24 - Pick(electiveRandom, electiveHours) - 0.5, losElective);
                }
            }
        }

        foreach (var day in paths)
        {
            Array.Sort(day);
        }

        return new Simulation(paths, [.. paths.Select(d => d.Average())], [.. booked.Select(b => b.Length)]);
    }

    /// <summary>Counts one arrival on day <paramref name="day"/>, <paramref name="hoursBeforeMidnight"/> before its closing midnight, on each midnight it is still in.</summary>
    private static void Stay(Random random, double[][] paths, int path, int day, double hoursBeforeMidnight, LengthOfStay los)
    {
        var u = random.NextDouble();
        for (var k = day; k < paths.Length && u < los.Survival(hoursBeforeMidnight + (24.0 * (k - day))); k++)
        {
            paths[k][path]++;
        }
    }

    /// <summary>
    /// The factors that widen or narrow the simulated spread so that, on <paramref name="windows"/> (backtest windows
    /// whose actuals were all known by then), the 80% and 95% intervals covered as often as they say: split conformal on
    /// each point's distance from the mean in units of its simulated half-width on that side. Too few points give 1.
    /// </summary>
    private IntervalCalibration Calibrate(IEnumerable<Window> windows)
    {
        var list = windows.ToList();
        var points = list.Sum(w => w.Actual.Length);
        if (points < _options.MinimumCalibrationPoints)
        {
            return new IntervalCalibration(1, 1, 0);
        }

        double Factor(double level)
        {
            var tail = (1 - level) / 2;
            var scores = list.SelectMany(w => w.Actual.Select((y, i) =>
            {
                var mean = w.Model[i];
                var side = y >= mean ? Quantile(w.Paths[i], 1 - tail) - mean : mean - Quantile(w.Paths[i], tail);
                return Math.Abs(y - mean) / Math.Max(0.5, side);
            })).Order().ToList();
            return scores[Math.Min(scores.Count - 1, (int)Math.Ceiling((scores.Count + 1) * level) - 1)];
        }

        return new IntervalCalibration(Factor(0.80), Factor(0.95), points);
    }

    /// <summary>
    /// Expected arrivals per coming day (the mean of the same weekday over the last four weeks) and the gamma shape of
    /// the day-to-day over-dispersion (1/φ, from that rule's errors over the four weeks before the origin; +∞ for Poisson).
    /// </summary>
    private static (double[] Means, double Dispersion) Arrivals(IReadOnlyList<InpatientStay> stays, DateTime origin, int days)
    {
        var first = origin.AddDays(-2 * ArrivalWeeks * Season);
        var daily = new double[2 * ArrivalWeeks * Season];
        foreach (var stay in stays.Where(s => s.AdmittedAt >= first && s.AdmittedAt < origin))
        {
            daily[(int)(stay.AdmittedAt - first).TotalDays]++;
        }

        double Rule(int day) => Enumerable.Range(1, ArrivalWeeks).Average(w => daily[day - (w * Season)]);
        var recent = Enumerable.Range(ArrivalWeeks * Season, ArrivalWeeks * Season).Select(d => (Mean: Rule(d), Actual: daily[d])).ToList();
        var excess = recent.Where(r => r.Mean > 0).Select(r => ((r.Actual - r.Mean) * (r.Actual - r.Mean) - r.Mean) / (r.Mean * r.Mean)).ToList();
        var phi = excess.Count == 0 ? 0 : Math.Max(0, excess.Average());
        var means = Enumerable.Range(0, days).Select(j => Enumerable.Range(1, ArrivalWeeks)
            .Average(w => daily[daily.Length + (j % Season) - (w * Season)])).ToArray();
        return (means, phi <= 0 ? double.PositiveInfinity : 1 / phi);
    }

    /// <summary>Cumulative shares of admissions by local hour over the stays before the origin (uniform when there are none).</summary>
    private static double[] AdmissionHours(IReadOnlyList<InpatientStay> stays, DateTime origin)
    {
        var counts = new double[24];
        foreach (var stay in stays.Where(s => s.AdmittedAt < origin))
        {
            counts[stay.AdmittedAt.Hour]++;
        }

        var total = counts.Sum();
        var cumulative = new double[24];
        var sum = 0.0;
        for (var h = 0; h < 24; h++)
        {
            sum += total == 0 ? 1.0 / 24 : counts[h] / total;
            cumulative[h] = sum;
        }

        return cumulative;
    }

    private static int Pick(Random random, double[] cumulative)
    {
        var u = random.NextDouble() * cumulative[^1];
        var h = Array.FindIndex(cumulative, c => u < c);
        return h < 0 ? 23 : h;
    }

    private static int Poisson(Random random, double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        if (mean > 60)
        {
            // Normal approximation: Knuth's product method underflows for large means.
            return Math.Max(0, (int)Math.Round(mean + (Math.Sqrt(mean) * Normal(random))));
        }

        var limit = Math.Exp(-mean);
        var k = 0;
        for (var p = random.NextDouble(); p > limit; p *= random.NextDouble())
        {
            k++;
        }

        return k;
    }

    /// <summary>A gamma draw with mean 1 and shape <paramref name="shape"/> (Marsaglia–Tsang); 1 for an infinite shape.</summary>
    private static double Gamma(Random random, double shape)
    {
        if (double.IsPositiveInfinity(shape))
        {
            return 1;
        }

        var mean = shape;
        var boost = 1.0;
        if (shape < 1)
        {
            boost = Math.Pow(random.NextDouble(), 1 / shape);
            shape += 1;
        }

        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal(random);
                v = 1 + (c * x);
            }
            while (v <= 0);

            v = v * v * v;
            var u = random.NextDouble();
            if (Math.Log(u) < (0.5 * x * x) + d - (d * v) + (d * Math.Log(v)))
            {
                return boost * d * v / mean;
            }
        }
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static double Quantile(double[] sorted, double q) => sorted[Math.Clamp((int)Math.Round(q * (sorted.Length - 1)), 0, sorted.Length - 1)];

    private static double? Mase(List<Window> windows, Func<Window, double[]> forecast)
    {
        var scaled = windows.Where(w => w.Scale > 0).Select(w => ForecastAccuracy.Mase(w.Actual, forecast(w), w.Scale)).ToList();
        return scaled.Count == 0 ? null : scaled.Average();
    }

    private static double? Mape(List<Window> windows, Func<Window, double[]> forecast)
    {
        if (windows.Count == 0)
        {
            return null;
        }

        var mape = ForecastAccuracy.Mape([.. windows.SelectMany(w => w.Actual)], [.. windows.SelectMany(forecast)]);
        return double.IsFinite(mape) ? mape : null;
    }

    private static double? Coverage(List<Window> windows, bool model, double level)
    {
        if (windows.Count < 2)
        {
            return null;
        }

        if (model)
        {
            return windows.SelectMany(w => w.Actual.Select((y, i) => Inside(w, i, level) ? 1.0 : 0)).Average();
        }

        var residuals = windows.Select(w => w.Actual.Select((y, i) => y - w.Baseline[i]).ToArray()).ToList();
        return new ConformalIntervals(residuals, windows[0].Actual.Length).LeaveOneOutCoverage(
            [.. windows.Select(w => w.Actual)], [.. windows.Select(w => w.Baseline)], level, 0);
    }

    /// <summary>Per day ahead, the share of backtest windows whose (calibrated) simulated interval held the actual census; empty with under two windows.</summary>
    private static IReadOnlyList<double> CoverageByDay(List<Window> windows, double level, int days) => windows.Count < 2
        ? []
        : [.. Enumerable.Range(0, days).Select(i => windows.Average(w => Inside(w, i, level) ? 1.0 : 0))];

    private static bool Inside(Window w, int i, double level)
    {
        var tail = (1 - level) / 2;
        return w.Actual[i] >= Quantile(w.Paths[i], tail) && w.Actual[i] <= Quantile(w.Paths[i], 1 - tail);
    }

    private sealed record Window(double[] Actual, double[] Model, double[] Baseline, double Scale, double[][] Paths);

    private sealed record Simulation(double[][] Paths, double[] Means, int[] Booked);

    /// <summary>Scale factors of the simulated spread at the 80% and 95% levels, from <paramref name="Points"/> backtest points (0: uncalibrated).</summary>
    internal sealed record IntervalCalibration(double Factor80, double Factor95, int Points)
    {
        /// <summary>
        /// Each day's paths moved away from (or towards) its mean by the factor of their rank's level: the 80% factor
        /// within the central 80%, the 95% factor from the central 95% out, linear between; never below zero; ascending.
        /// </summary>
        public double[][] Apply(double[][] paths, double[] means) => [.. paths.Select((day, d) =>
        {
            var n = day.Length;
            var scaled = day.Select((v, r) =>
            {
                var level = n == 1 ? 0 : Math.Abs((2.0 * r / (n - 1)) - 1);
                var factor = level <= 0.80 ? Factor80 : level >= 0.95 ? Factor95 : Factor80 + ((Factor95 - Factor80) * (level - 0.80) / 0.15);
                return Math.Max(0, means[d] + (factor * (v - means[d])));
            }).ToArray();
            Array.Sort(scaled);
            return scaled;
        })];
    }
}

/// <summary>
/// What an occupancy forecast's backtest at <see cref="Origin"/> for <see cref="Days"/> days learnt: whether the
/// simulation beat the seasonal naive, its scores, the calibration of its intervals, and the naive's residuals. Passed
/// back to <see cref="OccupancyForecaster.Forecast"/> it spares a refresh from the same origin the backtest.
/// </summary>
public sealed class OccupancyBacktest
{
    internal OccupancyBacktest(DateTime origin, int days, bool useModel, ForecastBacktest backtest, OccupancyForecaster.IntervalCalibration calibration,
        IReadOnlyList<double> coverage80ByDay, IReadOnlyList<double> coverage95ByDay, ConformalIntervals conformal)
    {
        Origin = origin;
        Days = days;
        UseModel = useModel;
        Backtest = backtest;
        Calibration = calibration;
        Coverage80ByDay = coverage80ByDay;
        Coverage95ByDay = coverage95ByDay;
        Conformal = conformal;
    }

    /// <summary>The local midnight the backtest was made at.</summary>
    public DateTime Origin { get; }

    /// <summary>The horizon in days.</summary>
    public int Days { get; }

    /// <summary>The scores, as the forecast reports them.</summary>
    public ForecastBacktest Backtest { get; }

    internal bool UseModel { get; }

    internal OccupancyForecaster.IntervalCalibration Calibration { get; }

    internal IReadOnlyList<double> Coverage80ByDay { get; }

    internal IReadOnlyList<double> Coverage95ByDay { get; }

    internal ConformalIntervals Conformal { get; }
}

/// <summary>Tuning of <see cref="OccupancyForecaster"/>; the defaults are what BRIGHT serves.</summary>
public sealed record OccupancyOptions
{
    /// <summary>Seed of the simulation, so a forecast can be reproduced.</summary>
    public int Seed { get; init; } = 2016;

    /// <summary>Simulated paths per forecast.</summary>
    public int Paths { get; init; } = 1000;

    /// <summary>Backtest origins, one horizon apart, latest first, on which the model is evaluated against the seasonal naive.</summary>
    public int Origins { get; init; } = 6;

    /// <summary>
    /// Backtest windows that calibrate the intervals: a forecast's spread is scaled on the latest this many windows
    /// before its origin (for a backtest window, before that window's origin).
    /// </summary>
    public int CalibrationOrigins { get; init; } = 8;

    /// <summary>Backtest points below which the spread is left as simulated.</summary>
    public int MinimumCalibrationPoints { get; init; } = 14;
}

/// <summary>An occupancy forecast: its points, the model served and its backtest.</summary>
/// <param name="Points">The coming midnights, in order.</param>
/// <param name="Model"><see cref="OccupancyForecaster.ModelName"/> or <see cref="SeasonalNaive.Name"/>.</param>
/// <param name="Backtest">The evidence for choosing it.</param>
/// <param name="Paths">For arrivals × length of stay, each midnight's simulated census, ascending; null for the baseline.</param>
public sealed record OccupancyForecast(IReadOnlyList<ForecastPoint> Points, string Model, ForecastBacktest Backtest, IReadOnlyList<double[]>? Paths)
{
    /// <summary>How the simulated spread was calibrated, its coverage per day ahead on the backtest, and the electives booked per day.</summary>
    public OccupancyIntervals? Intervals { get; init; }

    /// <summary>What the backtest behind this forecast learnt, for a later forecast from the same origin and horizon to reuse.</summary>
    public OccupancyBacktest? Backtested { get; init; }

    /// <summary>
    /// P(occupancy at midnight <paramref name="day"/> (0-based) &gt; <paramref name="capacity"/>): the share of simulated
    /// paths above it, or for the baseline from a normal fitted to its 95% interval.
    /// </summary>
    public double ExceedanceProbability(int day, double capacity)
    {
        if (Paths is { } paths)
        {
            return paths[day].Count(v => v > capacity) / (double)paths[day].Length;
        }

        return ForecastProbability.Exceeds(Points[day], capacity);
    }
}

/// <summary>The calibration of an occupancy forecast's intervals and the known demand in it.</summary>
/// <param name="Factor80">The factor the simulated spread was scaled by at the 80% level (1: as simulated).</param>
/// <param name="Factor95">The same at the 95% level.</param>
/// <param name="CalibrationPoints">Backtest points the factors were calibrated on (0: too few, left as simulated).</param>
/// <param name="Coverage80ByDay">Per day ahead, the share of evaluated backtest windows the (calibrated) 80% interval held; empty with under two.</param>
/// <param name="Coverage95ByDay">The same for the 95% interval.</param>
/// <param name="BookedElectives">Per coming day, the elective admissions booked for it and pending at the origin.</param>
public sealed record OccupancyIntervals(double Factor80, double Factor95, int CalibrationPoints, IReadOnlyList<double> Coverage80ByDay,
    IReadOnlyList<double> Coverage95ByDay, IReadOnlyList<int> BookedElectives);

/// <summary>Probabilities read from a forecast's intervals.</summary>
public static class ForecastProbability
{
    /// <summary>
    /// P(value &gt; <paramref name="capacity"/>) under a normal fitted to the point's mean and 95% interval (the upper
    /// half-width ÷ 1.96 as its standard deviation); 0 or 1 when the interval has no width.
    /// </summary>
    public static double Exceeds(ForecastPoint point, double capacity)
    {
        ArgumentNullException.ThrowIfNull(point);
        var sd = (point.Upper95 - point.Mean) / 1.959964;
        return sd <= 0 || !double.IsFinite(sd) ? (point.Mean > capacity ? 1 : 0) : 0.5 * Erfc((capacity - point.Mean) / (sd * Math.Sqrt(2)));
    }

    /// <summary>The complementary error function (Numerical Recipes' erfcc, fractional error below 1.2e-7).</summary>
    private static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + (0.5 * z));
        double[] c = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];
        var poly = 0.0;
        for (var i = c.Length - 1; i >= 0; i--)
        {
            poly = c[i] + (t * poly);
        }

        var r = t * Math.Exp(-(z * z) + poly);
        return x >= 0 ? r : 2 - r;
    }
}
