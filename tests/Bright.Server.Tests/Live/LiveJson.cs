using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Bright.Testing;

namespace Bright.Server.Tests.Live;

/// <summary>Canonical events as JSON for live-state tests, at times relative to now, and posting them.</summary>
internal static class LiveJson
{
    public static JsonObject Event(string id, string kind, DateTimeOffset at, string? subject, string? location, string? code = null,
        double? value = null, string site = "RQ6", params (string Key, string Value)[] attributes)
    {
        var e = new JsonObject
        {
            ["eventId"] = id,
            ["occurredAt"] = at.ToString("O", CultureInfo.InvariantCulture),
            ["site"] = site,
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

    public static string Iso(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    public static async Task PostAsync(TestServer server, params JsonNode[] events)
    {
        using var client = server.Client(Tokens.Feed);
        using var content = new StringContent(EventJson.Array(events), Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/api/events", UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, body);
        Assert.That(JsonNode.Parse(body)!["rejected"]!.AsArray(), Is.Empty, body);
    }

    public static async Task<JsonNode> GetAsync(TestServer server, string path, string token = Tokens.Operational)
    {
        using var client = server.Client(token);
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, body);
        return JsonNode.Parse(body)!;
    }

    public static string? BedStatus(JsonNode beds, string ward, string bed) => beds["wards"]!.AsArray()
        .Single(w => (string?)w!["code"] == ward)!["beds"]!.AsArray().Single(b => (string?)b!["code"] == bed)!["status"]!.GetValue<string>();

    /// <summary>Polls until <paramref name="done"/> holds (live state applies committed events asynchronously), at most 20 seconds.</summary>
    public static async Task<JsonNode> UntilAsync(TestServer server, string path, Func<JsonNode, bool> done, string token = Tokens.Operational)
    {
        var deadline = Environment.TickCount64 + 20_000;
        while (true)
        {
            var node = await GetAsync(server, path, token);
            if (done(node) || Environment.TickCount64 > deadline)
            {
                return node;
            }

            await Task.Delay(50);
        }
    }
}
