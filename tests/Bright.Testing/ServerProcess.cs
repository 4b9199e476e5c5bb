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

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

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

        return new ServerProcess(process, await address.Task);
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
