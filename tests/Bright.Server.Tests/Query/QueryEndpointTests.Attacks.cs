using System.Net;
using System.Text.Json.Nodes;

namespace Bright.Server.Tests.Query;

public sealed partial class QueryEndpointTests
{
    private static IEnumerable<TestCaseData> EscapeAttempts()
    {
        var outside = Path.Combine(Path.GetTempPath(), "bright-query-escape-" + Guid.NewGuid().ToString("N"));
        yield return new TestCaseData("INSERT INTO events (event_id) VALUES ('x')", "INSERT statements are refused").SetName("Insert_is_refused");
        yield return new TestCaseData("UPDATE events SET site = 'XXX'", "UPDATE statements are refused").SetName("Update_is_refused");
        yield return new TestCaseData("DELETE FROM events", "DELETE statements are refused").SetName("Delete_is_refused");
        yield return new TestCaseData("CREATE TABLE stolen AS SELECT * FROM events", "CREATE statements are refused").SetName("Create_is_refused");
        yield return new TestCaseData("DROP TABLE events", "DROP statements are refused").SetName("Drop_is_refused");
        yield return new TestCaseData($"COPY events TO '{outside}.csv'", "COPY statements are refused").SetName("Copy_to_a_file_is_refused");
        yield return new TestCaseData($"ATTACH '{outside}.duckdb' AS other", "ATTACH statements are refused").SetName("Attach_is_refused");
        yield return new TestCaseData("INSTALL httpfs", "INSTALL statements are refused").SetName("Install_is_refused");
        yield return new TestCaseData("LOAD httpfs", "LOAD statements are refused").SetName("Load_is_refused");
        yield return new TestCaseData("SET enable_external_access = true", "SET statements are refused").SetName("Set_is_refused");
        yield return new TestCaseData("PRAGMA memory_limit = '100GB'", "PRAGMA statements are refused").SetName("Pragma_is_refused");
        yield return new TestCaseData($"EXPORT DATABASE '{outside}'", "EXPORT statements are refused").SetName("Export_database_is_refused");
        yield return new TestCaseData("SELECT 1; DROP TABLE events", "the text holds another statement after it.").SetName("A_second_statement_is_refused");
        yield return new TestCaseData("SELECT * FROM read_csv('/etc/passwd')",
            "Permission Error: Cannot access file \"/etc/passwd\" - file system operations are disabled by configuration").SetName("Reading_a_local_file_is_refused");
        yield return new TestCaseData("SELECT * FROM read_text('/proc/self/environ')",
            "Permission Error: Cannot access file \"/proc/self/environ\"").SetName("Reading_the_environment_is_refused");
        yield return new TestCaseData("SELECT * FROM glob('/etc/*')", "Permission Error: Cannot access file \"/etc/*\"").SetName("Listing_files_is_refused");
        yield return new TestCaseData("SELECT * FROM read_parquet('https://example.org/x.parquet')",
            "Permission Error: Cannot access file \"https://example.org/x.parquet\"").SetName("Reading_a_URL_is_refused");
        yield return new TestCaseData("SELECT * FROM query('SELECT * FROM read_csv(''/etc/passwd'')')", "Permission Error")
            .SetName("Reading_a_file_through_query_is_refused");
    }

    [TestCaseSource(nameof(EscapeAttempts))]
    public async Task Escapes_are_refused_with_a_message_and_the_store_is_untouched(string sql, string expected)
    {
        var events = LiveCount("SELECT count(*) FROM events");
        var tables = LiveCount("SELECT count(*) FROM duckdb_tables()");

        foreach (var accept in new[] { "application/json", "application/vnd.apache.parquet" })
        {
            using var response = await QueryAsync(sql, accept: accept);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), accept);
            Assert.That(body["detail"]!.GetValue<string>(), Does.Contain(expected), accept);
        }

        Assert.That(LiveCount("SELECT count(*) FROM events"), Is.EqualTo(events));
        Assert.That(LiveCount("SELECT count(*) FROM duckdb_tables()"), Is.EqualTo(tables));
        Assert.That(Directory.GetFiles(Path.GetTempPath(), "bright-query-escape-*"), Is.Empty);
    }

    [Test]
    public async Task A_Parquet_export_cannot_read_the_snapshot_folder()
    {
        var folder = _server.StorePath + ".query";

        using var response = await QueryAsync($"SELECT * FROM glob('{folder}/*')", accept: "application/vnd.apache.parquet");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Permission Error"));
    }

    [Test]
    public async Task A_syntax_error_gives_DuckDBs_message_and_its_line_and_column()
    {
        using var response = await QueryAsync("SELECT site\nFROM events\nWHERE");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body["detail"]!.GetValue<string>(), Is.EqualTo("Parser Error: syntax error at end of input at line 3, column 6."));
        Assert.That(body["line"]!.GetValue<int>(), Is.EqualTo(3));
        Assert.That(body["column"]!.GetValue<int>(), Is.EqualTo(6));
        Assert.That(body["field"]!.GetValue<string>(), Is.EqualTo("sql"));
    }

    [Test]
    public async Task An_unknown_column_gives_DuckDBs_message_at_the_analysts_line()
    {
        using var response = await QueryAsync("SELECT site\nFROM events WHERE nope = 1");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body["detail"]!.GetValue<string>(), Does.StartWith("Binder Error: Referenced column \"nope\" not found in FROM clause!"));
        Assert.That(body["detail"]!.GetValue<string>(), Does.Contain("LINE 2: FROM events WHERE nope = 1\n                          ^"));
        Assert.That((body["line"]!.GetValue<int>(), body["column"]!.GetValue<int>()), Is.EqualTo((2, 19)));
    }
}
