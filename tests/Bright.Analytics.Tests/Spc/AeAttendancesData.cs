using System.Globalization;

namespace Bright.Analytics.Tests.Spc;

/// <summary>
/// NHS England's monthly A&amp;E attendances (the test copy of ../shared/data/nhs_ae_attendances.csv):
/// period, org_code, type, attendances, breaches, admissions.
/// </summary>
internal static class AeAttendancesData
{
    private static readonly Lazy<Row[]> Rows = new(Load);

    public static readonly DateOnly April2016 = new(2016, 4, 1);

    public static readonly DateOnly March2019 = new(2019, 3, 1);

    /// <summary>Four-hour performance, 1 − Σbreaches/Σattendances, per month from April 2016 to March 2019.</summary>
    public static (DateOnly Month, double Performance)[] Performance(Func<string, string, bool> include) =>
    [
        .. Rows.Value
            .Where(r => r.Period >= April2016 && r.Period <= March2019 && include(r.OrgCode, r.Type))
            .GroupBy(r => r.Period)
            .OrderBy(g => g.Key)
            .Select(g => (g.Key, 1 - (g.Sum(r => r.Breaches) / g.Sum(r => r.Attendances)))),
    ];

    private static Row[] Load()
    {
        var path = Path.Combine(TestContext.CurrentContext.TestDirectory, "Spc", "Data", "nhs_ae_attendances.csv");
        return
        [
            .. File.ReadLines(path).Skip(1).Select(line =>
            {
                var f = line.Split(',');
                return new Row(
                    DateOnly.ParseExact(f[0], "yyyy-MM-dd", CultureInfo.InvariantCulture), f[1], f[2],
                    double.Parse(f[3], CultureInfo.InvariantCulture), double.Parse(f[4], CultureInfo.InvariantCulture));
            }),
        ];
    }

    private sealed record Row(DateOnly Period, string OrgCode, string Type, double Attendances, double Breaches);
}
