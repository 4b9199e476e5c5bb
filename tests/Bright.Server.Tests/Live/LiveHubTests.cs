using System.Diagnostics;
using System.Text;
using Bright.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Bright.Server.Tests.Live;

/// <summary>The hub's protocol, once over JSON (what browsers speak) and once over MessagePack: the same rules hold for both.</summary>
[TestFixture(HubProtocols.Json)]
[TestFixture(HubProtocols.MessagePack)]
public sealed class LiveHubTests(string protocol)
{
    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-11-26T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await TestServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private Task PostAsync(string source, string prefix, int count) => _server.PostAdmissionsAsync(source, prefix, count, At);

    [Test]
    public async Task Subscribing_gives_a_snapshot_then_deltas_with_consecutive_versions()
    {
        await using var probe = await HubProbe.ConnectAsync(_server, Tokens.Operational, protocol);
        await probe.Connection.InvokeAsync("Subscribe", new[] { "ingest" });
        var snapshot = await probe.NextAsync();

        await PostAsync("hub-consecutive", "cons-a", 3);
        var first = (await probe.UntilAsync(m => m.AcceptedFor("hub-consecutive", "RQ6") == 3)).Last();
        await PostAsync("hub-consecutive", "cons-b", 2);
        var deltas = await probe.UntilAsync(m => m.AcceptedFor("hub-consecutive", "RQ6") == 5);

        Assert.That(snapshot.Method, Is.EqualTo("snapshot"));
        Assert.That(snapshot.Topic, Is.EqualTo("ingest"));
        Assert.That(first.Method, Is.EqualTo("delta"));
        var versions = new[] { first }.Concat(deltas).Select(m => m.Version).ToList();
        Assert.That(versions, Is.Ordered.Ascending);
        Assert.That(versions.Zip(versions.Skip(1)).All(p => p.Second == p.First + 1), Is.True, "deltas must carry consecutive versions");
        Assert.That(first.Version, Is.GreaterThan(snapshot.Version));
    }

    [Test]
    public async Task Subscribing_again_after_a_gap_gives_a_fresh_snapshot_at_the_current_version()
    {
        await using var probe = await HubProbe.ConnectAsync(_server, Tokens.Operational, protocol);
        await probe.Connection.InvokeAsync("Subscribe", new[] { "ingest" });
        await probe.NextAsync();
        await PostAsync("hub-gap", "gap", 4);
        var delta = (await probe.UntilAsync(m => m.AcceptedFor("hub-gap", "RQ6") == 4)).Last();

        await probe.Connection.InvokeAsync("Subscribe", new[] { "ingest" });
        var resync = await probe.UntilAsync(m => m.Method == "snapshot");

        Assert.That(resync.Last().Version, Is.GreaterThanOrEqualTo(delta.Version));
        Assert.That(resync.Last().AcceptedFor("hub-gap", "RQ6"), Is.EqualTo(4));
    }

    [Test]
    public async Task A_reconnecting_client_gets_the_state_it_missed_in_its_snapshot()
    {
        await using (var before = await HubProbe.ConnectAsync(_server, Tokens.Operational, protocol))
        {
            await before.Connection.InvokeAsync("Subscribe", new[] { "ingest" });
            await before.NextAsync();
        }

        await PostAsync("hub-reconnect", "recon", 6);
        await using var after = await HubProbe.ConnectAsync(_server, Tokens.Operational, protocol);
        await after.Connection.InvokeAsync("Subscribe", new[] { "ingest" });
        var messages = await after.UntilAsync(m => m.AcceptedFor("hub-reconnect", "RQ6") == 6);

        Assert.That(messages[0].Method, Is.EqualTo("snapshot"));
    }

    [Test]
    public async Task Many_events_in_quick_succession_are_coalesced_into_few_deltas()
    {
        var interval = TimeSpan.FromMilliseconds(500);
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Bright:Live:PublishInterval"] = "00:00:00.500" });
        await using var probe = await HubProbe.ConnectAsync(server, Tokens.Operational, protocol);
        await probe.Connection.InvokeAsync("Subscribe", new[] { "ingest" });
        await probe.NextAsync();
        using var client = server.Client(Tokens.Feed);
        var clock = Stopwatch.StartNew();

        await Parallel.ForEachAsync(Enumerable.Range(0, 40), async (i, ct) =>
        {
            using var content = new StringContent(EventJson.Many($"coalesce-{i}", 1, At), Encoding.UTF8, "application/json");
            using var response = await client.PostAsync(new Uri("/api/events", UriKind.Relative), content, ct);
            response.EnsureSuccessStatusCode();
        });
        var deltas = await probe.UntilAsync(m => m.Rows.Sum(r => r.GetProperty("acceptedToday").GetInt64()) == 40);
        var elapsed = clock.Elapsed;

        // The publisher sends at most one delta per topic per interval, whatever the event rate.
        var mostPossible = (int)Math.Ceiling(elapsed / interval) + 1;
        Assert.That(deltas, Has.Count.LessThanOrEqualTo(mostPossible));
        Assert.That(deltas, Has.Count.LessThan(40));
    }

    [Test]
    public void An_unknown_topic_is_refused_naming_the_known_ones()
    {
        var error = Assert.ThrowsAsync<HubException>(async () =>
        {
            await using var probe = await HubProbe.ConnectAsync(_server, Tokens.Operational, protocol);
            await probe.Connection.InvokeAsync("Subscribe", new[] { "weather" });
        });

        Assert.That(error!.Message, Does.Contain("Unknown topic 'weather'. Known topics: alerts, beds:RBQ,")
            .And.Contain("ingest, kpi:").And.Contain("opel, theatres:RBQ, theatres:REM, theatres:REP, theatres:RQ6."));
    }

    [Test]
    public void A_wallboard_token_may_not_subscribe_beyond_its_dashboard()
    {
        var error = Assert.ThrowsAsync<HubException>(async () =>
        {
            await using var probe = await HubProbe.ConnectAsync(_server, Tokens.WallboardQueryOnly, protocol);
            await probe.Connection.InvokeAsync("Subscribe", new[] { "ingest" });
        });

        Assert.That(error!.Message, Does.Contain("A wallboard token may only subscribe to its own dashboard's topics ('query')"));
    }

    [Test]
    public async Task A_wallboard_token_may_subscribe_to_its_dashboards_topics()
    {
        await using var probe = await HubProbe.ConnectAsync(_server, Tokens.Wallboard, protocol);
        await probe.Connection.InvokeAsync("Subscribe", new[] { "ingest" });

        Assert.That((await probe.NextAsync()).Method, Is.EqualTo("snapshot"));
    }

    [Test]
    public void The_hub_refuses_a_connection_without_a_token()
    {
        Assert.ThrowsAsync<HttpRequestException>(async () => await HubProbe.ConnectAsync(_server, null, protocol));
    }
}
