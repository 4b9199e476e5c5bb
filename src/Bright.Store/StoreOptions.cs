namespace Bright.Store;

/// <summary>Settings of the <c>Bright:Store</c> section.</summary>
public sealed class StoreOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string Section = "Bright:Store";

    /// <summary>The DuckDB file; its folder is created. Relative paths are from the working directory.</summary>
    public string Path { get; set; } = "data/bright.duckdb";

    /// <summary>Most write requests waiting for the writer before senders are held back (backpressure).</summary>
    public int WriteQueueCapacity { get; set; } = 4096;

    /// <summary>Most events committed in one transaction by the writer's group commit.</summary>
    public int MaxBatchEvents { get; set; } = 50_000;

    /// <summary>
    /// Events per transaction on the bulk path (backfill, file drops). Large enough that DuckDB writes whole
    /// row groups straight to the file instead of through its write-ahead log.
    /// </summary>
    public int BulkBatchEvents { get; set; } = 250_000;

    /// <summary>
    /// The most memory DuckDB may use for the store (its buffer pool; larger work spills to disk beside the
    /// file), e.g. <c>1GB</c> or <c>512MB</c>.
    /// </summary>
    public string MemoryLimit { get; set; } = "1GB";

    /// <summary>
    /// The most disk DuckDB's temporary files may take (its <c>max_temp_directory_size</c>), e.g. <c>10GB</c>. They
    /// are written to the folder beside the store named as its file with <c>.tmp</c> appended; a query that would spill more
    /// fails with an error naming this key instead of filling the disk.
    /// </summary>
    public string MaxTempSize { get; set; } = "10GB";

    /// <summary>Every problem with these settings, each naming its key; empty when valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Path))
        {
            yield return $"{Section}:Path must name a DuckDB file, e.g. data/bright.duckdb.";
        }

        if (WriteQueueCapacity < 1)
        {
            yield return $"{Section}:WriteQueueCapacity must be at least 1 (was {WriteQueueCapacity}).";
        }

        if (MaxBatchEvents < 1)
        {
            yield return $"{Section}:MaxBatchEvents must be at least 1 (was {MaxBatchEvents}).";
        }

        if (!IsSize(MemoryLimit))
        {
            yield return $"{Section}:MemoryLimit must be a size such as 1GB or 512MB (was '{MemoryLimit}').";
        }

        if (!IsSize(MaxTempSize))
        {
            yield return $"{Section}:MaxTempSize must be a size such as 10GB or 500MB (was '{MaxTempSize}').";
        }

        if (BulkBatchEvents < 1)
        {
            yield return $"{Section}:BulkBatchEvents must be at least 1 (was {BulkBatchEvents}).";
        }
    }

    private static bool IsSize(string? value) => System.Text.RegularExpressions.Regex.IsMatch(value ?? "",
        @"^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
}
