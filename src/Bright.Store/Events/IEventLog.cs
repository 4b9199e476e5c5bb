namespace Bright.Store.Events;

/// <summary>
/// A durable, shared log in front of the store (distributed mode): <see cref="EventWriter.WriteAsync"/> appends
/// new events here and answers the sender once the log holds them; every node then reads the log back and
/// applies it to its own store through <see cref="EventWriter.ApplyAsync"/>. Absent in the embedded mode,
/// where the store itself is the durable record.
/// </summary>
public interface IEventLog
{
    /// <summary>
    /// Appends <paramref name="events"/> and completes once the log has confirmed them. Called from the writer's
    /// single loop, never concurrently.
    /// </summary>
    /// <exception cref="StoreWriteException">The log is unreachable or refused the append; the sender must not be acknowledged.</exception>
    Task AppendAsync(IReadOnlyList<HospitalEvent> events, CancellationToken cancellationToken);
}
