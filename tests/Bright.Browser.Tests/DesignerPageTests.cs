using Bright.Testing;
using Microsoft.Playwright;
using static Bright.Browser.Tests.BrowserPages;

namespace Bright.Browser.Tests;

[TestFixture]
public sealed class DesignerPageTests
{
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await TestServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private static async Task<IPage> SignedInAsync(TestServer server, string token, string path)
    {
        var page = await OpenAsync(new Uri(server.Address, "/"), 1600, 1000);
        await page.FillAsync("#token", token);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("Signed in");
        await page.GotoAsync(new Uri(server.Address, path).ToString());
        return page;
    }

    [Test]
    public async Task A_tailored_dashboard_is_saved_reloaded_and_opened_by_a_colleague()
    {
        var page = await SignedInAsync(_server, Tokens.Operational, "/designer");
        await page.FillAsync("[name=title]", "Winter surge RQ6");
        await page.SelectOptionAsync("[name=scope]", "situation");
        await page.FillAsync("[name=audience]", "winter surge");
        await page.SelectOptionAsync("[name=site]", "RQ6");
        await page.ClickAsync("text=+ OPEL: trust and sites");
        await page.ClickAsync("text=+ Beds: RQ6");
        await page.ClickAsync("text=+ Emergency department: RQ6");
        await page.ClickAsync("text=+ Live alerts");
        await ScreenshotAsync(page, "designer");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("[data-testid=message]")).ToContainTextAsync("Saved “Winter surge RQ6”.");

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#tiles li")).ToHaveCountAsync(4);
        Assert.That(await page.InputValueAsync("[name=id]"), Is.EqualTo("winter-surge-rq6"));
        await page.CloseAsync();

        var colleague = await SignedInAsync(_server, Tokens.Executive, "/");
        await Assertions.Expect(colleague.Locator("[data-dashboard='winter-surge-rq6']")).ToBeVisibleAsync();
        await colleague.ClickAsync("[data-dashboard='winter-surge-rq6']");
        await Assertions.Expect(colleague.Locator("#title")).ToHaveTextAsync("Winter surge RQ6");
        await Assertions.Expect(colleague.Locator("[data-tile=beds] tr[data-site='RQ6'] [data-testid=free-now]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(colleague.Locator("[data-tile=beds] tr[data-site='REM']")).ToHaveCountAsync(0);
        await ScreenshotAsync(colleague, "tailored-dashboard");
        await colleague.CloseAsync();
    }

    [Test]
    public async Task Saving_a_dashboard_without_tiles_says_which_field_is_wrong()
    {
        var page = await SignedInAsync(_server, Tokens.Operational, "/designer");
        await page.FillAsync("[name=title]", "Empty board");
        await page.ClickAsync("button[type=submit]");

        await Assertions.Expect(page.Locator("[data-testid=message]")).ToHaveTextAsync(
            "tiles: a dashboard needs 1 to 40 tiles, e.g. [{ \"type\": \"beds\", \"site\": \"RQ6\" }]");
        await page.CloseAsync();
    }
}
