namespace Bright.Store.Events;

/// <summary>What the store did with one write request, known only once the accepted events are durable.</summary>
/// <param name="Accepted">Events newly committed.</param>
/// <param name="Duplicates">Events whose id was already stored (or repeated in the same request); nothing stored for them.</param>
public readonly record struct WriteResult(int Accepted, int Duplicates);
