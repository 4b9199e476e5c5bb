using System.Net;
using System.Net.Sockets;
using Bright.Testing;

namespace Bright.Server.Tests.Distributed;

/// <summary>
/// A TCP link on 127.0.0.1 between one node and Redis that a test can cut and heal, standing for the network
/// between them: cut, every connection through it is reset and new ones are dropped as they arrive, as a firewall
/// between the node and Redis would; healed, connections pass again.
/// </summary>
internal sealed class RedisLink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _redisPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<TcpClient> _open = [];
    private readonly Task _accepting;
    private volatile bool _cut;

    private RedisLink(int redisPort)
    {
        _redisPort = redisPort;
        _listener.Start();
        _accepting = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>What a node's <c>Bright:Redis:Configuration</c> names to reach Redis through the link.</summary>
    public string Configuration => $"127.0.0.1:{Port},connectTimeout=2000,syncTimeout=5000,asyncTimeout=5000";

    public static RedisLink To(RedisProcess redis) => new(redis.Port);

    public void Cut()
    {
        _cut = true;
        lock (_gate)
        {
            foreach (var client in _open)
            {
                client.Client.LingerState = new LingerOption(true, 0); // reset, not a polite close
                client.Dispose();
            }

            _open.Clear();
        }
    }

    public void Heal() => _cut = false;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Cut();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient node;
            try
            {
                node = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (_cut)
            {
                node.Dispose();
                continue;
            }

            _ = Task.Run(() => RelayAsync(node));
        }
    }

    private async Task RelayAsync(TcpClient node)
    {
        using var redis = new TcpClient();
        try
        {
            await redis.ConnectAsync(IPAddress.Loopback, _redisPort, _stop.Token);
            lock (_gate)
            {
                _open.Add(node);
                _open.Add(redis);
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var one = node.GetStream().CopyToAsync(redis.GetStream(), stop.Token);
            var other = redis.GetStream().CopyToAsync(node.GetStream(), stop.Token);
            await Task.WhenAny(one, other);
            await stop.CancelAsync();
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The link was cut or one side closed: the other side closes with it.
        }
        finally
        {
            lock (_gate)
            {
                _open.Remove(node);
                _open.Remove(redis);
            }

            node.Dispose();
        }
    }
}
