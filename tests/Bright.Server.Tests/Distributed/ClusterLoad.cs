using System.Collections.Concurrent;
using System.Net;

namespace Bright.Server.Tests.Distributed;

/// <summary>
/// Senders' bookkeeping under faults: which event ids were acknowledged, how many batches were acknowledged or refused
/// with 503 (never acknowledged), and any other answer, which no fault should cause. Thread-safe.
/// </summary>
internal sealed class ClusterLoad
{
    private int _batches;
    private int _refused;

    /// <summary>Every event id a node acknowledged.</summary>
    public ConcurrentBag<string> Acknowledged { get; } = [];

    /// <summary>Answers other than 200 and 503, as status and body.</summary>
    public ConcurrentBag<string> Unexpected { get; } = [];

    /// <summary>Batches acknowledged so far.</summary>
    public int Batches => Volatile.Read(ref _batches);

    /// <summary>Batches refused with 503 so far.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>Posts <paramref name="ids"/> as one batch from <paramref name="source"/> and books the answer; a 503 waits a moment before the next.</summary>
    /// <exception cref="HttpRequestException">The node did not answer (it is gone).</exception>
    public async Task SendAsync(HttpClient client, string source, IReadOnlyList<string> ids)
    {
        using var response = await Cluster.PostAsync(client, Cluster.Batch(source, ids));
        if (response.IsSuccessStatusCode)
        {
            foreach (var id in ids)
            {
                Acknowledged.Add(id);
            }

            Interlocked.Increment(ref _batches);
        }
        else if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            Interlocked.Increment(ref _refused);
            await Task.Delay(20);
        }
        else
        {
            Unexpected.Add($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Waits until at least <paramref name="atLeast"/> batches are acknowledged.</summary>
    public Task UntilBatchesAsync(int atLeast, string what) => Cluster.UntilAsync(() => Task.FromResult(Batches >= atLeast), what);

    /// <summary>Waits until at least <paramref name="atLeast"/> batches were refused.</summary>
    public Task UntilRefusedAsync(int atLeast, string what) => Cluster.UntilAsync(() => Task.FromResult(Refused >= atLeast), what);
}
