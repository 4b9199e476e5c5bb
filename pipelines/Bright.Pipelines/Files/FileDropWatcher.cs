using System.Threading.Channels;
using Bright.Pipelines.Ingestion;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bright.Pipelines.Files;

/// <summary>
/// Watches <c>Bright:Ingest:DropFolder</c> for CSV and Parquet files of canonical events: scans on a
/// <see cref="PeriodicTimer"/>, woken early by a <see cref="FileSystemWatcher"/> (a hint only: notifications
/// can be lost, the poll cannot), and hands each file to <see cref="FileDropProcessor"/> once its size and
/// write time have stayed the same for <c>DropSettleTime</c>, so a file still being copied is never read
/// half-written. Does nothing when the folder is not set.
/// </summary>
public sealed partial class FileDropWatcher(IOptions<IngestOptions> options, FileDropProcessor processor, TimeProvider clock,
    ILogger<FileDropWatcher> logger) : BackgroundService
{
    private readonly SemaphoreSlim _scan = new(1, 1);
    private readonly Dictionary<string, Sighting> _seen = new(StringComparer.Ordinal);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>The folder watched, or null when the file drop is off.</summary>
    public string? Folder => string.IsNullOrWhiteSpace(options.Value.DropFolder) ? null : Path.GetFullPath(options.Value.DropFolder);

    /// <summary>
    /// Looks at the folder once: notes new or changed files and processes those that have settled. Scans never
    /// overlap; one that waits for another sees the files that one left.
    /// </summary>
    /// <returns>What became of each file processed by this scan.</returns>
    public async Task<IReadOnlyList<FileDropResult>> ScanOnceAsync(CancellationToken cancellationToken)
    {
        var folder = Folder;
        if (folder is null)
        {
            return [];
        }

        await _scan.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(folder);
            var now = clock.GetUtcNow();
            var settled = new List<string>();
            var present = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in new DirectoryInfo(folder).EnumerateFiles().Where(f => DropFileReader.IsDropFile(f.Name)).OrderBy(f => f.Name,
                StringComparer.Ordinal))
            {
                present.Add(file.FullName);
                var sighting = new Sighting(file.Length, file.LastWriteTimeUtc, now);
                if (_seen.TryGetValue(file.FullName, out var earlier) && earlier.Length == sighting.Length && earlier.WriteTime == sighting.WriteTime)
                {
                    if (now - earlier.Since >= options.Value.DropSettleTime)
                    {
                        settled.Add(file.FullName);
                    }

                    continue;
                }

                _seen[file.FullName] = sighting;
            }

            foreach (var gone in _seen.Keys.Where(k => !present.Contains(k)).ToList())
            {
                _seen.Remove(gone);
            }

            var results = new List<FileDropResult>();
            foreach (var path in settled)
            {
                _seen.Remove(path);
                results.Add(await processor.ProcessAsync(path, cancellationToken));
            }

            return results;
        }
        finally
        {
            _scan.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var folder = Folder;
        if (folder is null)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        LogWatching(folder, options.Value.DropPollInterval, options.Value.DropSettleTime);
        using var watcher = new FileSystemWatcher(folder)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.LastWrite,
            IncludeSubdirectories = false,
        };
        watcher.Created += (_, _) => _wake.Writer.TryWrite(true);
        watcher.Changed += (_, _) => _wake.Writer.TryWrite(true);
        watcher.Renamed += (_, _) => _wake.Writer.TryWrite(true);
        watcher.EnableRaisingEvents = options.Value.DropNotifications;
        using var timer = new PeriodicTimer(options.Value.DropPollInterval, clock);
        var ticks = TickAsync(timer, stoppingToken);
        try
        {
            do
            {
                try
                {
                    await ScanOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The file stays where it is and is tried again on the next scan.
                    LogScanFailed(ex, folder);
                }
            }
            while (await _wake.Reader.WaitToReadAsync(stoppingToken) && _wake.Reader.TryRead(out _));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }

        await ticks;
    }

    private async Task TickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                _wake.Writer.TryWrite(true);
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    public override void Dispose()
    {
        _scan.Dispose();
        base.Dispose();
    }

    private sealed record Sighting(long Length, DateTime WriteTime, DateTimeOffset Since);

    [LoggerMessage(3211, LogLevel.Information, "Watching drop folder {Folder} (poll {Poll}, settle {Settle})")]
    private partial void LogWatching(string folder, TimeSpan poll, TimeSpan settle);

    [LoggerMessage(3212, LogLevel.Error, "Scanning drop folder {Folder} failed; the files are tried again on the next scan")]
    private partial void LogScanFailed(Exception exception, string folder);
}
