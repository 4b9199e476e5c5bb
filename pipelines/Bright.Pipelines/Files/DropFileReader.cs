using System.Buffers;
using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;

namespace Bright.Pipelines.Files;

/// <summary>One row of a dropped file, as the JSON record <c>POST /api/events</c> would take.</summary>
/// <param name="Line">The row's line in a CSV file (the header is line 1), or its row number in a Parquet file.</param>
/// <param name="Record">The row as a canonical event record (camelCase names); the caller disposes it.</param>
internal sealed record DropRow(long Line, JsonDocument Record);

/// <summary>A dropped file that cannot be read at all (not CSV or Parquet, wrong columns); the message says why.</summary>
internal sealed class DropFileException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads a dropped CSV or Parquet file of canonical events with DuckDB (an in-memory database, so the store
/// is not touched), columns in snake_case as in the <c>events</c> table. Every column is read as text and
/// each row handed over as a JSON record, so that a bad value is a rejected row with its line rather than a
/// failed file: a typed read would stop the whole file at its first bad value.
/// </summary>
internal static class DropFileReader
{
    /// <summary>The columns a drop file must have.</summary>
    public static readonly IReadOnlyList<string> Required = ["event_id", "occurred_at", "site", "kind"];

    /// <summary>The columns a drop file may have besides <see cref="Required"/>.</summary>
    public static readonly IReadOnlyList<string> Optional = ["source", "subject", "location", "code", "value", "attributes"];

    private static readonly Dictionary<string, string> JsonNames = new(StringComparer.Ordinal)
    {
        ["event_id"] = "eventId",
        ["occurred_at"] = "occurredAt",
        ["source"] = "source",
        ["site"] = "site",
        ["kind"] = "kind",
        ["subject"] = "subject",
        ["location"] = "location",
        ["code"] = "code",
        ["value"] = "value",
        ["attributes"] = "attributes",
    };

    public static bool IsDropFile(string path) => Extension(path) is ".csv" or ".parquet";

    /// <summary>The rows of <paramref name="path"/>, read lazily in file order.</summary>
    /// <exception cref="DropFileException">The file cannot be read or has the wrong columns.</exception>
    public static IEnumerable<DropRow> Read(string path)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        var csv = Extension(path) == ".csv";
        var literal = "'" + path.Replace("'", "''", StringComparison.Ordinal) + "'";
        var columns = Describe(connection, csv
            ? $"SELECT * FROM read_csv({literal}, header = true, all_varchar = true)"
            : $"SELECT * FROM read_parquet({literal})");
        CheckColumns(columns.Select(c => c.Name).ToList());

        // CSV: explicit VARCHAR columns in the file's order, so nothing is guessed from the data.
        var source = csv
            ? $"read_csv({literal}, header = true, auto_detect = false, delim = ',', quote = '\"', escape = '\"', columns = {{"
              + string.Join(", ", columns.Select(c => $"'{c.Name}': 'VARCHAR'")) + "})"
            : $"read_parquet({literal})";
        var select = string.Join(", ", columns.Select(c => AsText(c.Name, c.Type)));
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {select} FROM {source}";
        DuckDBDataReader reader;
        try
        {
            reader = (DuckDBDataReader)command.ExecuteReader();
        }
        catch (DuckDBException ex)
        {
            throw new DropFileException($"The file cannot be read: {ex.Message}", ex);
        }

        using (reader)
        {
            long row = 0;
            while (Next(reader))
            {
                row++;
                yield return new DropRow(csv ? row + 1 : row, Record(reader, columns));
            }
        }
    }

    private static bool Next(DuckDBDataReader reader)
    {
        try
        {
            return reader.Read();
        }
        catch (DuckDBException ex)
        {
            throw new DropFileException($"The file cannot be read: {ex.Message}", ex);
        }
    }

    private static List<(string Name, string Type)> Describe(DuckDBConnection connection, string query)
    {
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"DESCRIBE {query}";
            using var reader = command.ExecuteReader();
            var columns = new List<(string, string)>();
            while (reader.Read())
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }

            return columns;
        }
        catch (DuckDBException ex)
        {
            throw new DropFileException($"The file cannot be read: {ex.Message}", ex);
        }
    }

    private static void CheckColumns(List<string> names)
    {
        var missing = Required.Where(r => !names.Contains(r, StringComparer.Ordinal)).ToList();
        var unexpected = names.Where(n => !JsonNames.ContainsKey(n)).ToList();
        if (missing.Count == 0 && unexpected.Count == 0)
        {
            return;
        }

        var problems = new List<string>();
        if (missing.Count > 0)
        {
            problems.Add($"missing {string.Join(", ", missing)}");
        }

        if (unexpected.Count > 0)
        {
            problems.Add($"unexpected {string.Join(", ", unexpected)}");
        }

        throw new DropFileException($"columns: {string.Join("; ", problems)}. A drop file needs {string.Join(", ", Required)} "
            + $"and may have {string.Join(", ", Optional)} (snake_case, as in the events table).");
    }

    // Parquet columns keep their types: instants become ISO 8601 in UTC, maps and structs JSON, the rest text.
    private static string AsText(string name, string type)
    {
        var column = "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        return type switch
        {
            "TIMESTAMP WITH TIME ZONE" => $"strftime(timezone('UTC', {column}), '%Y-%m-%dT%H:%M:%S.%fZ')",
            _ when type.StartsWith("MAP", StringComparison.Ordinal) || type.StartsWith("STRUCT", StringComparison.Ordinal) =>
                $"CAST(to_json({column}) AS VARCHAR)",
            _ => $"CAST({column} AS VARCHAR)",
        };
    }

    private static JsonDocument Record(DuckDBDataReader reader, List<(string Name, string Type)> columns)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            for (var i = 0; i < columns.Count; i++)
            {
                if (reader.IsDBNull(i))
                {
                    continue;
                }

                var name = JsonNames[columns[i].Name];
                var text = reader.GetString(i);
                if (name == "value" && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
                {
                    json.WriteNumber(name, number);
                }
                else if (name == "attributes" && TryParseObject(text) is { } attributes)
                {
                    json.WritePropertyName(name);
                    attributes.WriteTo(json);
                    attributes.Dispose();
                }
                else
                {
                    json.WriteString(name, text);
                }
            }

            json.WriteEndObject();
        }

        return JsonDocument.Parse(buffer.WrittenMemory);
    }

    private static JsonDocument? TryParseObject(string text)
    {
        try
        {
            var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Extension(string path) => Path.GetExtension(path).ToLowerInvariant();
}
