using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bright.Server.Tests.Kpis;
using Bright.Server.Tests.Live;
using Bright.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using static Bright.Server.Tests.Live.LiveJson;

namespace Bright.Server.Tests.Alerts;

/// <summary>Alerts from a KPI's SPC and from a feed's status reach the <c>alerts</c> topic over a real SignalR client.</summary>
[TestFixture]
public sealed class AlertSignalEndToEndTests
{
    private const string Feed = "ward-pas-alerts";
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await TestServer.StartAsync(new Dictionary<string, string?>
    {
        ["Bright:Feeds:0:Source"] = Feed,
        ["Bright:Feeds:0:Owner"] = "PAS integration team",
        ["Bright:Feeds:0:Contact"] = "pas-support@example.nhs.uk",
        ["Bright:Feeds:0:ExpectedEvery"] = "01:00:00",
    });

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    // Twenty days around 10, then a last day far above the upper limit: for a KPI where lower is better, special cause of concern (high).
    private static JsonObject Kpi(double last)
    {
        var days = Enumerable.Range(0, 21).Select(i => (Day: new DateOnly(2026, 1, 1).AddDays(i), Value: i == 20 ? last : 10 + (i % 3)));
        var values = string.Join(", ", days.Select(d => string.Create(CultureInfo.InvariantCulture, $"('{d.Day:yyyy-MM-dd}', {d.Value:0.0})")));
        return KpiDefinitions.Json("Alert probe waits", $"SELECT CAST(d AS DATE) AS period, v AS value FROM (VALUES {values}) AS t(d, v)",
            unit: "minutes", improvementDirection: "decrease", domain: "performance", owner: "Head of Patient Flow");
    }

    private async Task PutKpiAsync(JsonObject kpi)
    {
        using var client = _server.Client(Tokens.Administrator);
        using var content = new StringContent(kpi.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await client.PutAsync(new Uri("/api/kpis/alert-probe", UriKind.Relative), content);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    private static IEnumerable<JsonElement> Raised(HubMessage m) =>
        m.Data.TryGetProperty(m.Method == "snapshot" ? "alerts" : "raised", out var alerts) ? alerts.EnumerateArray() : [];

    private static IEnumerable<string> Resolved(HubMessage m) =>
        m.Method == "delta" ? m.Data.GetProperty("resolved").EnumerateArray().Select(e => e.GetString()!) : [];

    private static bool At(JsonElement alert, string location) => alert.GetProperty("location").GetString() == location;

    [Test]
    public async Task A_KPI_showing_special_cause_of_concern_raises_an_alert_for_executives_and_operational_users_until_it_recovers()
    {
        await using var executive = await HubProbe.ConnectAsync(_server, Tokens.Executive);
        await using var analyst = await HubProbe.ConnectAsync(_server, Tokens.Analyst);
        await executive.Connection.InvokeAsync("Subscribe", new[] { "alerts" });
        await analyst.Connection.InvokeAsync("Subscribe", new[] { "alerts" });

        await PutKpiAsync(Kpi(last: 60));

        var raisedMessage = (await executive.UntilAsync(m => Raised(m).Any(a => At(a, "kpis/alert-probe")))).Last();
        var alert = Raised(raisedMessage).Single(a => At(a, "kpis/alert-probe"));
        Assert.That(alert.GetProperty("rule").GetString(), Is.EqualTo("kpi.special_cause_concern"));
        Assert.That(alert.GetProperty("owner").GetString(), Is.EqualTo("Head of Patient Flow"));
        Assert.That(alert.GetProperty("site").GetString(), Is.EqualTo("trust"));
        Assert.That(alert.GetProperty("message").GetString(), Is.EqualTo(
            "Alert probe waits, latest period 2026-01-21: Special cause of concerning nature: latest value 60 min is above the upper limit (16.8 min)."));
        Assert.That(alert.GetProperty("roles").EnumerateArray().Select(r => r.GetString()), Is.EqualTo(new[] { "Executive", "Operational" }));

        var analystSaw = await analyst.UntilAsync(m => m.Version >= raisedMessage.Version);
        Assert.That(analystSaw.SelectMany(Raised).Where(a => At(a, "kpis/alert-probe")), Is.Empty, "an analyst is not in the rule's audience");
        Assert.That(analystSaw.Last().Version, Is.EqualTo(raisedMessage.Version), "every audience gets every version, so none sees a gap");

        var id = alert.GetProperty("id").GetString()!;
        await PutKpiAsync(Kpi(last: 11));
        var resolved = await executive.UntilAsync(m => Resolved(m).Contains(id));
        Assert.That(Resolved(resolved.Last()), Does.Contain(id));
    }

    [Test]
    public async Task A_silent_feed_raises_an_alert_addressed_to_its_owner_resolved_when_it_sends_again()
    {
        await using var operational = await HubProbe.ConnectAsync(_server, Tokens.Operational);
        await operational.Connection.InvokeAsync("Subscribe", new[] { "alerts" });

        var raisedMessage = (await operational.UntilAsync(m => Raised(m).Any(a => At(a, "feeds/" + Feed)))).Last();
        var alert = Raised(raisedMessage).Single(a => At(a, "feeds/" + Feed));
        Assert.That(alert.GetProperty("rule").GetString(), Is.EqualTo("feed.status"));
        Assert.That(alert.GetProperty("owner").GetString(), Is.EqualTo("PAS integration team"));
        Assert.That(alert.GetProperty("contact").GetString(), Is.EqualTo("pas-support@example.nhs.uk"));
        Assert.That(alert.GetProperty("message").GetString(), Is.EqualTo(
            $"Feed {Feed} is silent: nothing received within its expected cadence; owner PAS integration team (pas-support@example.nhs.uk)."));
        var ingest = await GetAsync(_server, "/api/ingest");
        Assert.That(ingest["rows"]!.AsArray().Where(r => (string?)r!["source"] == Feed).Select(r => (string?)r!["status"]), Has.Member("silent"),
            "the ingest topic shows the same status");

        var e = Event("alerts-feed-back-1", "BedStatusChanged", TimeProvider.System.GetUtcNow().AddMinutes(-1), null, "RQ6/W7/B02", "cleaning");
        e["source"] = Feed;
        await PostAsync(_server, e);

        var id = alert.GetProperty("id").GetString()!;
        var resolved = await operational.UntilAsync(m => Resolved(m).Contains(id));
        Assert.That(Resolved(resolved.Last()), Does.Contain(id));
    }
}
