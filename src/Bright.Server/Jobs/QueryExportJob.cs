using System.Globalization;
using System.Text.RegularExpressions;
using Bright.Core.Time;
using Bright.Store;
using Bright.Store.Query;
using Hangfire;

namespace Bright.Server.Jobs;

/// <summary>
/// Runs a saved query on its schedule and writes the answer to the export folder as
/// <c>{name}-{yyyyMMdd-HHmm}.{csv|json|arrows|parquet}</c> (UK local time), written whole or not at all,
/// and audited like any other query. An e-mail schedule instead writes <c>{name}-{yyyyMMdd-HHmm}.eml</c> with the
/// export attached to the outbox, and sends it when SMTP is configured.
/// </summary>
internal sealed partial class QueryExportJob(SavedQueryStore saved, QueryScheduleStore schedules, QueryRunner runner, QueryAuditStore audit,
    QueryOutbox outbox, QueryOptions options, StoreOptions store, TimeProvider clock, ILogger<QueryExportJob> logger)
{
    public static string IdFor(long savedQueryId) => string.Create(CultureInfo.InvariantCulture, $"query-export-{savedQueryId}");

    /// <summary>Registers (or updates) the recurring job of <paramref name="schedule"/>, in Europe/London time.</summary>
    public static void Schedule(IRecurringJobManager jobs, QuerySchedule schedule)
    {
        var id = schedule.SavedQueryId;
        var format = schedule.Format;
        jobs.AddOrUpdate<QueryExportJob>(IdFor(id), j => j.RunAsync(id, format, CancellationToken.None), schedule.Cron,
            new RecurringJobOptions { TimeZone = UkTime.Zone });
    }

    /// <summary>The folder exports go to: <c>Bright:Query:ExportFolder</c>, else <c>exports</c> beside the store.</summary>
    public static string Folder(QueryOptions options, StoreOptions store) =>
        string.IsNullOrWhiteSpace(options.ExportFolder)
            ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(store.Path))!, "exports")
            : Path.GetFullPath(options.ExportFolder);

    /// <returns>The file written: the export, or for an e-mail schedule the message (in <c>sent/</c> once sent).</returns>
    /// <exception cref="InvalidOperationException">The saved query is gone or was refused; Hangfire shows the reason.</exception>
    public async Task<string> RunAsync(long savedQueryId, QueryFormat format, CancellationToken cancellationToken)
    {
        var query = await saved.GetAsync(savedQueryId, cancellationToken)
            ?? throw new InvalidOperationException($"Saved query {savedQueryId} no longer exists; remove its schedule (DELETE /api/queries/{savedQueryId}/schedule).");
        var at = clock.GetUtcNow();
        var run = await runner.RunAsync(new QueryRequest(query.Sql, query.Parameters), format, cancellationToken);
        var who = $"schedule of {query.Owner}";
        if (run.Failure is { } failure)
        {
            await audit.AddAsync(new QueryAuditEntry(at, who, savedQueryId, query.Sql, QueryParameters.ToJson(query.Parameters), format, failure.Kind,
                null, null, run.ElapsedMs, null, failure.Message), CancellationToken.None);
            throw new InvalidOperationException($"Saved query {savedQueryId} ('{query.Name}') was refused: {failure.Message}");
        }

        await using var answer = run.Answer!;
        var schedule = await schedules.GetAsync(savedQueryId, cancellationToken);
        var email = schedule is { Target: QueryExportTarget.Email };
        var name = string.Create(CultureInfo.InvariantCulture, $"{Slug(query.Name)}-{UkTime.ToLocal(at):yyyyMMdd-HHmm}");
        var folder = email ? outbox.Folder : Folder(options, store);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{name}.{Extension(format)}");
        var partial = path + ".partial";
        await using (var file = File.Create(partial))
        {
            await answer.WriteAsync(file, cancellationToken);
        }

        if (email)
        {
            try
            {
                var facts = new QueryExportMail.Facts(query, schedule! with { Format = format }, at, answer.RowCount, answer.Truncated, answer.SnapshotAt,
                    options.MaxRows);
                using var message = QueryExportMail.Compose(facts, outbox.Smtp.From, partial, Path.GetFileName(path));
                path = await outbox.WriteAsync(message, name, cancellationToken);
            }
            finally
            {
                File.Delete(partial);
            }

            if (outbox.Smtp.Enabled)
            {
                (path, _) = await outbox.SendAsync(path, cancellationToken);
            }
        }
        else
        {
            File.Move(partial, path, overwrite: true);
        }

        await audit.AddAsync(new QueryAuditEntry(at, who, savedQueryId, query.Sql, QueryParameters.ToJson(query.Parameters), format,
            QueryOutcomeKind.Answered, answer.RowCount, answer.Truncated, run.ElapsedMs, answer.SnapshotAt, null), CancellationToken.None);
        LogExported(savedQueryId, answer.RowCount, path);
        return path;
    }

    private static string Extension(QueryFormat format) => format switch
    {
        QueryFormat.Csv => "csv",
        QueryFormat.Arrow => "arrows",
        QueryFormat.Parquet => "parquet",
        _ => "json",
    };

    private static string Slug(string name)
    {
        var slug = NonWord().Replace(name.ToLowerInvariant(), "-").Trim('-');
        return slug.Length == 0 ? "query" : slug[..Math.Min(60, slug.Length)];
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonWord();

    [LoggerMessage(9101, LogLevel.Information, "Saved query {SavedQueryId} exported: {Rows} rows to {Path}")]
    private partial void LogExported(long savedQueryId, long rows, string path);
}
