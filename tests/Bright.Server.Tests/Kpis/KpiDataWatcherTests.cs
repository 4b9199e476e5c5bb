using System.Text;
using System.Text.Json.Nodes;
using Bright.Core.Events;
using Bright.Server.Kpis;
using Bright.Server.Tests.Live;
using Bright.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace Bright.Server.Tests.Kpis;

[TestFixture]
public sealed class KpiDataWatcherTests
{
    [Test]
    public void A_KPI_depends_on_the_event_kinds_its_SQL_quotes()
    {
        var kinds = KpiDataWatcher.KindsRead("""
            SELECT d.period, count(*) FROM events a JOIN events d ON a.subject = d.subject
            WHERE a.kind = 'EdArrival' AND d.kind IN ('EdDeparture', 'Teleport') AND d.code = 'admitted' GROUP BY 1
            """);

        Assert.That(kinds, Is.EquivalentTo(new[] { EventKind.EdArrival, EventKind.EdDeparture }));
    }

    [Test]
    public async Task New_data_for_a_KPI_recomputes_its_SPC_and_pushes_it_to_its_topic()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Bright:Spc:RecomputeDelay"] = "00:00:01" });
        await using var probe = await HubProbe.ConnectAsync(server, Tokens.Executive);
        await probe.Connection.InvokeAsync("Subscribe", new[] { "kpi:ed-4-hour" });
        var snapshot = await probe.NextAsync();
        var events = new JsonArray();
        for (var day = 0; day < 5; day++)
        {
            var arrival = new DateTimeOffset(2026, 11, 16, 9, 0, 0, TimeSpan.Zero).AddDays(day);
            events.Add(Event($"w-arr-{day}", "EdArrival", arrival, $"S{day}"));
            events.Add(Event($"w-dep-{day}", "EdDeparture", arrival.AddHours(day % 2 == 0 ? 2 : 5), $"S{day}"));
        }

        using var client = server.Client(Tokens.Feed);
        using var content = new StringContent(events.ToJsonString(), Encoding.UTF8, "application/json");
        (await client.PostAsync(new Uri("/api/events", UriKind.Relative), content)).EnsureSuccessStatusCode();

        var delta = (await probe.UntilAsync(m => m.Method == "delta" && m.Topic == "kpi:ed-4-hour"))[^1];
        Assert.That(snapshot.Method, Is.EqualTo("snapshot"));
        Assert.That(delta.Data.GetProperty("latestValue").GetDouble(), Is.EqualTo(0.6).Within(1e-9), "3 of 5 within four hours, in one week");
    }

    private static JsonObject Event(string id, string kind, DateTimeOffset at, string subject) => new()
    {
        ["eventId"] = id,
        ["occurredAt"] = at.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["site"] = "RQ6",
        ["kind"] = kind,
        ["subject"] = subject,
        ["location"] = "RQ6/ed/MAJORS",
        ["code"] = kind == "EdDeparture" ? "discharged" : "walk_in",
    };
}
