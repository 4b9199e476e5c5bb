using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Bright.Testing;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port, with AOF persistence in its own temporary folder and no
/// snapshots; killed (SIGKILL) on dispose. <see cref="Kill"/> then <see cref="StartAgainAsync"/> stop it and start it again on the same
/// port and data, as a crash and restart of the Redis host's process would.
/// </summary>
public sealed class RedisProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private readonly string _executable;
    private readonly TempFolder _folder;
    private Process? _process;

    private RedisProcess(string executable, TempFolder folder, int port)
    {
        _executable = executable;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The <c>Bright:Redis:Configuration</c> value for this server.</summary>
    public string Configuration => ConfigurationVia(Port);

    /// <summary>Where a proxy in front of this server forwards to (see <see cref="RoundRobinProxy"/>).</summary>
    public Uri Address => new($"http://127.0.0.1:{Port}/");

    /// <summary>The <c>Bright:Redis:Configuration</c> value reaching this server through a proxy listening on <paramref name="port"/>.</summary>
    public static string ConfigurationVia(int port) => $"127.0.0.1:{port},connectTimeout=2000,syncTimeout=5000,asyncTimeout=5000";

    public static async Task<RedisProcess> StartAsync()
    {
        var executable = await SystemPackages.EnsureAsync("/usr/bin/redis-server", "redis-server");
        var redis = new RedisProcess(executable, TempFolder.Create(), FreePort());
        await redis.LaunchAsync();
        return redis;
    }

    /// <summary>Kills the server outright (SIGKILL); what it acknowledged is only what its AOF already holds.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>Starts the server again on the same port and data folder.</summary>
    public Task StartAgainAsync() => LaunchAsync();

    /// <summary>Sends one command in RESP and returns the raw reply (for tests that look inside Redis).</summary>
    public async Task<string> CommandAsync(params string[] args)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port);
        var stream = client.GetStream();
        var request = new StringBuilder($"*{args.Length}\r\n");
        foreach (var arg in args)
        {
            request.Append(System.Globalization.CultureInfo.InvariantCulture, $"${Encoding.UTF8.GetByteCount(arg)}\r\n{arg}\r\n");
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()));
        var buffer = new byte[64 * 1024];
        var read = await stream.ReadAsync(buffer);
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _folder.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task LaunchAsync()
    {
        var info = new ProcessStartInfo(_executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "yes", "--appendfsync", "everysec", "--dir", _folder.Path, "--protected-mode", "no",
        })
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("Could not start redis-server.");
        var output = new StringBuilder();
        _process.OutputDataReceived += (_, e) => output.AppendLine(e.Data);
        _process.ErrorDataReceived += (_, e) => output.AppendLine(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with {_process.ExitCode}: {output}");
            }

            try
            {
                if ((await CommandAsync("PING")).StartsWith("+PONG", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (SocketException)
            {
                // Not listening yet (or still loading its AOF).
            }

            await Task.Delay(25);
        }

        Kill();
        throw new InvalidOperationException($"redis-server did not answer PING on port {Port} within {StartTimeout.TotalSeconds:F0} s: {output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
