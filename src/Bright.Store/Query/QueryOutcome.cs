namespace Bright.Store.Query;

/// <summary>What became of a self-service query, as the audit records it.</summary>
public enum QueryOutcomeKind
{
    /// <summary>It ran and was answered.</summary>
    Answered,

    /// <summary>Refused before or while running: not one read-only statement, bad parameters, or a DuckDB error.</summary>
    Refused,

    /// <summary>Still running at <see cref="QueryOptions.Timeout"/>: interrupted.</summary>
    TimedOut,

    /// <summary>The caller went away before the answer was complete.</summary>
    Cancelled,

    /// <summary>Needed more temporary disk than <see cref="QueryOptions.MaxTempSize"/> allows: stopped.</summary>
    OutOfTempSpace,
}

/// <summary>Why a query was not answered: DuckDB's message, and where in the SQL when it is known.</summary>
/// <param name="Kind"><see cref="QueryOutcomeKind.Refused"/>, <see cref="QueryOutcomeKind.TimedOut"/> or <see cref="QueryOutcomeKind.OutOfTempSpace"/>.</param>
/// <param name="Message">What was wrong, DuckDB's own words where it found it.</param>
/// <param name="Line">One-based line in the SQL, when known.</param>
/// <param name="Column">One-based column in the SQL, when known.</param>
public sealed record QueryFailure(QueryOutcomeKind Kind, string Message, int? Line = null, int? Column = null);

/// <summary>A column of an answer.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Type">DuckDB's SQL type, e.g. <c>BIGINT</c>, <c>TIMESTAMP WITH TIME ZONE</c>, <c>VARCHAR[]</c>.</param>
public sealed record QueryResultColumn(string Name, string Type);
