using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Bright.Store.Events;
using Bright.Testing;

namespace Bright.Server.Tests.Distributed;

/// <summary>Helpers for distributed tests: nodes on one Redis, events posted, waits for convergence.</summary>
internal static class Cluster
{
    public static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-11-26T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    public static Dictionary<string, string?> Settings(RedisProcess redis) => new()
    {
        ["Bright:Redis:Configuration"] = redis.Configuration,

        // Tests trim by calling the trimmer, so that its effect is known exactly.
        ["Bright:Redis:TrimInterval"] = "01:00:00",
    };

    public static Task<TestServer> NodeAsync(RedisProcess redis, TempFolder? folder = null) => TestServer.StartAsync(Settings(redis), folder);

    public static JsonObject Event(string id, string source, int second = 0)
    {
        var e = EventJson.Admission(id, At.AddSeconds(second));
        e["source"] = source;
        return e;
    }

    public static string Batch(string source, IEnumerable<string> ids) =>
        new JsonArray([.. ids.Select((id, i) => (JsonNode)Event(id, source, i))]).ToJsonString();

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await client.PostAsync(new Uri("/api/events", UriKind.Relative), content);
    }

    public static async Task<JsonObject> PostOkAsync(HttpClient client, string body)
    {
        using var response = await PostAsync(client, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>An HTTP client on a node started as a child process (<see cref="ServerProcess.Address"/>) with <paramref name="token"/>.</summary>
    public static HttpClient ClientOf(Uri address, string token)
    {
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The ids with <paramref name="prefix"/> a node at <paramref name="address"/> answers through its query API, repeats kept.</summary>
    public static async Task<List<string>> QueryIdsAsync(Uri address, string prefix)
    {
        using var client = ClientOf(address, Tokens.Analyst);
        var body = new JsonObject { ["sql"] = $"SELECT event_id FROM events WHERE starts_with(event_id, '{prefix}')" }.ToJsonString();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/api/query", UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return [.. JsonNode.Parse(text)!["rows"]!.AsArray().Select(r => r![0]!.GetValue<string>())];
    }

    /// <summary>The ids stored on <paramref name="node"/> with <paramref name="prefix"/>, repeats kept.</summary>
    public static async Task<List<string>> StoredAsync(TestServer node, string prefix) =>
        [.. (await node.Get<EventReader>().ReadAsync(At.AddDays(-1), At.AddDays(1)))
            .Select(e => e.EventId).Where(id => id.StartsWith(prefix, StringComparison.Ordinal))];

    /// <summary>Waits (at most 30 s) until <paramref name="done"/> holds, failing with <paramref name="what"/> otherwise.</summary>
    public static async Task UntilAsync(Func<Task<bool>> done, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await done())
        {
            if (timeout.IsCancellationRequested)
            {
                Assert.Fail($"Timed out after 30 s waiting until {what}.");
            }

            await Task.Delay(20);
        }
    }

    public static Task UntilStoredAsync(TestServer node, IReadOnlyCollection<string> ids, string prefix, string what) =>
        UntilAsync(async () => (await StoredAsync(node, prefix)).Intersect(ids).Count() == ids.Count, what);
}
