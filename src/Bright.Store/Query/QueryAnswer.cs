using System.Data.Common;
using System.Text;
using System.Text.Json;
using Bright.Store.Export;
using DuckDB.NET.Data;

namespace Bright.Store.Query;

/// <summary>
/// A query's answer, computed and waiting in the sandbox: its facts are known, its rows stream out on
/// <see cref="WriteAsync"/>. Dispose it once written, which releases the snapshot.
/// </summary>
public sealed class QueryAnswer : IAsyncDisposable
{
    private const int FlushEveryRows = 2048;
    private readonly DuckDBConnection _connection;
    private readonly QuerySnapshotLease _lease;
    private readonly string? _exportFolder;
    private readonly string? _parquetFile;

    internal QueryAnswer(QueryFormat format, IReadOnlyList<QueryResultColumn> columns, long rowCount, bool truncated, double elapsedMs,
        DateTimeOffset snapshotAt, DuckDBConnection connection, QuerySnapshotLease lease, string? exportFolder, string? parquetFile)
    {
        Format = format;
        Columns = columns;
        RowCount = rowCount;
        Truncated = truncated;
        ElapsedMs = elapsedMs;
        SnapshotAt = snapshotAt;
        _connection = connection;
        _lease = lease;
        _exportFolder = exportFolder;
        _parquetFile = parquetFile;
    }

    /// <summary>The format <see cref="WriteAsync"/> writes.</summary>
    public QueryFormat Format { get; }

    /// <summary>The answer's columns with DuckDB's type names.</summary>
    public IReadOnlyList<QueryResultColumn> Columns { get; }

    /// <summary>Rows in the answer, at most <see cref="QueryOptions.MaxRows"/>.</summary>
    public long RowCount { get; }

    /// <summary>Whether the result had more rows than <see cref="QueryOptions.MaxRows"/> and was cut.</summary>
    public bool Truncated { get; }

    /// <summary>Milliseconds from receiving the query to the answer being ready.</summary>
    public double ElapsedMs { get; }

    /// <summary>The answer reflects every change the live store had committed at this instant (UTC).</summary>
    public DateTimeOffset SnapshotAt { get; }

    /// <summary>Writes the answer to <paramref name="output"/> in <see cref="Format"/>.</summary>
    public async Task WriteAsync(Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_parquetFile is not null)
        {
            await using var file = new FileStream(_parquetFile, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
            await file.CopyToAsync(output, cancellationToken);
            return;
        }

        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT * FROM bright_answer LIMIT {RowCount}";
        using var reader = command.ExecuteReader();
        switch (Format)
        {
            case QueryFormat.Csv:
                await WriteCsvAsync(reader, output, cancellationToken);
                break;
            case QueryFormat.Arrow:
                await ArrowExport.WriteAsync(reader, output, RowCount, cancellationToken);
                break;
            default:
                await WriteJsonAsync(reader, output, cancellationToken);
                break;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _connection.Dispose();
        _lease.Dispose();
        if (_exportFolder is not null)
        {
            Directory.Delete(_exportFolder, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    private async Task WriteJsonAsync(DbDataReader reader, Stream output, CancellationToken cancellationToken)
    {
        var json = Columns.Select(c => string.Equals(c.Type, "JSON", StringComparison.Ordinal)).ToArray();
        await using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        writer.WriteStartArray("columns");
        foreach (var column in Columns)
        {
            writer.WriteStartObject();
            writer.WriteString("name", column.Name);
            writer.WriteString("type", column.Type);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("rows");
        var rows = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            writer.WriteStartArray();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                QueryValues.WriteJson(writer, reader.IsDBNull(i) ? null : reader.GetValue(i), json[i]);
            }

            writer.WriteEndArray();
            if (++rows % FlushEveryRows == 0)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        writer.WriteEndArray();
        writer.WriteNumber("rowCount", RowCount);
        writer.WriteBoolean("truncated", Truncated);
        writer.WriteNumber("elapsedMs", Math.Round(ElapsedMs, 1));
        writer.WriteString("snapshotAt", SnapshotAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
    }

    private async Task WriteCsvAsync(DbDataReader reader, Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 65536, leaveOpen: true);
        writer.NewLine = "\r\n";
        await writer.WriteLineAsync(string.Join(',', Columns.Select(c => Csv(c.Name))));
        var fields = new string[reader.FieldCount];
        var rows = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = Csv(reader.IsDBNull(i) ? null : QueryValues.Text(reader.GetValue(i)));
            }

            await writer.WriteLineAsync(string.Join(',', fields));
            if (++rows % FlushEveryRows == 0)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled; null is empty.</summary>
    internal static string Csv(string? field) =>
        field is null ? "" : field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
