using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bright.Server.Tests.Live;
using Bright.Store.Forecasts;
using Bright.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace Bright.Server.Tests.Forecasting;

[TestFixture]
public sealed class ForecastEndpointTests
{
    private static readonly DateTimeOffset HistoryStart = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Error" });

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public async Task A_posted_daily_series_is_forecast_over_the_horizon_with_intervals_and_its_backtest()
    {
        var (status, body) = await PostAsync(Series("day", 14, 140, i => new DateOnly(2016, 4, 1).AddDays(i).ToString("yyyy-MM-dd",
            CultureInfo.InvariantCulture), i => 1000 + (i % 7 == 5 ? -300 : 50 * (i % 7)) + (i % 3)));
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
        var points = body["points"]!.AsArray();
        var backtest = body["backtest"]!;
        Assert.Multiple(() =>
        {
            Assert.That(points, Has.Count.EqualTo(14));
            Assert.That(points[0]!["time"]!.GetValue<string>(), Is.EqualTo("2016-08-19"));
            Assert.That(points[13]!["time"]!.GetValue<string>(), Is.EqualTo("2016-09-01"));
            Assert.That(points.Select(p => p!.AsObject().Select(kv => kv.Key)),
                Has.All.EquivalentTo(new[] { "time", "mean", "lower80", "upper80", "lower95", "upper95" }));
            Assert.That(body["model"]!.GetValue<string>(), Is.AnyOf("fasttree", "seasonal_naive"));
            Assert.That(body["trainedAt"], Is.Not.Null);
            Assert.That(backtest["mase"]!.GetValue<double>(), Is.LessThanOrEqualTo(backtest["baseline"]!.GetValue<double>()));
            Assert.That(backtest["mape"]!.GetValue<double>(), Is.GreaterThanOrEqualTo(0));
        });
    }

    [Test]
    public async Task Hourly_times_sent_with_an_offset_are_answered_in_that_offset()
    {
        var start = new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.FromHours(1));
        var (status, body) = await PostAsync(Series("hour", 6, 400,
            i => start.AddHours(i).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture), i => 5 + (i % 24 / 4)));
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
        Assert.That(body["points"]![0]!["time"]!.GetValue<string>(), Is.EqualTo("2024-06-17T16:00:00+01:00"));
    }

    [TestCase("""{ "frequency": "fortnight", "horizon": 2, "points": [ { "time": "2016-04-01", "value": 1 } ] }""",
        "frequency", "frequency: must be one of hour, day, week, month (was 'fortnight').")]
    [TestCase("""{ "frequency": 7, "horizon": 2, "points": [ { "time": "2016-04-01", "value": 1 } ] }""",
        "frequency", "frequency: must be one of hour, day, week, month (was '7').")]
    [TestCase("""{ "frequency": "day", "horizon": 0, "points": [ { "time": "2016-04-01", "value": 1 } ] }""",
        "horizon", "horizon: must be between 1 and 92 for frequency 'day' (was 0).")]
    [TestCase("""{ "frequency": "month", "horizon": "12", "points": [ { "time": "2016-04-01", "value": 1 } ] }""",
        "horizon", "horizon: must be a whole number of periods (was \"12\").")]
    [TestCase("""{ "frequency": "day", "horizon": 1, "points": [ { "time": "2016-04-01", "value": 1 }, { "time": "2016-04-01", "value": 2 } ] }""",
        "points[1].time", "points[1].time: repeats points[0] (was '2016-04-01').")]
    [TestCase("""{ "frequency": "day", "horizon": 1, "points": [ { "time": "yesterday", "value": 1 } ] }""",
        "points[0].time", "points[0].time: must be an ISO 8601 date or date and time (was 'yesterday').")]
    [TestCase("""{ "frequency": "day", "horizon": 1, "points": [ { "time": "2016-04-01", "value": "NaN" } ] }""",
        "points[0].value", "points[0].value: must be a finite number (was \"NaN\").")]
    [TestCase("""{ "frequency": "day", "horizon": 1, "points": [ { "time": "2016-04-01", "value": 1e999 } ] }""",
        "points[0].value", "points[0].value: must be a finite number (was 1e999).")]
    [TestCase("""{ "frequency": "week", "horizon": 4, "points": [ { "time": "2016-04-01", "value": 1 } ] }""",
        "points", "points: 1 points are too few for frequency 'week' and horizon 4: at least 108 are needed (two seasons of 52 and the horizon).")]
    [TestCase("""{ "frequency": "day", "horizon": 1, "points": {} }""",
        "points", "points: must be an array of { \"time\", \"value\" } (was object).")]
    public async Task Garbage_is_refused_naming_the_field(string json, string field, string message)
    {
        var (status, body) = await PostRawAsync(json);
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(body["field"]!.GetValue<string>(), Is.EqualTo(field));
            Assert.That(body["errors"]!.AsArray().Select(e => e!.GetValue<string>()), Does.Contain(message));
        });
    }

    [Test]
    public async Task A_body_that_is_not_json_is_refused()
    {
        var (status, body) = await PostRawAsync("{ \"frequency\": ");
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(body["title"]!.GetValue<string>(), Is.EqualTo("The body is not JSON"));
        });
    }

    [Test]
    public async Task Forecasts_need_a_reading_role()
    {
        using var wallboard = _server.Client(Tokens.Wallboard);
        using var anonymous = _server.Client(null);
        using var forbidden = await wallboard.GetAsync(new Uri("/api/forecasts", UriKind.Relative));
        using var unauthorised = await anonymous.GetAsync(new Uri("/api/forecasts/ed-arrivals:RQ6", UriKind.Relative));
        Assert.Multiple(() =>
        {
            Assert.That(forbidden.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(unauthorised.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    [TestCase("nonsense:RQ6", "48h", HttpStatusCode.NotFound, "There is no series 'nonsense:RQ6'; GET /api/forecasts lists them.")]
    [TestCase("ed-arrivals:XXX", "48h", HttpStatusCode.NotFound, "There is no series 'ed-arrivals:XXX'; GET /api/forecasts lists them.")]
    [TestCase("ed-arrivals:RQ6", "2x", HttpStatusCode.BadRequest,
        "horizon: must be a whole number above 0 followed by h, d or w, e.g. 48h, 7d, 6w (was '2x').")]
    [TestCase("ed-arrivals:RQ6", "0h", HttpStatusCode.BadRequest,
        "horizon: must be a whole number above 0 followed by h, d or w, e.g. 48h, 7d, 6w (was '0h').")]
    [TestCase("ed-arrivals:RQ6", "3w", HttpStatusCode.BadRequest, "horizon: series 'ed-arrivals:RQ6' is forecast at most 336 hours ahead (was '3w').")]
    [TestCase("admissions:RQ6", "30h", HttpStatusCode.BadRequest,
        "horizon: series 'admissions:RQ6' is forecast by the day, and '30h' is not a whole number of days.")]
    [TestCase("occupancy-hourly:RQ6", "3w", HttpStatusCode.BadRequest,
        "horizon: series 'occupancy-hourly:RQ6' is forecast at most 336 hours ahead (was '3w').")]
    [TestCase("occupancy-hourly:REP", "48h", HttpStatusCode.Conflict,
        "Series 'occupancy-hourly:REP' has 0 complete hours of history; forecasting 48 ahead needs at least 384.")]
    public async Task Unknown_series_and_bad_horizons_are_named(string series, string horizon, HttpStatusCode expected, string detail)
    {
        using var client = _server.Client(Tokens.Executive);
        using var response = await client.GetAsync(new Uri($"/api/forecasts/{series}?horizon={horizon}", UriKind.Relative));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(expected));
            Assert.That(body["detail"]!.GetValue<string>(), Is.EqualTo(detail));
        });
    }

    [Test]
    public async Task A_store_series_is_forecast_on_demand_stored_and_listed()
    {
        // Emergency admissions at REM for seven weeks: more on Mondays, fewer at weekends, plus elective ones that must not count.
        var events = new JsonArray();
        for (var day = 0; day < 49; day++)
        {
            var date = HistoryStart.AddDays(day);
            var count = date.DayOfWeek switch { DayOfWeek.Monday => 9, DayOfWeek.Saturday or DayOfWeek.Sunday => 4, _ => 6 } + (day % 2);
            for (var i = 0; i < count; i++)
            {
                events.Add(Admission($"fc-rem-{day}-{i}", date.AddHours(8 + i), "emergency_ed"));
            }

            events.Add(Admission($"fc-rem-{day}-elective", date.AddHours(7), "elective"));
        }

        using (var feed = _server.Client(Tokens.Feed))
        using (var content = new StringContent(events.ToJsonString(), Encoding.UTF8, "application/json"))
        using (var posted = await feed.PostAsync(new Uri("/api/events", UriKind.Relative), content))
        {
            Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.OK), await posted.Content.ReadAsStringAsync());
        }

        using var client = _server.Client(Tokens.Operational);
        var first = await GetJsonAsync(client, "/api/forecasts/admissions:REM?horizon=7d");
        var again = await GetJsonAsync(client, "/api/forecasts/admissions:REM?horizon=3d");
        var listed = await GetJsonAsync(client, "/api/forecasts");
        Assert.Multiple(async () =>
        {
            Assert.That(first["points"]!.AsArray(), Has.Count.EqualTo(7));
            // 48 complete days from 5 January 2026: the forecast starts on the 49th day, the last (partial) one.
            Assert.That(first["points"]![0]!["time"]!.GetValue<string>(), Is.EqualTo("2026-02-22"));
            Assert.That(first["model"]!.GetValue<string>(), Is.AnyOf("fasttree", "seasonal_naive"));
            Assert.That(first["backtest"]!["baseline"]!.GetValue<double>(), Is.GreaterThan(0));
            Assert.That(again["points"]!.AsArray(), Has.Count.EqualTo(3));
            Assert.That(again["trainedAt"]!.GetValue<string>(), Is.EqualTo(first["trainedAt"]!.GetValue<string>()), "served from the store");
            Assert.That(await _server.Get<ForecastStore>().CountBacktestsAsync("admissions:REM"), Is.EqualTo(1));
            Assert.That(listed.AsArray().Select(s => s!["id"]!.GetValue<string>()), Does.Contain("admissions:REM").And.Contain("occupancy:REM"));
        });
    }

    [Test]
    public async Task Hourly_occupancy_is_forecast_48_hours_ahead_from_the_stays_listed_and_pushed_to_its_topic()
    {
        // Three weeks of stays at RBQ on its G&A ward CAR1, admitted through the day; every fourth patient moves to critical
        // care (CTCC) and leaves the G&A census. The last move is at 09:30 on 24 February, so the history ends at 09:00.
        var start = new DateTimeOffset(2026, 2, 2, 0, 0, 0, TimeSpan.Zero);
        var events = new JsonArray();
        for (var day = 0; day < 21; day++)
        {
            for (var i = 0; i < 5; i++)
            {
                var subject = $"P-hourly-{day}-{i}";
                var admitted = start.AddDays(day).AddHours(7 + (3 * i));
                events.Add(Move($"hourly-{day}-{i}-in", "Admission", admitted, subject, "CAR1"));
                if ((day + i) % 4 == 0)
                {
                    events.Add(Move($"hourly-{day}-{i}-cc", "Transfer", admitted.AddHours(5), subject, "CTCC"));
                }

                events.Add(Move($"hourly-{day}-{i}-out", "Discharge", admitted.AddHours(18 + (4 * i)), subject, "CAR1"));
            }
        }

        events.Add(Move("hourly-last", "Discharge", new DateTimeOffset(2026, 2, 24, 9, 30, 0, TimeSpan.Zero), "P-hourly-0-0", "CAR1"));
        using (var feed = _server.Client(Tokens.Feed))
        using (var content = new StringContent(events.ToJsonString(), Encoding.UTF8, "application/json"))
        using (var posted = await feed.PostAsync(new Uri("/api/events", UriKind.Relative), content))
        {
            Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.OK), await posted.Content.ReadAsStringAsync());
        }

        using var client = _server.Client(Tokens.Operational);
        var forecast = await GetJsonAsync(client, "/api/forecasts/occupancy-hourly:RBQ?horizon=48h");
        var listed = (await GetJsonAsync(client, "/api/forecasts")).AsArray()
            .Single(s => s!["id"]!.GetValue<string>() == "occupancy-hourly:RBQ")!;
        await using var probe = await HubProbe.ConnectAsync(_server, Tokens.Operational);
        await probe.Connection.InvokeAsync("Subscribe", new[] { "forecast:occupancy-hourly:RBQ" });
        var pushed = (await probe.UntilAsync(m => m.Method == "snapshot" && m.Topic == "forecast:occupancy-hourly:RBQ"))[^1]
            .Data.GetProperty("forecast");
        var points = forecast["points"]!.AsArray();
        var backtest = forecast["backtest"]!;
        Assert.Multiple(() =>
        {
            Assert.That(points, Has.Count.EqualTo(48));
            Assert.That(points[0]!["time"]!.GetValue<string>(), Is.EqualTo("2026-02-24T10:00:00+00:00"));
            Assert.That(points[47]!["time"]!.GetValue<string>(), Is.EqualTo("2026-02-26T09:00:00+00:00"));
            Assert.That(points.Select(p => p!["lower95"]!.GetValue<double>()), Has.All.GreaterThanOrEqualTo(0));
            Assert.That(forecast["model"]!.GetValue<string>(), Is.AnyOf("fasttree", "seasonal_naive"));
            Assert.That(backtest["baseline"]!.GetValue<double>(), Is.GreaterThan(0));
            Assert.That(backtest["mase"]!.GetValue<double>(), Is.LessThanOrEqualTo(backtest["baseline"]!.GetValue<double>()));
            Assert.That(listed["frequency"]!.GetValue<string>(), Is.EqualTo("hour"));
            Assert.That(listed["defaultHorizon"]!.GetValue<int>(), Is.EqualTo(48));
            Assert.That(listed["model"]!.GetValue<string>(), Is.EqualTo(forecast["model"]!.GetValue<string>()));
            Assert.That(pushed.GetProperty("model").GetString(), Is.EqualTo(forecast["model"]!.GetValue<string>()));
            Assert.That(pushed.GetProperty("points")[0].GetProperty("time").GetString(), Is.EqualTo("2026-02-24T10:00:00+00:00"));
        });
    }

    private static JsonObject Move(string id, string kind, DateTimeOffset at, string subject, string ward) => new()
    {
        ["eventId"] = id,
        ["occurredAt"] = at.ToString("O", CultureInfo.InvariantCulture),
        ["site"] = "RBQ",
        ["kind"] = kind,
        ["subject"] = subject,
        ["location"] = $"RBQ/{ward}/B01",
        ["attributes"] = new JsonObject { ["ward"] = ward },
    };

    private static JsonObject Admission(string id, DateTimeOffset at, string admitMethod) => new()
    {
        ["eventId"] = id,
        ["occurredAt"] = at.ToString("O", CultureInfo.InvariantCulture),
        ["site"] = "REM",
        ["kind"] = "Admission",
        ["subject"] = "P-" + id,
        ["location"] = "REM/AMU/B01",
        ["code"] = "acute medicine",
        ["attributes"] = new JsonObject { ["admitMethod"] = admitMethod, ["ward"] = "AMU" },
    };

    private static string Series(string frequency, int horizon, int count, Func<int, string> time, Func<int, double> value) => new JsonObject
    {
        ["frequency"] = frequency,
        ["horizon"] = horizon,
        ["points"] = new JsonArray([.. Enumerable.Range(0, count).Select(i => (JsonNode)new JsonObject { ["time"] = time(i), ["value"] = value(i) })]),
    }.ToJsonString();

    private Task<(HttpStatusCode, JsonNode)> PostAsync(string json) => PostRawAsync(json);

    private async Task<(HttpStatusCode, JsonNode)> PostRawAsync(string json)
    {
        using var client = _server.Client(Tokens.Analyst);
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/api/forecast", UriKind.Relative), content);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private static async Task<JsonNode> GetJsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return JsonNode.Parse(text)!;
    }
}
