using System.Collections.Frozen;
using System.Globalization;

namespace Bright.Simulator.Calibration;

/// <summary>
/// ED figures for one site from NHS England's monthly A&amp;E statistics (NHSRdatasets <c>ae_attendances</c>,
/// 2016-04 to 2019-03, Open Government Licence v3.0).
/// </summary>
/// <param name="Site">ODS code.</param>
/// <param name="ArrivalsPerDayByMonth">Mean attendances per day (all types) for January (index 0) to December.</param>
/// <param name="TypeShare">Share of attendances by department type: index 0 type 1, 1 type 2, 2 other (type 3).</param>
/// <param name="AdmittedShare">Admissions ÷ attendances by department type.</param>
/// <param name="WithinFourHours">1 − breaches ÷ attendances by department type (NaN where the site has none).</param>
internal sealed record SiteEdCalibration(string Site, double[] ArrivalsPerDayByMonth, double[] TypeShare, double[] AdmittedShare,
    double[] WithinFourHours)
{
    /// <summary>Mean attendances per day over the whole period.</summary>
    public double MeanArrivalsPerDay => ArrivalsPerDayByMonth.Average();
}

/// <summary>
/// Loads the embedded calibration table and holds the arrival profiles the public data does not give.
/// </summary>
internal static class EdCalibration
{
    /// <summary>The embedded CSV's resource name.</summary>
    public const string ResourceName = "Bright.Simulator.Calibration.ae_attendances_demo_trust.csv";

    /// <summary>
    /// ASSUMPTION: share of a day's ED arrivals in each local hour (index 0 = 00:00-00:59), a typical English
    /// type 1 profile: a trough of about 1.3% an hour at 04:00-06:00, a late-morning peak near 6.7% and a
    /// long afternoon and evening plateau. The public monthly data has no hourly figures. Normalised on use.
    /// </summary>
    public static IReadOnlyList<double> HourShare { get; } = Normalise(
    [
        2.6, 2.1, 1.8, 1.5, 1.3, 1.3, 1.6, 2.4, 4.0, 5.6, 6.6, 6.8,
        6.5, 6.2, 6.0, 5.9, 5.8, 5.8, 5.7, 5.5, 5.0, 4.4, 3.7, 3.1,
    ], 1.0);

    /// <summary>
    /// ASSUMPTION: relative arrivals by day of week (index <see cref="DayOfWeek"/>, Sunday = 0), Monday the
    /// busiest, as in typical English ED data; mean 1. The public monthly data has no daily figures.
    /// </summary>
    public static IReadOnlyList<double> WeekdayFactor { get; } = Normalise([0.98, 1.10, 1.01, 0.99, 0.98, 0.98, 0.96], 7.0);

    /// <summary>The demo trust's ED sites, calibrated from the embedded CSV.</summary>
    public static FrozenDictionary<string, SiteEdCalibration> Sites { get; } = LoadEmbedded();

    /// <summary>
    /// For an ED site with no rows in the table: England's type 1 figures from DOMAIN.md §9 (a median provider's
    /// 8,500 attendances a month, 28.7% admitted, 82.5% within four hours), flat across the year.
    /// </summary>
    public static SiteEdCalibration EnglandTypeOne(string site) =>
        new(site, [.. Enumerable.Repeat(8500 * 12 / 365.25, 12)], [1.0, 0, 0], [0.287, 0, 0], [0.825, double.NaN, double.NaN]);

    /// <summary>Reads rows of <c>period,org_code,type,attendances,breaches,admissions</c> into per-site figures.</summary>
    /// <exception cref="InvalidDataException">A row is malformed; the message names the line.</exception>
    public static FrozenDictionary<string, SiteEdCalibration> Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var header = reader.ReadLine();
        if (header != "period,org_code,type,attendances,breaches,admissions")
        {
            throw new InvalidDataException($"Calibration CSV line 1: unexpected header '{header}'.");
        }

        var totals = new Dictionary<string, Totals>(StringComparer.Ordinal);
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var f = line.Split(',');
            if (f.Length != 6
                || !DateOnly.TryParseExact(f[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var period)
                || !long.TryParse(f[3], CultureInfo.InvariantCulture, out var attendances)
                || !long.TryParse(f[4], CultureInfo.InvariantCulture, out var breaches)
                || !long.TryParse(f[5], CultureInfo.InvariantCulture, out var admissions))
            {
                throw new InvalidDataException($"Calibration CSV line {lineNumber}: cannot read '{line}'.");
            }

            var type = f[2] switch
            {
                "1" => 0,
                "2" => 1,
                "other" => 2,
                _ => throw new InvalidDataException($"Calibration CSV line {lineNumber}: unknown type '{f[2]}'."),
            };
            if (!totals.TryGetValue(f[1], out var t))
            {
                t = new Totals();
                totals.Add(f[1], t);
            }

            t.Add(period, type, attendances, breaches, admissions);
        }

        return totals.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToCalibration(kv.Key), StringComparer.Ordinal);
    }

    private static FrozenDictionary<string, SiteEdCalibration> LoadEmbedded()
    {
        using var stream = typeof(EdCalibration).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The simulator's calibration resource '{ResourceName}' is missing.");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }

    private static double[] Normalise(double[] values, double total)
    {
        var sum = values.Sum();
        return [.. values.Select(v => v * total / sum)];
    }

    private sealed class Totals
    {
        private readonly long[] _attendancesByMonth = new long[12];
        private readonly int[] _daysByMonth = new int[12];
        private readonly HashSet<DateOnly> _periods = [];
        private readonly long[] _attendances = new long[3];
        private readonly long[] _breaches = new long[3];
        private readonly long[] _admissions = new long[3];

        public void Add(DateOnly period, int type, long attendances, long breaches, long admissions)
        {
            _attendancesByMonth[period.Month - 1] += attendances;
            if (_periods.Add(period))
            {
                _daysByMonth[period.Month - 1] += DateTime.DaysInMonth(period.Year, period.Month);
            }

            _attendances[type] += attendances;
            _breaches[type] += breaches;
            _admissions[type] += admissions;
        }

        public SiteEdCalibration ToCalibration(string site)
        {
            var all = (double)_attendances.Sum();
            var perDay = new double[12];
            for (var m = 0; m < 12; m++)
            {
                perDay[m] = _daysByMonth[m] == 0 ? 0 : _attendancesByMonth[m] / (double)_daysByMonth[m];
            }

            var share = _attendances.Select(a => all == 0 ? 0 : a / all).ToArray();
            var admitted = Enumerable.Range(0, 3).Select(i => _attendances[i] == 0 ? 0 : _admissions[i] / (double)_attendances[i]).ToArray();
            var within = Enumerable.Range(0, 3).Select(i => _attendances[i] == 0 ? double.NaN : 1 - (_breaches[i] / (double)_attendances[i]))
                .ToArray();
            return new SiteEdCalibration(site, perDay, share, admitted, within);
        }
    }
}
