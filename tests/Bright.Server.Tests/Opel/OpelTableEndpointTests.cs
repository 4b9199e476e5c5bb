using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bright.Server.Tests.Live;
using Bright.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Bright.Server.Tests.Opel;

/// <summary>
/// The OPEL table as versioned configuration over HTTP, on a fake clock so a future-dated version can be seen to
/// wait for its date and then take effect without a restart.
/// </summary>
[TestFixture]
public sealed class OpelTableEndpointTests
{
    // A minute before London's midnight into 1 December (GMT); moving a fake clock far fires every periodic timer on the way.
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-11-30T23:59:00Z", CultureInfo.InvariantCulture));
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await TestServer.StartAsync(services: s => s.AddSingleton<TimeProvider>(_clock));

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private async Task<JsonNode> GetAsync(string path, string token = Tokens.Executive)
    {
        using var client = _server.Client(token);
        return JsonNode.Parse(await client.GetStringAsync(new Uri(path, UriKind.Relative)))!;
    }

    private async Task<(HttpStatusCode Status, JsonNode? Body)> PutAsync(string body, string token = Tokens.Administrator)
    {
        using var client = _server.Client(token);
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PutAsync(new Uri("/api/opel/table", UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>The table in force now, as a document to change, with a note.</summary>
    private async Task<JsonObject> CurrentDocumentAsync(string version, string validFrom)
    {
        var table = (await GetAsync("/api/opel/table"))["table"]!.AsObject().DeepClone().AsObject();
        table["version"] = version;
        table["validFrom"] = validFrom;
        table["note"] = "Thresholds agreed with the ICB";
        return table;
    }

    private async Task<string> RefusedAsync(string body)
    {
        var before = (await GetAsync("/api/opel/table"))["number"]!.GetValue<int>();
        var (status, problem) = await PutAsync(body);
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), problem?.ToJsonString());
        Assert.That((await GetAsync("/api/opel/table"))["number"]!.GetValue<int>(), Is.EqualTo(before), "the previous version stays in force");
        return problem!["detail"]!.GetValue<string>();
    }

    [Test]
    public async Task The_shipped_table_is_the_first_version_saved_by_the_system()
    {
        var first = (await GetAsync("/api/opel/table/versions"))["versions"]![0]!;

        Assert.That(first["number"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(first["version"]!.GetValue<string>(), Is.EqualTo("indicative-1"));
        Assert.That(first["label"]!.GetValue<string>(), Is.EqualTo("indicative"));
        Assert.That(first["effectiveFrom"]!.GetValue<string>(), Is.EqualTo("2024-04-01"));
        Assert.That(first["savedBy"]!.GetValue<string>(), Is.EqualTo("system"));
        Assert.That(first["table"]!["parameters"]!.AsArray(), Has.Count.EqualTo(8));
        Assert.That(first["table"]!["parameters"]![1]!["worseWhen"]!.GetValue<string>(), Is.EqualTo("lower"));
    }

    [Test]
    public async Task A_future_dated_version_waits_for_its_date_then_scores_live_OPEL_without_a_restart()
    {
        var document = await CurrentDocumentAsync("trust-2026-12", "2026-12-01");
        document["label"] = "trust";

        var (status, saved) = await PutAsync(document.ToJsonString());

        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), saved?.ToJsonString());
        Assert.That(saved!["inForce"]!.GetValue<bool>(), Is.False);
        Assert.That(saved["savedBy"]!.GetValue<string>(), Is.Not.Empty);
        Assert.That(saved["note"]!.GetValue<string>(), Is.EqualTo("Thresholds agreed with the ICB"));
        Assert.That((await GetAsync("/api/opel"))["version"]!.GetValue<string>(), Is.EqualTo("indicative-1"));
        var versions = await GetAsync("/api/opel/table/versions");
        Assert.That(versions["versions"]!.AsArray().Select(v => v!["version"]!.GetValue<string>()), Does.Contain("trust-2026-12"));

        // Midnight in London on 1 December (GMT) is 00:00 UTC.
        _clock.Advance(TimeSpan.FromMinutes(1));

        var opel = await GetAsync("/api/opel");
        Assert.That((opel["version"]!.GetValue<string>(), opel["label"]!.GetValue<string>(), opel["effectiveFrom"]!.GetValue<string>()),
            Is.EqualTo(("trust-2026-12", "trust", "2026-12-01")));
        Assert.That((await GetAsync("/api/opel/table"))["version"]!.GetValue<string>(), Is.EqualTo("trust-2026-12"));

        await using var probe = await HubProbe.ConnectAsync(_server, Tokens.Operational);
        await probe.Connection.InvokeAsync("Subscribe", new[] { "opel" });
        var snapshot = await probe.NextAsync();
        Assert.That((snapshot.Method, snapshot.Topic), Is.EqualTo(("snapshot", "opel")));
        Assert.That((snapshot.Data.GetProperty("version").GetString(), snapshot.Data.GetProperty("label").GetString()),
            Is.EqualTo(("trust-2026-12", "trust")), "the opel topic shows the version and label in use");
    }

    [Test]
    public async Task A_table_with_bad_thresholds_weights_cutoffs_and_sites_is_refused_naming_each_field()
    {
        var document = await CurrentDocumentAsync("bad-1", "2026-12-01");
        var parameters = document["parameters"]!.AsArray();
        parameters[3]!["l3"] = 30;
        parameters[5]!["weight"] = 0;
        document["cutoffs"]![2]!["minScore"] = 2;
        document["siteWeights"] = new JsonObject { ["RQ6"] = 0.5, ["ZZZ"] = 1 };

        var detail = await RefusedAsync(document.ToJsonString());

        Assert.That(detail, Is.EqualTo(string.Join('\n',
            "parameters[3].l3: 30 must be greater than l2 60: thresholds get worse in the 'higher' direction.",
            "parameters[5].weight: must be positive (was 0).",
            "cutoffs[2].minScore: level 4's minScore 2 must be greater than level 3's 2.5.",
            "siteWeights.ZZZ: 'ZZZ' is not a site of this trust; known sites are RQ6, REM, RBQ, REP.")));
    }

    [TestCase("""{"note":"x","version":"v","label":"l","validFrom":"2026-12-01","parameters":[{"id":"ga_occupancy","definition":"d","unit":"proportion","worseWhen":"sideways","l2":1,"l3":2,"l4":3}],"cutoffs":[]}""",
        "parameters[0].worseWhen: must be 'higher' or 'lower'")]
    [TestCase("""{"note":"x","version":"v","label":"l","validFrom":"1 December","parameters":[],"cutoffs":[]}""",
        "validFrom: must be a date written yyyy-MM-dd")]
    [TestCase("""{"note":"x","version":"v","label":"l","validFrom":"2026-12-01","parameters":[],"cutoffs":[],"threshold":3}""",
        "threshold: is not a field of the OPEL table")]
    [TestCase("""{"note":"x","version":"v","label":"l","validFrom":"2026-12-01","parameters":[{"id":"ga_occupancy","definition":"d","unit":"proportion","worseWhen":"higher","l2":"high","l3":2,"l4":3}],"cutoffs":[]}""",
        "parameters[0].l2: must be a number")]
    [TestCase("""{"version":"v","label":"l","validFrom":"2026-12-01","parameters":[],"cutoffs":[]}""",
        "note: is required: say why the table changes (every version is kept as the audit).\nparameters: at least one parameter is required.\n"
        + "cutoffs: need exactly one cut-off for each of levels 2, 3 and 4 (were ).")]
    [TestCase("""[1, 2]""", "$: the body must be a JSON object: the OPEL table with a change note")]
    public async Task Garbage_is_refused_with_the_field_and_the_reason(string body, string expected) =>
        Assert.That(await RefusedAsync(body), Is.EqualTo(expected));

    [Test]
    public async Task A_version_already_saved_cannot_be_saved_again()
    {
        var document = await CurrentDocumentAsync("indicative-1", "2026-12-01");

        Assert.That(await RefusedAsync(document.ToJsonString()),
            Is.EqualTo("version: 'indicative-1' is already saved; versions are never changed, so give this one a new version."));
    }

    [Test]
    public async Task A_body_that_is_not_JSON_is_refused_and_only_administrators_may_save()
    {
        var (status, problem) = await PutAsync("{ not json");
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem!["detail"]!.GetValue<string>(), Does.StartWith("The body is not valid JSON at line 1"));

        var (forbidden, _) = await PutAsync((await CurrentDocumentAsync("ops-1", "2026-12-01")).ToJsonString(), Tokens.Operational);
        Assert.That(forbidden, Is.EqualTo(HttpStatusCode.Forbidden));
    }
}
