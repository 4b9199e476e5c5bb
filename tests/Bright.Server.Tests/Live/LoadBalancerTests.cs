using System.Text.Json;
using Bright.Testing;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Bright.Server.Tests.Live;

/// <summary>
/// Two nodes behind a round-robin balancer with no affinity (issue #10). Every node serves every topic from its own
/// state, so a hub connection works on whichever node it reaches, as long as all of it reaches the same one: a
/// WebSocket opened without negotiation always does; a negotiated connection does only when its negotiate request and
/// its WebSocket happen to land on the same node.
/// </summary>
[TestFixture]
public sealed class LoadBalancerTests
{
    private const int Connections = 6;
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

    [Test]
    public async Task WebSockets_without_negotiation_connect_every_time_and_both_nodes_serve_some()
    {
        await using var balancer = RoundRobinProxy.Start(_first.Address, _second.Address);

        for (var i = 0; i < Connections; i++)
        {
            await using var connection = Connect(balancer, skipNegotiation: true);
            var snapshot = SnapshotOf(connection, "opel");
            await connection.StartAsync();
            await connection.InvokeAsync("Subscribe", new[] { "opel" });

            Assert.That((await snapshot.WaitAsync(TimeSpan.FromSeconds(20))).ValueKind, Is.EqualTo(JsonValueKind.Object), $"connection {i}");
        }

        // The .NET client sends its token as a header, so the WebSocket's request line is "GET /hubs/live HTTP/1.1".
        var webSockets = balancer.Requests("GET /hubs/live ");
        Assert.That(webSockets, Has.Count.EqualTo(Connections), string.Join("\n", balancer.Connections));
        Assert.That(webSockets.Select(c => c.Backend).Distinct(), Is.EquivalentTo(new[] { 0, 1 }), "both nodes served a screen");
        Assert.That(balancer.Requests("POST /hubs/live/negotiate"), Is.Empty, "no connection negotiated");
    }

    [Test]
    public async Task Negotiated_WebSockets_fail_whenever_the_WebSocket_reaches_the_other_node()
    {
        // The first node weighted twice, so that some connections' two requests land on one node and some on both.
        var nodes = new[] { _first, _second, _first };
        await using var balancer = RoundRobinProxy.Start([.. nodes.Select(n => n.Address)]);
        var (split, together) = (0, 0);

        for (var i = 0; i < Connections; i++)
        {
            var before = balancer.Connections.Count;
            await using var connection = Connect(balancer, skipNegotiation: false);
            var snapshot = SnapshotOf(connection, "opel");
            var failure = await FailureOfStartAsync(connection);

            var attempt = balancer.Connections.Skip(before).ToList();
            var negotiate = attempt.Single(c => c.FirstLine!.StartsWith("POST /hubs/live/negotiate", StringComparison.Ordinal));
            var webSocket = attempt.Single(c => c.FirstLine!.StartsWith("GET /hubs/live?id=", StringComparison.Ordinal));
            if (nodes[negotiate.Backend] == nodes[webSocket.Backend])
            {
                together++;
                Assert.That(failure, Is.Null, $"connection {i}: negotiated and opened on the same node");
                await connection.InvokeAsync("Subscribe", new[] { "opel" });
                Assert.That((await snapshot.WaitAsync(TimeSpan.FromSeconds(20))).ValueKind, Is.EqualTo(JsonValueKind.Object));
                continue;
            }

            split++;
            Assert.That(failure, Is.EqualTo(
                "Unable to connect to the server with any of the available transports. " +
                "(WebSockets failed: The server returned status code '404' when status code '101' was expected.) " +
                "(ServerSentEvents failed: The transport is disabled by the client.) " +
                "(LongPolling failed: The transport is disabled by the client.)"),
                $"connection {i}: negotiated on backend {negotiate.Backend}, WebSocket on backend {webSocket.Backend}");
        }

        Assert.That((split, together), Is.EqualTo((4, 2)), string.Join("\n", balancer.Connections));
    }

    [Test]
    public void The_balancer_in_tests_forwards_only_to_loopback_addresses()
    {
        Assert.That(() => RoundRobinProxy.Start(new Uri("http://10.0.0.11:5080/")), Throws.ArgumentException.With.Message.EqualTo(
            "Backend 'http://10.0.0.11:5080/' is not a loopback IP address; the proxy forwards only to 127.0.0.1 or [::1]. (Parameter 'backend')"));
        Assert.That(() => RoundRobinProxy.Start(new Uri("http://localhost:5080/")), Throws.ArgumentException.With.Message.StartsWith(
            "Backend 'http://localhost:5080/' is not a loopback IP address"));
        Assert.That(() => RoundRobinProxy.Start(), Throws.ArgumentException.With.Message.EqualTo(
            "A proxy needs at least one backend. (Parameter 'backends')"));
    }

    private static HubConnection Connect(RoundRobinProxy balancer, bool skipNegotiation) => new HubConnectionBuilder()
        .WithUrl(new Uri(balancer.Address, "/hubs/live"), o =>
        {
            o.AccessTokenProvider = () => Task.FromResult<string?>(Tokens.Operational);
            o.SkipNegotiation = skipNegotiation;
            o.Transports = HttpTransportType.WebSockets;
        })
        .Build();

    private static Task<JsonElement> SnapshotOf(HubConnection connection, string topic)
    {
        var snapshot = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<string, long, JsonElement>("snapshot", (t, _, data) =>
        {
            if (t == topic)
            {
                snapshot.TrySetResult(data);
            }
        });
        return snapshot.Task;
    }

    private static async Task<string?> FailureOfStartAsync(HubConnection connection)
    {
        try
        {
            await connection.StartAsync();
            return null;
        }
        catch (Exception e) when (e is AggregateException or HttpRequestException or InvalidOperationException)
        {
            return e.Message;
        }
    }
}
