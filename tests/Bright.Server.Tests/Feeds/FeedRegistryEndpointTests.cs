using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bright.Testing;

namespace Bright.Server.Tests.Feeds;

/// <summary>
/// The feed registry's administrator API: <c>GET/PUT/DELETE /api/feeds/{id}</c> and <c>/history</c>, seeded
/// from configuration, every change a revision, bad settings refused naming each field.
/// </summary>
[TestFixture]
public sealed class FeedRegistryEndpointTests
{
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await TestServer.StartAsync(new Dictionary<string, string?>
    {
        ["Bright:Mllp:Feeds:0:Source"] = "seeded-pas",
        ["Bright:Mllp:Feeds:0:Owner"] = "PAS team",
        ["Bright:Mllp:Feeds:0:DefaultSite"] = "RQ6",
        ["Bright:Feeds:0:Source"] = "seeded-pas",
        ["Bright:Feeds:0:Owner"] = "PAS integration",
        ["Bright:Feeds:0:Contact"] = "pas@trust.example.nhs.uk",
        ["Bright:Feeds:0:LateAfter"] = "00:30:00",
        ["Bright:Feeds:1:Source"] = "seeded-lab",
        ["Bright:Feeds:1:Name"] = "Pathology results",
        ["Bright:Feeds:1:Kind"] = "file",
        ["Bright:Feeds:1:Owner"] = "Pathology IT",
        ["Bright:Pseudonymisation:Key"] = "a-test-key-that-is-at-least-32-characters-long",
    });

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private async Task<HttpResponseMessage> PutAsync(string id, string body, string? token = Tokens.Administrator)
    {
        using var client = _server.Client(token);
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await client.PutAsync(new Uri($"/api/feeds/{id}", UriKind.Relative), content);
    }

    private async Task<JsonNode> GetAsync(string path)
    {
        using var client = _server.Client();
        return JsonNode.Parse(await client.GetStringAsync(new Uri(path, UriKind.Relative)))!;
    }

    private static string Settings(string owner = "Radiology IT", string kind = "http", string extra = "") =>
        $$"""{ "name": "Radiology", "owner": "{{owner}}", "contact": "ris@trust.example.nhs.uk", "kind": "{{kind}}", "expectedEvery": "00:05:00", "lateAfter": "00:20:00"{{extra}} }""";

    [Test]
    public async Task Configured_feeds_are_seeded_into_the_registry_with_hl7_profiles_as_kind_hl7()
    {
        var pas = await GetAsync("/api/feeds/seeded-pas");
        var lab = await GetAsync("/api/feeds/seeded-lab");

        Assert.That((pas["owner"]!.GetValue<string>(), pas["contact"]!.GetValue<string>(), pas["kind"]!.GetValue<string>(),
            pas["lateAfter"]!.GetValue<string>(), pas["updatedBy"]!.GetValue<string>(), pas["revision"]!.GetValue<int>()),
            Is.EqualTo(("PAS integration", "pas@trust.example.nhs.uk", "hl7", "00:30:00", "configuration", 1)));
        Assert.That((lab["name"]!.GetValue<string>(), lab["kind"]!.GetValue<string>(), lab["enabled"]!.GetValue<bool>()),
            Is.EqualTo(("Pathology results", "file", true)));
        Assert.That(pas["kpis"]!.AsArray().Select(k => k!.GetValue<string>()), Is.EqualTo(new[] { "feed-on-time-seeded-pas", "feed-rejected-seeded-pas" }));
        Assert.That(lab["kpis"]!.AsArray().Select(k => k!.GetValue<string>()), Is.EqualTo(new[] { "feed-rejected-seeded-lab" }),
            "no lag is agreed for the lab feed, so it has no on-time KPI");
    }

    [Test]
    public async Task A_feed_is_created_changed_retired_and_restored_and_its_history_says_who_did_what()
    {
        using var created = await PutAsync("registry-ris", Settings());
        using var changed = await PutAsync("registry-ris", Settings(owner: "Imaging systems"));
        using var client = _server.Client();
        using var retired = await client.DeleteAsync(new Uri("/api/feeds/registry-ris", UriKind.Relative));
        var listedWhileRetired = (await GetAsync("/api/feeds"))["feeds"]!.AsArray().Any(f => f!["source"]!.GetValue<string>() == "registry-ris");
        using var restored = await PutAsync("registry-ris", Settings(owner: "Imaging systems"));

        var history = await GetAsync("/api/feeds/registry-ris/history");
        var listed = (await GetAsync("/api/feeds"))["feeds"]!.AsArray().Single(f => f!["source"]!.GetValue<string>() == "registry-ris")!;

        Assert.That((created.StatusCode, changed.StatusCode, retired.StatusCode, restored.StatusCode),
            Is.EqualTo((HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK)));
        Assert.That((await retired.Content.ReadFromJsonAsync<JsonNode>())!["status"]!.GetValue<string>(), Is.EqualTo("retired"));
        Assert.That(listedWhileRetired, Is.False, "a retired feed leaves the list");
        Assert.That(history["revisions"]!.AsArray().Select(r => (r!["revision"]!.GetValue<int>(), r["change"]!.GetValue<string>(),
            r["changedBy"]!.GetValue<string>(), r["settings"]!["owner"]!.GetValue<string>())), Is.EqualTo(new[]
        {
            (1, "created", "administrator-0", "Radiology IT"),
            (2, "updated", "administrator-0", "Imaging systems"),
            (3, "retired", "administrator-0", "Imaging systems"),
            (4, "restored", "administrator-0", "Imaging systems"),
        }));
        Assert.That((listed["owner"]!.GetValue<string>(), listed["kind"]!.GetValue<string>(), listed["silentAfter"], listed["revision"]!.GetValue<int>()),
            Is.EqualTo(("Imaging systems", "http", (JsonNode?)null, 4)));
    }

    [Test]
    public async Task A_changed_owner_is_the_owner_the_registry_gives_to_anyone_raising_alerts_at_once()
    {
        using var response = await PutAsync("registry-owner", Settings(owner: "First team"));
        using var changed = await PutAsync("registry-owner", Settings(owner: "Second team"));

        var owner = _server.Get<Bright.Pipelines.Feeds.FeedRegistry>().Find("registry-owner");

        Assert.That((owner.Owner, owner.Contact, owner.Kind), Is.EqualTo(("Second team", "ris@trust.example.nhs.uk", "http")));
    }

    [TestCase("registry-bad", """{ "owner": "Team", "kind": "ftp" }""", "kind", "must be one of hl7, fhir, http, file (was 'ftp')")]
    [TestCase("registry-bad", """{ "owner": "Team" }""", "kind", "must be one of hl7, fhir, http, file (was missing)")]
    [TestCase("registry-bad", """{ "kind": "http" }""", "owner", "must name who is told about the feed's data-quality problems")]
    [TestCase("registry-bad", """{ "owner": "Team", "kind": "http", "expectedEvery": "00:00:00" }""", "expectedEvery",
        "must be from 00:00:01 to 7.00:00:00 (was 00:00:00)")]
    [TestCase("registry-bad", """{ "owner": "Team", "kind": "http", "expectedEvery": "-00:05:00" }""", "expectedEvery",
        "must be from 00:00:01 to 7.00:00:00 (was -00:05:00)")]
    [TestCase("registry-bad", """{ "owner": "Team", "kind": "http", "lateAfter": "soon" }""", "lateAfter",
        "must be a length of time written hh:mm:ss or d.hh:mm:ss, e.g. 00:05:00 (was 'soon')")]
    [TestCase("registry-bad", """{ "owner": "Team", "kind": "http", "lateAfter": "00:30:00", "silentAfter": "00:10:00" }""", "silentAfter",
        "must not be shorter than lateAfter (00:30:00) (was 00:10:00)")]
    [TestCase("registry-bad", """{ "owner": "Team", "kind": "http", "contact": "pas@" }""", "contact",
        "is not a valid e-mail address, e.g. pas-support@trust.nhs.uk (was 'pas@')")]
    [TestCase("registry-bad", """{ "owner": "Team", "kind": "http", "contact": "ask Bob" }""", "contact",
        "must be an e-mail address or a telephone number, e.g. pas-support@trust.nhs.uk or 020 7946 0000 (was 'ask Bob')")]
    [TestCase("PAS_ADT", """{ "owner": "Team", "kind": "http" }""", "id",
        "must be lower-case letters and digits in words joined by hyphens, at most 48 characters, e.g. pas-adt (was 'PAS_ADT')")]
    [TestCase("registry-bad", """{ "id": "other", "owner": "Team", "kind": "http" }""", "id", "must match the id in the address 'registry-bad' (was 'other')")]
    public async Task Bad_settings_are_refused_naming_the_field_and_nothing_is_stored(string id, string body, string field, string reason)
    {
        using var response = await PutAsync(id, body);
        var problem = (await response.Content.ReadFromJsonAsync<JsonNode>())!;
        using var client = _server.Client();
        using var lookup = await client.GetAsync(new Uri($"/api/feeds/{id}", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(problem["errors"]![field]!.AsArray().Select(r => r!.GetValue<string>()), Is.EqualTo(new[] { reason }));
        Assert.That(problem["detail"]!.GetValue<string>(), Is.EqualTo($"{field}: {reason}"));
        Assert.That(lookup.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_body_that_is_not_json_is_refused_and_an_unknown_feed_is_not_found_naming_the_id()
    {
        using var response = await PutAsync("registry-garbage", "{ owner: ");
        using var client = _server.Client();
        using var missing = await client.GetAsync(new Uri("/api/feeds/no-such-feed/history", UriKind.Relative));
        using var retire = await client.DeleteAsync(new Uri("/api/feeds/no-such-feed", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonNode>())!["title"]!.GetValue<string>(), Is.EqualTo("The body is not JSON"));
        Assert.That((missing.StatusCode, retire.StatusCode), Is.EqualTo((HttpStatusCode.NotFound, HttpStatusCode.NotFound)));
        Assert.That((await missing.Content.ReadFromJsonAsync<JsonNode>())!["detail"]!.GetValue<string>(),
            Is.EqualTo("id: there is no feed 'no-such-feed'; GET /api/feeds lists them."));
    }

    [TestCase(null, HttpStatusCode.Unauthorized)]
    [TestCase(Tokens.Operational, HttpStatusCode.Forbidden)]
    [TestCase(Tokens.Executive, HttpStatusCode.Forbidden)]
    [TestCase(Tokens.Analyst, HttpStatusCode.Forbidden)]
    [TestCase(Tokens.Feed, HttpStatusCode.Forbidden)]
    [TestCase(Tokens.Wallboard, HttpStatusCode.Forbidden)]
    public async Task Only_administrators_may_read_or_change_the_registry(string? token, HttpStatusCode expected)
    {
        using var client = _server.Client(token);
        using var put = await PutAsync("registry-auth", Settings(), token);
        using var get = await client.GetAsync(new Uri("/api/feeds/seeded-pas", UriKind.Relative));
        using var history = await client.GetAsync(new Uri("/api/feeds/seeded-pas/history", UriKind.Relative));
        using var delete = await client.DeleteAsync(new Uri("/api/feeds/seeded-pas", UriKind.Relative));

        Assert.That(new[] { put.StatusCode, get.StatusCode, history.StatusCode, delete.StatusCode }, Is.All.EqualTo(expected));
        Assert.That(put.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That((await GetAsync("/api/feeds/seeded-pas"))["retired"]!.GetValue<bool>(), Is.False);
    }
}
