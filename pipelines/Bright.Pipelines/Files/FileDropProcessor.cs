using System.Text.Json;
using Bright.Pipelines.Ingestion;
using Bright.Pipelines.Validation;
using Bright.Store.DataQuality;
using Bright.Store.DeadLetters;
using Bright.Store.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bright.Pipelines.Files;

/// <summary>
/// Ingests one dropped file: validates each row with the rules of <c>POST /api/events</c>, writes the valid
/// ones through the writer's bulk path (dedupe makes a re-drop safe), dead-letters the invalid ones with the
/// file's name and line (channel <c>file</c>), then moves the file to <c>processed/</c>, or to <c>failed/</c>
/// when it cannot be read, with a <c>.result.json</c> beside it. Thread-safe, but one file at a time is
/// what <see cref="FileDropWatcher"/> asks of it.
/// </summary>
public sealed partial class FileDropProcessor(CanonicalEventValidator validator, EventWriter writer, DeadLetterStore deadLetters,
    DataQualityStore dataQuality, IngestMonitor monitor, IOptions<IngestOptions> options, TimeProvider clock, ILogger<FileDropProcessor> logger)
{
    public const string Channel = "file";
    public const string ProcessedFolder = "processed";
    public const string FailedFolder = "failed";
    public const int MaxListedRejections = 1000;

    private const int ProgressEvery = 100_000;

    private static readonly JsonSerializerOptions ResultJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Ingests <paramref name="path"/> and moves it; returns what became of it.</summary>
    public async Task<FileDropResult> ProcessAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = Path.GetFileName(path);
        var receivedAt = clock.GetUtcNow();
        var source = options.Value.DropSource;
        var rejected = new List<FileDropRejection>();
        var letters = new List<DeadLetter>();
        var flags = new List<DataQualityFlag>();
        long rejectedCount = 0;
        var written = default(WriteResult);
        string? error = null;
        LogStarted(name);
        try
        {
            long logged = 0;
            var progress = new Progress<long>(handled =>
            {
                if (handled - logged >= ProgressEvery)
                {
                    logged = handled;
                    LogProgress(name, handled);
                }
            });
            written = await writer.WriteBulkAsync(Validate(), progress, cancellationToken);
        }
        catch (DropFileException ex)
        {
            // Rows before a structural fault may already be stored; they count as duplicates when the fixed file is dropped again.
            error = ex.Message;
        }

        await deadLetters.AddAsync(letters, cancellationToken);
        foreach (var group in letters.GroupBy(l => (l.Source, l.Site)))
        {
            monitor.RecordRejected(group.Key.Source, group.Key.Site, group.Count());
        }

        if (error is not null)
        {
            flags.Add(new DataQualityFlag(receivedAt, source, null, null, "file", $"{name}: {error}"));
        }

        await dataQuality.AddAsync(flags, cancellationToken);
        var result = new FileDropResult(name, clock.GetUtcNow(), error is null ? "processed" : "failed", written.Accepted, written.Duplicates,
            rejectedCount, rejected, error);
        Move(path, error is null ? ProcessedFolder : FailedFolder, result);
        LogFinished(name, result.Outcome, result.Accepted, result.Duplicates, result.RejectedCount);
        return result;

        IEnumerable<HospitalEvent> Validate()
        {
            foreach (var row in DropFileReader.Read(path))
            {
                using (row.Record)
                {
                    var outcome = validator.Validate(row.Record.RootElement, source, null, receivedAt);
                    if (outcome.Event is { } e)
                    {
                        flags.AddRange(outcome.Flags.Select(f => new DataQualityFlag(receivedAt, e.Source, e.Site, e.EventId, f.Field,
                            $"{name} line {row.Line}: {f.Message}")));
                        yield return e;
                        continue;
                    }

                    rejectedCount++;
                    if (rejected.Count < MaxListedRejections)
                    {
                        rejected.Add(new FileDropRejection(row.Line, outcome.EventId, outcome.Errors));
                    }

                    var record = row.Record.RootElement;
                    var rowSource = record.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : source;
                    var site = record.TryGetProperty("site", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                    letters.Add(new DeadLetter(receivedAt, Channel, rowSource, site, $"{name}:{row.Line}", outcome.Errors, record.GetRawText()));
                }
            }
        }
    }

    private static void Move(string path, string folder, FileDropResult result)
    {
        var directory = Path.Combine(Path.GetDirectoryName(path)!, folder);
        Directory.CreateDirectory(directory);
        var name = Path.GetFileNameWithoutExtension(path);
        var extension = Path.GetExtension(path);
        var target = Path.Combine(directory, name + extension);

        // A file dropped again under the same name keeps the earlier one: name.1.csv, name.2.csv, ...
        for (var n = 1; File.Exists(target) || File.Exists(target + ".result.json"); n++)
        {
            target = Path.Combine(directory, $"{name}.{n}{extension}");
        }

        File.WriteAllText(target + ".result.json", JsonSerializer.Serialize(result, ResultJson));
        File.Move(path, target);
    }

    [LoggerMessage(3201, LogLevel.Information, "Dropped file {File}: reading")]
    private partial void LogStarted(string file);

    [LoggerMessage(3202, LogLevel.Information, "Dropped file {File}: {Rows} rows handled")]
    private partial void LogProgress(string file, long rows);

    [LoggerMessage(3203, LogLevel.Information,
        "Dropped file {File} {Outcome}: {Accepted} accepted, {Duplicates} duplicates, {Rejected} rejected")]
    private partial void LogFinished(string file, string outcome, long accepted, long duplicates, long rejected);
}
