using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bright.Core.Events;
using Bright.Pipelines.Ingestion;
using Bright.Server.Jobs;
using Bright.Server.Tests.Feeds;
using Bright.Server.Tests.Kpis;
using Bright.Server.Tests.Live;
using Bright.Store.DeadLetters;
using Bright.Store.Events;
using Bright.Store.Fhir;
using Bright.Store.Query;
using Bright.Testing;

namespace Bright.Server.Tests.Distributed;

/// <summary>
/// Administrators' changes (the feed registry, alert rules, the OPEL table) and dead-letter replays made on one node
/// are in force on another, through the log on a real redis-server. One Redis and two nodes serve every test (each
/// test uses ids of its own), so the fixture costs one cluster's start-up.
/// </summary>
[TestFixture]
public sealed class DistributedAdministrationTests
{
    private const string FhirSource = "cluster-fhir";
    private RedisProcess _redis = null!;
    private TestServer _a = null!;
    private TestServer _b = null!;

    [OneTimeSetUp]
    public async Task StartCluster()
    {
        _redis = await RedisProcess.StartAsync();
        var settings = Cluster.Settings(_redis);
        settings["Bright:Auth:LocalTokens:1:Name"] = FhirSource;
        settings["Bright:Pseudonymisation:Key"] = "a-test-key-that-is-at-least-32-characters-long";
        _a = await TestServer.StartAsync(settings);
        _b = await TestServer.StartAsync(settings);
    }

    [OneTimeTearDown]
    public async Task StopCluster()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Test]
    public async Task A_feed_registered_on_one_node_is_in_force_on_another_with_its_cadence_and_its_retirement()
    {
        var (status, saved) = await SendAsync(_a, HttpMethod.Put, "/api/feeds/cluster-lab", """
            { "name": "Laboratory", "owner": "Pathology systems", "contact": "lims@trust.example.nhs.uk", "kind": "http",
              "expectedEvery": "00:00:01", "silentAfter": "00:00:01" }
            """);
        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), saved?.ToJsonString());
        Assert.That(((int?)saved!["revision"], (string?)saved["owner"]), Is.EqualTo((1, "Pathology systems")), "the answer is what node A stored");

        var onB = await UntilAsync(_b, "/api/feeds/cluster-lab", f => f is not null);
        Assert.That(((string?)onB["owner"], (string?)onB["expectedEvery"], (string?)onB["silentAfter"], (int?)onB["revision"], (string?)onB["updatedAt"]),
            Is.EqualTo(("Pathology systems", "00:00:01", "00:00:01", 1, (string?)saved["updatedAt"])));
        // Node B stores the change, then refreshes its monitor's cadence from the store.
        await Cluster.UntilAsync(() => Task.FromResult(_b.Get<FeedCadence>().For("cluster-lab") is { ExpectedEvery.TotalSeconds: 1, SilentAfter.TotalSeconds: 1 }),
            "node B's monitor has the new cadence");

        // One delivery, then none: only with the new cadence does node B's monitor call the feed silent.
        await Cluster.PostOkAsync(_a.Client(Tokens.Feed), Cluster.Batch("cluster-lab", ["cluster-lab-1"]));
        await UntilAsync(_b, "/api/feeds/cluster-lab", f => (string?)f?["status"] == "silent");

        var (retired, _) = await SendAsync(_a, HttpMethod.Delete, "/api/feeds/cluster-lab");
        Assert.That(retired, Is.EqualTo(HttpStatusCode.OK));
        var gone = await UntilAsync(_b, "/api/feeds/cluster-lab", f => (bool?)f?["retired"] == true);
        Assert.That(((string?)gone["status"], (int?)gone["revision"]), Is.EqualTo(("retired", 2)));
        await Cluster.UntilAsync(() => Task.FromResult(_b.Get<FeedCadence>().For("cluster-lab").ExpectedEvery is null),
            "node B's monitor drops the retired feed's cadence, so it is never silent there either");
        var history = await UntilAsync(_a, "/api/feeds/cluster-lab/history", h => h?["revisions"]!.AsArray().Count == 2);
        var historyB = await UntilAsync(_b, "/api/feeds/cluster-lab/history", h => h?["revisions"]!.AsArray().Count == 2);
        Assert.That(historyB.ToJsonString(), Is.EqualTo(history.ToJsonString()), "both nodes keep the same revisions, times and authors");
    }

    [Test]
    public async Task An_alert_rule_changed_on_one_node_is_listed_on_another_and_a_disabled_one_too()
    {
        var rule = new JsonObject
        {
            ["name"] = "Handover over 25 minutes",
            ["measure"] = "ed.handover_minutes",
            ["comparison"] = ">",
            ["threshold"] = 25,
            ["severity"] = "warning",
        };
        var (status, saved) = await SendAsync(_a, HttpMethod.Put, "/api/alerts/rules/cluster_handover", rule.ToJsonString());
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), saved?.ToJsonString());

        var onB = await UntilRuleAsync(_b, "cluster_handover", r => r is not null);
        Assert.That(((double?)onB["threshold"], (int?)onB["version"], (string?)onB["change"], (string?)onB["changedAt"]),
            Is.EqualTo(((double?)25, 1, "created", (string?)saved!["changedAt"])));

        var (disabled, _) = await SendAsync(_a, HttpMethod.Delete, "/api/alerts/rules/cluster_handover");
        Assert.That(disabled, Is.EqualTo(HttpStatusCode.OK));
        var off = await UntilRuleAsync(_b, "cluster_handover", r => (bool?)r?["enabled"] == false);
        Assert.That(((int?)off["version"], (string?)off["change"]), Is.EqualTo((2, "disabled")));
    }

    [Test]
    public async Task An_opel_table_version_saved_on_one_node_is_served_by_another()
    {
        var table = (await LiveJson.GetAsync(_a, "/api/opel/table"))["table"]!.AsObject().DeepClone().AsObject();
        table["version"] = "cluster-2026-12";
        table["validFrom"] = "2026-12-01";
        table["note"] = "Agreed with the ICB for the whole cluster";

        var (status, saved) = await SendAsync(_a, HttpMethod.Put, "/api/opel/table", table.ToJsonString());
        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), saved?.ToJsonString());

        var versions = await UntilAsync(_b, "/api/opel/table/versions",
            v => v?["versions"]!.AsArray().Any(x => (string?)x!["version"] == "cluster-2026-12") == true);
        var onB = versions["versions"]!.AsArray().Single(x => (string?)x!["version"] == "cluster-2026-12")!;
        Assert.That(((int?)onB["number"], (string?)onB["note"], (string?)onB["savedAt"]),
            Is.EqualTo(((int?)saved!["number"], "Agreed with the ICB for the whole cluster", (string?)saved["savedAt"])));
        Assert.That(onB["table"]!.ToJsonString(), Is.EqualTo(saved["table"]!.ToJsonString()));

        var (again, problem) = await SendAsync(_b, HttpMethod.Put, "/api/opel/table", table.ToJsonString());
        Assert.That(again, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)problem!["detail"], Is.EqualTo(
            "version: 'cluster-2026-12' is already saved; versions are never changed, so give this one a new version."), "node B knows the version A saved");
    }

    [Test]
    public async Task A_kpi_added_on_one_node_is_listed_on_another_with_the_same_revision_and_owner()
    {
        var definition = KpiDefinitions.Json("Cluster events received", "SELECT CAST(occurred_at AS DATE) AS period, count(*) AS value FROM events GROUP BY 1");

        var (status, saved) = await SendAsync(_a, HttpMethod.Put, "/api/kpis/cluster-events", definition.ToJsonString());
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), saved?.ToJsonString());
        definition["owner"] = "Chief Operating Officer";
        var (changed, _) = await SendAsync(_a, HttpMethod.Put, "/api/kpis/cluster-events", definition.ToJsonString());
        Assert.That(changed, Is.EqualTo(HttpStatusCode.OK));

        var onB = await UntilAsync(_b, "/api/kpis/cluster-events", k => (int?)k?["revision"] == 2);
        Assert.That(((string?)onB["owner"], (int?)saved!["revision"]), Is.EqualTo(("Chief Operating Officer", 1)));
        var (refused, problem) = await SendAsync(_a, HttpMethod.Put, "/api/kpis/cluster-bad", new JsonObject { ["name"] = "No SQL" }.ToJsonString());
        Assert.That(refused, Is.EqualTo(HttpStatusCode.BadRequest), "a bad KPI is refused on the node that received it");
        Assert.That((await SendAsync(_b, HttpMethod.Get, "/api/kpis/cluster-bad")).Status, Is.EqualTo(HttpStatusCode.NotFound), problem?.ToJsonString());
    }

    [Test]
    public async Task A_dashboard_saved_on_one_node_opens_on_another_and_its_deletion_follows()
    {
        const string Document = """
            { "id": "cluster-wall", "title": "Cluster wall", "scope": "function", "audience": "bed management", "layout": "tiles",
              "tiles": [{ "type": "beds", "site": "RQ6" }, { "type": "alerts" }] }
            """;

        var (status, saved) = await SendAsync(_a, HttpMethod.Post, "/api/dashboards", Document);
        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), saved?.ToJsonString());

        var onB = await UntilAsync(_b, "/api/dashboards/cluster-wall", d => d is not null);
        Assert.That(((string?)onB["dashboard"]!["title"], (string?)onB["dashboard"]!["owner"]), Is.EqualTo(("Cluster wall", (string?)saved!["owner"])));
        var onA = await UntilAsync(_a, "/api/dashboards/cluster-wall", d => d is not null);
        Assert.That(onB.ToJsonString(), Is.EqualTo(onA.ToJsonString()), "the same document, owner, time and topics on both nodes");
        Assert.That(onB["subscriptions"]!.AsArray().Select(t => (string?)t), Does.Contain("beds:RQ6").And.Contain("alerts"));

        var (deleted, _) = await SendAsync(_a, HttpMethod.Delete, "/api/dashboards/cluster-wall");
        Assert.That(deleted, Is.EqualTo(HttpStatusCode.NoContent));
        await UntilAsync(_b, "/api/dashboards/cluster-wall", d => d is null);
    }

    [Test]
    public async Task Invalid_changes_are_refused_on_the_node_that_received_them_as_before_and_never_reach_the_log()
    {
        var before = await LogLengthAsync();

        var (feed, feedProblem) = await SendAsync(_a, HttpMethod.Put, "/api/feeds/cluster-bad", """{ "owner": "Team", "kind": "ftp" }""");
        var (rule, ruleProblem) = await SendAsync(_a, HttpMethod.Put, "/api/alerts/rules/cluster_bad",
            """{ "name": "Queue", "measure": "ed.queue", "comparison": ">", "threshold": 1, "severity": "warning" }""");
        var (opel, opelProblem) = await SendAsync(_a, HttpMethod.Put, "/api/opel/table", """{ "version": "cluster-bad" }""");
        var (unknownFeed, _) = await SendAsync(_a, HttpMethod.Delete, "/api/feeds/cluster-no-such-feed");
        var (unknownRule, _) = await SendAsync(_a, HttpMethod.Delete, "/api/alerts/rules/cluster_no_such_rule");

        Assert.That((feed, rule, opel, unknownFeed, unknownRule), Is.EqualTo((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest,
            HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.NotFound)));
        Assert.That((string?)feedProblem!["detail"], Is.EqualTo("kind: must be one of hl7, fhir, http, file (was 'ftp')"));
        Assert.That((string?)ruleProblem!["detail"], Does.StartWith("measure: 'ed.queue' is not a measure; allowed measures are "));
        Assert.That((string?)opelProblem!["detail"], Does.StartWith("note: is required: say why the table changes"));
        Assert.That(await LogLengthAsync(), Is.EqualTo(before), "nothing refused was appended to the log");
        var (onB, _) = await SendAsync(_b, HttpMethod.Get, "/api/feeds/cluster-bad");
        Assert.That(onB, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_dead_letter_replayed_on_one_node_shows_replayed_on_another()
    {
        await PostFhirAsync(_a, FhirResources.Encounter("cluster-enc", "in-progress", "cluster-bed").ToJsonString());
        var onA = await UntilLetterAsync(_a, l => l.Payload.Contains("\"cluster-enc\"", StringComparison.Ordinal));
        var onBBefore = await UntilLetterAsync(_b, l => l.Payload.Contains("\"cluster-enc\"", StringComparison.Ordinal));
        Assert.That(onBBefore.ReplayedAt, Is.Null);
        await PostFhirAsync(_a, FhirResources.Bundle("batch", FhirResources.Site("cluster-site"), FhirResources.Ward("cluster-ward", "W1", "cluster-site"),
            FhirResources.Bed("cluster-bed", "B08", "cluster-ward")));

        using var admin = _a.Client(Tokens.Administrator);
        using var replay = await admin.PostAsync(new Uri($"/api/ingest/dead-letters/{onA.Id}/replay", UriKind.Relative), null);
        var outcome = JsonNode.Parse(await replay.Content.ReadAsStringAsync())!;

        Assert.That((replay.StatusCode, (string?)outcome["outcome"]), Is.EqualTo((HttpStatusCode.OK, "replayed")), outcome.ToJsonString());
        var replayedOnA = await _a.Get<DeadLetterStore>().FindAsync(onA.Id);
        Assert.That((replayedOnA!.ReplayedAt is not null, replayedOnA.ReplayAttempts), Is.EqualTo((true, 1)), "the replaying node reads its outcome at once");
        var replayedOnB = await UntilLetterAsync(_b, l => l.Id == onBBefore.Id && l.ReplayedAt is not null);
        Assert.That((replayedOnB.ReplayedAt, replayedOnB.ReplayAttempts), Is.EqualTo((replayedOnA.ReplayedAt, 1)));

        using var adminB = _b.Client(Tokens.Administrator);
        using var again = await adminB.PostAsync(new Uri($"/api/ingest/dead-letters/{onBBefore.Id}/replay", UriKind.Relative), null);
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "node B knows it was replayed on node A");
    }

    [Test]
    public async Task A_failed_replay_on_one_node_gives_the_letter_its_new_reasons_on_another()
    {
        var bad = Cluster.Event("cluster-teleport", "cluster-replay");
        bad["kind"] = "Teleport";
        await Cluster.PostOkAsync(_a.Client(Tokens.Feed), new JsonArray(bad).ToJsonString());
        var onA = await UntilLetterAsync(_a, l => l.Reference == "cluster-teleport");

        using var admin = _a.Client(Tokens.Administrator);
        using var replay = await admin.PostAsync(new Uri($"/api/ingest/dead-letters/{onA.Id}/replay", UriKind.Relative), null);
        var outcome = JsonNode.Parse(await replay.Content.ReadAsStringAsync())!;

        Assert.That((string?)outcome["outcome"], Is.EqualTo("failed"));
        var onB = await UntilLetterAsync(_b, l => l.Reference == "cluster-teleport" && l.ReplayAttempts == 1);
        Assert.That((onB.ReplayedAt, onB.Errors[0]), Is.EqualTo(((DateTimeOffset?)null, (string?)outcome["errors"]![0])));
        Assert.That(onB.Errors[0], Does.StartWith("kind: 'Teleport' is not a known event kind"));
    }

    [Test]
    public async Task A_location_sent_to_one_node_places_an_encounter_sent_to_another()
    {
        var (status, _) = await PostFhirAsync(_a, FhirResources.Bundle("batch", FhirResources.Site("spread-site"),
            FhirResources.Ward("spread-ward", "W2", "spread-site"), FhirResources.Bed("spread-bed", "B04", "spread-ward")));
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await _a.Get<FhirLocationStore>().FindAsync(FhirSource, "spread-bed"), Is.EqualTo("RQ6/W2/B04"),
            "the node that took the Location has stored it when it answers");
        await Cluster.UntilAsync(async () => await _b.Get<FhirLocationStore>().FindAsync(FhirSource, "spread-bed") is not null,
            "node B stores the Location from the log");

        var (encounterStatus, outcome) = await PostFhirAsync(_b, FhirResources.Encounter("spread-enc", "in-progress", "spread-bed").ToJsonString());

        Assert.That(encounterStatus, Is.EqualTo(HttpStatusCode.Created), outcome?.ToJsonString());
        HospitalEvent? admitted = null;
        await Cluster.UntilAsync(async () =>
        {
            var events = await _b.Get<EventReader>().ReadAsync(DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue.AddDays(-2));
            admitted = events.SingleOrDefault(e => e.Attributes.TryGetValue("fhirResource", out var r) && r == "Encounter/spread-enc");
            return admitted is not null;
        }, "node B applies the admission from the log");
        Assert.That((admitted!.Kind, admitted.Location), Is.EqualTo((EventKind.Admission, "RQ6/W2/B04")));
    }

    [Test]
    public async Task Saved_queries_and_their_schedules_have_one_id_on_every_node_and_follow_each_change()
    {
        var (created, onA) = await SendAsync(_a, HttpMethod.Post, "/api/queries", """{ "name": "Cluster arrivals", "sql": "SELECT 7 AS answer" }""",
            Tokens.Analyst);
        Assert.That(created, Is.EqualTo(HttpStatusCode.Created), onA?.ToJsonString());
        var first = (long)onA!["id"]!;
        var (_, onB) = await SendAsync(_b, HttpMethod.Post, "/api/queries", """{ "name": "Cluster departures", "sql": "SELECT 8 AS answer" }""",
            Tokens.Analyst);
        var second = (long)onB!["id"]!;
        Assert.That(second, Is.GreaterThan(first), "the cluster numbers queries, whichever node takes them");

        var firstOnB = await UntilAsync(_b, $"/api/queries/{first}", q => q is not null);
        Assert.That(((string?)firstOnB["name"], (string?)firstOnB["owner"], (string?)firstOnB["createdAt"]),
            Is.EqualTo(((string?)onA["name"], (string?)onA["owner"], (string?)onA["createdAt"])));
        await UntilAsync(_a, $"/api/queries/{second}", q => q is not null);

        var (updated, _) = await SendAsync(_b, HttpMethod.Put, $"/api/queries/{first}", """{ "name": "Cluster arrivals by hour", "sql": "SELECT 9 AS answer" }""",
            Tokens.Analyst);
        Assert.That(updated, Is.EqualTo(HttpStatusCode.OK));
        await UntilAsync(_a, $"/api/queries/{first}", q => (string?)q?["name"] == "Cluster arrivals by hour");

        var (scheduled, _) = await SendAsync(_a, HttpMethod.Put, $"/api/queries/{first}/schedule", """{ "cron": "0 7 * * 1", "format": "csv" }""",
            Tokens.Analyst);
        Assert.That(scheduled, Is.EqualTo(HttpStatusCode.OK));
        var scheduleOnB = await UntilAsync(_b, $"/api/queries/{first}/schedule", s => s is not null);
        Assert.That((string?)scheduleOnB["cron"], Is.EqualTo("0 7 * * 1"));
        var exported = await _b.Get<QueryExportJob>().RunAsync(first, QueryFormat.Csv, CancellationToken.None);
        Assert.That(File.ReadAllText(exported).ReplaceLineEndings("\n"), Is.EqualTo("answer\n9\n"), "node B exports what was saved on node A and changed on B");

        var (deleted, _) = await SendAsync(_b, HttpMethod.Delete, $"/api/queries/{first}", null, Tokens.Analyst);
        Assert.That(deleted, Is.EqualTo(HttpStatusCode.NoContent));
        await UntilAsync(_a, $"/api/queries/{first}", q => q is null);
        var (noSchedule, _) = await SendAsync(_a, HttpMethod.Get, $"/api/queries/{first}/schedule", null, Tokens.Analyst);
        Assert.That(noSchedule, Is.EqualTo(HttpStatusCode.NotFound), "its schedule went with it");
    }

    [Test]
    public async Task A_rejection_on_one_node_is_counted_on_every_nodes_ingest_figures()
    {
        var bad = Cluster.Event("cluster-uncounted", "cluster-counted");
        bad.Remove("occurredAt");
        await Cluster.PostOkAsync(_a.Client(Tokens.Feed), new JsonArray(bad).ToJsonString());

        long Rejected(TestServer node) => node.Get<IngestMonitor>().Snapshot().Where(r => r.Source == "cluster-counted").Sum(r => r.RejectedToday);
        await UntilLetterAsync(_b, l => l.Reference == "cluster-uncounted");
        Assert.That((Rejected(_a), Rejected(_b)), Is.EqualTo((1L, 1L)));
    }

    private async Task<long> LogLengthAsync()
    {
        var reply = await _redis.CommandAsync("XLEN", "bright:events");
        return long.Parse(reply.TrimStart(':').Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<(HttpStatusCode Status, JsonNode? Outcome)> PostFhirAsync(TestServer node, string body)
    {
        using var client = node.Client(Tokens.Feed);
        using var content = new StringContent(body, Encoding.UTF8, "application/fhir+json");
        using var response = await client.PostAsync(new Uri("/api/fhir", UriKind.Relative), content);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync()));
    }

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(TestServer node, HttpMethod method, string path, string? body = null,
        string token = Tokens.Administrator)
    {
        using var client = node.Client(token);
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>Waits until <paramref name="path"/> on <paramref name="node"/> answers what <paramref name="done"/> wants (null for a 404).</summary>
    private static async Task<JsonNode> UntilAsync(TestServer node, string path, Func<JsonNode?, bool> done)
    {
        JsonNode? last = null;
        await Cluster.UntilAsync(async () =>
        {
            var (status, body) = await SendAsync(node, HttpMethod.Get, path);
            last = status == HttpStatusCode.OK ? body : null;
            return done(last);
        }, $"GET {path} answers as expected");
        return last!;
    }

    private static async Task<JsonNode> UntilRuleAsync(TestServer node, string id, Func<JsonNode?, bool> done)
    {
        var list = await UntilAsync(node, "/api/alerts/rules", l => done(l?["rules"]!.AsArray().FirstOrDefault(r => (string?)r!["id"] == id)));
        return list["rules"]!.AsArray().Single(r => (string?)r!["id"] == id)!;
    }

    private static async Task<StoredDeadLetter> UntilLetterAsync(TestServer node, Func<StoredDeadLetter, bool> which)
    {
        StoredDeadLetter? found = null;
        await Cluster.UntilAsync(async () =>
        {
            found = (await node.Get<DeadLetterStore>().ListAsync(null, 0, 1000)).Letters.FirstOrDefault(which);
            return found is not null;
        }, "the dead letter is stored as expected on the node");
        return found!;
    }
}
