using System.Net;
using System.Text.Json.Nodes;
using Bright.Server.Tests.Live;
using Bright.Store.LiveHistory;
using Bright.Testing;

namespace Bright.Server.Tests.Distributed;

/// <summary>What is not an event (dead letters, data-quality flags, alert acknowledgements) reaches every node too.</summary>
[TestFixture]
public sealed class DistributedReplicationTests
{
    [Test]
    public async Task A_dead_letter_and_a_data_quality_flag_made_on_one_node_are_listed_once_on_another()
    {
        await using var redis = await RedisProcess.StartAsync();
        await using var a = await Cluster.NodeAsync(redis);
        await using var b = await Cluster.NodeAsync(redis);
        var refused = Cluster.Event("repl-bad", "dist-repl");
        refused.Remove("occurredAt");
        var flagged = Cluster.Event("repl-flagged", "dist-repl");
        flagged["location"] = "RQ6/W99/B99";

        var answer = await Cluster.PostOkAsync(a.Client(Tokens.Feed), new JsonArray(refused, flagged).ToJsonString());

        Assert.That(((int?)answer["accepted"], answer["rejected"]!.AsArray().Count), Is.EqualTo((1, 1)));
        var letters = await UntilListedAsync(b, "/api/ingest/dead-letters?source=dist-repl");
        var flags = await UntilListedAsync(b, "/api/ingest/data-quality");
        await Cluster.UntilStoredAsync(b, ["repl-flagged"], "repl-", "node B applies the accepted event");
        Assert.That(letters, Has.Count.EqualTo(1));
        Assert.That((string?)letters[0]!["reference"], Is.EqualTo("repl-bad"));
        Assert.That(letters[0]!["errors"]!.AsArray().Select(e => (string?)e), Has.Some.StartsWith("occurredAt:"));
        Assert.That(flags.Select(f => ((string?)f!["eventId"], (string?)f["field"])), Is.EqualTo(new[] { ("repl-flagged", "location") }));
        var onA = await UntilListedAsync(a, "/api/ingest/dead-letters?source=dist-repl");
        Assert.That(onA.Select(l => (string?)l!["reference"]), Is.EqualTo(new[] { "repl-bad" }), "the node that refused it stores it once too");
    }

    [Test]
    public async Task An_acknowledgement_on_one_node_appears_on_another_nodes_alerts_and_history()
    {
        await using var redis = await RedisProcess.StartAsync();
        await using var a = await Cluster.NodeAsync(redis);
        await using var b = await Cluster.NodeAsync(redis);
        await LiveJson.PostAsync(a, LiveJson.Event("repl-amb-1", "AmbulanceArrival", TimeProvider.System.GetUtcNow().AddMinutes(-40), "P-repl-amb",
            "RQ6/ed/RESUS"));
        var id = HandoverAlertId(await LiveJson.UntilAsync(a, "/api/alerts", alerts => HandoverAlertId(alerts) is not null))!;
        await LiveJson.UntilAsync(b, "/api/alerts", alerts => HandoverAlertId(alerts) == id);

        using var operational = a.Client(Tokens.Operational);
        using var response = await operational.PostAsync(new Uri($"/api/alerts/{id}/ack", UriKind.Relative), null);
        var acknowledged = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var onB = await LiveJson.UntilAsync(b, "/api/alerts", alerts => Alert(alerts, id)?["acknowledgedAt"] is not null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(((string?)Alert(onB, id)!["acknowledgedAt"], (string?)Alert(onB, id)!["acknowledgedBy"]),
            Is.EqualTo(((string?)acknowledged["acknowledgedAt"], (string?)acknowledged["acknowledgedBy"])));
        var now = TimeProvider.System.GetUtcNow();
        await Cluster.UntilAsync(async () => (await a.Get<LiveHistoryStore>().ReadAcknowledgementsAsync(null, now.AddDays(-1), now.AddDays(1))).Count == 1,
            "node A stores the acknowledgement it appended");
        var historyB = await b.Get<LiveHistoryStore>().ReadAcknowledgementsAsync(null, now.AddDays(-1), now.AddDays(1));
        Assert.That(historyB.Select(h => (h.AlertId, h.AcknowledgedBy)), Is.EqualTo(new[] { (id, (string)acknowledged["acknowledgedBy"]!) }));
    }

    private static string? HandoverAlertId(JsonNode alerts) =>
        (string?)alerts["alerts"]!.AsArray().FirstOrDefault(x => (string?)x!["rule"] == "handover_over_30")?["id"];

    private static JsonNode? Alert(JsonNode alerts, string id) => alerts["alerts"]!.AsArray().FirstOrDefault(x => (string?)x!["id"] == id);

    private static async Task<JsonArray> UntilListedAsync(TestServer node, string path)
    {
        JsonArray listed = [];
        await Cluster.UntilAsync(async () =>
        {
            listed = (await LiveJson.GetAsync(node, path, Tokens.Administrator)).AsArray();
            return listed.Count > 0;
        }, $"{path} lists something on the node");
        return listed;
    }
}
