using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bright.Testing;
using static Bright.Server.Tests.Live.LiveJson;

namespace Bright.Server.Tests.Alerts;

[TestFixture]
public sealed class AlertRuleRestartTests
{
    [Test]
    public async Task A_changed_rule_stays_in_force_after_a_restart()
    {
        var folder = TempFolder.Create();
        var server = await TestServer.StartAsync(folder: folder);
        try
        {
            using var client = server.Client(Tokens.Administrator);
            var rule = new JsonObject
            {
                ["name"] = "Bed waiting to be cleaned over 2 minutes",
                ["measure"] = "beds.minutes_to_clean",
                ["comparison"] = ">=",
                ["threshold"] = 2,
                ["severity"] = "warning",
            };
            using var content = new StringContent(rule.ToJsonString(), Encoding.UTF8, "application/json");
            using var response = await client.PutAsync(new Uri("/api/alerts/rules/bed_to_clean", UriKind.Relative), content);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        }
        finally
        {
            await server.StopAsync();
        }

        await using var restarted = await TestServer.StartAsync(folder: folder);
        await PostAsync(restarted, Event("restart-to-clean", "BedStatusChanged", TimeProvider.System.GetUtcNow().AddMinutes(-5), null, "RQ6/W4/B06",
            "to_clean"));

        var alerts = await UntilAsync(restarted, "/api/alerts", a => a["alerts"]!.AsArray().Any(x => (string?)x!["rule"] == "bed_to_clean"));
        var alert = alerts["alerts"]!.AsArray().Single(x => (string?)x!["rule"] == "bed_to_clean")!;
        Assert.That((string?)alert["message"], Is.EqualTo("Bed W4/B06 has waited 5 min to be cleaned."));
        Assert.That((string?)alert["ruleName"], Is.EqualTo("Bed waiting to be cleaned over 2 minutes"));
        var listed = (await GetAsync(restarted, "/api/alerts/rules"))["rules"]!.AsArray().Single(r => (string?)r!["id"] == "bed_to_clean")!;
        Assert.That(((int)listed["version"]!, (string?)listed["change"]), Is.EqualTo((2, "updated")));
    }
}
