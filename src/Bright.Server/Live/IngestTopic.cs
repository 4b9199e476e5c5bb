using Bright.Pipelines.Ingestion;

namespace Bright.Server.Live;

/// <summary>
/// The <c>ingest</c> topic: per source and site, events accepted and rejected today, the latest occurred
/// and received times and the lag between them (timeliness).
/// </summary>
internal sealed class IngestTopic(IngestMonitor monitor) : LiveTopic(TopicName)
{
    public const string TopicName = "ingest";

    protected override object BuildSnapshot() => new IngestPayload(monitor.Day, monitor.Snapshot());

    protected override object? BuildDelta()
    {
        var changed = monitor.TakeChanged();
        return changed.Count == 0 ? null : new IngestPayload(monitor.Day, changed);
    }
}

/// <summary>The data of the <c>ingest</c> topic: in a snapshot every row, in a delta the rows that changed.</summary>
internal sealed record IngestPayload(DateOnly Day, IReadOnlyList<IngestRow> Rows);
