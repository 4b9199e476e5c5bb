using System.Net;
using System.Text.Json.Nodes;
using Bright.Core.Time;
using Bright.Testing;
using static Bright.Server.Tests.Live.LiveJson;

namespace Bright.Server.Tests.Live;

[TestFixture]
public sealed class LiveHistoryTests
{
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await TestServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public async Task A_theatre_list_that_has_ended_is_stored_with_its_metrics()
    {
        var start = Whole(TimeProvider.System.GetUtcNow().AddHours(-6));
        var day = UkTime.LocalDate(start);
        await PostAsync(_server,
            Event("h-list", "TheatreListPlanned", start.AddDays(-3), null, "RQ6/theatres/TH06", "orthopaedics", 240,
                attributes: [("listId", "HIST-L1"), ("start", Iso(start)), ("end", Iso(start.AddHours(4))), ("session", "AM")]),
            Case("h-c1", "HIST-C1", start), Case("h-c2", "HIST-C2", start.AddMinutes(90)), Case("h-c3", "HIST-C3", start.AddMinutes(180)),
            Milestone("h-c1-in", "HIST-C1", "in_theatre", start.AddMinutes(10)),
            Milestone("h-c1-out", "HIST-C1", "left_theatre", start.AddMinutes(70)),
            Milestone("h-c2-in", "HIST-C2", "in_theatre", start.AddMinutes(90)),
            Milestone("h-c2-out", "HIST-C2", "left_theatre", start.AddMinutes(150)),
            Event("h-c3-x", "CaseCancelled", start.AddMinutes(30), "P-HIST-C3", "RQ6/theatres/TH06", "no_bed",
                attributes: [("caseId", "HIST-C3"), ("reason", "no bed")]));

        var session = await SessionAsync(_server, day, "HIST-L1");

        Assert.That((string?)session["room"], Is.EqualTo("TH06"));
        Assert.That((string?)session["date"], Is.EqualTo(day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That((double)session["plannedMinutes"]!, Is.EqualTo(240));
        Assert.That((double)session["cappedTouchMinutes"]!, Is.EqualTo(120));
        Assert.That((double)session["cappedUtilisation"]!, Is.EqualTo(0.5));
        Assert.That((double)session["lateStartMinutes"]!, Is.EqualTo(10));
        Assert.That((bool)session["lateStart"]!, Is.False);
        Assert.That((double)session["earlyFinishMinutes"]!, Is.EqualTo(90));
        Assert.That((bool)session["earlyFinish"]!, Is.True);
        Assert.That((int)session["turnarounds"]!, Is.EqualTo(1));
        Assert.That((double)session["turnaroundMinutes"]!, Is.EqualTo(20));
        Assert.That((int)session["casesDone"]!, Is.EqualTo(2));
        Assert.That((int)session["cancelledOnTheDay"]!, Is.EqualTo(1));
        Assert.That(session["cancellations"]!.ToJsonString(), Is.EqualTo("[{\"reason\":\"no bed\",\"count\":1}]"));
    }

    [Test]
    public async Task Sessions_older_than_live_state_are_rebuilt_from_the_stored_events()
    {
        var day = UkTime.Today(TimeProvider.System).AddDays(-20);
        var start = UkTime.FromLocal(day.ToDateTime(new TimeOnly(13, 0)));
        await PostAsync(_server,
            Event("old-list", "TheatreListPlanned", start.AddDays(-14), null, "RQ6/theatres/TH07", "urology", 240,
                attributes: [("listId", "OLD-L1"), ("start", Iso(start)), ("end", Iso(start.AddHours(4)))]),
            Case("old-c1", "OLD-C1", start),
            Milestone("old-c1-in", "OLD-C1", "in_theatre", start.AddMinutes(45)),
            Milestone("old-c1-out", "OLD-C1", "left_theatre", start.AddMinutes(105)));
        var path = $"/api/theatres/sessions?site=RQ6&from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}";
        var before = await GetAsync(_server, path);

        using var admin = _server.Client(Tokens.Administrator);
        using var response = await admin.PostAsync(new Uri($"/api/theatres/sessions/rebuild?site=RQ6&from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}",
            UriKind.Relative), null);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var session = (await GetAsync(_server, path))["sessions"]!.AsArray().Single(s => (string?)s!["listId"] == "OLD-L1")!;

        Assert.That(before["sessions"]!.AsArray().Any(s => (string?)s!["listId"] == "OLD-L1"), Is.False, "live state never held a day this old");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((int)answer["written"]!, Is.GreaterThanOrEqualTo(1));
        Assert.That((double)session["lateStartMinutes"]!, Is.EqualTo(45));
        Assert.That((bool)session["lateStart"]!, Is.True);
        Assert.That((double)session["cappedTouchMinutes"]!, Is.EqualTo(60));
    }

    [Test]
    public async Task Opel_is_stored_per_site_and_for_the_trust_with_its_parameters_and_table_version()
    {
        var trust = await UntilAnyAsync(_server, "/api/opel/history?site=trust", "levels");
        var site = await UntilAnyAsync(_server, "/api/opel/history?site=RQ6", "levels");

        Assert.That((string?)trust["site"], Is.EqualTo("trust"));
        Assert.That((string?)trust["configVersion"], Is.EqualTo("indicative-1"));
        Assert.That((string?)trust["configLabel"], Is.EqualTo("indicative"));
        Assert.That((string?)trust["reason"], Is.EqualTo("interval"));
        Assert.That(trust["parameters"]!.AsArray().Select(p => (string?)p!["id"]), Is.EqualTo(new[] { "RQ6", "REM", "RBQ", "REP" }));
        Assert.That(site["parameters"]!.AsArray().Select(p => (string?)p!["id"]), Is.EqualTo(new[]
        {
            "handover_mean", "four_hour", "majors_resus_occupancy", "time_to_treatment", "over_twelve_hours", "ga_occupancy", "escalation_beds",
            "nctr_beds",
        }));
    }

    [TestCase("/api/opel/history?from=2026-13-01", "from: '2026-13-01' is not a date like 2026-01-14 (yyyy-MM-dd, Europe/London).")]
    [TestCase("/api/theatres/sessions?to=yesterday", "to: 'yesterday' is not a date like 2026-01-14 (yyyy-MM-dd, Europe/London).")]
    [TestCase("/api/alerts/history?from=2026-02-10&to=2026-02-01", "to: 2026-02-01 is before from (2026-02-10).")]
    [TestCase("/api/opel/history?from=2024-01-01&to=2026-01-01", "to: at most 366 days from 2024-01-01 (was 732).")]
    [TestCase("/api/opel/history?site=XYZ",
        "site: 'XYZ' is not a site of this trust; known sites are RQ6, REM, RBQ, REP, or 'trust' for the roll-up.")]
    [TestCase("/api/theatres/sessions?site=trust", "site: 'trust' is not a site of this trust; known sites are RQ6, REM, RBQ, REP.")]
    [TestCase("/api/alerts/history?site=", "site: '' is not a site of this trust; known sites are RQ6, REM, RBQ, REP.")]
    public async Task A_bad_history_query_is_a_400_naming_the_field(string path, string detail)
    {
        using var client = _server.Client(Tokens.Operational);
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That((string?)problem["detail"], Is.EqualTo(detail));
    }

    [Test]
    public async Task Rebuilding_sessions_needs_a_site_and_an_administrator()
    {
        using var admin = _server.Client(Tokens.Administrator);
        using var noSite = await admin.PostAsync(new Uri("/api/theatres/sessions/rebuild", UriKind.Relative), null);
        using var operational = _server.Client(Tokens.Operational);
        using var refused = await operational.PostAsync(new Uri("/api/theatres/sessions/rebuild?site=RQ6", UriKind.Relative), null);

        Assert.That(noSite.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)JsonNode.Parse(await noSite.Content.ReadAsStringAsync())!["detail"],
            Is.EqualTo("site: is required; known sites are RQ6, REM, RBQ, REP."));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task An_alert_raised_and_resolved_is_audited()
    {
        var arrived = TimeProvider.System.GetUtcNow().AddMinutes(-45);
        await PostAsync(_server, Event("aud-amb", "AmbulanceArrival", arrived, "P-aud", "RQ6/ed/RESUS"));
        var alerts = await UntilAsync(_server, "/api/alerts", a => a["alerts"]!.AsArray().Any(x => (string?)x!["location"] == "RQ6/ed/RESUS"));
        var id = (string)alerts["alerts"]!.AsArray().First(x => (string?)x!["location"] == "RQ6/ed/RESUS")!["id"]!;

        await PostAsync(_server, Event("aud-hand", "AmbulanceHandover", arrived.AddMinutes(44), "P-aud", "RQ6/ed/RESUS"));
        var deadline = Environment.TickCount64 + 60_000;
        JsonArray events;
        do
        {
            await Task.Delay(200);
            events = (await GetAsync(_server, "/api/alerts/history?site=RQ6"))["events"]!.AsArray();
        }
        while (!events.Any(e => (string?)e!["alertId"] == id && (string?)e["event"] == "resolved") && Environment.TickCount64 < deadline);

        var mine = events.Where(e => (string?)e!["alertId"] == id).ToList();
        Assert.That(mine.Select(e => (string?)e!["event"]), Is.EqualTo(new[] { "raised", "resolved" }));
        Assert.That(mine.Select(e => (string?)e!["rule"]), Is.All.EqualTo("handover_over_30"));
        Assert.That(mine.Select(e => (string?)e!["location"]), Is.All.EqualTo("RQ6/ed/RESUS"));
    }

    [Test]
    public async Task An_acknowledgement_is_audited_and_survives_a_restart_while_its_condition_holds()
    {
        var folder = TempFolder.Create();
        var server = await TestServer.StartAsync(folder: folder);
        JsonNode acknowledged;
        try
        {
            await PostAsync(server, Event("ack-amb", "AmbulanceArrival", TimeProvider.System.GetUtcNow().AddMinutes(-40), "P-ack", "RQ6/ed/MAJORS"));
            var alerts = await UntilAsync(server, "/api/alerts", a => a["alerts"]!.AsArray().Any(x => (string?)x!["rule"] == "handover_over_30"));
            var id = (string)alerts["alerts"]!.AsArray().First(x => (string?)x!["rule"] == "handover_over_30")!["id"]!;
            using var operational = server.Client(Tokens.Operational);
            using var response = await operational.PostAsync(new Uri($"/api/alerts/{id}/ack", UriKind.Relative), null);
            acknowledged = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            using var again = await operational.PostAsync(new Uri($"/api/alerts/{id}/ack", UriKind.Relative), null);
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            await RaisedAsync(server, id, 1);
        }
        finally
        {
            await server.StopAsync();
        }

        await using var restarted = await TestServer.StartAsync(folder: folder);
        var id2 = (string)acknowledged["id"]!;
        var after = await UntilAsync(restarted, "/api/alerts", a => a["alerts"]!.AsArray().Any(x => (string?)x!["id"] == id2));
        var alert = after["alerts"]!.AsArray().Single(x => (string?)x!["id"] == id2)!;
        var history = await RaisedAsync(restarted, id2, 2);
        var ack = history["acknowledgements"]!.AsArray().Single()!;

        Assert.That((string?)alert["acknowledgedAt"], Is.EqualTo((string?)acknowledged["acknowledgedAt"]));
        Assert.That((string?)alert["acknowledgedBy"], Is.EqualTo((string?)acknowledged["acknowledgedBy"]));
        Assert.That(history["events"]!.AsArray().Where(e => (string?)e!["alertId"] == id2).Select(e => (string?)e!["event"]),
            Is.EqualTo(new[] { "raised", "raised" }), "raised before the restart and again when state was rebuilt");
        Assert.That((string?)ack["alertId"], Is.EqualTo(id2));
        Assert.That((string?)ack["rule"], Is.EqualTo("handover_over_30"));
        Assert.That((string?)ack["site"], Is.EqualTo("RQ6"));
        Assert.That((string?)ack["acknowledgedBy"], Is.EqualTo((string?)acknowledged["acknowledgedBy"]));
        Assert.That(DateTimeOffset.Parse((string)ack["acknowledgedAt"]!, System.Globalization.CultureInfo.InvariantCulture),
            Is.EqualTo(DateTimeOffset.Parse((string)acknowledged["acknowledgedAt"]!, System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>The alert history once it holds <paramref name="count"/> raisings of the alert (written by the loop just after it raises).</summary>
    private static async Task<JsonNode> RaisedAsync(TestServer server, string id, int count)
    {
        var deadline = Environment.TickCount64 + 60_000;
        while (true)
        {
            var history = await GetAsync(server, "/api/alerts/history?site=RQ6");
            if (history["events"]!.AsArray().Count(e => (string?)e!["alertId"] == id && (string?)e["event"] == "raised") >= count
                || Environment.TickCount64 > deadline)
            {
                return history;
            }

            await Task.Delay(200);
        }
    }

    private static DateTimeOffset Whole(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);

    private static JsonObject Case(string id, string caseId, DateTimeOffset plannedStart) =>
        Event(id, "CaseScheduled", plannedStart.AddDays(-2), "P-" + caseId, "RQ6/theatres/" + (caseId.StartsWith("OLD", StringComparison.Ordinal) ? "TH07" : "TH06"),
            "procedure", 60, attributes: [("listId", caseId.StartsWith("OLD", StringComparison.Ordinal) ? "OLD-L1" : "HIST-L1"), ("caseId", caseId),
                ("procedure", "Hip replacement"), ("plannedStart", Iso(plannedStart))]);

    private static JsonObject Milestone(string id, string caseId, string code, DateTimeOffset at) =>
        Event(id, "TheatreMilestone", at, "P-" + caseId, "RQ6/theatres/" + (caseId.StartsWith("OLD", StringComparison.Ordinal) ? "TH07" : "TH06"), code,
            attributes: ("caseId", caseId));

    /// <summary>Sessions are written by the live-state loop every half minute, so this waits up to two minutes.</summary>
    private static async Task<JsonNode> SessionAsync(TestServer server, DateOnly day, string listId)
    {
        var deadline = Environment.TickCount64 + 120_000;
        while (true)
        {
            var answer = await GetAsync(server, $"/api/theatres/sessions?site=RQ6&from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}");
            if (answer["sessions"]!.AsArray().FirstOrDefault(s => (string?)s!["listId"] == listId) is { } found)
            {
                return found;
            }

            Assert.That(Environment.TickCount64, Is.LessThan(deadline), $"session {listId} was never stored");
            await Task.Delay(200);
        }
    }

    private static async Task<JsonNode> UntilAnyAsync(TestServer server, string path, string list)
    {
        var deadline = Environment.TickCount64 + 60_000;
        while (true)
        {
            if ((await GetAsync(server, path))[list]!.AsArray().FirstOrDefault() is { } first)
            {
                return first;
            }

            Assert.That(Environment.TickCount64, Is.LessThan(deadline), $"{path} stayed empty");
            await Task.Delay(200);
        }
    }
}
