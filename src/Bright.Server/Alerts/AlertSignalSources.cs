using System.Globalization;
using System.Text.Json;
using Bright.Analytics.State.Alerts;
using Bright.Pipelines.Feeds;
using Bright.Pipelines.Ingestion;
using Bright.Server.Kpis;
using Bright.Server.Live;
using Bright.Store.LiveHistory;

namespace Bright.Server.Alerts;

/// <summary>
/// The signals alert rules test beyond the boards: each KPI's SPC variation at its latest point (from its
/// <c>kpi:{id}</c> topic, so a recomputation or a restart's stored result is what counts) and each feed's status
/// from the ingest monitor, addressed to the feed's owner from <see cref="FeedRegistry"/>. Thread-safe.
/// </summary>
internal sealed class AlertSignalSources(LiveTopicRegistry topics, IngestMonitor monitor, FeedRegistry feeds)
{
    /// <summary>Every KPI's and feed's signal now.</summary>
    public IReadOnlyList<AlertSignal> Collect() => [.. Kpis(topics.All.OfType<KpiTopic>()), .. Feeds(monitor.Snapshot(), feeds)];

    /// <summary>One <c>kpi.special_cause_concern</c> signal per computed KPI, its value the variation icon's contract name.</summary>
    internal static IEnumerable<AlertSignal> Kpis(IEnumerable<KpiTopic> kpis)
    {
        foreach (var topic in kpis)
        {
            if (topic.Current is not { Variation: { } variation } tile)
            {
                continue;
            }

            var icon = JsonSerializer.Serialize(variation, KpiJson.Options).Trim('"');
            var name = tile.Name ?? tile.KpiId;
            var narrative = tile.Narrative;
            var period = tile.LatestPeriod?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "none";
            yield return new AlertSignal(AlertMeasures.KpiSpecialCauseConcern, LiveHistoryStore.Trust, "kpis/" + tile.KpiId, tile.KpiId, null, icon,
                _ => $"{name}, latest period {period}: {narrative}", Owner: tile.Owner);
        }
    }

    /// <summary>One <c>feed.status</c> signal per feed, its status the worst over its sites, with its owner and contact.</summary>
    internal static IEnumerable<AlertSignal> Feeds(IReadOnlyList<IngestRow> rows, FeedRegistry feeds)
    {
        foreach (var source in rows.GroupBy(r => r.Source, StringComparer.Ordinal))
        {
            var worst = source.OrderByDescending(r => FeedStatus.Severity(r.Status)).First();
            var owner = feeds.Find(source.Key);
            var detail = worst.Status switch
            {
                FeedStatus.Silent => "nothing received within its expected cadence",
                FeedStatus.Rejecting => string.Create(CultureInfo.InvariantCulture,
                    $"{worst.RejectedToday} of today's {worst.AcceptedToday + worst.RejectedToday} records from {worst.Site} rejected"),
                FeedStatus.Late => string.Create(CultureInfo.InvariantCulture,
                    $"its latest event from {worst.Site} arrived {Math.Round((worst.LagSeconds ?? 0) / 60)} min after it happened"),
                _ => "sending as expected",
            };
            var to = owner.Owner is null
                ? "no owner is configured (Bright:Feeds)"
                : $"owner {owner.Owner}{(owner.Contact is null ? "" : $" ({owner.Contact})")}";
            var message = $"Feed {source.Key} is {worst.Status}: {detail}; {to}.";
            yield return new AlertSignal(AlertMeasures.FeedStatus, LiveHistoryStore.Trust, "feeds/" + source.Key, source.Key, null, worst.Status,
                _ => message, Owner: owner.Owner, Contact: owner.Contact);
        }
    }
}
