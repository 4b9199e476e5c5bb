using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bright.Server.Forecasting;
using Bright.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Bright.Server.Tests.Live.LiveJson;

namespace Bright.Server.Tests.Forecasting;

/// <summary>
/// <c>GET /api/capacity</c> against the beds open now on the live bed board, with the elective admissions already
/// booked in the bed forecast; and the forecast jobs' log lines.
/// </summary>
[TestFixture]
public sealed partial class CapacityLiveBedsTests
{
    private static readonly DateTimeOffset HistoryStart = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Wards = ["CCU", "CAR1", "CAR2", "CTS", "RESP"];
    private readonly LogSink _logs = new();
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Error",
            ["Logging:LogLevel:Bright.Server.Forecasting"] = "Information",
        }, services: s => s.AddSingleton<ILoggerProvider>(_logs));
        var events = Stays(days: 80, seed: 9);
        // Booked on 20 March for 27 March (three) and 28 March (two); one cancelled, one a day case, one for a ward that is not G&A.
        var booked = new DateTimeOffset(2026, 3, 20, 11, 0, 0, TimeSpan.Zero);
        foreach (var (id, expected, ward, patientClass) in new[]
        {
            ("b1", "2026-03-26T09:00:00Z", "CAR1", "elective"), ("b2", "2026-03-26T09:30:00Z", "CTS", "elective"),
            ("b3", "2026-03-26T10:00:00Z", "RESP", "elective"), ("b4", "2026-03-27T09:00:00Z", "CAR2", "elective"),
            ("b5", "2026-03-27T09:30:00Z", "CAR2", "elective"), ("b6", "2026-03-27T10:00:00Z", "CAR1", "elective"),
            ("b7", "2026-03-27T10:30:00Z", "CAR1", "daycase"), ("b8", "2026-03-27T11:00:00Z", "CTCC", "elective"),
        })
        {
            events.Add(Event($"pre-{id}", "PreAdmission", booked, $"P-{id}", $"RBQ/{ward}", site: "RBQ",
                attributes: [("expectedAt", expected), ("patientClass", patientClass), ("caseId", $"C-{id}"), ("ward", ward)]));
        }

        events.Add(Event("cancel-b6", "CaseCancelled", booked.AddDays(2), "P-b6", "RBQ/theatres/TH01", "non_clinical_before_day", site: "RBQ",
            attributes: [("caseId", "C-b6")]));
        // REP admits electives only: it has admissions but no emergency admissions to forecast.
        for (var day = 0; day < 10; day++)
        {
            events.Add(Event($"rep-{day}", "Admission", HistoryStart.AddDays(day).AddHours(9), $"P-rep-{day}", "REP/GYN/B01", site: "REP",
                attributes: [("admitMethod", "elective_waiting_list"), ("patientClass", "elective"), ("ward", "GYN")]));
        }

        await PostAsync(_server, [.. events]);
        // Now, on the live board: three core beds blocked, two escalation beds opened (reserved, cleaning), one blocked, one still closed.
        var now = TimeProvider.System.GetUtcNow();
        await PostAsync(_server,
            Event("bed-1", "BedStatusChanged", now, null, "RBQ/CCU/B01", "blocked", site: "RBQ", attributes: [("reason", "infection")]),
            Event("bed-2", "BedStatusChanged", now, null, "RBQ/CCU/B02", "blocked", site: "RBQ", attributes: [("reason", "infection")]),
            Event("bed-3", "BedStatusChanged", now, null, "RBQ/RESP/B05", "blocked", site: "RBQ", attributes: [("reason", "maintenance")]),
            Event("bed-4", "BedStatusChanged", now, null, "RBQ/CAR1/E01", "reserved", site: "RBQ"),
            Event("bed-5", "BedStatusChanged", now, null, "RBQ/CTS/E01", "cleaning", site: "RBQ"),
            Event("bed-6", "BedStatusChanged", now, null, "RBQ/CAR1/E02", "blocked", site: "RBQ", attributes: [("reason", "staffing")]));
        await UntilAsync(_server, "/api/beds?site=RBQ", b => BedStatus(b, "CAR1", "E02") == "blocked" && BedStatus(b, "CTS", "E01") == "cleaning");
    }

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public async Task Bed_capacity_is_the_beds_open_now_with_escalation_beds_counted_and_reported_and_booked_electives_per_day()
    {
        var body = await GetAsync(_server, "/api/capacity?site=RBQ&days=7");
        var days = body["days"]!.AsArray();
        var open = body["openBeds"]!;
        Assert.Multiple(() =>
        {
            // RBQ's G&A wards: 128 core beds and 4 escalation beds (CAR1 E01-E02, CTS E01-E02).
            Assert.That(body["capacitySource"]!.GetValue<string>(), Is.EqualTo("live_open_beds"));
            Assert.That(open["core"]!.GetValue<int>(), Is.EqualTo(125), "three core beds blocked");
            Assert.That(open["escalation"]!.GetValue<int>(), Is.EqualTo(2), "CAR1/E01 reserved and CTS/E01 being cleaned are open");
            Assert.That(open["blocked"]!.GetValue<int>(), Is.EqualTo(4));
            Assert.That(open["closed"]!.GetValue<int>(), Is.EqualTo(1), "CTS/E02 was never opened");
            Assert.That(open["open"]!.GetValue<int>(), Is.EqualTo(127));
            Assert.That(body["bedCapacity"]!.GetValue<int>(), Is.EqualTo(127));
            Assert.That(body["gaBeds"]!.GetValue<int>(), Is.EqualTo(128), "the reference data's core beds are still given");
            Assert.That(body["escalationBeds"]!.GetValue<int>(), Is.EqualTo(4));
            Assert.That(days.Select(d => d!["date"]!.GetValue<string>()), Is.EqualTo(Enumerable.Range(0, 7)
                .Select(i => new DateOnly(2026, 3, 26).AddDays(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
                "the last day with moves is 25 March");
            // 26 March 09:00-10:00 is day 1 (the midnight closing it is 27 March); b6 was cancelled, b7 is a day case and b8 not on G&A.
            Assert.That(days.Select(d => d!["bookedElectives"]!.GetValue<int>()), Is.EqualTo(new[] { 0, 3, 2, 0, 0, 0, 0 }));
            foreach (var day in days)
            {
                var beds = day!["beds"]!;
                Assert.That(beds["capacity"]!.GetValue<double>(), Is.EqualTo(127));
                Assert.That(beds["capacitySource"]!.GetValue<string>(), Is.EqualTo("latest_open_beds"), "March is not tonight");
                Assert.That(beds["expectedGap"]!.GetValue<double>(), Is.EqualTo(127 - beds["mean"]!.GetValue<double>()).Within(1e-9));
            }
        });
    }

    [Test]
    public async Task Without_live_bed_state_for_the_site_the_reference_core_beds_are_the_labelled_fallback()
    {
        var body = await GetAsync(_server, "/api/capacity?site=REM&days=3");
        Assert.Multiple(() =>
        {
            Assert.That(body["capacitySource"]!.GetValue<string>(), Is.EqualTo("reference_core_beds"));
            Assert.That(body["openBeds"], Is.Null);
            Assert.That(body["bedCapacity"]!.GetValue<int>(), Is.EqualTo(body["gaBeds"]!.GetValue<int>()));
        });
    }

    [Test]
    public async Task Retraining_logs_rounded_figures_and_says_once_that_a_site_without_emergency_admissions_is_skipped()
    {
        var forecasts = _server.Services.GetRequiredService<ForecastService>();
        await forecasts.RetrainAllAsync(null, CancellationToken.None);
        await forecasts.RetrainAllAsync(null, CancellationToken.None);
        var lines = _logs.Lines.ToList();
        var trained = lines.Where(l => l.Message.StartsWith("Forecast occupancy:RBQ: serving", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            // Besides the progress line of each run ("series i of n"), one line in two runs, and not a warning.
            Assert.That(lines.Where(l => l.Message.Contains("admissions:REP", StringComparison.Ordinal) &&
                !l.Message.StartsWith("Forecast retrain: series", StringComparison.Ordinal)).ToList(), Has.Count.EqualTo(1)
                .And.One.Matches<LogLine>(l => l.Level == LogLevel.Information && l.Message ==
                    "Forecast admissions:REP skipped: the site has no emergency admissions per day at all; it is tried again at each retrain without saying so"));
            Assert.That(trained, Has.Count.EqualTo(2));
            Assert.That(trained, Has.All.Matches<LogLine>(l => Figures().IsMatch(l.Message)), string.Join('\n', trained.Select(l => l.Message)));
        });
    }

    [GeneratedRegex(@"^Forecast occupancy:RBQ: serving \w+, backtest MASE \d+\.\d{3} against seasonal naive \d+\.\d{3}, MAPE \d+\.\d%, \d+ ms$")]
    private static partial Regex Figures();

    /// <summary>About 25 admissions a day to RBQ's G&amp;A wards, most staying two to six days.</summary>
    private static List<JsonNode> Stays(int days, int seed)
    {
        var random = new Random(seed);
        var events = new List<JsonNode>();
        var end = HistoryStart.AddDays(days);
        for (var day = 0; day < days; day++)
        {
            var count = 20 + random.Next(11);
            for (var i = 0; i < count; i++)
            {
                var id = $"s-{day}-{i}";
                var ward = Wards[random.Next(Wards.Length)];
                var admitted = HistoryStart.AddDays(day).AddHours(7 + random.Next(14));
                events.Add(Move(id + "-in", "Admission", admitted, id, ward));
                var left = admitted.AddHours(24 + random.Next(120));
                if (left < end)
                {
                    events.Add(Move(id + "-out", "Discharge", left, id, ward));
                }
            }
        }

        return events;
    }

    private static JsonObject Move(string id, string kind, DateTimeOffset at, string subject, string ward) =>
        Event(id, kind, at, "P-" + subject, $"RBQ/{ward}/B{1 + (subject.GetHashCode(StringComparison.Ordinal) & 15):00}", "cardiology", site: "RBQ",
            attributes: [("admitMethod", "emergency_ed"), ("ward", ward)]);

    private sealed record LogLine(string Category, LogLevel Level, string Message);

    /// <summary>Every log line the server writes, kept in order.</summary>
    private sealed class LogSink : ILoggerProvider
    {
        public ConcurrentQueue<LogLine> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(LogSink sink, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                sink.Lines.Enqueue(new LogLine(category, logLevel, formatter(state, exception)));
        }
    }
}
