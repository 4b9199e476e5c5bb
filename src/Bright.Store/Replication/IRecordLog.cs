using Bright.Store.DataQuality;
using Bright.Store.DeadLetters;
using Bright.Store.Fhir;
using Bright.Store.LiveHistory;

namespace Bright.Store.Replication;

/// <summary>
/// The shared durable log (distributed mode) for what the store keeps besides events: dead letters,
/// data-quality flags, alert acknowledgements and the FHIR Locations feeds send. With one registered, <see cref="DeadLetterStore.AddAsync"/>,
/// <see cref="DataQualityStore.AddAsync"/> and <see cref="LiveHistoryStore.WriteAcknowledgementAsync"/> append
/// here instead of writing the store, and every node (this one too) applies what it reads back through the
/// stores' <c>ApplyAsync</c> methods, keyed by the record's place in the log. Absent in the embedded mode.
/// </summary>
public interface IRecordLog
{
    /// <summary>Appends <paramref name="letters"/>; completes once the log has confirmed them.</summary>
    /// <exception cref="Events.StoreWriteException">The log is unreachable or refused the append.</exception>
    Task AppendDeadLettersAsync(IReadOnlyList<DeadLetter> letters, CancellationToken cancellationToken);

    /// <summary>Appends <paramref name="flags"/>; completes once the log has confirmed them.</summary>
    /// <exception cref="Events.StoreWriteException">The log is unreachable or refused the append.</exception>
    Task AppendDataQualityFlagsAsync(IReadOnlyList<DataQualityFlag> flags, CancellationToken cancellationToken);

    /// <summary>Appends <paramref name="acknowledgement"/>; completes once the log has confirmed it.</summary>
    /// <exception cref="Events.StoreWriteException">The log is unreachable or refused the append.</exception>
    Task AppendAcknowledgementAsync(AlertAcknowledgement acknowledgement, CancellationToken cancellationToken);

    /// <summary>
    /// Appends the outcome of replaying a dead letter; completes once the log has confirmed it and this node has
    /// applied it (<see cref="DeadLetterStore.ApplyReplayAsync"/>), so the node that replayed it reads the outcome at once.
    /// </summary>
    /// <exception cref="Events.StoreWriteException">The log is unreachable, refused the append, or this node did not apply it in time.</exception>
    Task AppendDeadLetterReplayAsync(DeadLetterReplayed replay, CancellationToken cancellationToken);

    /// <summary>
    /// Appends what FHIR Locations resolved to; completes once the log has confirmed them and this node has applied them
    /// (<see cref="FhirLocationStore.ApplyAsync"/>), so the feed's next request to this node finds them.
    /// </summary>
    /// <exception cref="Events.StoreWriteException">The log is unreachable, refused the append, or this node did not apply them in time.</exception>
    Task AppendFhirLocationsAsync(IReadOnlyList<FhirLocation> locations, CancellationToken cancellationToken);
}
