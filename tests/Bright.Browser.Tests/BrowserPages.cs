using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Bright.Testing;
using Microsoft.Playwright;

namespace Bright.Browser.Tests;

/// <summary>Opening pages at a wallboard's size, saving screenshots as test attachments, and posting events.</summary>
internal static class BrowserPages
{
    public static async Task<IPage> OpenAsync(Uri url, int width = 1920, int height = 1080)
    {
        var page = await BrowserSetup.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        await page.GotoAsync(url.ToString());
        return page;
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots", name + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, name);
    }

    public static DateTimeOffset Ago(double minutes) => TimeProvider.System.GetUtcNow().AddMinutes(-minutes);

    public static string Iso(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    public static JsonObject Event(string id, string kind, DateTimeOffset at, string? subject, string location, string? code = null, double? value = null,
        params (string Key, string Value)[] attributes)
    {
        var e = new JsonObject
        {
            ["eventId"] = id,
            ["occurredAt"] = Iso(at),
            ["site"] = location.Split('/')[0],
            ["kind"] = kind,
            ["subject"] = subject,
            ["location"] = location,
            ["code"] = code,
        };
        if (value is { } v)
        {
            e["value"] = v;
        }

        if (attributes.Length > 0)
        {
            e["attributes"] = new JsonObject([.. attributes.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)a.Value))]);
        }

        return e;
    }

    public static async Task PostAsync(TestServer server, params JsonNode[] events)
    {
        using var client = server.Client(Tokens.Feed);
        using var content = new StringContent(new JsonArray([.. events]).ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/api/events", UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That((int?)JsonNode.Parse(body)!["rejected"]!.AsArray().Count, Is.Zero, body);
    }
}
