using System.Text.Json;
using Bright.Store;
using Bright.Store.Events;
using Bright.Store.Replication;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Bright.Server.Distributed;

/// <summary>What a published snapshot holds: the store of node <see cref="Node"/> with every log entry up to <see cref="StreamId"/> applied.</summary>
internal sealed record SnapshotManifest(string StreamId, string Node, DateTimeOffset CreatedAt, long Events, long DeadLetters, long DataQualityFlags,
    long Acknowledgements);

/// <summary>Why this node cannot join the log; shown by readiness until it can.</summary>
internal sealed class SnapshotUnavailableException(string message) : Exception(message);

/// <summary>
/// Snapshots of a node's store in the shared <c>Bright:Redis:SnapshotFolder</c>, one sub-folder per stream id
/// (Parquet files and a manifest written last, then the folder renamed into place, so a half-written snapshot is
/// never seen). Every <c>Bright:Redis:SnapshotInterval</c> one node (whichever takes the round's Redis key first)
/// publishes one; an administrator can ask any node for one (<c>POST /api/cluster/snapshots</c>). The latest
/// snapshot's id is kept in Redis, and the log is trimmed no further than it, so the latest snapshot and the log
/// after it always make the whole history: a node that joins after the log was trimmed loads the snapshot, then
/// reads the log from its id.
/// </summary>
internal sealed partial class ClusterSnapshots(RedisConnection redis, BrightStore store, EventWriter writer, NodeIdentity node, ReplicaGate gate,
    AdministrativeChanges administration, IOptions<RedisOptions> options, TimeProvider clock, ILogger<ClusterSnapshots> logger) : BackgroundService
{
    public const string ManifestFile = "manifest.json";
    private const int SnapshotsKept = 2;
    private const int EventsPerApply = 10_000;

    private const string SetIfNewerScript = """
        local function parse(id) local d = string.find(id, '-', 1, true) return tonumber(string.sub(id, 1, d - 1)), tonumber(string.sub(id, d + 1)) end
        local current = redis.call('GET', KEYS[1])
        if current then
          local cm, cs = parse(current)
          local nm, ns = parse(ARGV[1])
          if nm < cm or (nm == cm and ns <= cs) then return 0 end
        end
        redis.call('SET', KEYS[1], ARGV[1])
        return 1
        """;

    public bool IsEnabled => options.Value.SnapshotFolder.Length > 0;

    /// <summary>The newest complete snapshot in the folder, with its path, or null.</summary>
    public (SnapshotManifest Manifest, string Path)? Latest()
    {
        var folder = options.Value.SnapshotFolder;
        if (!IsEnabled || !Directory.Exists(folder))
        {
            return null;
        }

        foreach (var (_, path) in Complete(folder).OrderByDescending(s => s.Id))
        {
            try
            {
                var manifest = JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(path, ManifestFile)), EventLogJson.Default.SnapshotManifest);
                if (manifest is not null)
                {
                    return (manifest, path);
                }
            }
            catch (Exception ex) when (ex is IOException or JsonException)
            {
                LogUnreadableSnapshot(ex, path);
            }
        }

        return null;
    }

    /// <summary>
    /// Writes a snapshot of this node's store as it stands at its position in the log, holding the log's
    /// application meanwhile, and makes it the latest. Answers the existing one when this position has one.
    /// </summary>
    /// <exception cref="SnapshotUnavailableException">No snapshot folder, or this node has not read the log yet.</exception>
    public async Task<SnapshotManifest> PublishAsync(CancellationToken cancellationToken)
    {
        var opts = options.Value;
        if (!IsEnabled)
        {
            throw new SnapshotUnavailableException(
                $"{RedisOptions.Section}:SnapshotFolder is not set, so this cluster keeps no snapshots; set it on every node to a folder they all share.");
        }

        Directory.CreateDirectory(opts.SnapshotFolder);
        var partial = Path.Combine(opts.SnapshotFolder, $".partial-{node.Id}-{Guid.NewGuid():N}");
        string id;
        SnapshotCounts counts;
        try
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var group = (await redis.Database.StreamGroupInfoAsync(opts.StreamKey)).FirstOrDefault(g => g.Name == node.Id);
                if (group.Name is null || group.LastDeliveredId is null or "0-0")
                {
                    throw new SnapshotUnavailableException($"Node {node.Id} has not applied any entry of {opts.StreamKey} yet; ask a node that has.");
                }

                if (group.PendingMessageCount > 0)
                {
                    throw new SnapshotUnavailableException(
                        $"Node {node.Id} has {group.PendingMessageCount} entries of {opts.StreamKey} read but not yet applied; try again in a moment.");
                }

                id = group.LastDeliveredId;
                if (ReadManifest(Path.Combine(opts.SnapshotFolder, id)) is { } existing)
                {
                    return existing;
                }

                Directory.CreateDirectory(partial);
                counts = await StoreSnapshot.ExportAsync(store, partial, cancellationToken);
            }
            finally
            {
                gate.Release();
            }

            var manifest = new SnapshotManifest(id, node.Id, clock.GetUtcNow(), counts.Events, counts.DeadLetters, counts.DataQualityFlags,
                counts.Acknowledgements);
            await File.WriteAllBytesAsync(Path.Combine(partial, ManifestFile),
                JsonSerializer.SerializeToUtf8Bytes(manifest, EventLogJson.Default.SnapshotManifest), cancellationToken);
            var final = Path.Combine(opts.SnapshotFolder, id);
            try
            {
                Directory.Move(partial, final);
            }
            catch (IOException) when (ReadManifest(final) is { } other)
            {
                // Another node published the same position meanwhile: the two are the same history.
                return other;
            }

            await redis.Database.ScriptEvaluateAsync(SetIfNewerScript, [opts.SnapshotKey], [id]);
            LogPublished(id, manifest.Events, final);
            Prune(opts.SnapshotFolder);
            return manifest;
        }
        finally
        {
            if (Directory.Exists(partial))
            {
                Directory.Delete(partial, recursive: true);
            }
        }
    }

    /// <summary>
    /// Loads the latest snapshot into this store (events through the writer, which skips stored ids; records by
    /// log key), for a node whose position in the log is behind <paramref name="trimmedTo"/>, the newest entry
    /// trimmed away. Answers the snapshot loaded; the node reads the log from its id.
    /// </summary>
    /// <exception cref="SnapshotUnavailableException">No snapshot covers what was trimmed; the message says how to fix it.</exception>
    public async Task<SnapshotManifest> SeedAsync(StreamId trimmedTo, CancellationToken cancellationToken)
    {
        var opts = options.Value;
        if (!IsEnabled)
        {
            throw new SnapshotUnavailableException(
                $"The event log {opts.StreamKey} has been trimmed up to entry {trimmedTo}, so node {node.Id} cannot catch up from it, and "
                + $"{RedisOptions.Section}:SnapshotFolder is not set. Set it on every node to a folder they all share and publish a snapshot "
                + "from a ready node (POST /api/cluster/snapshots), or start this node on a copy of a stopped node's store file with that "
                + $"node's {NodeOptions.Section}:Id.");
        }

        if (Latest() is not { } latest || StreamId.Parse(latest.Manifest.StreamId) < trimmedTo)
        {
            throw new SnapshotUnavailableException(
                $"The event log {opts.StreamKey} has been trimmed up to entry {trimmedTo} and {opts.SnapshotFolder} holds no snapshot at or "
                + $"after it, so node {node.Id} cannot catch up yet. Publish one from a ready node (POST /api/cluster/snapshots); this node "
                + "loads it as soon as it appears.");
        }

        LogSeeding(node.Id, latest.Manifest.StreamId, latest.Manifest.Events, latest.Path);
        var chunk = new List<HospitalEvent>(EventsPerApply);
        foreach (var e in StoreSnapshot.ReadEvents(store, latest.Path))
        {
            chunk.Add(e);
            if (chunk.Count == EventsPerApply)
            {
                await writer.ApplyAsync(chunk.ToArray(), cancellationToken);
                chunk.Clear();
            }
        }

        await writer.ApplyAsync(chunk.ToArray(), cancellationToken);
        await StoreSnapshot.ImportRecordsAsync(store, latest.Path, cancellationToken);
        if (await StoreSnapshot.ImportAdministrationAsync(store, latest.Path, cancellationToken))
        {
            await administration.ReloadAsync(cancellationToken);
        }

        return latest.Manifest;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var opts = options.Value;
        if (!IsEnabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(opts.SnapshotInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                // One node per round: the first to set the round's key publishes.
                var round = clock.GetUtcNow().ToUnixTimeMilliseconds() / (long)opts.SnapshotInterval.TotalMilliseconds;
                var key = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{opts.SnapshotKey}:round:{round}");
                if (await redis.Database.StringSetAsync(key, node.Id, opts.SnapshotInterval * 2, When.NotExists))
                {
                    await PublishAsync(stoppingToken);
                }
            }
            catch (Exception ex) when (ex is RedisException or SnapshotUnavailableException or IOException or StoreWriteException
                or DuckDB.NET.Data.DuckDBException)
            {
                LogPublishFailed(ex, opts.SnapshotFolder);
            }
        }
    }

    private static IEnumerable<(StreamId Id, string Path)> Complete(string folder)
    {
        foreach (var path in Directory.EnumerateDirectories(folder))
        {
            if (StreamId.TryParse(Path.GetFileName(path), out var id) && File.Exists(Path.Combine(path, ManifestFile)))
            {
                yield return (id, path);
            }
        }
    }

    private static SnapshotManifest? ReadManifest(string path)
    {
        var file = Path.Combine(path, ManifestFile);
        return File.Exists(file) ? JsonSerializer.Deserialize(File.ReadAllBytes(file), EventLogJson.Default.SnapshotManifest) : null;
    }

    /// <summary>Keeps the newest few: a node may still be loading the one before the latest.</summary>
    private void Prune(string folder)
    {
        foreach (var (_, path) in Complete(folder).OrderByDescending(s => s.Id).Skip(SnapshotsKept))
        {
            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (IOException ex)
            {
                LogUnreadableSnapshot(ex, path);
            }
        }
    }

    [LoggerMessage(9021, LogLevel.Information, "Published a snapshot of the store up to log entry {StreamId} ({Events} events) in {Path}")]
    private partial void LogPublished(string streamId, long events, string path);

    [LoggerMessage(9022, LogLevel.Warning, "Publishing a snapshot to {Folder} failed; the next interval tries again")]
    private partial void LogPublishFailed(Exception exception, string folder);

    [LoggerMessage(9023, LogLevel.Warning, "The snapshot in {Path} cannot be read or removed")]
    private partial void LogUnreadableSnapshot(Exception exception, string path);

    [LoggerMessage(9024, LogLevel.Information, "Node {Node} is loading the snapshot up to log entry {StreamId} ({Events} events) from {Path}")]
    private partial void LogSeeding(string node, string streamId, long events, string path);
}

/// <summary>Held while log entries are applied to this store, and while a snapshot is taken, so a snapshot matches one position in the log.</summary>
internal sealed class ReplicaGate : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);

    public Task WaitAsync(CancellationToken cancellationToken) => _semaphore.WaitAsync(cancellationToken);

    public void Release() => _semaphore.Release();

    public void Dispose() => _semaphore.Dispose();
}
