using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Bright.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Bright.Server.Tests.Live;

/// <summary>A real SignalR client on the live hub, recording every snapshot and delta it receives.</summary>
internal sealed class HubProbe : IAsyncDisposable
{
    private readonly Channel<HubMessage> _messages = Channel.CreateUnbounded<HubMessage>();

    private HubProbe(HubConnection connection) => Connection = connection;

    public HubConnection Connection { get; }

    /// <summary>
    /// Connects with the hub protocol named (<c>json</c>, what browsers use, or <c>messagepack</c>); a MessagePack payload is
    /// turned into the JSON document it stands for, so tests assert the same fields whichever protocol carried them.
    /// </summary>
    public static async Task<HubProbe> ConnectAsync(TestServer server, string? token, string protocol = HubProtocols.Json)
    {
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(server.Address, "/hubs/live"), o =>
            {
                if (token is not null)
                {
                    o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                }
            });
        var connection = protocol switch
        {
            HubProtocols.Json => builder.Build(),
            HubProtocols.MessagePack => builder.AddMessagePackProtocol().Build(),
            _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "Protocol should be json or messagepack"),
        };
        var probe = new HubProbe(connection);
        if (protocol == HubProtocols.Json)
        {
            connection.On<string, long, JsonElement>("snapshot", (t, v, d) => probe._messages.Writer.TryWrite(new HubMessage("snapshot", t, v, d)));
            connection.On<string, long, JsonElement>("delta", (t, v, d) => probe._messages.Writer.TryWrite(new HubMessage("delta", t, v, d)));
        }
        else
        {
            connection.On<string, long, object>("snapshot", (t, v, d) => probe._messages.Writer.TryWrite(new HubMessage("snapshot", t, v, MessagePackJson.ToJson(d))));
            connection.On<string, long, object>("delta", (t, v, d) => probe._messages.Writer.TryWrite(new HubMessage("delta", t, v, MessagePackJson.ToJson(d))));
        }

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

/// <summary>The names of the hub protocols the server offers, as SignalR's handshake spells them.</summary>
internal static class HubProtocols
{
    public const string Json = "json";
    public const string MessagePack = "messagepack";
}

/// <summary>What the .NET MessagePack client makes of a payload (maps, arrays, strings, numbers) as the JSON document it carries.</summary>
internal static class MessagePackJson
{
    public static JsonElement ToJson(object? data) => JsonSerializer.SerializeToElement(ToNode(data));

    private static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        IDictionary<object, object?> map => new JsonObject(map.Select(p => KeyValuePair.Create((string)p.Key, ToNode(p.Value)))),
        object?[] items => new JsonArray([.. items.Select(ToNode)]),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        double d => JsonValue.Create(d),
        float f => JsonValue.Create((double)f),
        _ => JsonValue.Create(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)),
    };
}

internal sealed record HubMessage(string Method, string Topic, long Version, JsonElement Data)
{
    public IEnumerable<JsonElement> Rows => Data.GetProperty("rows").EnumerateArray();

    public long AcceptedFor(string source, string site) => Rows
        .Where(r => r.GetProperty("source").GetString() == source && r.GetProperty("site").GetString() == site)
        .Select(r => r.GetProperty("acceptedToday").GetInt64())
        .FirstOrDefault();
}
