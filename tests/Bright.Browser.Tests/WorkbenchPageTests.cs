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
}
