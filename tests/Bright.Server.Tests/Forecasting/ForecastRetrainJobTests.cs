using System.Net;
using System.Text.Json.Nodes;
using Bright.Server.Jobs;
using Bright.Server.Simulation;
using Bright.Store.Forecasts;
using Bright.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bright.Server.Tests.Forecasting;

[TestFixture]
public sealed class ForecastRetrainJobTests
{
    [Test]
    public async Task The_retrain_job_trains_every_simulated_series_with_history_enough_and_serves_them()
    {
        // Three weeks of the simulated trust: enough hours for ED arrivals and G&A occupancy 48 h ahead, too few days for
        // 14-day admissions.
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Bright:Simulator:Enabled"] = "true",
            ["Bright:Simulator:History"] = "21.00:00:00",
        });
        var feed = server.Get<SimulatorFeed>();
        for (var polls = 0; !feed.IsLive && polls < 3000; polls++)
        {
            await Task.Delay(200);
        }

        Assert.That(feed.IsLive, Is.True, "the simulator's three-week backfill never finished");

        using var scope = server.Services.CreateScope();
        var trained = await scope.ServiceProvider.GetRequiredService<ForecastRetrainJob>().RunAsync(null, CancellationToken.None);
        var stored = await server.Get<ForecastStore>().ListAsync();

        using var client = server.Client(Tokens.Executive);
        using var response = await client.GetAsync(new Uri("/api/forecasts/ed-arrivals:RQ6?horizon=48h", UriKind.Relative));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        using var tooShort = await client.GetAsync(new Uri("/api/forecasts/admissions:RQ6?horizon=14d", UriKind.Relative));
        var shortBody = JsonNode.Parse(await tooShort.Content.ReadAsStringAsync())!;
        Assert.Multiple(() =>
        {
            Assert.That(stored.Select(s => s.Series), Does.Contain("ed-arrivals:RQ6"));
            Assert.That(stored.Select(s => s.Series), Has.None.StartsWith("admissions:"));
            Assert.That(stored.Select(s => s.Series), Does.Contain("occupancy-hourly:RQ6"));
            Assert.That(trained, Is.EqualTo(stored.Count(s => s.Series.StartsWith("ed-arrivals:", StringComparison.Ordinal) ||
                s.Series.StartsWith("occupancy-hourly:", StringComparison.Ordinal))), "the hourly series have hours enough");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body["points"]!.AsArray(), Has.Count.EqualTo(48));
            Assert.That(body["points"]![0]!["time"]!.GetValue<string>(), Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:00:00\+0[01]:00$"));
            Assert.That(body["backtest"]!["mase"]!.GetValue<double>(), Is.GreaterThan(0));
            Assert.That(tooShort.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(shortBody["detail"]!.GetValue<string>(), Does.Match(
                @"^Series 'admissions:RQ6' has \d+ complete days of history; forecasting 14 ahead needs at least 28\.$"));
        });
    }
}
