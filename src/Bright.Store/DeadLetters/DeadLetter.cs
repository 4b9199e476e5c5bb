namespace Bright.Store.DeadLetters;

/// <summary>Input that was refused, with every reason, kept so that nothing a sender sent is lost.</summary>
/// <param name="ReceivedAt">When BRIGHT received it.</param>
/// <param name="Channel">How it came: <c>http</c>, <c>mllp</c>, <c>fhir</c> or <c>file</c>.</param>
/// <param name="Source">The feed, as far as it could be told.</param>
/// <param name="Site">The site, when it could be read.</param>
/// <param name="Reference">The event id, control id, or file and line.</param>
/// <param name="Errors">Each reason, naming the field.</param>
/// <param name="Payload">The refused input as received (a record's JSON, a message's text).</param>
public sealed record DeadLetter(DateTimeOffset ReceivedAt, string Channel, string Source, string? Site, string? Reference,
    IReadOnlyList<string> Errors, string Payload);

/// <summary>The outcome of replaying a dead letter, as it travels on the cluster's log (distributed mode).</summary>
/// <param name="LetterKey">The letter's key in the log (its <c>log_key</c>), the same on every node.</param>
/// <param name="Replayed">True when the replay stored its events; false when it was refused again.</param>
/// <param name="Errors">Why it was refused again; empty after a success.</param>
/// <param name="At">When it was replayed (UTC).</param>
public sealed record DeadLetterReplayed(string LetterKey, bool Replayed, IReadOnlyList<string> Errors, DateTimeOffset At);
