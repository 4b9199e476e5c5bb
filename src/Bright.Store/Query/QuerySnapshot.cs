using Dapper;
using DuckDB.NET.Data;

namespace Bright.Store.Query;

/// <summary>
/// One generation of a query snapshot: a DuckDB file of its own, written once from the live store and then
/// opened read-only with external access off and the configuration locked. Every sandbox connection to it
/// shares that one locked instance: it is the first and only opener of its path in the process, so
/// DuckDB.NET's reuse of open databases works for the sandbox rather than against it. The file is deleted
/// once the snapshot is superseded and its last query has finished.
/// </summary>
internal sealed class QuerySnapshot
{
    private readonly DuckDBConnection _keeper;
    private readonly Lock _gate = new();
    private int _leases;
    private bool _retired;

    private QuerySnapshot(string path, DuckDBConnection keeper, long changeMark, DateTimeOffset snapshotAt)
    {
        FilePath = path;
        _keeper = keeper;
        ChangeMark = changeMark;
        SnapshotAt = snapshotAt;
    }

    public string FilePath { get; }

    /// <summary>The live store's change mark the snapshot was taken at.</summary>
    public long ChangeMark { get; }

    /// <summary>The latest moment the snapshot is known to equal the live store (it moves on while the store is unchanged).</summary>
    public DateTimeOffset SnapshotAt { get; set; }

    /// <summary>Rows of the live <c>events</c> table the snapshot holds (all of its site scope up to this row).</summary>
    public long EventRows { get; init; }

    /// <summary>Rows of the live <c>data_quality_flags</c> table the snapshot holds.</summary>
    public long FlagRows { get; init; }

    /// <summary>Opens the written file as a sandbox with <paramref name="options"/>' bounds.</summary>
    public static QuerySnapshot Open(string path, long changeMark, DateTimeOffset snapshotAt, QueryOptions options, long eventRows = 0,
        long flagRows = 0)
    {
        var keeper = new DuckDBConnection($"Data Source={path};ACCESS_MODE=READ_ONLY");
        keeper.Open();
        try
        {
            Restrict(keeper, options, TempFolderOf(path));
        }
        catch
        {
            keeper.Dispose();
            throw;
        }

        return new QuerySnapshot(path, keeper, changeMark, snapshotAt) { EventRows = eventRows, FlagRows = flagRows };
    }

    /// <summary>
    /// The sandbox settings, applied before locking the configuration so that no query can undo them. The
    /// read-only file, external access off and no extension loading are the real defence; the statement
    /// check in front of them only gives clearer messages.
    /// </summary>
    internal static void Restrict(DuckDBConnection connection, QueryOptions options, string tempFolder, string? allowedDirectory = null)
    {
        var memory = options.MemoryLimit.Replace("'", "", StringComparison.Ordinal);
        var statements = new List<string>
        {
            $"SET memory_limit = '{memory}'",
            $"SET temp_directory = '{tempFolder.Replace("'", "''", StringComparison.Ordinal)}'",
            $"SET max_temp_directory_size = '{options.MaxTempSize.Replace("'", "", StringComparison.Ordinal)}'",
            $"SET threads = {options.Threads}",
            "SET autoinstall_known_extensions = false",
            "SET autoload_known_extensions = false",
        };
        if (allowedDirectory is not null)
        {
            statements.Add($"SET allowed_directories = ['{allowedDirectory.Replace("'", "''", StringComparison.Ordinal)}']");
        }

        statements.Add("SET enable_external_access = false");
        statements.Add("SET lock_configuration = true");
        foreach (var statement in statements)
        {
            connection.Execute(statement);
        }
    }

    /// <summary>Takes a lease; false when the snapshot has already been retired and closed.</summary>
    public bool TryLease()
    {
        lock (_gate)
        {
            if (_retired && _leases == 0)
            {
                return false;
            }

            _leases++;
            return true;
        }
    }

    public void Release()
    {
        lock (_gate)
        {
            _leases--;
            if (!_retired || _leases > 0)
            {
                return;
            }
        }

        Close();
    }

    /// <summary>Marks the snapshot superseded; it closes and deletes its file once its last lease is released.</summary>
    public void Retire()
    {
        lock (_gate)
        {
            _retired = true;
            if (_leases > 0)
            {
                return;
            }
        }

        Close();
    }

    /// <summary>A sandbox connection: it shares the snapshot's locked, read-only instance.</summary>
    public DuckDBConnection OpenSandbox()
    {
        var connection = new DuckDBConnection($"Data Source={FilePath};ACCESS_MODE=READ_ONLY");
        connection.Open();
        return connection;
    }

    /// <summary>
    /// A private in-memory instance with this snapshot attached read-only as its default database, allowed to
    /// write only inside <paramref name="exportFolder"/>, for answers DuckDB writes as files (Parquet).
    /// </summary>
    public DuckDBConnection OpenExport(string exportFolder, QueryOptions options)
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        try
        {
            connection.Execute($"ATTACH '{FilePath.Replace("'", "''", StringComparison.Ordinal)}' AS snapshot (READ_ONLY)");
            connection.Execute("USE snapshot");
            Restrict(connection, options, Path.Combine(exportFolder, "tmp"), exportFolder.EndsWith('/') ? exportFolder : exportFolder + "/");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The folder the sandbox of the snapshot at <paramref name="path"/> spills to: its own, so spills are capped apart.</summary>
    internal static string TempFolderOf(string path) => path + ".tmp";

    private void Close()
    {
        _keeper.Dispose();
        try
        {
            foreach (var file in new[] { FilePath, FilePath + ".wal" })
            {
                File.Delete(file);
            }

            if (Directory.Exists(TempFolderOf(FilePath)))
            {
                Directory.Delete(TempFolderOf(FilePath), recursive: true);
            }
        }
        catch (IOException)
        {
            // A file still open elsewhere is removed with the folder at the next start.
        }
    }
}
