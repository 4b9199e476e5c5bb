namespace Bright.Store.Query;

/// <summary>
/// The tables analysts see in a query snapshot, each column with its description. The snapshot carries these
/// as DuckDB comments, so <c>SELECT table_name, column_name, comment FROM duckdb_columns()</c> lists them.
/// </summary>
public static class QueryDictionary
{
    /// <summary>Every table and its columns, in the order a snapshot creates them.</summary>
    public static IReadOnlyList<QueryTable> Tables { get; } =
    [
        new("events", "Every accepted canonical event; subject re-keyed for analysts.",
        [
            new("event_id", "Unique per event, stable across retries of the same message."),
            new("occurred_at", "When it happened at the point of care (UTC)."),
            new("received_at", "When BRIGHT accepted it (UTC); timeliness is the gap from occurred_at."),
            new("source", "The feed it came from."),
            new("site", "Site code, e.g. RQ6."),
            new("kind", "The event kind by name, e.g. Admission, EdArrival, TheatreMilestone."),
            new("subject", "The encounter or patient key, hashed with a key only the server holds: stable, so an analyst can "
                + "follow one subject through its events, but not the key the sending system or any screen uses."),
            new("location", "Path site/ward/bed, site/theatres/room or site/ed/area."),
            new("code", "Kind-specific code: milestone, bed status, specialty, priority."),
            new("value", "Numeric payload where there is one."),
            new("attributes", "Further string key/value pairs, as JSON."),
        ]),
        new("data_quality_flags", "Accepted input with something to fix at the source.",
        [
            new("flagged_at", "When the problem was found (UTC)."),
            new("source", "The feed whose owner is told."),
            new("site", "Site code, when known."),
            new("event_id", "The event flagged, when there is one."),
            new("field", "The field at fault."),
            new("message", "What is wrong."),
        ]),
    ];
}

/// <summary>A table of the query snapshot.</summary>
/// <param name="Name">The table name analysts query.</param>
/// <param name="Description">What one row is.</param>
/// <param name="Columns">Its columns, in order.</param>
public sealed record QueryTable(string Name, string Description, IReadOnlyList<QueryColumn> Columns);

/// <summary>A column of a query snapshot table.</summary>
/// <param name="Name">The column name.</param>
/// <param name="Description">What it holds.</param>
public sealed record QueryColumn(string Name, string Description);
