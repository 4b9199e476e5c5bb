using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bright.Server.Tests.Live;
using Bright.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Bright.Server.Tests.Pages;

[TestFixture]
public sealed class DashboardEndpointTests
{
    private const string WardWallToken = "test-wallboard-ward-wall-01";
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await TestServer.StartAsync(new Dictionary<string, string?>
    {
        ["Bright:Auth:LocalTokens:40:Token"] = WardWallToken,
        ["Bright:Auth:LocalTokens:40:Role"] = "Wallboard",
        ["Bright:Auth:LocalTokens:40:Dashboard"] = "ward-wall",
    });

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, string token, string? body = null)
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

    private static string Document(string id, string scope = "function", string tiles = """[{ "type": "beds", "site": "RQ6" }, { "type": "alerts" }]""",
        string extra = "") =>
        $$"""{ "id": "{{id}}", "title": "Title of {{id}}", "scope": "{{scope}}", "audience": "bed management", "layout": "tiles", {{extra}} "tiles": {{tiles}} }""";

    private static IEnumerable<string> Ids(JsonNode list) => list["dashboards"]!.AsArray().Select(d => (string)d!["id"]!);

    [Test]
    public async Task A_saved_dashboard_is_listed_reloaded_and_shared_with_other_users()
    {
        var (created, saved) = await SendAsync(HttpMethod.Post, "/api/dashboards", Tokens.Operational, Document("winter-surge-beds", "situation"));
        var (_, reloaded) = await SendAsync(HttpMethod.Get, "/api/dashboards/winter-surge-beds", Tokens.Executive);
        var (_, list) = await SendAsync(HttpMethod.Get, "/api/dashboards", Tokens.Executive);

        Assert.That(created, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((string?)saved!["owner"], Is.EqualTo("operational-2"));
        Assert.That((string?)reloaded!["dashboard"]!["title"], Is.EqualTo("Title of winter-surge-beds"));
        // A beds tile also shows the coming days' demand against capacity.
        Assert.That(reloaded["dashboard"]!["topics"]!.AsArray().Select(t => (string?)t), Is.EqualTo(new[] { "beds:RQ6", "capacity:RQ6", "alerts" }));
        Assert.That(reloaded["subscriptions"]!.AsArray().Select(t => (string?)t), Is.EquivalentTo(new[] { "beds:RQ6", "capacity:RQ6", "alerts" }));
        Assert.That((bool)reloaded["dashboard"]!["editable"]!, Is.False, "only the owner or an administrator edits it");
        Assert.That(Ids(list!), Does.Contain("winter-surge-beds").And.Contain("command-centre"));
    }

    [Test]
    public async Task A_personal_dashboard_is_seen_by_its_owner_only()
    {
        await SendAsync(HttpMethod.Post, "/api/dashboards", Tokens.Operational, Document("my-own-board", "personal"));
        var (_, mine) = await SendAsync(HttpMethod.Get, "/api/dashboards", Tokens.Operational);
        var (_, theirs) = await SendAsync(HttpMethod.Get, "/api/dashboards", Tokens.Executive);
        var (status, _) = await SendAsync(HttpMethod.Get, "/api/dashboards/my-own-board", Tokens.Executive);

        Assert.That(Ids(mine!), Does.Contain("my-own-board"));
        Assert.That(Ids(theirs!), Does.Not.Contain("my-own-board"));
        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Only_the_owner_or_an_administrator_changes_a_dashboard_and_built_ins_are_read_only()
    {
        await SendAsync(HttpMethod.Post, "/api/dashboards", Tokens.Operational, Document("theatre-huddle"));
        var (other, otherBody) = await SendAsync(HttpMethod.Put, "/api/dashboards/theatre-huddle", Tokens.Executive, Document("theatre-huddle"));
        var (admin, _) = await SendAsync(HttpMethod.Put, "/api/dashboards/theatre-huddle", Tokens.Administrator, Document("theatre-huddle"));
        var (builtIn, builtInBody) = await SendAsync(HttpMethod.Put, "/api/dashboards/beds", Tokens.Administrator, Document("beds"));
        var (deleted, _) = await SendAsync(HttpMethod.Delete, "/api/dashboards/theatre-huddle", Tokens.Operational);
        var (gone, _) = await SendAsync(HttpMethod.Get, "/api/dashboards/theatre-huddle", Tokens.Operational);

        Assert.That(other, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((string?)otherBody!["detail"], Is.EqualTo(
            "Dashboard 'theatre-huddle' belongs to 'operational-2'; only its owner or an administrator changes it. POST a copy under a new id instead."));
        Assert.That(admin, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(builtIn, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((string?)builtInBody!["detail"], Is.EqualTo("'beds' is a built-in dashboard, which is read-only; POST your copy under another id."));
        Assert.That(deleted, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(gone, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_role_has_one_default_the_latest_marked()
    {
        await SendAsync(HttpMethod.Post, "/api/dashboards", Tokens.Administrator, Document("exec-first", extra: "\"defaultFor\": [\"Executive\"],"));
        await SendAsync(HttpMethod.Post, "/api/dashboards", Tokens.Administrator, Document("exec-second", extra: "\"defaultFor\": [\"Executive\"],"));
        var (_, chosen) = await SendAsync(HttpMethod.Get, "/api/dashboards/default", Tokens.Executive);
        var (_, first) = await SendAsync(HttpMethod.Get, "/api/dashboards/exec-first", Tokens.Executive);
        var (_, analyst) = await SendAsync(HttpMethod.Get, "/api/dashboards/default", Tokens.Analyst);

        Assert.That((string?)chosen!["dashboard"]!["id"], Is.EqualTo("exec-second"));
        Assert.That(first!["dashboard"]!["defaultFor"]!.AsArray(), Is.Empty);
        Assert.That((string?)analyst!["dashboard"]!["id"], Is.EqualTo("query"));
    }

    [Test]
    public async Task A_post_without_an_id_takes_one_from_the_title()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/api/dashboards", Tokens.Operational,
            """{ "title": "Heart failure: clinic flow!", "scope": "function", "audience": "heart failure", "layout": "tiles", "tiles": [{ "type": "opel" }] }""");

        Assert.That(status, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((string?)body!["id"], Is.EqualTo("heart-failure-clinic-flow"));
    }

    [TestCase("""{ "id": "bad-site", "title": "t", "scope": "personal", "layout": "tiles", "tiles": [{ "type": "opel" }, { "type": "alerts" }, { "type": "beds", "site": "XYZ" }] }""",
        "tiles[2].site: 'XYZ' is not a site of this trust; known sites are RQ6, REM, RBQ, REP.")]
    [TestCase("""{ "id": "bad-type", "title": "t", "scope": "personal", "layout": "tiles", "tiles": [{ "type": "pie" }] }""",
        "tiles[0].type: 'pie' is not one of opel, ed, beds, theatres, alerts, kpi, ingest, query, forecast")]
    [TestCase("""{ "id": "bad-kpi", "title": "t", "scope": "personal", "layout": "tiles", "tiles": [{ "type": "kpi", "kpi": "no-such-kpi" }] }""",
        "tiles[0].kpi: 'no-such-kpi' is not a KPI; GET /api/kpis lists them")]
    [TestCase("""{ "id": "bad-query", "title": "t", "scope": "personal", "layout": "tiles", "tiles": [{ "type": "query", "query": 987654 }] }""",
        "tiles[0].query: there is no saved query 987654; GET /api/queries lists them")]
    [TestCase("""{ "id": "bad-series", "title": "t", "scope": "personal", "layout": "tiles", "tiles": [{ "type": "forecast", "series": "arrivals" }] }""",
        "tiles[0].series: 'arrivals' is not a forecast series; write it as name:SITE, e.g. 'ed-arrivals:RQ6' (GET /api/forecasts lists them)")]
    [TestCase("""{ "id": "bad-site-on-opel", "title": "t", "scope": "personal", "layout": "tiles", "tiles": [{ "type": "opel", "site": "RQ6" }] }""",
        "tiles[0].site: only ed, beds, theatres tiles take a site; a opel tile shows the whole trust")]
    [TestCase("""{ "id": "null-tile", "title": "t", "scope": "personal", "layout": "tiles", "tiles": [null] }""",
        "tiles[0]: must be a tile object like { \"type\": \"beds\" }, not null")]
    [TestCase("""{ "id": "no-tiles", "title": "t", "scope": "personal", "layout": "tiles", "tiles": [] }""",
        "tiles: a dashboard needs 1 to 40 tiles, e.g. [{ \"type\": \"beds\", \"site\": \"RQ6\" }]")]
    [TestCase("""{ "id": "Bad Id", "title": "t", "scope": "personal", "layout": "tiles", "tiles": [{ "type": "opel" }] }""",
        "id: 'Bad Id' must be 2 to 63 lower-case letters, digits and hyphens, starting with a letter or digit, e.g. 'winter-surge'")]
    [TestCase("""{ "id": "no-audience", "title": "t", "scope": "situation", "layout": "tiles", "tiles": [{ "type": "opel" }] }""",
        "audience: a situation dashboard names the situation it is for, e.g. 'winter surge', 'OPEL 4' or 'industrial action'")]
    [TestCase("""{ "id": "personal-default", "title": "t", "scope": "personal", "defaultFor": ["Nurse"], "layout": "tiles", "tiles": [{ "type": "opel" }] }""",
        "defaultFor[0]: 'Nurse' is not a role; roles are Wallboard, Operational, Executive, Analyst, Feed, Administrator\ndefaultFor: a personal dashboard cannot be a role's default; save it for a function or situation")]
    [TestCase("""{ "id": "trackboard-no-theatres", "title": "t", "scope": "personal", "layout": "trackboard", "filters": { "sites": ["RQ6", "NOPE"] }, "tiles": [{ "type": "beds" }] }""",
        "filters.sites[1]: 'NOPE' is not a site of this trust; known sites are RQ6, REM, RBQ, REP.\nlayout: a trackboard shows a theatres tile; add { \"type\": \"theatres\" } to tiles")]
    [TestCase("""{ "id": "no-title", "scope": "team", "tiles": [{ "type": "opel" }] }""",
        "title: a dashboard needs a title of 1 to 120 characters\nscope: 'team' is not one of personal, function, situation\nlayout: is required; one of tiles, trackboard, bedboard, spc, workbench")]
    [TestCase("""{ "id": "wrong-type", "title": "t", "tiles": "beds" }""", "tiles: must be an array (line 1, byte 52)")]
    [TestCase("""[1, 2""", "$: the body must be a JSON object (line 1, byte 2)")]
    public async Task A_bad_document_is_refused_naming_the_tile_and_field(string body, string detail)
    {
        var (status, problem) = await SendAsync(HttpMethod.Post, "/api/dashboards", Tokens.Operational, body);
        var (_, list) = await SendAsync(HttpMethod.Get, "/api/dashboards", Tokens.Operational);

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)problem!["detail"], Is.EqualTo(detail));
        Assert.That(Ids(list!), Does.Contain("command-centre"), "nothing stored earlier was lost");
    }

    [Test]
    public async Task A_wallboard_token_bound_to_a_stored_dashboard_subscribes_to_exactly_its_tiles_topics()
    {
        await SendAsync(HttpMethod.Post, "/api/dashboards", Tokens.Operational, Document("ward-wall"));
        await using var probe = await HubProbe.ConnectAsync(_server, WardWallToken);
        await probe.Connection.InvokeAsync("Subscribe", new[] { "beds:RQ6" });
        var snapshot = await probe.NextAsync();
        var refused = Assert.ThrowsAsync<HubException>(() => probe.Connection.InvokeAsync("Subscribe", new[] { "beds:REM" }));
        var (list, listBody) = await SendAsync(HttpMethod.Get, "/api/dashboards", WardWallToken);
        var (other, _) = await SendAsync(HttpMethod.Get, "/api/dashboards/command-centre", WardWallToken);
        var (rest, _) = await SendAsync(HttpMethod.Get, "/api/beds?site=RQ6", WardWallToken);
        var (save, _) = await SendAsync(HttpMethod.Post, "/api/dashboards", WardWallToken, Document("kiosk-made"));

        Assert.That(snapshot.Topic, Is.EqualTo("beds:RQ6"));
        Assert.That(refused!.Message, Does.Contain("A wallboard token may only subscribe to its own dashboard's topics ('ward-wall'); 'beds:REM' is not one of them."));
        Assert.That(list, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Ids(listBody!), Is.EqualTo(new[] { "ward-wall" }));
        Assert.That(other, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(rest, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(save, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task The_wallboard_page_serves_the_screen_of_the_dashboards_layout()
    {
        using var client = _server.Client(null);
        var trackboard = await client.GetStringAsync(new Uri("/wallboard/theatres", UriKind.Relative));
        var beds = await client.GetStringAsync(new Uri("/wallboard/beds", UriKind.Relative));
        await SendAsync(HttpMethod.Post, "/api/dashboards", Tokens.Operational, Document("page-check"));
        var stored = await client.GetStringAsync(new Uri("/wallboard/page-check", UriKind.Relative));
        using var missing = await client.GetAsync(new Uri("/wallboard/nope", UriKind.Relative));

        Assert.That(trackboard, Does.Contain("/app/trackboard.js"));
        Assert.That(beds, Does.Contain("/app/beds.js"));
        Assert.That(stored, Does.Contain("/app/wallboard.js"));
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
