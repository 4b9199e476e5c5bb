using System.Diagnostics;
using Bright.Testing;
using Microsoft.Playwright;
using static Bright.Browser.Tests.BrowserPages;

namespace Bright.Browser.Tests;

/// <summary>Every screen against a real server: events posted over HTTP show on the page through the hub.</summary>
[TestFixture]
public sealed class DashboardPageTests
{
    private static readonly LocatorAssertionsToHaveTextOptions TwoSeconds = new() { Timeout = 2_000 };
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await TestServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private Uri Url(string path) => new(_server.Address, path);

    [Test]
    public async Task The_command_centre_shows_beds_and_an_alert_within_two_seconds_of_the_event_and_reports_its_weight()
    {
        var page = await BrowserSetup.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        var responses = new System.Collections.Concurrent.ConcurrentQueue<IResponse>();
        page.Response += (_, response) => responses.Enqueue(response); // bodies are read later: awaiting here would block Playwright's dispatcher
        var clock = Stopwatch.StartNew();
        await page.GotoAsync(Url($"/wallboard/command-centre?access_token={Tokens.Wallboard}").ToString());
        var freeNow = page.Locator("[data-tile=beds] tr[data-site='RQ6'] [data-testid=free-now]");
        await Assertions.Expect(freeNow).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^\\d+$"), new() { Timeout = 20_000 });
        var firstLive = clock.Elapsed;
        long bytes = 0;
        foreach (var response in responses.Where(r => r.Url.Contains("/app/", StringComparison.Ordinal) || r.Url.Contains("/wallboard/", StringComparison.Ordinal)))
        {
            bytes += (await response.BodyAsync()).Length;
        }

        TestContext.Out.WriteLine($"wallboard page weight: {bytes:N0} bytes of HTML, JS and CSS; time to first live data: {firstLive.TotalMilliseconds:N0} ms");

        var before = int.Parse(await freeNow.InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        await PostAsync(_server, Event("cc-adm-1", "Admission", Ago(5), "P-cc-1", "RQ6/W2/B03"));
        await Assertions.Expect(freeNow).ToHaveTextAsync((before - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), TwoSeconds);

        await PostAsync(_server, Event("cc-amb-1", "AmbulanceArrival", Ago(45), "P-cc-amb", "RQ6/ed/RESUS"));
        await Assertions.Expect(page.Locator("[data-tile=alerts] [data-alert='handover_over_30']").First).ToBeVisibleAsync(new() { Timeout = 2_000 });
        await Assertions.Expect(page.Locator("[data-tile=opel] [data-testid=opel-trust]")).ToContainTextAsync("OPEL");
        Assert.That(await page.ContentAsync(), Does.Not.Contain("P-cc-1").And.Not.Contain("P-cc-amb"), "no subject key on a wallboard");
        await ScreenshotAsync(page, "wallboard-command-centre");
        await page.CloseAsync();
    }

    [Test]
    public async Task The_trackboard_calls_a_room_to_clean_within_two_seconds_of_anaesthesia_end()
    {
        var start = Ago(90);
        var page = await OpenAsync(Url($"/wallboard/theatres?site=RQ6&access_token={Tokens.Wallboard}"));
        await Assertions.Expect(page.Locator("[data-testid=utilisation]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await PostAsync(_server,
            Event("tb-list", "TheatreListPlanned", Ago(3000), null, "RQ6/theatres/TH03", "trauma", 240,
                ("listId", "TB-L1"), ("session", "AM"), ("start", Iso(start)), ("end", Iso(start.AddHours(4)))),
            Event("tb-case-1", "CaseScheduled", Ago(2000), "P-tb-1", "RQ6/theatres/TH03", "trauma", 60,
                ("listId", "TB-L1"), ("caseId", "TB-C1"), ("procedure", "Hip hemiarthroplasty"), ("plannedStart", Iso(start))),
            Event("tb-case-2", "CaseScheduled", Ago(2000), "P-tb-2", "RQ6/theatres/TH03", "trauma", 90,
                ("listId", "TB-L1"), ("caseId", "TB-C2"), ("procedure", "Ankle ORIF"), ("plannedStart", Iso(start.AddHours(1.5)))),
            Event("tb-m1", "TheatreMilestone", start.AddMinutes(5), "P-tb-1", "RQ6/theatres/TH03", "in_theatre", null, ("caseId", "TB-C1")),
            Event("tb-m2", "TheatreMilestone", start.AddMinutes(15), "P-tb-1", "RQ6/theatres/TH03", "knife_to_skin", null, ("caseId", "TB-C1")));
        var room = page.Locator("[data-room='TH03']");
        await Assertions.Expect(room.Locator("[data-testid=room-status]")).ToHaveTextAsync("● In use", new() { Timeout = 5_000 });
        await Assertions.Expect(room.Locator("[data-testid=procedure]")).ToHaveTextAsync("Hip hemiarthroplasty");

        await PostAsync(_server,
            Event("tb-m3", "TheatreMilestone", Ago(2), "P-tb-1", "RQ6/theatres/TH03", "closure", null, ("caseId", "TB-C1")),
            Event("tb-m4", "TheatreMilestone", Ago(1), "P-tb-1", "RQ6/theatres/TH03", "anaesthesia_end", null, ("caseId", "TB-C1")));
        await Assertions.Expect(room.Locator("[data-testid=room-status]")).ToHaveTextAsync(
            new System.Text.RegularExpressions.Regex("(Prepare|Ready) to clean"), new() { Timeout = 2_000 });
        await Assertions.Expect(room.Locator("[data-testid=clean-callout]")).ToBeVisibleAsync();
        var clock = await room.Locator(".clock-run").InnerTextAsync();
        await Assertions.Expect(room.Locator(".clock-run")).Not.ToHaveTextAsync(clock, new() { Timeout = 3_000 });
        Assert.That(await page.ContentAsync(), Does.Not.Contain("P-tb-1"));
        await ScreenshotAsync(page, "trackboard");
        await page.CloseAsync();
    }

    [Test]
    public async Task The_bed_board_drills_from_site_to_ward_to_bed()
    {
        await PostAsync(_server, Event("bb-adm-1", "Admission", Ago(60 * 24 * 9), "P-bb-1", "RQ6/W4/B02"),
            Event("bb-adm-2", "Admission", Ago(30), "P-bb-2", "RQ6/W4/B03"),
            Event("bb-clean", "BedStatusChanged", Ago(20), null, "RQ6/W4/B05", "to_clean"));
        var page = await OpenAsync(Url($"/wallboard/beds?site=RQ6&access_token={Tokens.Operational}"));
        await Assertions.Expect(page.Locator("[data-testid=free-now]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("[data-testid=cleaning-item]").Filter(new() { HasText = "W4 B05" })).ToBeVisibleAsync(new() { Timeout = 5_000 });
        await ScreenshotAsync(page, "bed-board-site");

        await page.ClickAsync("[data-ward='W4']");
        await Assertions.Expect(page.Locator("[data-bed='B02'] .bed-status")).ToHaveTextAsync("● Occupied");
        await Assertions.Expect(page.Locator("[data-bed='B02'] .los")).ToHaveTextAsync("◆ 7+ d");
        await Assertions.Expect(page.Locator("[data-bed='B05'] .bed-status")).ToHaveTextAsync("▲ To clean");
        await ScreenshotAsync(page, "bed-board-ward");
        await page.CloseAsync();
    }

    [Test]
    public async Task The_executive_view_places_every_kpi_in_the_matrix_and_opens_one()
    {
        var page = await OpenAsync(Url($"/wallboard/executive?access_token={Tokens.Executive}"));
        var chips = page.Locator("[data-testid=matrix] ~ p .chip, [data-testid=matrix] .chip");
        await Assertions.Expect(chips.First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await ScreenshotAsync(page, "executive-spc-matrix");

        await chips.First.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=kpi-title]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=forecast-state]")).ToHaveTextAsync("no forecast yet");
        await ScreenshotAsync(page, "executive-spc-kpi");
        await page.CloseAsync();
    }

    [Test]
    public async Task A_wallboard_token_is_refused_a_dashboard_it_is_not_bound_to()
    {
        var page = await OpenAsync(Url($"/wallboard/command-centre?access_token={Tokens.WallboardQueryOnly}"));

        await Assertions.Expect(page.Locator("[data-testid=refused]")).ToHaveTextAsync(
            "This dashboard cannot be opened: There is no dashboard 'command-centre' that this token may open; GET /api/dashboards lists them.");
        await page.CloseAsync();
    }
}
