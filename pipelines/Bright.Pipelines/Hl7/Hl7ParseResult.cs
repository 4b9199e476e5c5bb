using System.Diagnostics.CodeAnalysis;

namespace Bright.Pipelines.Hl7;

/// <summary>Why a message could not be parsed, and where.</summary>
/// <param name="Location">The segment or field, e.g. <c>MSH-2</c> or <c>segment 3</c>.</param>
/// <param name="Position">Zero-based character offset in the message text.</param>
/// <param name="Reason">What was wrong, naming the offending value.</param>
public sealed record Hl7ParseError(string Location, int Position, string Reason)
{
    /// <summary>The full message: <c>MSH-2: ... (position 4)</c>.</summary>
    public string Message => $"{Location}: {Reason} (position {Position})";

    /// <inheritdoc />
    public override string ToString() => Message;
}

/// <summary>The outcome of <see cref="Hl7Parser"/>: a message, or the error that stopped it.</summary>
public sealed class Hl7ParseResult
{
    private Hl7ParseResult(Hl7Message? message, Hl7ParseError? error)
    {
        Message = message;
        Error = error;
    }

    /// <summary>The parsed message; null when parsing failed.</summary>
    public Hl7Message? Message { get; }

    /// <summary>Why parsing failed; null on success.</summary>
    public Hl7ParseError? Error { get; }

    /// <summary>Whether <see cref="Message"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Message))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Success => Message is not null;

    internal static Hl7ParseResult Ok(Hl7Message message) => new(message, null);

    internal static Hl7ParseResult Fail(string location, int position, string reason) =>
        new(null, new Hl7ParseError(location, position, reason));
}
