namespace Bright.Pipelines.Files;

/// <summary>What became of one dropped file; written beside it as <c>{name}.result.json</c>.</summary>
/// <param name="File">The file's name as dropped.</param>
/// <param name="ProcessedAt">When BRIGHT finished with it.</param>
/// <param name="Outcome"><c>processed</c> (moved to <c>processed/</c>) or <c>failed</c> (unreadable, moved to <c>failed/</c>).</param>
/// <param name="Accepted">Events newly stored.</param>
/// <param name="Duplicates">Events already stored (a re-drop) or repeated in the file.</param>
/// <param name="RejectedCount">Rows refused and dead-lettered.</param>
/// <param name="Rejected">The first <see cref="FileDropProcessor.MaxListedRejections"/> refused rows, each with its line and reasons.</param>
/// <param name="Error">Why the file could not be read, for a failed file.</param>
public sealed record FileDropResult(string File, DateTimeOffset ProcessedAt, string Outcome, long Accepted, long Duplicates, long RejectedCount,
    IReadOnlyList<FileDropRejection> Rejected, string? Error);

/// <summary>One refused row of a dropped file.</summary>
/// <param name="Line">Its line in a CSV file (the header is line 1), or its row number in a Parquet file.</param>
/// <param name="EventId">Its event id, when it had one.</param>
/// <param name="Errors">Every reason, each naming the field.</param>
public sealed record FileDropRejection(long Line, string? EventId, IReadOnlyList<string> Errors);
