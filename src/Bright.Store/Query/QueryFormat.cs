namespace Bright.Store.Query;

/// <summary>The answer formats of <c>POST /api/query</c>, chosen by the request's <c>Accept</c> header.</summary>
public enum QueryFormat
{
    /// <summary><c>application/json</c>: columns, rows and the answer's facts in one object.</summary>
    Json,

    /// <summary><c>text/csv</c>: RFC 4180 with a header row.</summary>
    Csv,

    /// <summary><c>application/vnd.apache.arrow.stream</c>: Arrow IPC stream.</summary>
    Arrow,

    /// <summary><c>application/vnd.apache.parquet</c>: a Parquet file written by DuckDB.</summary>
    Parquet,
}

/// <summary>Media types of the <see cref="QueryFormat"/>s.</summary>
public static class QueryMediaTypes
{
    /// <summary>Each format's media type, in order of preference when a client accepts several equally.</summary>
    public static IReadOnlyList<(string MediaType, QueryFormat Format)> All { get; } =
    [
        ("application/json", QueryFormat.Json),
        ("text/csv", QueryFormat.Csv),
        ("application/vnd.apache.arrow.stream", QueryFormat.Arrow),
        ("application/vnd.apache.parquet", QueryFormat.Parquet),
    ];

    /// <summary>The media type of <paramref name="format"/>.</summary>
    public static string Of(QueryFormat format) => All.First(m => m.Format == format).MediaType;
}
