using Bright.Testing;
using Microsoft.Playwright;

namespace Bright.Browser.Tests;

[TestFixture]
public sealed class WallboardPageTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-11-26T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await TestServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private Task PostAsync(string source, string prefix, int count) => _server.PostAdmissionsAsync(source, prefix, count, At);

    private static async Task<IPage> OpenAsync(Uri url)
    {
        var page = await BrowserSetup.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 900 } });
        await page.GotoAsync(url.ToString());
        return page;
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots", name + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, name);
    }

    [Test]
    public async Task The_wallboard_shows_ingest_figures_and_updates_them_live()
    {
        await PostAsync("browser-feed", "browser-a", 12);
        var page = await OpenAsync(new Uri(_server.Address, $"/wallboard/command-centre?access_token={Tokens.Wallboard}"));
        var row = page.Locator("tr[data-source='browser-feed'][data-site='RQ6'] [data-testid='accepted']");

        await Assertions.Expect(row).ToHaveTextAsync("12", new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("live");
        await PostAsync("browser-feed", "browser-b", 30);
        await Assertions.Expect(row).ToHaveTextAsync("42", new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("tr[data-source='browser-feed'] .badge")).ToHaveTextAsync("fresh");
        await ScreenshotAsync(page, "wallboard-command-centre");
        await page.CloseAsync();
    }

    [Test]
    public async Task A_wallboard_opened_without_a_token_says_how_to_open_it()
    {
        var page = await OpenAsync(new Uri(_server.Address, "/wallboard/command-centre"));

        await Assertions.Expect(page.Locator("#tiles")).ToContainTextAsync("This wallboard needs a token");
        await page.CloseAsync();
    }

    [Test]
    public async Task Signing_in_lists_the_dashboards_the_token_may_open()
    {
        var page = await OpenAsync(new Uri(_server.Address, "/"));
        await page.FillAsync("#token", Tokens.Operational);
        await page.ClickAsync("button[type=submit]");

        await Assertions.Expect(page.Locator("#message")).ToHaveTextAsync("Signed in as Operational.");
        await Assertions.Expect(page.Locator("[data-dashboard='command-centre']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-dashboard='query']")).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "sign-in");
        await page.CloseAsync();
    }

    [Test]
    public async Task Signing_in_with_a_wrong_token_says_why()
    {
        var page = await OpenAsync(new Uri(_server.Address, "/"));
        await page.FillAsync("#token", "nobody-knows-this-token");
        await page.ClickAsync("button[type=submit]");

        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("Sign-in failed: The bearer token is not known.");
        await page.CloseAsync();
    }
}
