using Bright.Store;

namespace Bright.Testing;

/// <summary>A <see cref="BrightStore"/> on a fresh temporary file, deleted (with DuckDB's WAL) on dispose.</summary>
public sealed class TempStore : IDisposable
{
    private TempStore(string path, BrightStore store)
    {
        Path = path;
        Store = store;
        Options = new StoreOptions { Path = path };
    }

    /// <summary>The open store.</summary>
    public BrightStore Store { get; }

    /// <summary>Options naming the store's file, for components that take them.</summary>
    public StoreOptions Options { get; }

    /// <summary>The DuckDB file.</summary>
    public string Path { get; }

    /// <summary>Opens (and migrates) a store on a new file under the temporary folder.</summary>
    public static TempStore Create()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "bright-tests", $"{Guid.NewGuid():N}.duckdb");
        return new TempStore(path, BrightStore.Open(new StoreOptions { Path = path }));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Store.Dispose();
        foreach (var file in new[] { Path, Path + ".wal" })
        {
            if (File.Exists(file))
            {
                File.Delete(file);
            }
        }
    }
}
