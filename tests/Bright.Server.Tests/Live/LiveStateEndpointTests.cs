using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bright.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using static Bright.Server.Tests.Live.LiveJson;

namespace Bright.Server.Tests.Live;

[TestFixture]
public sealed class LiveStateEndpointTests
{
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await TestServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private static DateTimeOffset Ago(double minutes) => TimeProvider.System.GetUtcNow().AddMinutes(-minutes);

    [Test]
    public async Task An_admission_posted_shows_on_the_bed_board_and_reaches_subscribers_as_a_ward_delta()
    {
        await using var probe = await HubProbe.ConnectAsync(_server, Tokens.Operational);
        await probe.Connection.InvokeAsync("Subscribe", new[] { "beds:RQ6" });
        var snapshot = await probe.NextAsync();

        await PostAsync(_server, Event("adm-w3-b05", "Admission", Ago(10), "P-adm-w3", "RQ6/W3/B05"));

        var beds = await UntilAsync(_server, "/api/beds?site=RQ6", b => BedStatus(b, "W3", "B05") == "occupied");
        Assert.That(BedStatus(beds, "W3", "B05"), Is.EqualTo("occupied"));
        var delta = (await probe.UntilAsync(m => m.Method == "delta" && m.Data.GetProperty("wards").EnumerateArray().Any(w =>
            w.GetProperty("code").GetString() == "W3" && w.GetProperty("beds").EnumerateArray().Any(b =>
                b.GetProperty("code").GetString() == "B05" && b.GetProperty("status").GetString() == "occupied")))).Last();
        Assert.That(snapshot.Method, Is.EqualTo("snapshot"));
        Assert.That(delta.Version, Is.GreaterThan(snapshot.Version));
        Assert.That(delta.Data.GetRawText(), Does.Not.Contain("P-adm-w3"), "no subject keys on the wire");
    }

    [Test]
    public async Task A_test_message_is_kept_out_of_live_state()
    {
        await PostAsync(_server, Event("test-msg-1", "Admission", Ago(5), "P-test", "RQ6/W5/B07", attributes: ("excludeFromLiveState", "true")),
            Event("real-msg-1", "Admission", Ago(5), "P-real", "RQ6/W5/B08"));

        var beds = await UntilAsync(_server, "/api/beds?site=RQ6", b => BedStatus(b, "W5", "B08") == "occupied");
        Assert.That(BedStatus(beds, "W5", "B07"), Is.EqualTo("available"));
    }

    [Test]
    public async Task An_ed_arrival_shows_in_its_area_with_time_since_arrival()
    {
        await PostAsync(_server, Event("ed-arr-1", "EdArrival", Ago(215), "P-ed-1", "RQ6/ed/MINORS"));

        var ed = await UntilAsync(_server, "/api/ed?site=RQ6", e => e["areas"]!.AsArray()
            .Single(a => (string?)a!["code"] == "MINORS")!["patients"]!.AsArray().Count > 0);
        var patient = ed["areas"]!.AsArray().Single(a => (string?)a!["code"] == "MINORS")!["patients"]!.AsArray()
            .First(p => (int)p!["minutesInDepartment"]! >= 215)!;
        Assert.That((bool)patient["aboutToBreach"]!, Is.True);
    }

    [Test]
    public async Task An_unknown_site_is_a_400_naming_the_known_sites()
    {
        using var client = _server.Client(Tokens.Operational);
        using var response = await client.GetAsync(new Uri("/api/beds?site=XYZ", UriKind.Relative));
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That((string?)problem["detail"], Is.EqualTo("site: 'XYZ' is not a site of this trust; known sites are RQ6, REM, RBQ, REP."));
    }

    [Test]
    public async Task A_bad_theatre_date_is_a_400_naming_the_field()
    {
        using var client = _server.Client(Tokens.Operational);
        using var response = await client.GetAsync(new Uri("/api/theatres?site=RQ6&date=14/01/2026", UriKind.Relative));
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)problem["detail"], Is.EqualTo("date: '14/01/2026' is not a date like 2026-01-14 (yyyy-MM-dd, Europe/London)."));
    }

    [Test]
    public async Task A_site_limited_token_cannot_subscribe_to_another_sites_topic()
    {
        await using var probe = await HubProbe.ConnectAsync(_server, Tokens.FeedRq6Only);
        var ex = Assert.ThrowsAsync<HubException>(() => probe.Connection.InvokeAsync("Subscribe", new[] { "beds:REM" }));
        Assert.That(ex!.Message, Does.Contain("This token is limited to RQ6 and may not subscribe to 'beds:REM'."));

        await probe.Connection.InvokeAsync("Subscribe", new[] { "beds:RQ6" });
        Assert.That((await probe.NextAsync()).Topic, Is.EqualTo("beds:RQ6"));
    }

    [Test]
    public async Task An_alert_is_acknowledged_by_an_operational_user_but_not_an_executive()
    {
        await PostAsync(_server, Event("amb-alert-1", "AmbulanceArrival", Ago(40), "P-amb-1", "RQ6/ed/RESUS"));
        var alerts = await UntilAsync(_server, "/api/alerts", a => a["alerts"]!.AsArray().Any(x => (string?)x!["rule"] == "handover_over_30"));
        var id = (string)alerts["alerts"]!.AsArray().First(x => (string?)x!["rule"] == "handover_over_30")!["id"]!;

        using var executive = _server.Client(Tokens.Executive);
        using var refused = await executive.PostAsync(new Uri($"/api/alerts/{id}/ack", UriKind.Relative), null);
        using var operational = _server.Client(Tokens.Operational);
        using var accepted = await operational.PostAsync(new Uri($"/api/alerts/{id}/ack", UriKind.Relative), null);
        using var unknown = await operational.PostAsync(new Uri("/api/alerts/nope/ack", UriKind.Relative), null);

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((string?)JsonNode.Parse(await accepted.Content.ReadAsStringAsync())!["acknowledgedAt"], Is.Not.Null);
        Assert.That((string?)JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!["detail"],
            Is.EqualTo("id: no active alert has id 'nope'; it may have been resolved. GET /api/alerts lists the active ones."));
    }

    [Test]
    public async Task Another_days_trackboard_is_computed_from_stored_events()
    {
        var day = Bright.Core.Time.UkTime.Today(TimeProvider.System).AddDays(-1);
        var start = Bright.Core.Time.UkTime.FromLocal(day.ToDateTime(new TimeOnly(8, 30)));
        await PostAsync(_server,
            Event("past-list", "TheatreListPlanned", start.AddDays(-20), null, "RQ6/theatres/TH05", "urology", 240,
                attributes: [("listId", "PAST-L1"), ("start", Iso(start)), ("end", Iso(start.AddHours(4)))]),
            Event("past-case", "CaseScheduled", start.AddDays(-10), "P-past", "RQ6/theatres/TH05", "urology", 60,
                attributes: [("listId", "PAST-L1"), ("caseId", "PAST-C1"), ("procedure", "Cystoscopy"), ("plannedStart", Iso(start))]),
            Event("past-in", "TheatreMilestone", start.AddMinutes(35), "P-past", "RQ6/theatres/TH05", "in_theatre", attributes: ("caseId", "PAST-C1")),
            Event("past-out", "TheatreMilestone", start.AddMinutes(95), "P-past", "RQ6/theatres/TH05", "left_theatre", attributes: ("caseId", "PAST-C1")));

        var view = await GetAsync(_server, $"/api/theatres?site=RQ6&date={day:yyyy-MM-dd}");
        var session = view["rooms"]!.AsArray().Single(r => (string?)r!["code"] == "TH05")!["sessions"]!.AsArray().Single()!;
        Assert.That((string?)session["listId"], Is.EqualTo("PAST-L1"));
        Assert.That((double)session["metrics"]!["lateStartMinutes"]!, Is.EqualTo(35));
        Assert.That((bool)session["metrics"]!["lateStart"]!, Is.True);
        Assert.That((double)session["metrics"]!["cappedTouchMinutes"]!, Is.EqualTo(60));
    }

    [Test]
    public async Task Opel_lists_every_site_with_its_parameters_labelled_indicative()
    {
        var opel = await GetAsync(_server, "/api/opel");
        Assert.That((string?)opel["label"], Is.EqualTo("indicative"));
        Assert.That(opel["sites"]!.AsArray().Select(s => (string?)s!["site"]), Is.EqualTo(new[] { "RQ6", "REM", "RBQ", "REP" }));
        Assert.That(opel["sites"]![0]!["parameters"]!.AsArray(), Has.Count.EqualTo(8));
    }

    [Test]
    public void Wallboard_tokens_read_through_the_hub_not_rest() =>
        Assert.That(async () =>
        {
            using var client = _server.Client(Tokens.Wallboard);
            using var response = await client.GetAsync(new Uri("/api/beds?site=RQ6", UriKind.Relative));
            return response.StatusCode;
        }, Is.EqualTo(HttpStatusCode.Forbidden));

    internal static string Normalise(JsonNode node)
    {
        static void Strip(JsonNode? n)
        {
            switch (n)
            {
                case JsonObject o:
                    foreach (var key in o.Select(p => p.Key).Where(k => k is "asOf" or "at" || k.Contains("inutes", StringComparison.Ordinal)).ToList())
                    {
                        o.Remove(key);
                    }

                    foreach (var (_, child) in o)
                    {
                        Strip(child);
                    }

                    break;
                case JsonArray a:
                    foreach (var child in a)
                    {
                        Strip(child);
                    }

                    break;
            }
        }

        var copy = node.DeepClone();
        Strip(copy);
        return copy.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }
}
