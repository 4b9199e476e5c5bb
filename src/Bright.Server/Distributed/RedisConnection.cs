using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Bright.Server.Distributed;

/// <summary>
/// The node's one multiplexed connection to Redis, shared by the event log, its readers and Hangfire. It never
/// gives up: while Redis is away commands fail at once (rather than queue), so senders are told, and it
/// reconnects in the background.
/// </summary>
internal sealed class RedisConnection : IDisposable
{
    public RedisConnection(IOptions<RedisOptions> options)
    {
        var config = ConfigurationOptions.Parse(options.Value.Configuration);
        config.AbortOnConnectFail = false;
        config.BacklogPolicy = BacklogPolicy.FailFast;
        config.ClientName ??= "bright";
        Endpoints = string.Join(",", config.EndPoints.Select(e => e.ToString()));
        Multiplexer = ConnectionMultiplexer.Connect(config);
    }

    public IConnectionMultiplexer Multiplexer { get; }

    /// <summary>The hosts configured, for messages (never the password).</summary>
    public string Endpoints { get; }

    public bool IsConnected => Multiplexer.IsConnected;

    public IDatabase Database => Multiplexer.GetDatabase();

    public void Dispose() => Multiplexer.Dispose();
}
