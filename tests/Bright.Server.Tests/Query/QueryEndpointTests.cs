using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bright.Store;
using Bright.Testing;
using Dapper;

namespace Bright.Server.Tests.Query;

[TestFixture]
public sealed partial class QueryEndpointTests
{
    private const int MaxRows = 50;
    private const string AnalystSitesLimited = "test-analyst-rem-only-token-1";
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-26T08:00:00Z", CultureInfo.InvariantCulture);
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Bright:Query:MaxRows"] = MaxRows.ToString(CultureInfo.InvariantCulture),
            ["Bright:Query:Timeout"] = "00:00:02",
            ["Bright:Query:SnapshotInterval"] = "00:00:00.050",
            ["Bright:Auth:LocalTokens:8:Token"] = AnalystSitesLimited,
            ["Bright:Auth:LocalTokens:8:Role"] = "Analyst",
            ["Bright:Auth:LocalTokens:8:Sites:0"] = "REM",
        });
        await IngestAsync(EventJson.Many("fmt", 5, Now));
        await IngestAsync(EventJson.Array([.. Enumerable.Range(0, 3).Select(i => EventJson.Admission($"rem-{i}", Now.AddSeconds(i), "REM", "REM/W1/B01"))]));
    }

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private async Task IngestAsync(string events)
    {
        using var client = _server.Client(Tokens.Feed);
        using var content = new StringContent(events, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/api/events", UriKind.Relative), content);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private async Task<HttpResponseMessage> PostAsync(string path, JsonNode body, string accept = "application/json", string? token = Tokens.Analyst)
    {
        using var client = _server.Client(token);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd(accept);
        return await client.SendAsync(request);
    }

    private Task<HttpResponseMessage> QueryAsync(string sql, JsonObject? parameters = null, string accept = "application/json", string? token = Tokens.Analyst) =>
        PostAsync("/api/query", new JsonObject { ["sql"] = sql, ["parameters"] = parameters ?? [] }, accept, token);

    private async Task<(HttpStatusCode Status, JsonNode Body)> QueryJsonAsync(string sql, JsonObject? parameters = null, string? token = Tokens.Analyst)
    {
        using var response = await QueryAsync(sql, parameters, token: token);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private long LiveCount(string sql)
    {
        using var connection = _server.Get<BrightStore>().OpenConnection();
        return connection.ExecuteScalar<long>(sql);
    }

    private const string FormatSql = """
        SELECT event_id, occurred_at, site, kind, value, 3::HUGEINT * 1000000000000000000000 AS big, [1, 2] AS list, {'a': 'x,"y"'} AS pair
        FROM events WHERE event_id LIKE $prefix ORDER BY event_id
        """;

    [Test]
    public async Task A_JSON_answer_has_columns_rows_and_its_facts_in_body_and_headers()
    {
        using var response = await QueryAsync(FormatSql, new JsonObject { ["prefix"] = "fmt-%" });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
        Assert.That(body["columns"]!.AsArray().Select(c => $"{c!["name"]} {c["type"]}"), Is.EqualTo(new[]
        {
            "event_id VARCHAR", "occurred_at TIMESTAMP WITH TIME ZONE", "site VARCHAR", "kind VARCHAR", "value DOUBLE", "big HUGEINT",
            "list INTEGER[]", "pair STRUCT(a VARCHAR)",
        }));
        var first = body["rows"]![0]!.AsArray();
        Assert.That(first[0]!.GetValue<string>(), Is.EqualTo("fmt-0"));
        Assert.That(first[1]!.GetValue<string>(), Is.EqualTo("2026-11-26T08:00:00Z"));
        Assert.That(first[4], Is.Null);
        Assert.That(first[5]!.ToJsonString(), Is.EqualTo("3000000000000000000000"));
        Assert.That(first[6]!.ToJsonString(), Is.EqualTo("[1,2]"));
        Assert.That(first[7]!["a"]!.GetValue<string>(), Is.EqualTo("x,\"y\""));
        Assert.That(body["rowCount"]!.GetValue<long>(), Is.EqualTo(5));
        Assert.That(body["truncated"]!.GetValue<bool>(), Is.False);
        Assert.That(body["elapsedMs"]!.GetValue<double>(), Is.GreaterThanOrEqualTo(0));
        Assert.That(response.Headers.GetValues("X-Bright-Truncated").Single(), Is.EqualTo("false"));
        Assert.That(response.Headers.GetValues("X-Bright-Snapshot-At").Single(), Is.EqualTo(body["snapshotAt"]!.GetValue<string>()));
    }

    [Test]
    public async Task The_subject_is_not_the_key_the_feed_sent()
    {
        var (_, body) = await QueryJsonAsync("SELECT subject FROM events WHERE event_id = 'fmt-0'");

        var subject = body["rows"]![0]![0]!.GetValue<string>();
        Assert.That(subject, Does.Match("^[0-9a-f]{24}$"));
        Assert.That(subject, Is.Not.EqualTo("P-fmt-0"));
    }

    [Test]
    public async Task A_result_longer_than_MaxRows_is_cut_and_flagged_in_every_format()
    {
        var sql = $"SELECT range AS n FROM range({MaxRows + 10})";
        var (_, json) = await QueryJsonAsync(sql);
        using var csv = await QueryAsync(sql, accept: "text/csv");
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.That(json["rowCount"]!.GetValue<long>(), Is.EqualTo(MaxRows));
        Assert.That(json["rows"]!.AsArray(), Has.Count.EqualTo(MaxRows));
        Assert.That(json["truncated"]!.GetValue<bool>(), Is.True);
        Assert.That(lines, Has.Length.EqualTo(MaxRows + 1));
        Assert.That(csv.Headers.GetValues("X-Bright-Truncated").Single(), Is.EqualTo("true"));
    }

    [Test]
    public async Task A_result_of_exactly_MaxRows_is_not_truncated()
    {
        var (_, json) = await QueryJsonAsync($"SELECT range AS n FROM range({MaxRows})");

        Assert.That(json["rowCount"]!.GetValue<long>(), Is.EqualTo(MaxRows));
        Assert.That(json["truncated"]!.GetValue<bool>(), Is.False);
    }

    [Test]
    public async Task A_query_past_the_timeout_is_stopped_and_answered_408_and_the_next_query_runs()
    {
        using var response = await QueryAsync("SELECT sum(a.range * b.range) FROM range(1000000000) a CROSS JOIN range(1000000000) b");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestTimeout));
        Assert.That(body["detail"]!.GetValue<string>(), Does.StartWith("The query ran for longer than 00:00:02 (Bright:Query:Timeout) and was stopped"));
        var (status, next) = await QueryJsonAsync("SELECT 42 AS answer");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(next["rows"]![0]![0]!.GetValue<long>(), Is.EqualTo(42));
    }

    [TestCase("Feed")]
    [TestCase("Operational")]
    [TestCase("Executive")]
    [TestCase("Wallboard")]
    public async Task Roles_other_than_analyst_and_administrator_are_forbidden(string role)
    {
        var token = Tokens.All.Single(t => t.Role == role).Token;

        using var response = await QueryAsync("SELECT 1", token: token);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain($"The token's role '{role}' may not use POST /api/query"));
    }

    [Test]
    public async Task Administrators_may_query_and_a_missing_token_is_unauthorised()
    {
        var (status, _) = await QueryJsonAsync("SELECT 1", token: Tokens.Administrator);
        using var anonymous = await QueryAsync("SELECT 1", token: null);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task An_analyst_limited_to_sites_sees_only_their_rows()
    {
        var (_, body) = await QueryJsonAsync("SELECT DISTINCT site FROM events ORDER BY site", token: AnalystSitesLimited);

        Assert.That(body["rows"]!.AsArray().Select(r => r![0]!.GetValue<string>()), Is.EqualTo(new[] { "REM" }));
    }

    [Test]
    public async Task Parameters_of_each_type_are_bound()
    {
        var (status, body) = await QueryJsonAsync("SELECT $s AS s, $n AS n, $x AS x, $b AS b, $z IS NULL AS z",
            new JsonObject { ["s"] = "RQ6", ["n"] = 7, ["x"] = 2.5, ["b"] = true, ["z"] = null });

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body["rows"]![0]!.ToJsonString(), Is.EqualTo("[\"RQ6\",7,2.5,true,true]"));
    }

    [TestCase("SELECT $site, $kind", "{\"site\":\"RQ6\"}", "parameters: $kind used in the SQL but not given.", TestName = "A_missing_parameter_is_named")]
    [TestCase("SELECT $site", "{\"site\":\"RQ6\",\"bogus\":1}", "parameters: bogus given but not used in the SQL.", TestName = "An_unknown_parameter_is_named")]
    [TestCase("SELECT $site", "{\"site\":{\"a\":1}}", "parameters.site: must be a string, number, boolean or null (was object).",
        TestName = "A_parameter_of_the_wrong_type_is_named")]
    [TestCase("SELECT $site", "[1]", "parameters: must be an object of names to values", TestName = "Parameters_that_are_not_an_object_are_refused")]
    public async Task Bad_parameters_are_refused_naming_them(string sql, string parameters, string expected)
    {
        using var response = await PostAsync("/api/query", new JsonObject { ["sql"] = sql, ["parameters"] = JsonNode.Parse(parameters) });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body["detail"]!.GetValue<string>(), Does.Contain(expected));
        Assert.That(body["field"]!.GetValue<string>(), Does.StartWith("parameters"));
    }

    [TestCase("not json at all", "The body is not valid JSON at line 1, byte 2;")]
    [TestCase("[]", "POST /api/query takes { \"sql\"")]
    [TestCase("{}", "sql: is required.")]
    [TestCase("{\"sql\": 42}", "sql: must be a string (was number).")]
    [TestCase("{\"sql\": \"   \"}", "sql: must not be empty.")]
    public async Task A_garbage_body_is_refused_saying_what_is_wrong(string body, string expected)
    {
        using var client = _server.Client(Tokens.Analyst);
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/api/query", UriKind.Relative), content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>(), Does.Contain(expected));
    }

    [Test]
    public async Task An_unsupported_Accept_is_answered_406_listing_the_formats()
    {
        using var response = await QueryAsync("SELECT 1", accept: "image/png");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotAcceptable));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("application/vnd.apache.parquet"));
    }

    [Test]
    public async Task The_answer_lags_the_live_store_by_at_most_the_snapshot_interval()
    {
        var before = Now.AddHours(-1);
        await IngestAsync(EventJson.Many("fresh", 2, Now));
        var posted = DateTimeOffset.Parse((await QueryJsonAsync("SELECT 1")).Body["snapshotAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);

        // The interval is 50 ms: a few queries later the snapshot has caught up with what was committed.
        JsonNode body;
        var attempts = 0;
        do
        {
            await Task.Delay(60);
            body = (await QueryJsonAsync("SELECT count(*) FROM events WHERE event_id LIKE 'fresh-%'")).Body;
        }
        while (body["rows"]![0]![0]!.GetValue<long>() < 2 && ++attempts < 100);

        Assert.That(body["rows"]![0]![0]!.GetValue<long>(), Is.EqualTo(2));
        Assert.That(DateTimeOffset.Parse(body["snapshotAt"]!.GetValue<string>(), CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(posted).And.GreaterThan(before));
    }
}
