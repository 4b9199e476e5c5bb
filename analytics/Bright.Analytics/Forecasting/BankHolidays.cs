using System.Globalization;
using System.Text.Json;

namespace Bright.Analytics.Forecasting;

/// <summary>
/// England and Wales bank holidays 2016-2027, as GOV.UK publishes them at https://www.gov.uk/bank-holidays.json
/// (Open Government Licence v3.0), embedded as <c>england-bank-holidays.json</c>. Immutable and thread-safe.
/// </summary>
public sealed class BankHolidays
{
    private readonly HashSet<DateOnly> _dates;

    private BankHolidays(string source, IReadOnlyList<(DateOnly Date, string Title)> holidays)
    {
        Source = source;
        Holidays = holidays;
        _dates = [.. holidays.Select(h => h.Date)];
        First = holidays.Min(h => h.Date);
        Last = holidays.Max(h => h.Date);
    }

    /// <summary>The table embedded in BRIGHT.</summary>
    public static BankHolidays England { get; } = LoadEmbedded();

    /// <summary>Where the dates come from.</summary>
    public string Source { get; }

    /// <summary>Every holiday with its GOV.UK title, in date order.</summary>
    public IReadOnlyList<(DateOnly Date, string Title)> Holidays { get; }

    /// <summary>The earliest holiday in the table.</summary>
    public DateOnly First { get; }

    /// <summary>The latest holiday in the table; later dates are never holidays.</summary>
    public DateOnly Last { get; }

    /// <summary>Whether <paramref name="date"/> is a bank holiday in England.</summary>
    public bool IsHoliday(DateOnly date) => _dates.Contains(date);

    /// <summary>How many bank holidays fall in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public int CountBetween(DateOnly from, DateOnly to) => Holidays.Count(h => h.Date >= from && h.Date < to);

    /// <summary>Reads a table in GOV.UK's shape: <c>{ "source": "...", "events": [ { "date": "2016-01-01", "title": "..." } ] }</c>.</summary>
    /// <exception cref="FormatException">The JSON is not in that shape, naming the entry.</exception>
    public static BankHolidays Load(Stream json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var source = root.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "unstated";
        if (!root.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Array || events.GetArrayLength() == 0)
        {
            throw new FormatException("bank holidays: 'events' must be a non-empty array.");
        }

        var holidays = new List<(DateOnly, string)>();
        var index = 0;
        foreach (var entry in events.EnumerateArray())
        {
            var text = entry.TryGetProperty("date", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw new FormatException($"bank holidays: events[{index}].date must be a date yyyy-MM-dd (was '{text}').");
            }

            holidays.Add((date, entry.TryGetProperty("title", out var t) ? t.GetString() ?? "" : ""));
            index++;
        }

        return new BankHolidays(source, [.. holidays.OrderBy(h => h.Item1)]);
    }

    private static BankHolidays LoadEmbedded()
    {
        using var stream = typeof(BankHolidays).Assembly.GetManifestResourceStream("Bright.Analytics.Forecasting.england-bank-holidays.json")
            ?? throw new InvalidOperationException("The embedded England bank holiday table is missing from Bright.Analytics.");
        return Load(stream);
    }
}
