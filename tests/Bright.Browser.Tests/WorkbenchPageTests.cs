using Bright.Testing;
using Microsoft.Playwright;

namespace Bright.Browser.Tests;

[TestFixture]
public sealed class WorkbenchPageTests
{
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _server = await TestServer.StartAsync();
        await BrowserPages.PostAsync(_server,
            BrowserPages.Event("wb-1", "EdArrival", BrowserPages.Ago(30), "WB1", "RQ6/ed/MAJORS", "walk_in"),
            BrowserPages.Event("wb-2", "EdArrival", BrowserPages.Ago(20), "WB2", "RQ6/ed/MAJORS", "ambulance"));
    }

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public async Task An_analyst_runs_sql_and_sees_the_answer_as_a_table()
    {
        var page = await BrowserPages.OpenAsync(new Uri(_server.Address, $"/wallboard/query?access_token={Tokens.Analyst}"));
        await page.FillAsync("#sql", "SELECT kind, count(*) AS n FROM events WHERE event_id LIKE 'wb-%' GROUP BY kind");
        await page.ClickAsync("#run");

        var table = page.Locator("[data-testid='result']");
        await Assertions.Expect(table.Locator("tbody tr td").First).ToHaveTextAsync("EdArrival", new() { Timeout = 30_000 });
        await Assertions.Expect(table.Locator("tbody tr td.num")).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("1 row in");
        await Assertions.Expect(page.Locator("#dictionary summary").First).ToBeVisibleAsync();
        await BrowserPages.ScreenshotAsync(page, "query-workbench");
        await page.CloseAsync();
    }

    [Test]
    public async Task A_query_that_writes_is_refused_with_the_reason_on_the_page()
    {
        var page = await BrowserPages.OpenAsync(new Uri(_server.Address, $"/wallboard/query?access_token={Tokens.Analyst}"));
        await page.FillAsync("#sql", "DELETE FROM events");
        await page.ClickAsync("#run");

        await Assertions.Expect(page.Locator("#status.error")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid='result']")).ToHaveCountAsync(0);
        await page.CloseAsync();
    }

    [Test]
    public async Task Bad_parameters_are_named_before_anything_is_sent()
    {
        var page = await BrowserPages.OpenAsync(new Uri(_server.Address, $"/wallboard/query?access_token={Tokens.Analyst}"));
        await page.FillAsync("#parameters", "[1, 2]");
        await page.ClickAsync("#run");

        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync(
            "Parameters: must be a JSON object. Write them as a JSON object, e.g. {\"site\": \"RQ6\"}.");
        await page.CloseAsync();
    }

    [Test]
    public async Task A_category_answer_is_charted_as_bars_with_one_series_per_numeric_column()
    {
        var page = await BrowserPages.OpenAsync(new Uri(_server.Address, $"/wallboard/query?access_token={Tokens.Analyst}"));
        await page.FillAsync("#sql", "SELECT code, count(*) AS arrivals, count(*) * 2 AS doubled FROM events WHERE event_id LIKE 'wb-%' GROUP BY code ORDER BY code");
        await page.ClickAsync("#run");

        var chart = page.Locator("[data-testid='chart']");
        await Assertions.Expect(chart.Locator("canvas")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-series", "2");
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-kind", "bar");
        await Assertions.Expect(chart.Locator(".u-legend .u-series")).ToHaveTextAsync(["arrivals", "doubled"]);
        await Assertions.Expect(page.Locator("#chart-x")).ToHaveValueAsync("0");
        await BrowserPages.ScreenshotAsync(page, "query-workbench-chart");

        await page.Locator("input[name='chart-y'][value='2']").UncheckAsync();

        await Assertions.Expect(chart).ToHaveAttributeAsync("data-series", "1");
        await Assertions.Expect(chart.Locator(".u-legend .u-series")).ToHaveTextAsync(["arrivals"]);
        await page.CloseAsync();
    }

    [Test]
    public async Task A_time_answer_is_charted_as_a_line_over_its_first_temporal_column()
    {
        var page = await BrowserPages.OpenAsync(new Uri(_server.Address, $"/wallboard/query?access_token={Tokens.Analyst}"));
        await page.FillAsync("#sql",
            "SELECT 'all' AS label, date_trunc('minute', occurred_at) AS minute, count(*) AS arrivals FROM events WHERE event_id LIKE 'wb-%' GROUP BY ALL");
        await page.ClickAsync("#run");

        var chart = page.Locator("[data-testid='chart']");
        await Assertions.Expect(chart.Locator("canvas")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-kind", "line");
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-series", "1");
        await Assertions.Expect(page.Locator("#chart-x")).ToHaveValueAsync("1");
        await page.CloseAsync();
    }

    [Test]
    public async Task An_answer_without_numbers_is_not_charted_and_says_why()
    {
        var page = await BrowserPages.OpenAsync(new Uri(_server.Address, $"/wallboard/query?access_token={Tokens.Analyst}"));
        await page.FillAsync("#sql", "SELECT event_id, kind FROM events WHERE event_id LIKE 'wb-%'");
        await page.ClickAsync("#run");

        await Assertions.Expect(page.Locator("#chart-controls")).ToHaveTextAsync(
            "Nothing to chart: the answer needs a numeric column besides its x column.", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid='chart'] canvas")).ToHaveCountAsync(0);
        await page.CloseAsync();
    }

    [Test]
    public async Task A_saved_query_is_pinned_as_a_query_tile_on_a_new_personal_dashboard()
    {
        using var client = _server.Client(Tokens.Analyst);
        var name = $"Arrivals by mode {Guid.NewGuid():N}"[..24];
        using var created = await client.PostAsync(new Uri("/api/queries", UriKind.Relative), new StringContent(
            $$"""{ "name": "{{name}}", "sql": "SELECT code, count(*) AS n FROM events WHERE event_id LIKE 'wb-%' GROUP BY code" }""",
            System.Text.Encoding.UTF8, "application/json"));
        var id = System.Text.Json.Nodes.JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<long>();
        var page = await BrowserPages.OpenAsync(new Uri(_server.Address, $"/wallboard/query?access_token={Tokens.Analyst}"));
        await Assertions.Expect(page.Locator("#pin")).ToBeDisabledAsync();

        await page.Locator($"#saved button[data-id='{id}']").ClickAsync(new() { Timeout = 30_000 });
        await page.Locator("#pin-dashboard").SelectOptionAsync("");
        await page.ClickAsync("#pin");

        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync($"Pinned “{name}”", new() { Timeout = 30_000 });
        var href = await page.Locator("[data-testid='open-pinned']").GetAttributeAsync("href");
        var dashboardId = Uri.UnescapeDataString(href!.Split('/')[2].Split('?')[0]);
        var detail = System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync(new Uri($"/api/dashboards/{dashboardId}", UriKind.Relative)))!;
        var tile = detail["dashboard"]!["tiles"]!.AsArray().Single()!;
        Assert.That(tile["type"]!.GetValue<string>(), Is.EqualTo("query"));
        Assert.That(tile["query"]!.GetValue<long>(), Is.EqualTo(id));
        await page.CloseAsync();
    }
}
