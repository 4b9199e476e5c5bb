using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Bright.Pipelines.Ingestion;
using Bright.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Bright.Server.Tests.Feeds;

/// <summary>
/// A feed's cadence changed through the API changes its status at once (no restart), and timeliness per feed is
/// a KPI series: the share of its events within the agreed lag and of its records refused, per day, checked by hand.
/// The server runs on a fake clock, so receipt times and the passing of time are the test's to decide. The clock
/// starts ten minutes before UK midnight and is moved on by minutes only: moving a fake clock runs every periodic
/// timer of the server once per period passed.
/// </summary>
[TestFixture]
public sealed class FeedTimelinessTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-11-20T23:50:00Z", CultureInfo.InvariantCulture);
    private readonly FakeTimeProvider _clock = new(Start);
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await TestServer.StartAsync(new Dictionary<string, string?>
    {
        ["Bright:Pseudonymisation:Key"] = "a-test-key-that-is-at-least-32-characters-long",
    }, services: s => s.AddSingleton<TimeProvider>(_clock));

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private async Task PutFeedAsync(string id, string expectedEvery, string lateAfter)
    {
        using var client = _server.Client();
        using var content = new StringContent($$"""{ "owner": "Timeliness team", "kind": "http", "expectedEvery": "{{expectedEvery}}", "lateAfter": "{{lateAfter}}" }""",
            Encoding.UTF8, "application/json");
        using var response = await client.PutAsync(new Uri($"/api/feeds/{id}", UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Posts one admission from <paramref name="source"/> per lag, each occurring that long before now (receipt).</summary>
    private async Task PostAsync(string source, string prefix, params TimeSpan[] lags)
    {
        var events = lags.Select((lag, i) =>
        {
            var e = EventJson.Admission($"{prefix}-{i}", _clock.GetUtcNow() - lag);
            e["source"] = source;
            return (JsonNode)e;
        }).ToArray();
        await PostRawAsync(EventJson.Array(events));
    }

    private async Task PostRawAsync(string body)
    {
        using var client = _server.Client(Tokens.Feed);
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/api/events", UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
    }

    private async Task<JsonNode> GetAsync(string path)
    {
        using var client = _server.Client();
        return JsonNode.Parse(await client.GetStringAsync(new Uri(path, UriKind.Relative)))!;
    }

    [Test]
    public async Task A_cadence_shortened_through_the_api_makes_a_quiet_feed_silent_without_a_restart()
    {
        await PutFeedAsync("cadence-http", "01:00:00", "00:30:00");
        await PostAsync("cadence-http", "cadence", TimeSpan.FromMinutes(1));
        _clock.Advance(TimeSpan.FromMinutes(3));
        var before = (await GetAsync("/api/feeds/cadence-http"))["status"]!.GetValue<string>();

        await PutFeedAsync("cadence-http", "00:02:00", "00:30:00");

        var after = await GetAsync("/api/feeds/cadence-http");
        var rows = _server.Get<IngestMonitor>().Snapshot().Where(r => r.Source == "cadence-http").Select(r => r.Status);
        Assert.That(before, Is.EqualTo("ok"), "three minutes quiet is within an hourly cadence");
        Assert.That(after["status"]!.GetValue<string>(), Is.EqualTo("silent"), "three minutes quiet is past a two-minute cadence");
        Assert.That(rows, Is.All.EqualTo("silent"));
        Assert.That((await GetAsync("/api/feeds"))["feeds"]!.AsArray().Single(f => f!["source"]!.GetValue<string>() == "cadence-http")!["status"]!
            .GetValue<string>(), Is.EqualTo("silent"));
    }

    [Test]
    public async Task Timeliness_and_refusals_per_feed_are_daily_kpi_series_computed_from_the_agreed_lag()
    {
        var day1 = _clock.GetUtcNow();
        Assert.That(day1, Is.LessThan(Start.AddMinutes(10)), "day one's events are received before UK midnight");
        await PutFeedAsync("kpi-http", "01:00:00", "00:30:00");
        // Day one: lags of 10 and exactly 30 minutes are within the agreed 30; 31 minutes and 2 hours are not: 2 of 4.
        await PostAsync("kpi-http", "kpi-day1", TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(31), TimeSpan.FromHours(2));
        var refused = EventJson.Admission("kpi-day1-refused", day1);
        refused["source"] = "kpi-http";
        refused["kind"] = "Teleport";
        await PostRawAsync(EventJson.Array(refused));
        // Day two, half a minute past UK midnight: 5, 5 and 45 minutes: 2 of 3, and nothing refused.
        _clock.SetUtcNow(Start.AddMinutes(10).AddSeconds(30));
        await PostAsync("kpi-http", "kpi-day2", TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(45));

        var onTime = await GetAsync("/api/kpis/feed-on-time-kpi-http/spc");
        var rejected = await GetAsync("/api/kpis/feed-rejected-kpi-http/spc");

        Assert.That(onTime["points"]!.AsArray().Select(p => (p!["date"]!.GetValue<string>(), p["value"]!.GetValue<double>())), Is.EqualTo(new[]
        {
            ("2026-11-20", 2 / 4.0), ("2026-11-21", 2 / 3.0),
        }).Using<(string, double)>((a, b) => a.Item1 == b.Item1 && Math.Abs(a.Item2 - b.Item2) < 1e-9));
        Assert.That(rejected["points"]!.AsArray().Select(p => (p!["date"]!.GetValue<string>(), p["value"]!.GetValue<double>())), Is.EqualTo(new[]
        {
            ("2026-11-20", 1 / 5.0), ("2026-11-21", 0.0),
        }).Using<(string, double)>((a, b) => a.Item1 == b.Item1 && Math.Abs(a.Item2 - b.Item2) < 1e-9));
        Assert.That((onTime["kpi"]!["owner"]!.GetValue<string>(), onTime["kpi"]!["chart"]!.GetValue<string>()),
            Is.EqualTo(("Timeliness team", "p")));
    }

    [Test]
    public async Task A_changed_agreed_lag_is_a_new_revision_of_the_feeds_kpi_that_uses_it()
    {
        await PutFeedAsync("lag-http", "01:00:00", "00:30:00");
        await PostAsync("lag-http", "lag", TimeSpan.FromMinutes(20));
        var before = await GetAsync("/api/kpis/feed-on-time-lag-http/spc");

        await PutFeedAsync("lag-http", "01:00:00", "00:15:00");

        var after = await GetAsync("/api/kpis/feed-on-time-lag-http/spc");
        var kpi = await GetAsync("/api/kpis/feed-on-time-lag-http");
        Assert.That((before["points"]![0]!["value"]!.GetValue<double>(), after["points"]![0]!["value"]!.GetValue<double>()), Is.EqualTo((1.0, 0.0)));
        Assert.That((kpi["revision"]!.GetValue<int>(), kpi["updatedBy"]!.GetValue<string>()), Is.EqualTo((2, "feed registry")));
        Assert.That(kpi["benchmark"]!["source"]!.GetValue<string>(), Is.EqualTo("Feed registry: lag-http lateAfter 00:15:00"));
    }
}
