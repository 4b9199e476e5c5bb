using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bright.Testing;
using static Bright.Server.Tests.Live.LiveJson;

namespace Bright.Server.Tests.Alerts;

[TestFixture]
public sealed class AlertRuleEndpointTests
{
    private const string Rq6Operational = "test-operational-rq6-only-0001";
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await TestServer.StartAsync(new Dictionary<string, string?>
    {
        ["Bright:Auth:LocalTokens:40:Token"] = Rq6Operational,
        ["Bright:Auth:LocalTokens:40:Role"] = "Operational",
        ["Bright:Auth:LocalTokens:40:Sites:0"] = "RQ6",
        ["Bright:Auth:LocalTokens:40:Name"] = "rq6-bed-manager",
    });

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private static DateTimeOffset Ago(double minutes) => TimeProvider.System.GetUtcNow().AddMinutes(-minutes);

    private static JsonObject Rule(string measure = "ed.handover_minutes", double threshold = 20) => new()
    {
        ["name"] = "Handover over 20 minutes",
        ["measure"] = measure,
        ["comparison"] = ">",
        ["threshold"] = threshold,
        ["severity"] = "warning",
    };

    private async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, string? body = null,
        string token = Tokens.Administrator)
    {
        using var client = _server.Client(token);
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private async Task<JsonNode> RuleAsync(string id)
    {
        var (_, list) = await SendAsync(HttpMethod.Get, "/api/alerts/rules");
        return list!["rules"]!.AsArray().Single(r => (string?)r!["id"] == id)!;
    }

    private async Task<string> RefusedAsync(string id, string body)
    {
        var before = await RuleAsync("handover_over_30");
        var (status, problem) = await SendAsync(HttpMethod.Put, $"/api/alerts/rules/{id}", body);
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), problem?.ToJsonString());
        Assert.That((await RuleAsync("handover_over_30")).ToJsonString(), Is.EqualTo(before.ToJsonString()), "the previous version stays in force");
        return (string)problem!["detail"]!;
    }

    [Test]
    public async Task The_shipped_rules_are_listed_seeded_with_the_measures_a_rule_may_test()
    {
        var (status, list) = await SendAsync(HttpMethod.Get, "/api/alerts/rules", token: Tokens.Executive);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        var rules = list!["rules"]!.AsArray();
        Assert.That(rules.Select(r => (string?)r!["id"]), Is.SupersetOf(new[]
        {
            "bed_to_clean", "ga_occupancy_over_threshold", "four_hour_breach_imminent", "twelve_hour_wait", "handover_over_30", "handover_over_60",
            "room_ready_to_clean", "list_overrunning", "opel_level_changed", "kpi.special_cause_concern", "feed.status",
        }));
        var bed = rules.Single(r => (string?)r!["id"] == "bed_to_clean")!;
        Assert.That(((string?)bed["change"], (string?)bed["changedBy"], (int)bed["version"]!, (double)bed["threshold"]!),
            Is.EqualTo(("seeded", "bright", 1, 60.0)));
        Assert.That(list["measures"]!.AsArray().Select(m => (string?)m!["name"]), Has.Member("feed.status"));
    }

    [Test]
    public async Task An_unknown_measure_is_refused_listing_the_allowed_ones() =>
        Assert.That(await RefusedAsync("handover_over_30", Rule("ed.queue").ToJsonString()), Is.EqualTo(
            "measure: 'ed.queue' is not a measure; allowed measures are ed.handover_minutes, ed.minutes_in_department, ed.minutes_to_breach, "
            + "beds.minutes_to_clean, beds.ga_occupancy, theatres.overrun_minutes, theatres.minutes_ready_to_clean, opel.level_changed, "
            + "kpi.special_cause_concern, feed.status"));

    [Test]
    public async Task A_negative_duration_is_refused()
    {
        var rule = Rule();
        rule["forMinutes"] = -10;
        Assert.That(await RefusedAsync("handover_over_30", rule.ToJsonString()), Is.EqualTo("forMinutes: must be zero or more minutes (was -10)"));
    }

    [Test]
    public async Task Unknown_roles_and_sites_are_refused_naming_each()
    {
        var rule = Rule();
        rule["roles"] = new JsonArray("Porter");
        rule["sites"] = new JsonArray("RQ6", "XYZ");
        Assert.That(await RefusedAsync("handover_over_30", rule.ToJsonString()), Is.EqualTo(
            "roles[0]: 'Porter' is not a role; roles are Wallboard, Operational, Executive, Analyst, Feed, Administrator\n"
            + "sites[1]: 'XYZ' is not a site of this trust; known sites are RQ6, REM, RBQ, REP"));
    }

    [Test]
    public async Task A_threshold_of_the_wrong_type_a_body_that_is_not_json_and_a_different_id_are_refused()
    {
        Assert.That(await RefusedAsync("handover_over_30", """{"name":"x","threshold":"high"}"""),
            Is.EqualTo("threshold: must be a number (line 1, byte 31)"));
        Assert.That(await RefusedAsync("handover_over_30", "threshold: 20"),
            Is.EqualTo("The body is not valid JSON at line 1, byte 2; send alert rule as a JSON object."));
        var other = Rule();
        other["id"] = "handover_over_60";
        Assert.That(await RefusedAsync("handover_over_30", other.ToJsonString()),
            Is.EqualTo("id: 'handover_over_60' differs from the address's 'handover_over_30'; leave it out or make them equal"));
        Assert.That(await RefusedAsync("Bad Rule", Rule().ToJsonString()),
            Is.EqualTo("id: 'Bad Rule' must start with a lower-case letter and hold only lower-case letters, digits, '_' and '.' (at most 64)"));
    }

    [Test]
    public async Task Only_administrators_change_rules_and_wallboards_do_not_read_them()
    {
        Assert.That((await SendAsync(HttpMethod.Put, "/api/alerts/rules/x_rule", Rule().ToJsonString(), Tokens.Operational)).Status,
            Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await SendAsync(HttpMethod.Delete, "/api/alerts/rules/bed_to_clean", token: Tokens.Executive)).Status,
            Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await SendAsync(HttpMethod.Get, "/api/alerts/rules", token: Tokens.Wallboard)).Status, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task A_rule_is_created_changed_and_disabled_as_versions_saying_who_and_what()
    {
        var (created, first) = await SendAsync(HttpMethod.Put, "/api/alerts/rules/audit_probe", Rule(threshold: 500).ToJsonString());
        var (updated, second) = await SendAsync(HttpMethod.Put, "/api/alerts/rules/audit_probe", Rule(threshold: 600).ToJsonString());
        var (disabled, third) = await SendAsync(HttpMethod.Delete, "/api/alerts/rules/audit_probe");

        Assert.That((created, updated, disabled), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK)));
        Assert.That(((int)first!["version"]!, (string?)first["change"]), Is.EqualTo((1, "created")));
        Assert.That(((int)second!["version"]!, (string?)second["change"], (double)second["threshold"]!), Is.EqualTo((2, "updated", 600.0)));
        Assert.That(((int)third!["version"]!, (string?)third["change"], (bool)third["enabled"]!), Is.EqualTo((3, "disabled", false)));
        Assert.That((bool)(await RuleAsync("audit_probe"))["enabled"]!, Is.False);

        var (_, history) = await SendAsync(HttpMethod.Get, "/api/alerts/rules/audit_probe/history");
        var versions = history!["versions"]!.AsArray();
        Assert.That(versions.Select(v => ((int)v!["version"]!, (string?)v["change"], (string?)v["changedBy"])), Is.EqualTo(new[]
        {
            (1, "created", "administrator-0"), (2, "updated", "administrator-0"), (3, "disabled", "administrator-0"),
        }));
        Assert.That(versions.Select(v => (double)v!["rule"]!["threshold"]!), Is.EqualTo(new[] { 500.0, 600.0, 600.0 }));
    }

    [Test]
    public async Task Disabling_a_rule_that_does_not_exist_is_404_naming_the_id()
    {
        var (status, problem) = await SendAsync(HttpMethod.Delete, "/api/alerts/rules/no_such_rule");

        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((string?)problem!["detail"], Is.EqualTo("id: no alert rule has id 'no_such_rule'. GET /api/alerts/rules lists them; PUT creates one."));
    }

    [Test]
    public async Task A_changed_rule_takes_effect_without_a_restart_and_alerts_show_only_to_its_audience()
    {
        var rule = Rule(threshold: 2);
        rule["name"] = "REM handover over 2 minutes, for executives";
        rule["roles"] = new JsonArray("Executive");
        rule["sites"] = new JsonArray("REM");
        Assert.That((await SendAsync(HttpMethod.Put, "/api/alerts/rules/rem_exec_handover", rule.ToJsonString())).Status, Is.EqualTo(HttpStatusCode.OK));

        await PostAsync(_server, Event("rules-amb-rem", "AmbulanceArrival", Ago(10), "P-amb-rem", "REM/ed/MAJORS", site: "REM"));

        var seen = await UntilAsync(_server, "/api/alerts", a => a["alerts"]!.AsArray().Any(x => (string?)x!["rule"] == "rem_exec_handover"), Tokens.Executive);
        var alert = seen["alerts"]!.AsArray().Single(x => (string?)x!["rule"] == "rem_exec_handover")!;
        Assert.That((string?)alert["message"], Is.EqualTo("An ambulance at REM has waited 10 min to hand over (over 2)."));
        Assert.That((string?)alert["ruleName"], Is.EqualTo("REM handover over 2 minutes, for executives"));
        Assert.That((await GetAsync(_server, "/api/alerts", Tokens.Operational))["alerts"]!.AsArray().Select(x => (string?)x!["rule"]),
            Has.No.Member("rem_exec_handover"), "an operational user is not in the rule's audience");
        Assert.That((await GetAsync(_server, "/api/alerts", Tokens.Administrator))["alerts"]!.AsArray().Select(x => (string?)x!["rule"]),
            Has.Member("rem_exec_handover"), "administrators see every alert");
        var (ack, _) = await SendAsync(HttpMethod.Post, $"/api/alerts/{(string?)alert["id"]}/ack", token: Tokens.Operational);
        Assert.That(ack, Is.EqualTo(HttpStatusCode.NotFound), "an alert one may not see may not be acknowledged");
    }

    [Test]
    public async Task A_site_limited_token_sees_its_sites_alerts_only()
    {
        await PostAsync(_server, Event("rules-amb-rq6", "AmbulanceArrival", Ago(40), "P-amb-rq6", "RQ6/ed/RESUS"),
            Event("rules-amb-rbq", "AmbulanceArrival", Ago(40), "P-amb-rbq", "RBQ/ed/RESUS", site: "RBQ"));

        var all = await UntilAsync(_server, "/api/alerts", a => a["alerts"]!.AsArray().Count(x => (string?)x!["location"] is "RQ6/ed/RESUS" or "RBQ/ed/RESUS") == 2);
        var mine = await GetAsync(_server, "/api/alerts", Rq6Operational);

        Assert.That(all["alerts"]!.AsArray().Select(x => (string?)x!["location"]), Is.SupersetOf(new[] { "RQ6/ed/RESUS", "RBQ/ed/RESUS" }));
        var sites = mine["alerts"]!.AsArray().Select(x => (string?)x!["site"]).ToList();
        Assert.That(sites, Has.Member("RQ6"));
        Assert.That(sites, Has.No.Member("RBQ"));
    }
}
