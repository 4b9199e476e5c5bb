using System.Data.Common;
using System.Text.Json;
using Dapper;
using DuckDB.NET.Data;

namespace Bright.Store.Kpis;

/// <summary>The columns a KPI's SQL returns: <c>(period, value)</c> or <c>(period, numerator, denominator)</c>.</summary>
public enum KpiSeriesShape
{
    /// <summary><c>(period, value)</c>.</summary>
    Value,

    /// <summary><c>(period, numerator, denominator)</c>.</summary>
    Ratio,
}

/// <summary>
/// Checks that a KPI's SQL is one read-only SELECT over the store's own tables and returns a series. DuckDB
/// parses it (<c>json_serialize_sql</c> serialises SELECT statements only), every table it names must be a
/// table or view of the store or one of its own CTEs, and the only table functions allowed generate rows
/// (<c>generate_series</c>, <c>range</c>, <c>unnest</c>), so it cannot write, read files or reach the network.
/// </summary>
public static class KpiSqlChecker
{
    /// <summary>
    /// The operational tables a KPI may read. Administrative tables (settings with their secrets, the query
    /// audit, saved queries, the KPI tables themselves) are not a KPI's business.
    /// </summary>
    public static readonly IReadOnlySet<string> ReadableTables = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "events", "dead_letters", "data_quality_flags", "reference_wards",
    };

    private static readonly HashSet<string> AllowedTableFunctions = new(StringComparer.OrdinalIgnoreCase) { "generate_series", "range", "unnest" };

    /// <summary>
    /// Checks <paramref name="sql"/> on <paramref name="connection"/>; returns the series shape, or null with
    /// the reasons (without a field name) added to <paramref name="errors"/>.
    /// </summary>
    public static KpiSeriesShape? Check(DbConnection connection, string sql, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(errors);
        var serialized = connection.ExecuteScalar<string>("SELECT json_serialize_sql(CAST($sql AS VARCHAR))", new { sql });
        using var document = JsonDocument.Parse(serialized!);
        var root = document.RootElement;
        if (root.GetProperty("error").GetBoolean())
        {
            var message = root.TryGetProperty("error_message", out var m) ? m.GetString() : "it does not parse";
            errors.Add(message == "Only SELECT statements can be serialized to json!"
                ? "must be a read-only SELECT (or WITH … SELECT) statement"
                : $"does not parse: {message}");
            return null;
        }

        var statements = root.GetProperty("statements");
        if (statements.GetArrayLength() != 1)
        {
            errors.Add($"must be exactly one SELECT statement (found {statements.GetArrayLength()})");
            return null;
        }

        var tables = ReadableTables;
        var ctes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        CollectCtes(statements[0], ctes);
        var before = errors.Count;
        CheckTables(statements[0], tables, ctes, errors);
        return errors.Count > before ? null : Columns(connection, sql, errors);
    }

    private static void CollectCtes(JsonElement node, HashSet<string> ctes)
    {
        if (node.ValueKind == JsonValueKind.Object)
        {
            if (node.TryGetProperty("cte_map", out var map) && map.TryGetProperty("map", out var entries))
            {
                foreach (var entry in entries.EnumerateArray())
                {
                    ctes.Add(entry.GetProperty("key").GetString()!);
                }
            }

            foreach (var property in node.EnumerateObject())
            {
                CollectCtes(property.Value, ctes);
            }
        }
        else if (node.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in node.EnumerateArray())
            {
                CollectCtes(item, ctes);
            }
        }
    }

    private static void CheckTables(JsonElement node, IReadOnlySet<string> tables, HashSet<string> ctes, List<string> errors)
    {
        if (node.ValueKind == JsonValueKind.Object)
        {
            var type = node.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (type == "BASE_TABLE")
            {
                var name = node.GetProperty("table_name").GetString()!;
                var schema = node.GetProperty("schema_name").GetString();
                var catalog = node.GetProperty("catalog_name").GetString();
                var qualified = !string.IsNullOrEmpty(schema) || !string.IsNullOrEmpty(catalog);
                if (qualified || !(tables.Contains(name) || ctes.Contains(name)))
                {
                    errors.Add($"reads '{name}', which is not a table a KPI may read (readable: {string.Join(", ", tables.Order(StringComparer.Ordinal))})");
                }
            }
            else if (type == "TABLE_FUNCTION")
            {
                var function = node.GetProperty("function").GetProperty("function_name").GetString()!;
                if (!AllowedTableFunctions.Contains(function))
                {
                    errors.Add($"calls the table function '{function}'; only generate_series, range and unnest are allowed");
                }
            }

            foreach (var property in node.EnumerateObject())
            {
                CheckTables(property.Value, tables, ctes, errors);
            }
        }
        else if (node.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in node.EnumerateArray())
            {
                CheckTables(item, tables, ctes, errors);
            }
        }
    }

    /// <summary>Runs the query for no rows and checks its columns' names and types.</summary>
    private static KpiSeriesShape? Columns(DbConnection connection, string sql, List<string> errors)
    {
        List<(string Name, string Type)> columns;
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM ({sql}\n) AS kpi_series LIMIT 0";
            using var reader = command.ExecuteReader();
            columns = [.. Enumerable.Range(0, reader.FieldCount).Select(i => (reader.GetName(i), reader.GetDataTypeName(i)))];
        }
        catch (DuckDBException ex)
        {
            errors.Add($"fails on the store: {ex.Message}");
            return null;
        }

        var found = string.Join(", ", columns.Select(c => $"{c.Name} {c.Type}"));
        var names = columns.Select(c => c.Name.ToLowerInvariant()).ToList();
        KpiSeriesShape? shape = names switch
        {
            ["period", "value"] => KpiSeriesShape.Value,
            ["period", "numerator", "denominator"] => KpiSeriesShape.Ratio,
            _ => null,
        };
        if (shape is null)
        {
            errors.Add($"must return the columns (period, value) or (period, numerator, denominator) (returned {found})");
            return null;
        }

        if (!IsPeriodType(columns[0].Type))
        {
            errors.Add($"column period must be a DATE or TIMESTAMP (was {columns[0].Type})");
        }

        foreach (var (name, type) in columns.Skip(1))
        {
            if (!IsNumericType(type))
            {
                errors.Add($"column {name} must be a number such as DOUBLE (was {type})");
            }
        }

        return errors.Count == 0 ? shape : null;
    }

    // DuckDB.NET names types after its enum (Date, TimestampTz, BigInt, UnsignedInteger, Decimal…).
    private static string Normalise(string type) => type.ToUpperInvariant().Replace("_", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);

    private static bool IsPeriodType(string type) => Normalise(type) is "DATE" or "TIMESTAMP" or "TIMESTAMPTZ" or "TIMESTAMPWITHTIMEZONE"
        or "TIMESTAMPNS" or "TIMESTAMPMS" or "TIMESTAMPS";

    private static bool IsNumericType(string type)
    {
        var normalised = Normalise(type);
        return normalised is "DOUBLE" or "FLOAT" or "REAL" || normalised.StartsWith("DECIMAL", StringComparison.Ordinal)
            || (normalised.Contains("INT", StringComparison.Ordinal) && !normalised.Contains("INTERVAL", StringComparison.Ordinal));
    }
}
