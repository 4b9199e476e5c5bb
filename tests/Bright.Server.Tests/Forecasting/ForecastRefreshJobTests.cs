using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bright.Server.Jobs;
using Bright.Server.Tests.Live;
using Bright.Store;
using Bright.Store.Forecasts;
using Bright.Testing;
using Dapper;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Bright.Server.Tests.Forecasting;

[TestFixture]
public sealed class ForecastRefreshJobTests
{
    private static readonly DateTimeOffset HistoryStart = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task The_hourly_refresh_forecasts_from_the_kept_model_with_new_data_stores_it_and_pushes_it_to_the_topic()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Error" });
        await UntilStartupRetrainDoneAsync(server);
        await PostAdmissionsAsync(server, 0, 49);
        using var client = server.Client(Tokens.Operational);
        var trained = await GetJsonAsync(client, "/api/forecasts/admissions:RQ6?horizon=7d");

        await using var probe = await HubProbe.ConnectAsync(server, Tokens.Operational);
        await probe.Connection.InvokeAsync("Subscribe", new[] { "forecast:admissions:RQ6" });
        var snapshot = (await probe.UntilAsync(m => m.Method == "snapshot" && m.Topic == "forecast:admissions:RQ6"))[^1];

        await PostAdmissionsAsync(server, 49, 3);
        using var scope = server.Services.CreateScope();
        var refreshed = await scope.ServiceProvider.GetRequiredService<ForecastRefreshJob>().RunAsync(CancellationToken.None);
        // The training's own change may still arrive as a delta before the refresh's; versions run on either way.
        var deltas = (await probe.UntilAsync(m => m.Method == "delta" && m.Topic == "forecast:admissions:RQ6" &&
            m.Data.GetProperty("forecast").GetProperty("refreshedAt").ValueKind == System.Text.Json.JsonValueKind.String))
            .Where(m => m.Topic == "forecast:admissions:RQ6").ToList();
        var delta = deltas[^1];
        var after = await GetJsonAsync(client, "/api/forecasts/admissions:RQ6?horizon=7d");
        Assert.Multiple(() =>
        {
            Assert.That(refreshed, Is.EqualTo(1));
            Assert.That(snapshot.Data.GetProperty("forecast").GetProperty("points")[0].GetProperty("time").GetString(), Is.EqualTo("2026-02-22"));
            Assert.That(trained["points"]![0]!["time"]!.GetValue<string>(), Is.EqualTo("2026-02-22"));
            // Three more days: the last complete day is now 24 February, so the forecast starts on the 25th.
            Assert.That(after["points"]![0]!["time"]!.GetValue<string>(), Is.EqualTo("2026-02-25"));
            Assert.That(after["trainedAt"]!.GetValue<string>(), Is.EqualTo(trained["trainedAt"]!.GetValue<string>()), "not retrained");
            Assert.That(after["refreshedAt"], Is.Not.Null);
            Assert.That(after["model"]!.GetValue<string>(), Is.EqualTo(trained["model"]!.GetValue<string>()));
            Assert.That(deltas.Select(d => d.Version), Is.EqualTo(Enumerable.Range(1, deltas.Count).Select(i => snapshot.Version + i)));
            Assert.That(delta.Data.GetProperty("forecast").GetProperty("points")[0].GetProperty("time").GetString(), Is.EqualTo("2026-02-25"));
        });
    }

    [Test]
    public async Task A_kept_model_that_cannot_be_used_is_logged_and_the_refresh_carries_on_without_throwing()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Critical" });
        await UntilStartupRetrainDoneAsync(server);
        await PostAdmissionsAsync(server, 0, 49);
        using var client = server.Client(Tokens.Operational);
        await GetJsonAsync(client, "/api/forecasts/admissions:RQ6?horizon=7d");
        using (var connection = server.Get<BrightStore>().OpenConnection())
        {
            // A model with no interval widths, and one for a series the catalogue does not know.
            await connection.ExecuteAsync("""
                INSERT INTO forecast_models VALUES ('admissions:REM', now(), '{"frequency":1,"horizon":7,"model":"seasonal_naive"}');
                INSERT INTO forecast_models VALUES ('nonsense:RQ6', now(), '{"frequency":1,"horizon":7,"model":"seasonal_naive"}');
                """);
        }

        using var scope = server.Services.CreateScope();
        var refreshed = await scope.ServiceProvider.GetRequiredService<ForecastRefreshJob>().RunAsync(CancellationToken.None);
        var stored = await server.Get<ForecastStore>().GetAsync("admissions:RQ6");
        Assert.Multiple(() =>
        {
            Assert.That(refreshed, Is.EqualTo(1));
            Assert.That(stored!.RefreshedAt, Is.Not.Null);
        });
    }

    [Test]
    public async Task An_administrator_retrains_every_series_on_demand_and_follows_its_progress()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Error" });
        await PostAdmissionsAsync(server, 0, 49);
        using var admin = server.Client(Tokens.Administrator);
        using var executive = server.Client(Tokens.Executive);
        using var refused = await executive.PostAsync(new Uri("/api/forecasts/retrain", UriKind.Relative), null);
        using var accepted = await admin.PostAsync(new Uri("/api/forecasts/retrain", UriKind.Relative), null);
        var queued = JsonNode.Parse(await accepted.Content.ReadAsStringAsync())!;
        var progress = queued;
        // The retrain the server queued at start-up (nothing was stored) may still be running, or finish first: follow this one.
        for (var polls = 0; !((string?)progress["state"] == "done" && (string?)progress["jobId"] == (string?)queued["jobId"]) && polls < 600; polls++)
        {
            await Task.Delay(100);
            progress = await GetJsonAsync(admin, "/api/forecasts/retrain");
        }

        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That((string?)queued["state"], Is.EqualTo("queued"), "the answer is this retrain's, whatever else is running");
            Assert.That((string?)queued["jobId"], Is.Not.Null.And.Not.Empty);
            Assert.That(progress["state"]!.GetValue<string>(), Is.EqualTo("done"));
            Assert.That(progress["jobId"]!.GetValue<string>(), Is.EqualTo(queued["jobId"]!.GetValue<string>()));
            // RQ6 has admissions only: admissions, occupancy and hourly occupancy are listed; 48 days train admissions 14 days
            // ahead and hourly occupancy 48 hours ahead (384 hours needed), but are too few for occupancy 42 days ahead (56 needed).
            Assert.That(progress["count"]!.GetValue<int>(), Is.EqualTo(3));
            Assert.That(progress["trained"]!.GetValue<int>(), Is.EqualTo(2));
        });
    }

    /// <summary>
    /// Waits for the retrain a server with no forecasts queues at start-up (on its empty store, so it trains nothing):
    /// run later, after a test's data, it would train further series and the refresh would find more models than the test made.
    /// </summary>
    private static async Task UntilStartupRetrainDoneAsync(TestServer server)
    {
        using var admin = server.Client(Tokens.Administrator);
        for (var polls = 0; polls < 600; polls++)
        {
            if ((string?)(await GetJsonAsync(admin, "/api/forecasts/retrain"))["state"] == "done")
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("The start-up retrain did not finish within 60 s.");
    }

    private static async Task PostAdmissionsAsync(TestServer server, int fromDay, int days)
    {
        var events = new JsonArray();
        for (var day = fromDay; day < fromDay + days; day++)
        {
            var date = HistoryStart.AddDays(day);
            var count = date.DayOfWeek switch { DayOfWeek.Monday => 9, DayOfWeek.Saturday or DayOfWeek.Sunday => 4, _ => 6 } + (day % 2);
            for (var i = 0; i < count; i++)
            {
                events.Add(new JsonObject
                {
                    ["eventId"] = $"rf-{day}-{i}",
                    ["occurredAt"] = date.AddHours(8 + i).ToString("O", CultureInfo.InvariantCulture),
                    ["site"] = "RQ6",
                    ["kind"] = "Admission",
                    ["subject"] = $"P-rf-{day}-{i}",
                    ["location"] = "RQ6/AMU/B01",
                    ["code"] = "acute medicine",
                    ["attributes"] = new JsonObject { ["admitMethod"] = "emergency_ed", ["ward"] = "AMU" },
                });
            }
        }

        using var feed = server.Client(Tokens.Feed);
        using var content = new StringContent(events.ToJsonString(), Encoding.UTF8, "application/json");
        using var posted = await feed.PostAsync(new Uri("/api/events", UriKind.Relative), content);
        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.OK), await posted.Content.ReadAsStringAsync());
    }

    private static async Task<JsonNode> GetJsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return JsonNode.Parse(text)!;
    }
}
