using Bright.Store.Events;

namespace Bright.Pipelines.Hl7;

/// <summary>The acknowledgement a message earns (MSA-1, original mode).</summary>
public enum Hl7AckCode
{
    /// <summary>Accepted: sent only once the events are durable.</summary>
    AA,

    /// <summary>Understood but wrong: the message is dead-lettered and the sender told why.</summary>
    AE,

    /// <summary>Cannot be parsed or is not supported.</summary>
    AR,
}

/// <summary>One problem with a message: where (<c>PV1-3</c>, <c>EVN-6</c>) and what.</summary>
/// <param name="Location">Segment and field, as in <c>PV1-3</c> or <c>PV1-3.4</c>; also written to ERR-2.</param>
/// <param name="Text">What was wrong, naming the offending value.</param>
public sealed record Hl7Issue(string Location, string Text)
{
    /// <summary>The segment id of <see cref="Location"/>.</summary>
    public string Segment => Location.Length >= 3 ? Location[..3] : Location;

    /// <summary>The field number of <see cref="Location"/>, or null when it names a whole segment.</summary>
    public int? Field
    {
        get
        {
            var dash = Location.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0)
            {
                return null;
            }

            var end = Location.IndexOf('.', dash);
            return int.TryParse(Location.AsSpan(dash + 1, (end < 0 ? Location.Length : end) - dash - 1),
                System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : null;
        }
    }

    /// <summary><c>PV1-3: assigned location is required for ADT^A01</c>.</summary>
    public override string ToString() => $"{Location}: {Text}";
}

/// <summary>What mapping one message gave: the events to store, or why it earns AE or AR.</summary>
public sealed class Hl7MappingResult
{
    /// <summary>The acknowledgement code: AA when <see cref="Events"/> should be stored.</summary>
    public required Hl7AckCode Code { get; init; }

    /// <summary>The events, in the message's order; empty unless <see cref="Code"/> is AA.</summary>
    public IReadOnlyList<HospitalEvent> Events { get; init; } = [];

    /// <summary>Why the message was refused; null when accepted.</summary>
    public Hl7Issue? Error { get; init; }

    /// <summary>The feed (profile Source), or <c>MSH-3/MSH-4</c> as sent when no profile matched.</summary>
    public required string Source { get; init; }

    /// <summary>The site, when it could be told.</summary>
    public string? Site { get; init; }

    internal static Hl7MappingResult Refuse(Hl7AckCode code, string source, string? site, string location, string text) =>
        new() { Code = code, Source = source, Site = site, Error = new Hl7Issue(location, text) };
}

/// <summary>What replaying a dead-lettered HL7 message did.</summary>
/// <param name="Stored">Whether it was accepted (its events are durable, or were already stored).</param>
/// <param name="Written">What the store did with its events.</param>
/// <param name="Errors">Why it was refused again; empty when stored.</param>
public sealed record Hl7ReplayOutcome(bool Stored, WriteResult Written, IReadOnlyList<string> Errors);
