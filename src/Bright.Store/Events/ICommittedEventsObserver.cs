
namespace Bright.Store.Events;

/// <summary>
/// Told of every group of events right after it is committed, in commit order, on the writer's loop.
/// Implementations must return quickly (hand the batch to their own queue): the writer waits for them.
/// </summary>
public interface ICommittedEventsObserver
{
    /// <summary>Called with the events of one committed group; the list is not reused after the call.</summary>
    void OnCommitted(IReadOnlyList<HospitalEvent> events);
}
