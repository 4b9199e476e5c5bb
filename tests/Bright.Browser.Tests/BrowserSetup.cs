using Bright.Testing;
using Microsoft.Playwright;

namespace Bright.Browser.Tests;

/// <summary>One Chromium (Debian's, never a downloaded build) for the whole assembly.</summary>
[SetUpFixture]
public sealed class BrowserSetup
{
    private static IPlaywright? _playwright;

    public static IBrowser Browser { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartChromium()
    {
        var chromium = await SystemPackages.EnsureAsync("/usr/bin/chromium", "chromium", "fonts-dejavu-core");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            // No sandbox as root; no background networking, which this machine's closed network refuses.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    [OneTimeTearDown]
    public async Task StopChromium()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
