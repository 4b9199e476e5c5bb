using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Bright.Testing;

/// <summary>
/// BRIGHT as a real child process (<c>dotnet bright.dll</c>), for tests that must kill it outright. Its
/// address is read from the start-up banner.
/// </summary>
public sealed partial class ServerProcess : IDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri address, int mllpPort)
    {
        _process = process;
        Address = address;
        MllpPort = mllpPort;
    }

    public Uri Address { get; }

    /// <summary>The MLLP listener's port on 127.0.0.1; 0 when it is off.</summary>
    public int MllpPort { get; }

    /// <summary>The pseudonymisation key of <see cref="StartWithMllpAsync"/>.</summary>
    public const string MllpPseudonymisationKey = "server-process-key-0123456789-abcdefghij";

    /// <summary>
    /// Starts BRIGHT with its MLLP listener on a free port of 127.0.0.1 and one feed profile: source
    /// <c>synthetic</c>, sending application <c>TEST</c>, default site <c>RQ6</c>.
    /// </summary>
    public static Task<ServerProcess> StartWithMllpAsync(string storePath, IDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
        {
            ["Bright:Mllp:Port"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Bright:Mllp:Feeds:0:Source"] = "synthetic",
            ["Bright:Mllp:Feeds:0:Owner"] = "BRIGHT tests",
            ["Bright:Mllp:Feeds:0:SendingApplication"] = "TEST",
            ["Bright:Mllp:Feeds:0:DefaultSite"] = "RQ6",
            ["Bright:Pseudonymisation:Key"] = MllpPseudonymisationKey,
            ["Bright:Pseudonymisation:KeyVersion"] = "p1",
        };
        return StartAsync(storePath, all);
    }

    // A port the system has just handed out and released; Kestrel binds it a moment later.
    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    public static async Task<ServerProcess> StartAsync(string storePath, IDictionary<string, string> settings)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "bright.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"bright.dll is not beside the tests ({AppContext.BaseDirectory}); reference Bright.Server from the test project.");
        }

        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls=http://127.0.0.1:0");
        info.ArgumentList.Add($"--Bright:Store:Path={storePath}");
        info.ArgumentList.Add("--Bright:Simulator:Enabled=false");
        info.ArgumentList.Add("--Bright:Mllp:Port=0");
        foreach (var (key, value) in settings)
        {
            info.ArgumentList.Add($"--{key}={value}");
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet.");
        var address = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null && Banner().Match(e.Data) is { Success: true } match)
            {
                address.TrySetResult(new Uri(match.Groups[1].Value));
            }
        };
        process.ErrorDataReceived += (_, e) => errors.AppendLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(address.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != address.Task)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"BRIGHT did not start within 60 s: {errors}");
        }

        var mllpPort = settings.TryGetValue("Bright:Mllp:Port", out var port) ? int.Parse(port, System.Globalization.CultureInfo.InvariantCulture) : 0;
        return new ServerProcess(process, await address.Task, mllpPort);
    }

    /// <summary>Kills the process at once (SIGKILL): no shutdown hooks, no flushing.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"BRIGHT is running on (http://\S+)")]
    private static partial Regex Banner();
}
