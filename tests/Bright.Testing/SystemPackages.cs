using System.Diagnostics;
using NUnit.Framework;

namespace Bright.Testing;

/// <summary>
/// System programs the tests need (Debian's <c>chromium</c>, <c>redis-server</c>): installed with apt-get
/// when missing and the tests run as root; otherwise a clear message naming what to install. On CI
/// (<c>CI</c> set) a missing program fails the run; locally it makes the tests that need it ignored.
/// </summary>
public static class SystemPackages
{
    private static readonly SemaphoreSlim AptLock = new(1, 1);

    public static bool OnBuildServer => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    /// <summary>Makes sure <paramref name="executable"/> exists, installing <paramref name="packages"/> if it can.</summary>
    /// <returns>The executable's path.</returns>
    public static async Task<string> EnsureAsync(string executable, params string[] packages)
    {
        if (File.Exists(executable))
        {
            return executable;
        }

        await AptLock.WaitAsync();
        try
        {
            if (!File.Exists(executable) && Environment.UserName == "root" && File.Exists("/usr/bin/apt-get"))
            {
                TestContext.Progress.WriteLine($"Installing {string.Join(" ", packages)} with apt-get (needed by the tests)...");
                await RunAsync("apt-get", "update", "-qq");
                await RunAsync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", .. packages]);
            }
        }
        finally
        {
            AptLock.Release();
        }

        if (File.Exists(executable))
        {
            return executable;
        }

        var message = $"{executable} is missing. Install Debian's {string.Join(" ", packages)}: sudo apt-get install {string.Join(" ", packages)}";
        if (OnBuildServer)
        {
            Assert.Fail(message);
        }

        Assert.Ignore(message);
        return executable;
    }

    private static async Task RunAsync(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            TestContext.Progress.WriteLine($"{program} {string.Join(" ", args)} exited {process.ExitCode}: {await error}{await output}");
        }
    }
}
