using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bright.Store.Query;
using Bright.Testing;

namespace Bright.Server.Tests.Query;

public sealed partial class QueryEndpointTests
{
    private async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, string? body, string token = Tokens.Analyst)
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

    [Test]
    public async Task A_saved_query_is_created_read_run_with_overrides_changed_and_deleted()
    {
        var (created, saved) = await SendAsync(HttpMethod.Post, "/api/queries", """
            { "name": "Events by kind", "description": "Counts per kind", "sql": "SELECT count(*) AS n FROM events WHERE event_id LIKE $prefix",
              "parameters": { "prefix": "fmt-%" } }
            """);
        var id = saved!["id"]!.GetValue<long>();

        Assert.That(created, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(saved["owner"]!.GetValue<string>(), Is.EqualTo("analyst-4"));
        Assert.That((await SendAsync(HttpMethod.Get, $"/api/queries/{id}", null)).Body!["name"]!.GetValue<string>(), Is.EqualTo("Events by kind"));
        Assert.That((await SendAsync(HttpMethod.Get, "/api/queries", null)).Body!.AsArray().Select(q => q!["id"]!.GetValue<long>()), Has.Member(id));

        var (_, defaults) = await SendAsync(HttpMethod.Post, $"/api/queries/{id}/run", null);
        var (_, overridden) = await SendAsync(HttpMethod.Post, $"/api/queries/{id}/run", """{ "parameters": { "prefix": "rem-%" } }""");
        Assert.That(defaults!["rows"]![0]![0]!.GetValue<long>(), Is.EqualTo(5));
        Assert.That(overridden!["rows"]![0]![0]!.GetValue<long>(), Is.EqualTo(3));

        var (updated, changed) = await SendAsync(HttpMethod.Put, $"/api/queries/{id}", """
            { "name": "Renamed", "sql": "SELECT 1 AS one" }
            """);
        Assert.That(updated, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(changed!["name"]!.GetValue<string>(), Is.EqualTo("Renamed"));
        Assert.That(changed["description"], Is.Null);

        Assert.That((await SendAsync(HttpMethod.Delete, $"/api/queries/{id}", null)).Status, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await SendAsync(HttpMethod.Get, $"/api/queries/{id}", null)).Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await SendAsync(HttpMethod.Post, $"/api/queries/{id}/run", null)).Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Only_the_owner_or_an_administrator_changes_a_saved_query()
    {
        var (_, saved) = await SendAsync(HttpMethod.Post, "/api/queries", """{ "name": "Admin's", "sql": "SELECT 1" }""", Tokens.Administrator);
        var id = saved!["id"]!.GetValue<long>();

        var (status, problem) = await SendAsync(HttpMethod.Put, $"/api/queries/{id}", """{ "name": "Mine now", "sql": "SELECT 2" }""");
        var (deleteStatus, _) = await SendAsync(HttpMethod.Delete, $"/api/queries/{id}", null);

        Assert.That(status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(problem!["detail"]!.GetValue<string>(), Is.EqualTo($"Saved query {id} belongs to 'administrator-0'; only its owner or an administrator may change it."));
        Assert.That(deleteStatus, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await SendAsync(HttpMethod.Get, $"/api/queries/{id}", null)).Body!["name"]!.GetValue<string>(), Is.EqualTo("Admin's"));
    }

    [TestCase("""{ "sql": "SELECT 1" }""", "name: is required.", TestName = "A_saved_query_without_a_name_is_refused")]
    [TestCase("""{ "name": "x", "sql": "INSERT INTO events VALUES (1)" }""",
        "sql: Only one read-only statement may run: SELECT, WITH, VALUES, FROM, DESCRIBE or SUMMARIZE; INSERT statements are refused.",
        TestName = "A_saved_query_that_writes_is_refused")]
    [TestCase("""{ "name": "x", "sql": "SELECT $a", "parameters": { "b": 1 } }""", "parameters.b: not used in the SQL.",
        TestName = "A_saved_default_for_no_parameter_is_refused")]
    [TestCase("""{ "name": 5, "sql": "SELECT 1" }""", "name: must be a string (was number).", TestName = "A_saved_query_name_that_is_not_text_is_refused")]
    [TestCase("""{ "name": "x", "sql": "SELECT FROM WHERE" }""", "sql: Parser Error: syntax error at or near \"WHERE\" at line 1, column 13.",
        TestName = "A_saved_query_with_a_syntax_error_is_refused")]
    [TestCase("42", "a saved query is {", TestName = "A_saved_query_that_is_not_an_object_is_refused")]
    public async Task A_bad_saved_query_is_refused_naming_the_field(string body, string expected)
    {
        var (status, problem) = await SendAsync(HttpMethod.Post, "/api/queries", body);

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem!["detail"]!.GetValue<string>(), Does.Contain(expected));
    }

    [Test]
    public async Task Every_query_is_audited_with_who_what_and_the_outcome()
    {
        var marker = "audit-" + Guid.NewGuid().ToString("N");
        await QueryJsonAsync($"SELECT '{marker}' AS m, $n AS n", new JsonObject { ["n"] = 3 });
        await QueryJsonAsync($"SELECT '{marker}' FROM nowhere");

        var entries = (await _server.Get<QueryAuditStore>().RecentAsync(1000)).Where(e => e.Sql.Contains(marker, StringComparison.Ordinal)).ToList();

        var answered = entries.Single(e => e.Outcome == QueryOutcomeKind.Answered);
        Assert.That(answered.Who, Is.EqualTo("analyst-4"));
        Assert.That(answered.ParametersJson, Is.EqualTo("{\"n\":3}"));
        Assert.That(answered.RowCount, Is.EqualTo(1));
        Assert.That(answered.Truncated, Is.False);
        Assert.That(answered.Format, Is.EqualTo(QueryFormat.Json));
        Assert.That(answered.SnapshotAt, Is.Not.Null);
        var refused = entries.Single(e => e.Outcome == QueryOutcomeKind.Refused);
        Assert.That(refused.Error, Does.Contain("Table with name nowhere does not exist"));
    }

    [Test]
    public async Task The_audit_is_for_administrators()
    {
        Assert.That((await SendAsync(HttpMethod.Get, "/api/query/audit", null)).Status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await SendAsync(HttpMethod.Get, "/api/query/audit?limit=5", null, Tokens.Administrator)).Status, Is.EqualTo(HttpStatusCode.OK));
    }
}
