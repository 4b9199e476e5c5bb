using Bright.Testing;
using static Bright.Server.Tests.Live.LiveJson;

namespace Bright.Server.Tests.Live;

[TestFixture]
public sealed class LiveStateRestartTests
{
    [Test]
    public async Task State_rebuilt_after_a_restart_equals_the_state_before()
    {
        var folder = TempFolder.Create();
        var now = TimeProvider.System.GetUtcNow();
        var server = await TestServer.StartAsync(folder: folder);
        string[] before;
        try
        {
            await PostAsync(server,
                Event("r-bed-old", "BedStatusChanged", now.AddDays(-9), null, "RQ6/W7/B03", "blocked", attributes: ("reason", "maintenance")),
                Event("r-adm-old", "Admission", now.AddDays(-10), "P-r1", "RQ6/W1/B10"),
                Event("r-adm", "Admission", now.AddHours(-5), "P-r2", "RQ6/AMU/B02"),
                Event("r-trf", "Transfer", now.AddHours(-1), "P-r2", "RQ6/W2/B04", attributes: ("from", "RQ6/AMU/B02")),
                Event("r-adm3", "Admission", now.AddHours(-3), "P-r3", "RQ6/W6/B01"),
                Event("r-adm3x", "AdmissionCancelled", now.AddHours(-2), "P-r3", "RQ6/W6/B01", attributes: ("cancels", "Admission")),
                Event("r-ed", "EdArrival", now.AddMinutes(-90), "P-r4", "RQ6/ed/MAJORS"),
                Event("r-amb", "AmbulanceArrival", now.AddMinutes(-20), "P-r5", "RQ6/ed/MAJORS"),
                Event("r-ms", "TheatreMilestone", now.AddMinutes(-3), "P-r6", "RQ6/theatres/TH02", "left_theatre", attributes: ("caseId", "R-C1")));
            // Events older than the live window mark the state stale; it is rebuilt from the store once they stop.
            await UntilAsync(server, "/api/beds?site=RQ6", b => BedStatus(b, "W2", "B04") == "occupied" && BedStatus(b, "W1", "B10") == "occupied");
            before = await ViewsAsync(server);
        }
        finally
        {
            await server.StopAsync();
        }

        await using var restarted = await TestServer.StartAsync(folder: folder);
        var after = await ViewsAsync(restarted);

        Assert.That(after, Is.EqualTo(before));
        Assert.That(before[0], Does.Contain("\"code\":\"B10\",\"status\":\"occupied\""), "an encounter opened before the live window survives");
        Assert.That(before[0], Does.Contain("\"code\":\"B03\",\"status\":\"blocked\""), "a bed's latest status before the window survives");
    }

    private static async Task<string[]> ViewsAsync(TestServer server) =>
    [
        LiveStateEndpointTests.Normalise(await GetAsync(server, "/api/beds?site=RQ6")),
        LiveStateEndpointTests.Normalise(await GetAsync(server, "/api/ed?site=RQ6")),
        LiveStateEndpointTests.Normalise(await GetAsync(server, "/api/theatres?site=RQ6")),
    ];
}
