using System.Collections.Frozen;

namespace Bright.Core.Events;

/// <summary>
/// The one shape every feed becomes (DESIGN.md, "The canonical event"). Immutable and safe to share
/// between threads.
/// </summary>
public sealed record HospitalEvent
{
    /// <summary>An empty attribute map, shared.</summary>
    public static readonly IReadOnlyDictionary<string, string> NoAttributes = FrozenDictionary<string, string>.Empty;

    /// <summary>Unique per event and stable across retries of the same message: the dedupe key.</summary>
    public required string EventId { get; init; }

    /// <summary>When it happened at the point of care, as an instant (stored in UTC).</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>When BRIGHT accepted it; set by the ingestion edge, not by senders.</summary>
    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The feed it came from; every feed has an owner told about its data-quality problems.</summary>
    public required string Source { get; init; }

    /// <summary>The site's ODS code, e.g. <c>RQ6</c>.</summary>
    public required string Site { get; init; }

    /// <summary>What happened.</summary>
    public required EventKind Kind { get; init; }

    /// <summary>Pseudonymised encounter or patient key; never a raw NHS number or name. Null when none applies.</summary>
    public string? Subject { get; init; }

    /// <summary>A path <c>site/ward/bed</c>, <c>site/theatres/room</c> or <c>site/ed/area</c>; null when none applies.</summary>
    public string? Location { get; init; }

    /// <summary>Kind-specific code: milestone, bed status, specialty, priority. Null when none applies.</summary>
    public string? Code { get; init; }

    /// <summary>Numeric payload where there is one (minutes, counts), in the unit the kind documents.</summary>
    public double? Value { get; init; }

    /// <summary>Further string key/value pairs; never null.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = NoAttributes;
}
