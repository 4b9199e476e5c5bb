using Bright.Testing;
using Microsoft.Playwright;
using static Bright.Browser.Tests.BrowserPages;

namespace Bright.Browser.Tests;

[TestFixture]
public sealed class KioskReconnectTests
{
    [Test]
    public async Task A_kiosk_reconnects_and_resnapshots_after_the_server_restarts()
    {
        var folder = TempFolder.Create();
        var server = await TestServer.StartAsync(folder: folder);
        var port = server.Address.Port;
        var page = await OpenAsync(new Uri(server.Address, $"/wallboard/command-centre?access_token={Tokens.Wallboard}"));
        var freeNow = page.Locator("[data-tile=beds] tr[data-site='REM'] [data-testid=free-now]");
        await Assertions.Expect(freeNow).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^\\d+$"), new() { Timeout = 20_000 });
        var before = int.Parse(await freeNow.InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);

        await server.StopAsync();
        await Assertions.Expect(page.Locator("#connection")).Not.ToHaveTextAsync("live", new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("[data-tile=beds] [data-testid=freshness]")).ToContainTextAsync("stale");
        await ScreenshotAsync(page, "kiosk-offline");

        await using var restarted = await TestServer.StartAsync(folder: folder, port: port);
        await PostAsync(restarted, Event("kiosk-adm-1", "Admission", Ago(3), "P-kiosk-1", "REM/W21/B04"));
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("live", new() { Timeout = 30_000 });
        await Assertions.Expect(freeNow).ToHaveTextAsync((before - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("[data-tile=beds] [data-testid=freshness]")).ToContainTextAsync("live");
        await page.CloseAsync();
    }
}
