using System.Globalization;

namespace Bright.Store.Query;

/// <summary>Settings of the <c>Bright:Query</c> section: the bounds of self-service SQL.</summary>
public sealed partial class QueryOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string Section = "Bright:Query";

    /// <summary>A query still running after this long is interrupted and answered 408.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most an answer may lag the live store: older snapshots are refreshed before use when the store changed.</summary>
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most rows in one answer; a longer result is cut here and flagged as truncated.</summary>
    public int MaxRows { get; set; } = 100_000;

    /// <summary>DuckDB's memory limit for each sandbox (one per snapshot, shared by its queries), e.g. <c>1GB</c>.</summary>
    public string MemoryLimit { get; set; } = "1GB";

    /// <summary>
    /// The most disk the temporary files of each sandbox (one per snapshot) may take, DuckDB's
    /// <c>max_temp_directory_size</c>, e.g. <c>2GB</c>. A sandbox spills to a folder of its own beside its snapshot,
    /// not to the store's temporary folder, so a runaway query stops here instead of using up the store's
    /// <c>Bright:Store:MaxTempSize</c>.
    /// </summary>
    public string MaxTempSize { get; set; } = "2GB";

    /// <summary>Threads each sandbox may use; by default half the machine's cores, at least one.</summary>
    public int Threads { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>
    /// The folder scheduled exports are written to; empty means <c>exports</c> beside the store file.
    /// </summary>
    public string ExportFolder { get; set; } = string.Empty;

    /// <summary>
    /// The folder e-mail-ready exports (<c>.eml</c> messages) are written to, and sent from when SMTP is configured;
    /// sent messages move to its <c>sent</c> subfolder. Empty means <c>outbox</c> beside the store file.
    /// </summary>
    public string Outbox { get; set; } = string.Empty;

    /// <summary>Every problem with these settings, each naming its key; empty when valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (Timeout <= TimeSpan.Zero)
        {
            yield return $"{Section}:Timeout must be positive, e.g. 00:00:30 (was {Timeout.ToString("c", CultureInfo.InvariantCulture)}).";
        }

        if (SnapshotInterval <= TimeSpan.Zero)
        {
            yield return $"{Section}:SnapshotInterval must be positive, e.g. 00:00:10 (was {SnapshotInterval.ToString("c", CultureInfo.InvariantCulture)}).";
        }

        if (MaxRows < 1)
        {
            yield return $"{Section}:MaxRows must be at least 1 (was {MaxRows}).";
        }

        if (!SizePattern().IsMatch(MemoryLimit ?? ""))
        {
            yield return $"{Section}:MemoryLimit must be a size such as 512MB or 1GB (was '{MemoryLimit}').";
        }

        if (!SizePattern().IsMatch(MaxTempSize ?? ""))
        {
            yield return $"{Section}:MaxTempSize must be a size such as 500MB or 2GB (was '{MaxTempSize}').";
        }

        if (Threads < 1)
        {
            yield return $"{Section}:Threads must be at least 1 (was {Threads}).";
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex SizePattern();
}
