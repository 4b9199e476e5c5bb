using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;

namespace Bright.Store.Query;

/// <summary>An analyst's query: the SQL, its named parameters, and the sites the caller is limited to (null: all).</summary>
/// <param name="Sql">One read-only statement; <c>$name</c> for parameters.</param>
/// <param name="Parameters">Values for every <c>$name</c> the SQL uses, and no others.</param>
/// <param name="Sites">The caller's sites when its token is limited to some; null or empty for every site.</param>
public sealed record QueryRequest(string Sql, IReadOnlyDictionary<string, object?> Parameters, IReadOnlyCollection<string>? Sites = null);

/// <summary>Either an answer ready to write, or why there is none.</summary>
/// <param name="Answer">The answer; the caller writes it and disposes it. Null when <paramref name="Failure"/> is set.</param>
/// <param name="Failure">Why the query was not answered; null when answered.</param>
/// <param name="ElapsedMs">Time from receiving the query to the answer being ready (or the failure).</param>
public sealed record QueryRun(QueryAnswer? Answer, QueryFailure? Failure, double ElapsedMs);

/// <summary>
/// Runs analysts' SQL in the sandbox of a query snapshot: checks it is one read-only statement, binds its
/// parameters, runs it under <see cref="QueryOptions.Timeout"/> into a temporary table of at most
/// <see cref="QueryOptions.MaxRows"/> + 1 rows (so the row count and truncation are known before the first byte
/// is sent), then hands back an answer that streams from that table. Thread-safe.
/// </summary>
public sealed partial class QueryRunner(QuerySnapshots snapshots, QueryOptions options, TimeProvider clock, ILogger<QueryRunner> logger)
{
    private const string AnswerTable = "bright_answer";

    /// <summary>Runs <paramref name="request"/> for an answer in <paramref name="format"/>.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the caller left).</exception>
    public async Task<QueryRun> RunAsync(QueryRequest request, QueryFormat format, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = clock.GetTimestamp();
        var lease = await snapshots.AcquireAsync(request.Sites, cancellationToken);
        DuckDBConnection? connection = null;
        string? exportFolder = null;
        try
        {
            if (format == QueryFormat.Parquet)
            {
                exportFolder = Path.Combine(snapshots.Folder, "export-" + Guid.NewGuid().ToString("N"));
                Directory.CreateDirectory(exportFolder);
                connection = lease.Snapshot.OpenExport(exportFolder, options);
            }
            else
            {
                connection = lease.Snapshot.OpenSandbox();
            }

            var failure = Check(connection, request);
            failure ??= await ExecuteAsync(connection, $"CREATE TEMP TABLE {AnswerTable} AS SELECT * FROM (\n{Body(request.Sql)}\n) LIMIT {options.MaxRows + 1L}",
                request.Parameters, cancellationToken);
            var parquet = exportFolder is null ? null : Path.Combine(exportFolder, "answer.parquet");
            if (failure is null && parquet is not null)
            {
                failure = await ExecuteAsync(connection,
                    $"COPY (SELECT * FROM {AnswerTable} LIMIT {options.MaxRows}) TO '{parquet.Replace("'", "''", StringComparison.Ordinal)}' (FORMAT parquet)",
                    new Dictionary<string, object?>(), cancellationToken);
            }

            if (failure is not null)
            {
                return new QueryRun(null, failure, clock.GetElapsedTime(started).TotalMilliseconds);
            }

            var count = connection.ExecuteScalar<long>($"SELECT count(*) FROM {AnswerTable}");
            var columns = connection.Query<(string Name, string Type)>($"SELECT column_name, column_type FROM (DESCRIBE {AnswerTable})")
                .Select(c => new QueryResultColumn(c.Name, c.Type)).ToList();
            var elapsed = clock.GetElapsedTime(started).TotalMilliseconds;
            var answer = new QueryAnswer(format, columns, Math.Min(count, options.MaxRows), count > options.MaxRows, elapsed, lease.SnapshotAt,
                connection, lease, exportFolder, parquet);
            connection = null;
            exportFolder = null;
            lease = null;
            return new QueryRun(answer, null, elapsed);
        }
        finally
        {
            connection?.Dispose();
            lease?.Dispose();
            if (exportFolder is not null)
            {
                Directory.Delete(exportFolder, recursive: true);
            }
        }
    }

    private static QueryFailure? Check(DuckDBConnection connection, QueryRequest request)
    {
        var check = SqlStatementCheck.Check(connection, request.Sql);
        if (!check.IsAccepted)
        {
            return new QueryFailure(QueryOutcomeKind.Refused, check.Error!, check.Line, check.Column);
        }

        var problems = new List<string>();
        var missing = check.Parameters.Where(p => !request.Parameters.ContainsKey(p)).Select(p => "$" + p).ToList();
        if (missing.Count > 0)
        {
            problems.Add($"parameters: {string.Join(", ", missing)} used in the SQL but not given.");
        }

        var unknown = request.Parameters.Keys.Where(k => !check.Parameters.Contains(k, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            problems.Add($"parameters: {string.Join(", ", unknown)} given but not used in the SQL.");
        }

        return problems.Count == 0 ? null : new QueryFailure(QueryOutcomeKind.Refused, string.Join(" ", problems));
    }

    private async Task<QueryFailure?> ExecuteAsync(DuckDBConnection connection, string sql, IReadOnlyDictionary<string, object?> parameters,
        CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(name, value ?? DBNull.Value));
        }

        using var timeout = new CancellationTokenSource(options.Timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            // DuckDB.NET's Cancel interrupts the running statement on this connection only.
            using var registration = linked.Token.Register(command.Cancel);
            await Task.Run(() =>
            {
                linked.Token.ThrowIfCancellationRequested();
                command.ExecuteNonQuery();
            }, CancellationToken.None);
            return null;
        }
        catch (Exception ex) when (ex is OperationCanceledException or DuckDBException && linked.IsCancellationRequested)
        {
            cancellationToken.ThrowIfCancellationRequested();
            LogTimedOut(options.Timeout.TotalSeconds);
            return new QueryFailure(QueryOutcomeKind.TimedOut,
                $"The query ran for longer than {options.Timeout.ToString("c", CultureInfo.InvariantCulture)} (Bright:Query:Timeout) and was stopped; "
                + "narrow it, e.g. with a WHERE on occurred_at, or aggregate before joining.");
        }
        catch (DuckDBException ex) when (ex.Message.Contains("max_temp_directory_size", StringComparison.Ordinal))
        {
            LogOutOfTempSpace(options.MaxTempSize);
            return new QueryFailure(QueryOutcomeKind.OutOfTempSpace,
                $"The query needed more temporary disk than {options.MaxTempSize} (Bright:Query:MaxTempSize) and was stopped; narrow it, "
                + "e.g. with a WHERE on occurred_at, aggregate before joining or sorting, or ask an administrator to raise Bright:Query:MaxTempSize.");
        }
        catch (DuckDBException ex)
        {
            return Refusal(ex.Message);
        }
    }

    // The SQL is wrapped as a subquery; a trailing semicolon would end the statement inside the parentheses.
    private static string Body(string sql) => sql.TrimEnd().TrimEnd(';').TrimEnd();

    /// <summary>
    /// DuckDB's message, with its "LINE n:" moved back one line: the analyst's SQL starts on the wrapper's second
    /// line. The caret under it gives the column.
    /// </summary>
    internal static QueryFailure Refusal(string message)
    {
        var match = ErrorLinePattern().Match(message);
        if (!match.Success)
        {
            return new QueryFailure(QueryOutcomeKind.Refused, message);
        }

        var wrapperLine = int.Parse(match.Groups["line"].Value, CultureInfo.InvariantCulture);
        var line = wrapperLine - 1;
        var column = match.Groups["pad"].Value.Length - $"LINE {wrapperLine}: ".Length + 1;
        if (line < 1 || column < 1)
        {
            return new QueryFailure(QueryOutcomeKind.Refused, message);
        }

        var prefix = $"LINE {line}: ";
        var relocated = message[..match.Index] + prefix + match.Groups["text"].Value + "\n" + new string(' ', prefix.Length + column - 1) + "^"
            + message[(match.Index + match.Length)..];
        return new QueryFailure(QueryOutcomeKind.Refused, relocated, line, column);
    }

    [GeneratedRegex(@"^LINE (?<line>\d+): (?<text>[^\n]*)\n(?<pad> *)\^", RegexOptions.Multiline)]
    private static partial Regex ErrorLinePattern();

    [LoggerMessage(1102, LogLevel.Information, "A self-service query passed its {TimeoutSeconds} s limit and was interrupted")]
    private partial void LogTimedOut(double timeoutSeconds);

    [LoggerMessage(1104, LogLevel.Information, "A self-service query needed more temporary disk than its {MaxTempSize} cap and was stopped")]
    private partial void LogOutOfTempSpace(string maxTempSize);
}
