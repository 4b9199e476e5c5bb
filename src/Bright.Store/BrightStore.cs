using Bright.Store.Migrations;
using DuckDB.NET.Data;

namespace Bright.Store;

/// <summary>
/// The open DuckDB store: one database file, migrated at open, handing out connections that share the
/// one native database (DuckDB.NET keeps a single instance per path in a process). Thread-safe; dispose
/// once, at shutdown.
/// </summary>
public sealed class BrightStore : IDisposable
{
    // Holds the database open for the store's lifetime, so every later connection attaches to the same
    // instance and the file is not reopened (and re-read) for each reader.
    private readonly DuckDBConnection _keeper;

    private BrightStore(string path, DuckDBConnection keeper)
    {
        FilePath = path;
        _keeper = keeper;
    }

    /// <summary>The full path of the DuckDB file.</summary>
    public string FilePath { get; }

    /// <summary>The schema version after migrations ran.</summary>
    public int SchemaVersion { get; private init; }

    /// <summary>
    /// Opens (creating if needed) the store at <paramref name="options"/>' path and applies migrations.
    /// </summary>
    /// <exception cref="InvalidOperationException">The file cannot be opened; the message names it and the cause.</exception>
    public static BrightStore Open(StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = System.IO.Path.GetFullPath(options.Path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        DuckDBConnection keeper;
        try
        {
            keeper = new DuckDBConnection($"Data Source={path}");
            keeper.Open();
        }
        catch (DuckDBException ex)
        {
            throw new InvalidOperationException(
                $"Cannot open the store '{path}' (Bright:Store:Path): {ex.Message}. Is another BRIGHT process using it?", ex);
        }

        // The limits are the database instance's, so they bound every connection to the store; the query
        // sandbox is a separate instance with its own. Work larger than the memory spills to the folder beside
        // the file, and only up to its own limit, so a runaway query fails instead of filling the disk.
        foreach (var setting in new[]
                 {
                     $"SET memory_limit = '{Quoted(options.MemoryLimit)}'",
                     $"SET temp_directory = '{Quoted(path + ".tmp")}'",
                     $"SET max_temp_directory_size = '{Quoted(options.MaxTempSize)}'",
                 })
        {
            using var command = keeper.CreateCommand();
            command.CommandText = setting;
            command.ExecuteNonQuery();
        }

        SchemaMigrator.Apply(keeper);
        return new BrightStore(path, keeper) { SchemaVersion = SchemaMigrator.CurrentVersion(keeper) };
    }

    private static string Quoted(string value) => value.Replace("'", "''", StringComparison.Ordinal);

    /// <summary>An open connection to the store; the caller disposes it. Cheap: it shares the open database.</summary>
    public DuckDBConnection OpenConnection()
    {
        var connection = new DuckDBConnection($"Data Source={FilePath}");
        connection.Open();
        return connection;
    }

    /// <inheritdoc />
    public void Dispose() => _keeper.Dispose();
}
