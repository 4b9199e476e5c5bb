namespace Bright.Pipelines.Ingestion;

/// <summary>Settings of the <c>Bright:Ingest</c> section: HTTP bodies and the file drop.</summary>
public sealed class IngestOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string Section = "Bright:Ingest";

    /// <summary>The largest body <c>POST /api/events</c> and <c>POST /api/fhir</c> take, in bytes.</summary>
    public long MaxBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>The folder watched for dropped CSV and Parquet files of canonical events; empty turns the file drop off.</summary>
    public string DropFolder { get; set; } = string.Empty;

    /// <summary>How often the drop folder is scanned (a file-system notification also wakes the scan early).</summary>
    public TimeSpan DropPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether file-system notifications wake the scan early. Turn off for a folder on a network share, where
    /// notifications are unreliable or missing; the poll alone then finds every file.
    /// </summary>
    public bool DropNotifications { get; set; } = true;

    /// <summary>How long a file's size and write time must stay unchanged before it is read (a writer may still be copying it).</summary>
    public TimeSpan DropSettleTime { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The Source of dropped rows that name none.</summary>
    public string DropSource { get; set; } = "file-drop";

    /// <summary>
    /// The share of today's records rejected (rejected / (accepted + rejected)) above which a feed is
    /// <c>rejecting</c> on the <c>ingest</c> topic, from 0 to 1.
    /// </summary>
    public double RejectingAbove { get; set; } = 0.05;

    /// <summary>Every problem with these settings, each naming its key; empty when valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (MaxBodyBytes < 1024)
        {
            yield return $"{Section}:MaxBodyBytes must be at least 1024 (was {MaxBodyBytes}).";
        }

        if (DropPollInterval < TimeSpan.FromMilliseconds(10) || DropPollInterval > TimeSpan.FromHours(24))
        {
            yield return $"{Section}:DropPollInterval must be from 00:00:00.010 to 24:00:00 (was {DropPollInterval}).";
        }

        if (DropSettleTime < TimeSpan.Zero || DropSettleTime > TimeSpan.FromHours(1))
        {
            yield return $"{Section}:DropSettleTime must be from 00:00:00 to 01:00:00 (was {DropSettleTime}).";
        }

        if (!(RejectingAbove is >= 0 and < 1))
        {
            yield return $"{Section}:RejectingAbove must be from 0 to less than 1, a share of today's records (was {RejectingAbove.ToString(System.Globalization.CultureInfo.InvariantCulture)}).";
        }

        if (string.IsNullOrWhiteSpace(DropSource))
        {
            yield return $"{Section}:DropSource must name the feed of dropped rows that name none.";
        }
    }
}
