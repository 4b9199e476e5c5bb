using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Bright.Store.Events;
using Bright.Testing;

namespace Bright.Server.Tests.Durability;

[TestFixture]
public sealed class KillDurabilityTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-11-26T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    [Test]
    public async Task A_killed_process_loses_no_acknowledged_event()
    {
        using var folder = TempFolder.Create();
        var storePath = Path.Combine(folder.Path, "bright.duckdb");
        var acknowledged = new ConcurrentBag<string>();
        using (var process = await ServerProcess.StartAsync(storePath, new Dictionary<string, string>
        {
            ["Bright:Auth:LocalTokens:0:Token"] = Tokens.Feed,
            ["Bright:Auth:LocalTokens:0:Role"] = "Feed",
        }))
        {
            using var client = new HttpClient { BaseAddress = process.Address, Timeout = TimeSpan.FromSeconds(30) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Feed);
            using var stop = new CancellationTokenSource();
            var batches = 0;

            // Four senders post batches until the process is killed under them.
            var senders = Enumerable.Range(0, 4).Select(sender => Task.Run(async () =>
            {
                for (var batch = 0; !stop.IsCancellationRequested; batch++)
                {
                    var ids = Enumerable.Range(0, 50).Select(i => $"kill-{sender}-{batch}-{i}").ToList();
                    var body = new JsonArray([.. ids.Select(id => (JsonNode)EventJson.Admission(id, At))]).ToJsonString();
                    try
                    {
                        using var content = new StringContent(body, Encoding.UTF8, "application/json");
                        using var response = await client.PostAsync(new Uri("/api/events", UriKind.Relative), content);
                        if (response.IsSuccessStatusCode)
                        {
                            ids.ForEach(acknowledged.Add);
                            Interlocked.Increment(ref batches);
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        return;
                    }
                }
            })).ToList();

            while (Volatile.Read(ref batches) < 60)
            {
                await Task.Delay(20);
            }

            process.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(senders);
        }

        await using var restarted = await TestServer.StartAsync(folder: folder);
        var stored = (await restarted.Get<EventReader>().ReadAsync(At.AddDays(-1), At.AddDays(1))).Select(e => e.EventId).ToList();

        Assert.That(acknowledged, Has.Count.GreaterThanOrEqualTo(60 * 50));
        Assert.That(stored, Is.Unique);
        Assert.That(acknowledged.Except(stored), Is.Empty, "every acknowledged event survives the kill");
    }
}
