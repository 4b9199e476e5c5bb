using System.Collections.Concurrent;

namespace Bright.Server.Distributed;

/// <summary>
/// Requests on this node waiting for their change to come back from the cluster's log and be applied here, so that
/// an administrator's answer shows what was stored (read your own writes). A change is named by an id the node puts
/// on its log entry before appending it, so its apply cannot overtake the wait. Thread-safe.
/// </summary>
internal sealed class AppliedChanges
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<object?>> _waiting = new();

    /// <summary>Starts waiting for change <paramref name="id"/>; the task completes with what applying it answered.</summary>
    public Task<object?> Expect(Guid id)
    {
        var applied = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[id] = applied;
        return applied.Task;
    }

    /// <summary>Change <paramref name="id"/> was applied here with <paramref name="result"/>; nothing when no request waits for it.</summary>
    public void Applied(Guid id, object? result)
    {
        if (_waiting.TryRemove(id, out var applied))
        {
            applied.TrySetResult(result);
        }
    }

    /// <summary>The request stops waiting (answered, timed out or cancelled).</summary>
    public void Forget(Guid id) => _waiting.TryRemove(id, out _);
}
