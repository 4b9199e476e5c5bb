using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bright.Server.Jobs;
using Bright.Server.Tests.Live;
using Bright.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Bright.Server.Tests.Forecasting;

[TestFixture]
public sealed class CapacityEndpointTests
{
    private static readonly DateTimeOffset HistoryStart = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Wards = ["CCU", "CAR1", "CAR2", "CTS", "RESP"];
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Error" });
        await PostStaysAsync(days: 70, seed: 8);
    }

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public async Task Capacity_gives_each_days_forecast_beds_against_core_ga_beds_with_the_gap_and_the_probability_of_exceeding_them()
    {
        using var client = _server.Client(Tokens.Operational);
        using var response = await client.GetAsync(new Uri("/api/capacity?site=RBQ&days=7", UriKind.Relative));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
        var days = body["days"]!.AsArray();
        Assert.Multiple(() =>
        {
            // RBQ's G&A wards in the demo trust: CCU 18, CAR1 28, CAR2 28, CTS 30, RESP 24 core beds; 4 escalation beds.
            Assert.That(body["gaBeds"]!.GetValue<int>(), Is.EqualTo(128));
            Assert.That(body["escalationBeds"]!.GetValue<int>(), Is.EqualTo(4));
            Assert.That(body["beds"]!["model"]!.GetValue<string>(), Is.AnyOf("arrivals_x_los", "seasonal_naive"));
            Assert.That(body["beds"]!["backtest"]!["baseline"]!.GetValue<double>(), Is.GreaterThan(0));
            Assert.That(body["bedsUnavailable"], Is.Null);
            Assert.That(body["theatresUnavailable"]!.GetValue<string>(), Is.EqualTo(
                "Series 'theatre-minutes:RBQ' has 0 complete days of history; forecasting 42 ahead needs at least 56."));
            Assert.That(days, Has.Count.EqualTo(7));
            Assert.That(days.Select(d => d!["date"]!.GetValue<string>()), Is.EqualTo(Enumerable.Range(0, 7)
                .Select(i => new DateOnly(2026, 3, 16).AddDays(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
                "the last day with moves is 15 March, so the coming midnights are 16 to 22 March");
            foreach (var day in days)
            {
                var beds = day!["beds"]!;
                Assert.That(beds["capacity"]!.GetValue<double>(), Is.EqualTo(128));
                Assert.That(beds["expectedGap"]!.GetValue<double>(), Is.EqualTo(128 - beds["mean"]!.GetValue<double>()).Within(1e-9));
                Assert.That(beds["probabilityOverCapacity"]!.GetValue<double>(), Is.InRange(0.0, 1.0));
                Assert.That(beds["mean"]!.GetValue<double>(), Is.InRange(beds["lower95"]!.GetValue<double>(), beds["upper95"]!.GetValue<double>()));
                Assert.That(day["theatreMinutes"], Is.Null);
            }
        });
    }

    [Test]
    public async Task Theatre_minutes_booked_are_set_against_the_session_minutes_of_the_lists_planned_each_day()
    {
        // RQ6: ten cases of 90 to 150 minutes booked a day for 70 days (planned 6 January to 16 March), then four
        // 240-minute lists a day planned for the week from 16 March; no stays, so no bed forecast.
        var events = new JsonArray();
        for (var day = 1; day <= 70; day++)
        {
            for (var i = 0; i < 10; i++)
            {
                var planned = HistoryStart.AddDays(day).AddHours(8 + i);
                events.Add(Theatre($"case-{day}-{i}", "CaseScheduled", planned.AddDays(-7), 90 + (day % 7 * 10),
                    new JsonObject { ["plannedStart"] = planned.ToString("O", CultureInfo.InvariantCulture) }));
            }
        }

        for (var day = 70; day < 77; day++)
        {
            for (var room = 1; room <= 4; room++)
            {
                var start = HistoryStart.AddDays(day).AddHours(8);
                events.Add(Theatre($"list-{day}-{room}", "TheatreListPlanned", HistoryStart.AddDays(60), 240, new JsonObject
                {
                    ["listId"] = $"L-{day}-{room}",
                    ["start"] = start.ToString("O", CultureInfo.InvariantCulture),
                    ["end"] = start.AddHours(4).ToString("O", CultureInfo.InvariantCulture),
                }));
            }
        }

        await PostAsync(events);
        using var client = _server.Client(Tokens.Operational);
        using var response = await client.GetAsync(new Uri("/api/capacity?site=RQ6&days=7", UriKind.Relative));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
        var days = body["days"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(body["theatres"]!["model"]!.GetValue<string>(), Is.AnyOf("fasttree", "seasonal_naive"));
            Assert.That(body["bedsUnavailable"]!.GetValue<string>(), Does.StartWith("Series 'occupancy:RQ6' has no stays"));
            // The last day booked (16 March) is not complete: the theatre forecast starts on it.
            Assert.That(days.Select(d => d!["date"]!.GetValue<string>()).First(), Is.EqualTo("2026-03-16"));
            Assert.That(days, Has.Count.EqualTo(7));
            foreach (var day in days)
            {
                var theatre = day!["theatreMinutes"]!;
                Assert.That(day["beds"], Is.Null);
                Assert.That(theatre["capacity"]!.GetValue<double>(), Is.EqualTo(960), "four 240-minute lists");
                Assert.That(theatre["expectedGap"]!.GetValue<double>(), Is.EqualTo(960 - theatre["mean"]!.GetValue<double>()).Within(1e-9));
                Assert.That(theatre["probabilityOverCapacity"]!.GetValue<double>(), Is.InRange(0.0, 1.0));
            }
        });
    }

    [Test]
    public async Task The_capacity_chart_is_a_png()
    {
        using var client = _server.Client(Tokens.Executive);
        var png = await client.GetByteArrayAsync(new Uri("/api/capacity.png?site=RBQ&days=10", UriKind.Relative));
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "capacity-RBQ.png");
        await File.WriteAllBytesAsync(path, png);
        TestContext.AddTestAttachment(path, "G&A beds against core beds, RBQ");
        Assert.Multiple(() =>
        {
            Assert.That(png.Take(4), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47 }));
            Assert.That(png, Has.Length.GreaterThan(10_000), "a chart with bands, lines and text, not an empty image");
        });
    }

    [TestCase("/api/capacity", HttpStatusCode.BadRequest, "site", "site: is required, a site code such as RQ6.")]
    [TestCase("/api/capacity?site=XXX", HttpStatusCode.NotFound, "site", "site: there is no site 'XXX' in the trust's reference data.")]
    [TestCase("/api/capacity?site=RBQ&days=0", HttpStatusCode.BadRequest, "days", "days: must be a whole number from 1 to 42 (was '0').")]
    [TestCase("/api/capacity?site=RBQ&days=43", HttpStatusCode.BadRequest, "days", "days: must be a whole number from 1 to 42 (was '43').")]
    [TestCase("/api/capacity?site=RBQ&days=seven", HttpStatusCode.BadRequest, "days", "days: must be a whole number from 1 to 42 (was 'seven').")]
    [TestCase("/api/capacity.png?site=RBQ&measure=nurses", HttpStatusCode.BadRequest, "measure", "measure: must be beds or theatre-minutes (was 'nurses').")]
    [TestCase("/api/capacity.png?site=RBQ&measure=theatre-minutes", HttpStatusCode.Conflict, "site",
        "Series 'theatre-minutes:RBQ' has 0 complete days of history; forecasting 42 ahead needs at least 56.")]
    [TestCase("/api/capacity?site=REP", HttpStatusCode.OK, null, null)]
    public async Task Bad_requests_are_refused_naming_the_field(string path, HttpStatusCode expected, string? field, string? detail)
    {
        using var client = _server.Client(Tokens.Operational);
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That(response.StatusCode, Is.EqualTo(expected), body.ToJsonString());
        if (field is null)
        {
            // A site with no stays at all: no bed forecast, and the reason, never an error.
            Assert.That(body["bedsUnavailable"]!.GetValue<string>(), Is.EqualTo(
                "Series 'occupancy:REP' has no stays on the site's G&A wards; forecasting 7 ahead needs at least 35 days of them."));
            Assert.That(body["days"]!.AsArray(), Is.Empty);
            return;
        }

        Assert.Multiple(() =>
        {
            Assert.That(body["field"]!.GetValue<string>(), Is.EqualTo(field));
            Assert.That(body["detail"]!.GetValue<string>(), Is.EqualTo(detail));
        });
    }

    [Test]
    public async Task Wallboard_tokens_read_capacity_through_the_hub_not_the_api()
    {
        using var client = _server.Client(Tokens.Wallboard);
        using var response = await client.GetAsync(new Uri("/api/capacity?site=RBQ", UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task The_hourly_refresh_pushes_each_sites_outlook_to_its_capacity_topic_which_a_wallboard_may_read()
    {
        using (var scope = _server.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ForecastRefreshJob>().RunAsync(CancellationToken.None);
        }

        await using var probe = await HubProbe.ConnectAsync(_server, Tokens.Wallboard);
        await probe.Connection.InvokeAsync("Subscribe", new[] { "capacity:RBQ", "capacity:REP" });
        var seen = new HashSet<string>();
        // A snapshot, or a delta if the job's change is published after subscribing: both carry the whole state.
        var messages = await probe.UntilAsync(m => seen.Add(m.Topic) && seen.Count == 2);
        var rbq = messages.Last(m => m.Topic == "capacity:RBQ").Data;
        var rep = messages.Last(m => m.Topic == "capacity:REP").Data;
        Assert.Multiple(() =>
        {
            Assert.That(rbq.GetProperty("gaBeds").GetInt32(), Is.EqualTo(128));
            Assert.That(rbq.GetProperty("days").GetArrayLength(), Is.EqualTo(7));
            Assert.That(rbq.GetProperty("days")[0].GetProperty("probabilityOverCapacity").GetDouble(), Is.InRange(0.0, 1.0));
            Assert.That(rep.GetProperty("days").GetArrayLength(), Is.Zero);
            Assert.That(rep.GetProperty("unavailable").GetString(), Is.EqualTo(
                "Series 'occupancy:REP' has no stays on the site's G&A wards; forecasting 7 ahead needs at least 35 days of them."));
        });
    }

    /// <summary>About 25 admissions a day to RBQ's G&amp;A wards, most staying two to six days, a few moved between wards.</summary>
    private async Task PostStaysAsync(int days, int seed)
    {
        var random = new Random(seed);
        var events = new JsonArray();
        var end = HistoryStart.AddDays(days);
        for (var day = 0; day < days; day++)
        {
            var count = 20 + random.Next(11);
            for (var i = 0; i < count; i++)
            {
                var id = $"cap-{day}-{i}";
                var ward = Wards[random.Next(Wards.Length)];
                var admitted = HistoryStart.AddDays(day).AddHours(7 + random.Next(14));
                events.Add(Move(id + "-in", "Admission", admitted, id, ward));
                var left = admitted.AddHours(24 + random.Next(120));
                if (i % 10 == 0)
                {
                    events.Add(Move(id + "-move", "Transfer", admitted.AddHours(12), id, Wards[(Array.IndexOf(Wards, ward) + 1) % Wards.Length]));
                }

                if (left < end)
                {
                    events.Add(Move(id + "-out", "Discharge", left, id, ward));
                }
            }
        }

        using var feed = _server.Client(Tokens.Feed);
        using var content = new StringContent(events.ToJsonString(), Encoding.UTF8, "application/json");
        using var posted = await feed.PostAsync(new Uri("/api/events", UriKind.Relative), content);
        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.OK), await posted.Content.ReadAsStringAsync());
    }

    private static JsonObject Theatre(string id, string kind, DateTimeOffset at, double minutes, JsonObject attributes) => new()
    {
        ["eventId"] = id,
        ["occurredAt"] = at.ToString("O", CultureInfo.InvariantCulture),
        ["site"] = "RQ6",
        ["kind"] = kind,
        ["location"] = "RQ6/theatres/TH01",
        ["code"] = "general surgery",
        ["value"] = minutes,
        ["attributes"] = attributes,
    };

    private async Task PostAsync(JsonArray events)
    {
        using var feed = _server.Client(Tokens.Feed);
        using var content = new StringContent(events.ToJsonString(), Encoding.UTF8, "application/json");
        using var posted = await feed.PostAsync(new Uri("/api/events", UriKind.Relative), content);
        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.OK), await posted.Content.ReadAsStringAsync());
    }

    private static JsonObject Move(string id, string kind, DateTimeOffset at, string subject, string ward) => new()
    {
        ["eventId"] = id,
        ["occurredAt"] = at.ToString("O", CultureInfo.InvariantCulture),
        ["site"] = "RBQ",
        ["kind"] = kind,
        ["subject"] = "P-" + subject,
        ["location"] = $"RBQ/{ward}/B01",
        ["code"] = "cardiology",
        ["attributes"] = new JsonObject { ["admitMethod"] = "emergency_ed", ["ward"] = ward },
    };
}
