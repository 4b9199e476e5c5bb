using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Bright.Testing;

/// <summary>
/// A load balancer with no affinity, as small as it can be: a TCP proxy on 127.0.0.1 with a free port that sends each
/// accepted connection to the next of its backends in turn and pipes bytes both ways until either side closes. It
/// records, for each connection, the backend it went to and the first line the client sent (an HTTP request line), so
/// a test can tell which node served a negotiation, a WebSocket or a page. <see cref="Cut"/> and <see cref="Heal"/>
/// stand for the network between clients and backends failing and coming back.
/// </summary>
public sealed class RoundRobinProxy : IAsyncDisposable
{
    /// <summary>Connections open at once; the next ones are closed as soon as they are accepted.</summary>
    public const int MaxOpenConnections = 256;

    private const int BufferBytes = 16 * 1024;
    private readonly TcpListener _listener;
    private readonly IPEndPoint[] _backends;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<int, Task> _open = [];
    private readonly Dictionary<int, (CancellationTokenSource Stop, Socket Client)> _live = [];
    private volatile bool _cut;
    private readonly List<ProxiedConnection> _connections = [];
    private readonly Lock _lock = new();
    private readonly Task _accepting;

    private RoundRobinProxy(IPEndPoint[] backends)
    {
        _backends = backends;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    /// <summary>Where clients connect: <c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri Address { get; }

    /// <summary>Every connection accepted so far, in order.</summary>
    public IReadOnlyList<ProxiedConnection> Connections
    {
        get
        {
            lock (_lock)
            {
                return [.. _connections];
            }
        }
    }

    /// <summary>
    /// Starts a proxy in front of <paramref name="backends"/> (at least one, each on a loopback address, e.g. a
    /// <see cref="TestServer.Address"/>); connection 0 goes to backend 0, connection 1 to backend 1, and so on round.
    /// </summary>
    public static RoundRobinProxy Start(params Uri[] backends)
    {
        ArgumentNullException.ThrowIfNull(backends);
        if (backends.Length == 0)
        {
            throw new ArgumentException("A proxy needs at least one backend.", nameof(backends));
        }

        return new RoundRobinProxy([.. backends.Select(EndPointOf)]);
    }

    /// <summary>
    /// Cuts the link, as a firewall or a failed switch between the clients and the backends would: every open connection
    /// is reset, and connections made until <see cref="Heal"/> are closed as soon as they are accepted.
    /// </summary>
    public void Cut()
    {
        _cut = true;
        lock (_lock)
        {
            foreach (var (stop, client) in _live.Values)
            {
                client.LingerState = new LingerOption(true, 0); // a reset, not a polite close
                stop.Cancel();
            }
        }
    }

    /// <summary>Connections pass again.</summary>
    public void Heal() => _cut = false;

    /// <summary>Connections (in order) whose first line starts with <paramref name="prefix"/>, e.g. <c>GET /hubs/live?</c>.</summary>
    public IReadOnlyList<ProxiedConnection> Requests(string prefix) =>
        [.. Connections.Where(c => c.FirstLine?.StartsWith(prefix, StringComparison.Ordinal) == true)];

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] open;
        lock (_lock)
        {
            open = [.. _open.Values];
        }

        await Task.WhenAll(open);
        _stopping.Dispose();
    }

    private static IPEndPoint EndPointOf(Uri backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        if (!IPAddress.TryParse(backend.Host, out var address) || !IPAddress.IsLoopback(address))
        {
            throw new ArgumentException(
                $"Backend '{backend}' is not a loopback IP address; the proxy forwards only to 127.0.0.1 or [::1].", nameof(backend));
        }

        return new IPEndPoint(address, backend.Port);
    }

    private async Task AcceptAsync()
    {
        for (var number = 0; ; number++)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return; // stopped
            }

            var connection = new ProxiedConnection(number, number % _backends.Length);
            lock (_lock)
            {
                _connections.Add(connection);
                if (_open.Count >= MaxOpenConnections || _cut)
                {
                    connection.Refused = true;
                    client.Dispose();
                    continue;
                }

                var id = number;
                _open[id] = Task.Run(async () =>
                {
                    await ServeAsync(client, connection);
                    lock (_lock)
                    {
                        _open.Remove(id);
                    }
                });
            }
        }
    }

    private async Task ServeAsync(Socket client, ProxiedConnection connection)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        using var backend = new Socket(SocketType.Stream, ProtocolType.Tcp);
        lock (_lock)
        {
            _live[connection.Number] = (both, client);
        }

        try
        {
            await backend.ConnectAsync(_backends[connection.Backend], both.Token);
            await Task.WhenAll(PumpAsync(client, backend, connection, both), PumpAsync(backend, client, null, both));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // A peer reset its side, a backend was down, or the proxy is stopping: the connection ends, as it would
            // behind a real balancer; the client sees the close.
        }
        finally
        {
            lock (_lock)
            {
                _live.Remove(connection.Number);
            }

            client.Dispose();
        }
    }

    // One direction. At end of stream the other side is half-closed, so a peer that is still sending can finish; on
    // any failure both directions stop, since the other pump would otherwise wait on a socket nobody will close.
    private static async Task PumpAsync(Socket from, Socket to, ProxiedConnection? recordFirstLine, CancellationTokenSource both)
    {
        var buffer = new byte[BufferBytes];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, both.Token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                recordFirstLine?.Observe(buffer.AsSpan(0, read));
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, both.Token);
            }
        }
        catch
        {
            await both.CancelAsync();
            throw;
        }
    }
}

/// <summary>One connection through a <see cref="RoundRobinProxy"/>: its number, the backend it went to, and what the client sent first.</summary>
public sealed class ProxiedConnection(int number, int backend)
{
    private const int MaxLineBytes = 512;
    private readonly StringBuilder _line = new();
    private volatile string? _firstLine;
    private bool _lineDone;

    /// <summary>0 for the first connection accepted, then 1, 2 …</summary>
    public int Number { get; } = number;

    /// <summary>Index of the backend this connection went to, in the order the proxy was given them.</summary>
    public int Backend { get; } = backend;

    /// <summary>True when the proxy closed the connection at once: <see cref="RoundRobinProxy.MaxOpenConnections"/> were open, or the link was cut.</summary>
    public bool Refused { get; internal set; }

    /// <summary>The client's first line without its line ending (at most 512 bytes), or null before it has arrived.</summary>
    public string? FirstLine => _firstLine;

    public override string ToString() => $"#{Number} → backend {Backend}: {FirstLine ?? "(nothing yet)"}";

    internal void Observe(ReadOnlySpan<byte> bytes)
    {
        if (_lineDone)
        {
            return;
        }

        var end = bytes.IndexOf((byte)'\n');
        var take = end < 0 ? bytes : bytes[..end];
        take = take[..Math.Min(take.Length, MaxLineBytes - _line.Length)];
        _line.Append(Encoding.Latin1.GetString(take));
        if (end >= 0 || _line.Length >= MaxLineBytes)
        {
            _lineDone = true;
            _firstLine = _line.ToString().TrimEnd('\r');
        }
    }
}
