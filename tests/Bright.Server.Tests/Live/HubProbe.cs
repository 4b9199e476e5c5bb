using System.Text.Json;
using System.Threading.Channels;
using Bright.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace Bright.Server.Tests.Live;

/// <summary>A real SignalR client on the live hub, recording every snapshot and delta it receives.</summary>
internal sealed class HubProbe : IAsyncDisposable
{
    private readonly Channel<HubMessage> _messages = Channel.CreateUnbounded<HubMessage>();

    private HubProbe(HubConnection connection) => Connection = connection;

    public HubConnection Connection { get; }

    public static async Task<HubProbe> ConnectAsync(TestServer server, string? token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.Address, "/hubs/live"), o =>
            {
                if (token is not null)
                {
                    o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                }
            })
            .Build();
        var probe = new HubProbe(connection);
        connection.On<string, long, JsonElement>("snapshot", (t, v, d) => probe._messages.Writer.TryWrite(new HubMessage("snapshot", t, v, d)));
        connection.On<string, long, JsonElement>("delta", (t, v, d) => probe._messages.Writer.TryWrite(new HubMessage("delta", t, v, d)));
        await connection.StartAsync();
        return probe;
    }

    /// <summary>The next message, waiting at most 20 seconds.</summary>
    public async Task<HubMessage> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await _messages.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Messages until one matches, waiting at most 20 seconds in all.</summary>
    public async Task<List<HubMessage>> UntilAsync(Func<HubMessage, bool> done)
    {
        var seen = new List<HubMessage>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var message = await _messages.Reader.ReadAsync(timeout.Token);
            seen.Add(message);
            if (done(message))
            {
                return seen;
            }
        }
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}

internal sealed record HubMessage(string Method, string Topic, long Version, JsonElement Data)
{
    public IEnumerable<JsonElement> Rows => Data.GetProperty("rows").EnumerateArray();

    public long AcceptedFor(string source, string site) => Rows
        .Where(r => r.GetProperty("source").GetString() == source && r.GetProperty("site").GetString() == site)
        .Select(r => r.GetProperty("acceptedToday").GetInt64())
        .FirstOrDefault();
}
