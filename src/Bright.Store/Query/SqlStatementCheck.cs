using System.Data.Common;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Bright.Store.Query;

/// <summary>
/// Checks that an analyst's text is one read-only statement, with DuckDB's own parser
/// (<c>json_serialize_sql</c>, which serialises only SELECT-shaped statements: SELECT, WITH, VALUES, FROM-first,
/// DESCRIBE, SUMMARIZE), and lists the named parameters it uses. It gives clear messages early; the sandbox's
/// configuration is what actually prevents writes and escapes.
/// </summary>
public static partial class SqlStatementCheck
{
    private static readonly HashSet<string> ReadOnlyWords = new(["SELECT", "WITH", "VALUES", "FROM", "DESCRIBE", "SUMMARIZE"], StringComparer.Ordinal);

    /// <summary>Parses <paramref name="sql"/> on a private in-memory DuckDB (for checking SQL before saving it).</summary>
    public static SqlCheckResult Check(string sql)
    {
        using var connection = new DuckDB.NET.Data.DuckDBConnection("Data Source=:memory:");
        connection.Open();
        return Check(connection, sql);
    }

    /// <summary>Parses <paramref name="sql"/> on <paramref name="connection"/> (any DuckDB connection; nothing is run).</summary>
    public static SqlCheckResult Check(DbConnection connection, string sql)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(sql);
        if (string.IsNullOrWhiteSpace(sql))
        {
            return SqlCheckResult.Refused("sql: must not be empty; send one SELECT statement.");
        }

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT json_serialize_sql($sql::VARCHAR)";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "sql";
        parameter.Value = sql;
        command.Parameters.Add(parameter);
        var json = (string)command.ExecuteScalar()!;
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.GetProperty("error").GetBoolean())
        {
            var message = root.GetProperty("error_message").GetString() ?? "unknown error";
            if (root.TryGetProperty("position", out var position)
                && int.TryParse(position.GetString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var offset))
            {
                var (line, column) = LineAndColumn(sql, offset);
                return SqlCheckResult.Refused($"Parser Error: {message} at line {line}, column {column}.", line, column);
            }

            var first = FirstWord(sql);
            return SqlCheckResult.Refused(ReadOnlyWords.Contains(first)
                ? "Only one read-only statement may run: SELECT, WITH, VALUES, FROM, DESCRIBE or SUMMARIZE; the text holds another statement after it."
                : $"Only one read-only statement may run: SELECT, WITH, VALUES, FROM, DESCRIBE or SUMMARIZE; {first} statements are refused.");
        }

        var statements = root.GetProperty("statements");
        if (statements.GetArrayLength() != 1)
        {
            return SqlCheckResult.Refused($"Only one statement may run at a time; found {statements.GetArrayLength()}.");
        }

        var names = new List<string>();
        if (statements[0].TryGetProperty("named_param_map", out var map))
        {
            foreach (var entry in map.EnumerateArray())
            {
                names.Add(entry.GetProperty("key").GetString()!);
            }
        }

        var positional = names.Where(n => n.All(char.IsAsciiDigit)).ToList();
        if (positional.Count > 0)
        {
            return SqlCheckResult.Refused("Parameters must be named, e.g. $site; positional parameters ($1 or ?) are not supported.");
        }

        names.Sort(StringComparer.Ordinal);
        return SqlCheckResult.Accepted(names);
    }

    /// <summary>One-based line and column of the zero-based character <paramref name="offset"/>.</summary>
    public static (int Line, int Column) LineAndColumn(string text, int offset)
    {
        ArgumentNullException.ThrowIfNull(text);
        offset = Math.Clamp(offset, 0, text.Length);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, offset - lineStart + 1);
    }

    // Only for naming the refused statement in the message; the decision is the parser's.
    private static string FirstWord(string sql)
    {
        var match = FirstWordPattern().Match(sql);
        return match.Success ? match.Groups[1].Value.ToUpperInvariant() : "other";
    }

    [GeneratedRegex(@"^(?:\s|--[^\n]*\n|/\*.*?\*/)*([A-Za-z]+)", RegexOptions.Singleline)]
    private static partial Regex FirstWordPattern();
}

/// <summary>The statement check's verdict.</summary>
/// <param name="IsAccepted">Whether the text is one read-only statement.</param>
/// <param name="Parameters">The named parameters it uses, sorted; empty when refused.</param>
/// <param name="Error">Why it was refused; null when accepted.</param>
/// <param name="Line">One-based line of a syntax error, when DuckDB gives its position.</param>
/// <param name="Column">One-based column of a syntax error, when DuckDB gives its position.</param>
public sealed record SqlCheckResult(bool IsAccepted, IReadOnlyList<string> Parameters, string? Error, int? Line = null, int? Column = null)
{
    internal static SqlCheckResult Accepted(IReadOnlyList<string> parameters) => new(true, parameters, null);

    internal static SqlCheckResult Refused(string error, int? line = null, int? column = null) => new(false, [], error, line, column);
}
