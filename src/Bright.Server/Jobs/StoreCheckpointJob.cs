using Bright.Store;
using Dapper;

namespace Bright.Server.Jobs;

/// <summary>
/// Folds DuckDB's write-ahead log into the database file, so a restart replays little and the file on disk
/// is complete for backups. Runs hourly.
/// </summary>
public sealed class StoreCheckpointJob(BrightStore store)
{
    public const string Id = "store-checkpoint";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var connection = store.OpenConnection();
        await connection.ExecuteAsync(new CommandDefinition("CHECKPOINT", cancellationToken: cancellationToken));
    }
}
