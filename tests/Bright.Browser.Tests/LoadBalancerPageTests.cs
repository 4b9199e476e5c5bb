using System.Globalization;
using System.Text.RegularExpressions;
using Bright.Testing;
using Microsoft.Playwright;
using static Bright.Browser.Tests.BrowserPages;

namespace Bright.Browser.Tests;

/// <summary>
/// The screens behind a round-robin balancer with no affinity over two nodes (issue #10): each opens its hub connection
/// as one WebSocket without negotiation, so it goes live on whichever node that WebSocket reaches.
/// </summary>
[TestFixture]
public sealed class LoadBalancerPageTests
{
    private const int Loads = 4;
    private static readonly LocatorAssertionsToHaveTextOptions Twenty = new() { Timeout = 20_000 };
    private TestServer _first = null!;
    private TestServer _second = null!;

    [OneTimeSetUp]
    public async Task StartNodes()
    {
        _first = await TestServer.StartAsync();
        _second = await TestServer.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopNodes()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    [TestCase("/wallboard/command-centre", Tokens.Wallboard, "[data-tile=beds] tr[data-site='RQ6'] [data-testid=free-now]", Description = "wallboard")]
    [TestCase("/wallboard/theatres?site=RQ6", Tokens.Wallboard, "[data-testid=utilisation]", Description = "trackboard")]
    [TestCase("/wallboard/beds?site=RQ6", Tokens.Operational, "[data-testid=free-now]", Description = "bed board")]
    [TestCase("/wallboard/executive", Tokens.Executive, "[data-testid=matrix] ~ p .chip, [data-testid=matrix] .chip", Description = "executive")]
    public async Task A_screen_goes_live_on_every_load_through_a_balancer_without_affinity(string path, string token, string shown)
    {
        await using var balancer = RoundRobinProxy.Start(_first.Address, _second.Address);
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        var page = await BrowserSetup.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        var requests = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Request += (_, request) => requests.Enqueue(request.Method + " " + request.Url);
        await page.GotoAsync(new Uri(balancer.Address, $"{path}{separator}access_token={token}").ToString());

        for (var load = 0; load < Loads; load++)
        {
            if (load > 0)
            {
                await page.ReloadAsync();
            }

            await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("live", Twenty);
            await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-route", "websocket");
            await Assertions.Expect(page.Locator(shown).First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        }

        await ScreenshotAsync(page, "balanced-" + path.Split('/', '?')[2]);
        await page.CloseAsync();
        var webSockets = balancer.Requests("GET /hubs/live?access_token=");
        Assert.That(webSockets, Has.Count.EqualTo(Loads), string.Join("\n", balancer.Connections));
        Assert.That(webSockets.Select(c => c.Backend).Distinct(), Is.EquivalentTo(new[] { 0, 1 }), "both nodes served the screen");
        Assert.That(requests, Has.None.Contains("/hubs/live/negotiate"), "no screen negotiated");
    }

    [Test]
    public async Task A_screen_whose_WebSockets_are_blocked_goes_live_negotiated_and_tries_a_WebSocket_first_again_after_a_loss()
    {
        var folder = TempFolder.Create();
        var server = await TestServer.StartAsync(folder: folder);
        var port = server.Address.Port;
        var blocked = true;
        var page = await BrowserSetup.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        // A proxy that refuses WebSockets: every one the page opens (straight, or after negotiating) is closed at once.
        await page.RouteWebSocketAsync(new Regex("/hubs/live"), ws =>
        {
            if (blocked)
            {
                _ = ws.CloseAsync(new() { Code = 1008, Reason = "WebSockets are blocked here" });
            }
            else
            {
                ws.ConnectToServer();
            }
        });
        await page.GotoAsync(new Uri(server.Address, $"/wallboard/command-centre?access_token={Tokens.Wallboard}").ToString());
        var freeNow = page.Locator("[data-tile=beds] tr[data-site='REM'] [data-testid=free-now]");

        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("live", Twenty);
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-route", "negotiated");
        await Assertions.Expect(freeNow).ToHaveTextAsync(new Regex("^\\d+$"), Twenty);
        var before = int.Parse(await freeNow.InnerTextAsync(), CultureInfo.InvariantCulture);
        await PostAsync(server, Event("lb-adm-1", "Admission", Ago(3), "P-lb-1", "REM/W21/B04"));
        await Assertions.Expect(freeNow).ToHaveTextAsync((before - 1).ToString(CultureInfo.InvariantCulture), Twenty);

        blocked = false;
        await server.StopAsync();
        await Assertions.Expect(page.Locator("#connection")).Not.ToHaveTextAsync("live", Twenty);
        await using var restarted = await TestServer.StartAsync(folder: folder, port: port);
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("live", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-route", "websocket");
        await PostAsync(restarted, Event("lb-adm-2", "Admission", Ago(2), "P-lb-2", "REM/W21/B05"));
        await Assertions.Expect(freeNow).ToHaveTextAsync((before - 2).ToString(CultureInfo.InvariantCulture), Twenty);
        await page.CloseAsync();
    }
}
