namespace Bright.Store.DeadLetters;

/// <summary>A dead letter as stored, with its id and what replaying it has done so far.</summary>
/// <param name="Id">The letter's id, for inspecting and replaying it.</param>
/// <param name="ReceivedAt">When BRIGHT received the refused input.</param>
/// <param name="Channel">How it came: <c>http</c>, <c>mllp</c>, <c>fhir</c> or <c>file</c>.</param>
/// <param name="Source">The feed, as far as it could be told.</param>
/// <param name="Site">The site, when it could be read.</param>
/// <param name="Reference">The event id, control id, or file and line.</param>
/// <param name="Errors">Each reason, naming the field; after a failed replay, the replay's reasons.</param>
/// <param name="Payload">The refused input as received.</param>
/// <param name="ReplayedAt">When a replay stored it; null while it is still refused.</param>
/// <param name="ReplayAttempts">How many times it was replayed.</param>
/// <param name="LastReplayAt">When it was last replayed, null when never.</param>
public sealed record StoredDeadLetter(long Id, DateTimeOffset ReceivedAt, string Channel, string Source, string? Site, string? Reference,
    IReadOnlyList<string> Errors, string Payload, DateTimeOffset? ReplayedAt, int ReplayAttempts, DateTimeOffset? LastReplayAt);
