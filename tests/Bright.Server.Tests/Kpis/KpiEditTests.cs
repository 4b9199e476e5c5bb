using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bright.Testing;

namespace Bright.Server.Tests.Kpis;

[TestFixture]
public sealed class KpiEditTests
{
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await TestServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private static JsonObject Definition(string sql = "SELECT CAST(occurred_at AS DATE) AS period, count(*) AS value FROM events GROUP BY 1") =>
        KpiDefinitions.Json("Events received", sql);

    private async Task<(HttpStatusCode Status, JsonNode? Body)> PutAsync(string id, string body, string token = Tokens.Administrator)
    {
        using var client = _server.Client(token);
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PutAsync(new Uri($"/api/kpis/{id}", UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private async Task<string> DetailOfPutAsync(JsonObject definition, string id = "events-received")
    {
        var (status, body) = await PutAsync(id, definition.ToJsonString());
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), body?.ToJsonString());
        return body!["detail"]!.GetValue<string>();
    }

    [Test]
    public async Task An_administrator_adds_a_KPI_and_it_is_listed_with_revision_1()
    {
        var (status, body) = await PutAsync("events-received-new", Definition().ToJsonString());

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body!["revision"]!.GetValue<int>(), Is.EqualTo(1));
        using var client = _server.Client(Tokens.Executive);
        var listed = JsonNode.Parse(await client.GetStringAsync(new Uri("/api/kpis", UriKind.Relative)))!.AsArray();
        Assert.That(listed.Select(k => k!["id"]!.GetValue<string>()), Does.Contain("events-received-new"));
    }

    [Test]
    public async Task Changing_a_shipped_KPI_raises_its_revision_and_keeps_its_targets_as_rows()
    {
        using var client = _server.Client(Tokens.Administrator);
        var current = JsonNode.Parse(await client.GetStringAsync(new Uri("/api/kpis/ed-4-hour", UriKind.Relative)))!.AsObject();
        current["owner"] = "Chief Operating Officer";

        var (status, body) = await PutAsync("ed-4-hour", current.ToJsonString());

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body!["revision"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(body["owner"]!.GetValue<string>(), Is.EqualTo("Chief Operating Officer"));
        Assert.That(body["targets"]!.AsArray(), Has.Count.EqualTo(4));
    }

    [Test]
    public async Task Only_administrators_may_edit_KPIs()
    {
        var (status, _) = await PutAsync("events-received", Definition().ToJsonString(), Tokens.Executive);

        Assert.That(status, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [TestCase("DELETE FROM events", "sql: must be a read-only SELECT (or WITH … SELECT) statement", TestName = "A_delete_is_refused")]
    [TestCase("SELECT 1 AS period, 2 AS value; DROP TABLE events", "sql: must be a read-only SELECT (or WITH … SELECT) statement",
        TestName = "A_second_statement_is_refused")]
    [TestCase("SELECT * FROM read_csv('/etc/passwd')", "sql: calls the table function 'read_csv'; only generate_series, range and unnest are allowed",
        TestName = "Reading_a_file_is_refused")]
    [TestCase("SELECT current_date AS period, 1.0 AS value FROM 'secrets.parquet'",
        "sql: reads 'secrets.parquet', which is not a table a KPI may read (readable: data_quality_flags, dead_letters, events, reference_wards)",
        TestName = "Reading_a_file_by_name_is_refused")]
    [TestCase("SELECT CAST(occurred_at AS DATE) AS day, count(*) AS value FROM events GROUP BY 1",
        "sql: must return the columns (period, value) or (period, numerator, denominator) (returned day Date, value BigInt)",
        TestName = "Wrong_column_names_are_refused")]
    [TestCase("SELECT kind AS period, count(*) AS value FROM events GROUP BY 1", "sql: column period must be a DATE or TIMESTAMP (was Varchar)",
        TestName = "A_text_period_is_refused")]
    [TestCase("SELECT CAST(occurred_at AS DATE) AS period, max(kind) AS value FROM events GROUP BY 1",
        "sql: column value must be a number such as DOUBLE (was Varchar)", TestName = "A_text_value_is_refused")]
    [TestCase("SELECT current_date AS period, count(*) AS value FROM settings",
        "sql: reads 'settings', which is not a table a KPI may read (readable: data_quality_flags, dead_letters, events, reference_wards)",
        TestName = "An_administrative_table_is_refused")]
    [TestCase("SELECT period, value FROM no_such_table",
        "sql: reads 'no_such_table', which is not a table a KPI may read (readable: data_quality_flags, dead_letters, events, reference_wards)",
        TestName = "An_unknown_table_is_refused")]
    [TestCase("SELEC 1", "sql: does not parse: syntax error at or near \"SELEC\"", TestName = "Unparseable_SQL_is_refused")]
    public async Task Bad_SQL_is_refused_naming_the_field(string sql, string expected)
    {
        Assert.That(await DetailOfPutAsync(Definition(sql)), Is.EqualTo(expected));
    }

    [Test]
    public async Task Every_bad_field_of_a_definition_is_named()
    {
        var definition = Definition();
        definition["unit"] = "furlongs";
        definition["chart"] = "pie";
        definition["frequency"] = "hourly";
        definition["improvementDirection"] = "up";
        definition["name"] = "";
        definition["benchmark"] = new JsonObject { ["label"] = "Range", ["lower"] = 5, ["upper"] = 1, ["source"] = "Local" };
        definition["targets"] = new JsonArray(
            new JsonObject { ["kind"] = "aspirational", ["comparator"] = "~", ["value"] = 1, ["effectiveFrom"] = "2024-04-01", ["source"] = "x" },
            new JsonObject
            {
                ["kind"] = "local",
                ["comparator"] = ">=",
                ["value"] = 1,
                ["effectiveFrom"] = "2024-04-01",
                ["effectiveTo"] = "2024-03-01",
                ["source"] = ""
            });

        Assert.That(await DetailOfPutAsync(definition), Is.EqualTo(string.Join("\n",
            "name: must not be empty",
            "unit: must be one of percent, count, minutes, hours, days (was \"furlongs\")",
            "improvementDirection: must be one of increase, decrease, neutral (was \"up\")",
            "chart: must be one of xmr, p, u, c (was \"pie\")",
            "frequency: must be one of daily, weekly, monthly (was \"hourly\")",
            "benchmark.lower: must not exceed benchmark.upper (was 5 > 1)",
            "targets[0].kind: must be one of constitutional, operational, local (was \"aspirational\")",
            "targets[0].comparator: must be one of >=, >, <=, <, = (was \"~\")",
            "targets[1].source: must not be empty",
            "targets[1].effectiveTo: must not be before effectiveFrom (was 2024-03-01 < 2024-04-01)")));
    }

    [Test]
    public async Task A_percent_target_must_be_a_proportion_and_targets_of_one_kind_must_not_overlap()
    {
        var definition = Definition("SELECT CAST(occurred_at AS DATE) AS period, count(*) AS numerator, count(*) AS denominator FROM events GROUP BY 1");
        definition["unit"] = "percent";
        definition["targets"] = new JsonArray(
            new JsonObject { ["kind"] = "operational", ["comparator"] = ">=", ["value"] = 95, ["effectiveFrom"] = "2024-04-01", ["source"] = "x" },
            new JsonObject { ["kind"] = "operational", ["comparator"] = ">=", ["value"] = 0.9, ["effectiveFrom"] = "2025-01-01", ["source"] = "x" });

        Assert.That(await DetailOfPutAsync(definition), Is.EqualTo(string.Join("\n",
            "targets[0].value: must be a proportion between 0 and 1 for a percent KPI, e.g. 0.95 (was 95)",
            "targets[1].effectiveFrom: overlaps targets[0], another operational target in force on the same days")));
    }

    [Test]
    public async Task A_p_chart_needs_a_numerator_and_denominator()
    {
        var definition = Definition();
        definition["chart"] = "p";

        Assert.That(await DetailOfPutAsync(definition), Is.EqualTo("sql: must return (period, numerator, denominator) for a p chart (returns (period, value))"));
    }

    [Test]
    public async Task An_id_in_the_body_must_match_the_address_and_be_kebab_case()
    {
        var definition = Definition();
        definition["id"] = "Other KPI";

        Assert.That(await DetailOfPutAsync(definition, "events-received"), Is.EqualTo(string.Join("\n",
            "id: must match the id in the address 'events-received' (was \"Other KPI\")",
            "id: must be lower-case words joined by hyphens, at most 64 characters, e.g. ed-4-hour (was \"Other KPI\")")));
    }

    [Test]
    public async Task A_date_that_is_not_a_date_is_named()
    {
        var definition = Definition();
        definition["targets"] = new JsonArray(new JsonObject { ["kind"] = "local", ["comparator"] = ">=", ["value"] = 1, ["effectiveFrom"] = "April" });

        var detail = await DetailOfPutAsync(definition);

        Assert.That(detail, Does.StartWith("targets[0].effectiveFrom: must be a date written yyyy-MM-dd (line 1, byte"));
    }
}
