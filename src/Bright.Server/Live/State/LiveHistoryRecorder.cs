using System.Text.Json;
using Bright.Analytics.State.Opel;
using Bright.Analytics.State.Theatres;
using Bright.Core.Time;
using Bright.Store.Events;
using Bright.Store.LiveHistory;

namespace Bright.Server.Live.State;

/// <summary>
/// Turns live figures into history (issue 6): each theatre list's metrics once it has ended (rewritten when a late
/// event changes them), and OPEL per site and for the trust at every level change and every 15 minutes. Called by
/// the live-state loop, its one caller, so it needs no lock of its own.
/// </summary>
internal sealed class LiveHistoryRecorder(LiveStateService live, LiveHistoryStore history, LiveStateReader reader)
{
    /// <summary>OPEL is recorded at least this often (issue 6).</summary>
    public static readonly TimeSpan OpelInterval = TimeSpan.FromMinutes(15);

    private static readonly TimeSpan SessionCheck = TimeSpan.FromSeconds(30);
    private readonly Dictionary<string, int?> _opelLevels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _sessions = new(StringComparer.Ordinal);
    private readonly List<AlertEvent> _alertEvents = [];
    private DateTimeOffset _nextOpel = DateTimeOffset.MinValue;
    private DateTimeOffset _nextSessions = DateTimeOffset.MinValue;

    public async Task RecordAsync(CancellationToken cancellationToken)
    {
        // Kept until written, so a failed write is retried on the next tick.
        _alertEvents.AddRange(live.TakeAlertAudit());
        await history.WriteAlertEventsAsync(_alertEvents, cancellationToken);
        _alertEvents.Clear();

        var now = live.Clock.GetUtcNow();
        var opel = live.Read((state, at) => state.Opel(at));
        var interval = now >= _nextOpel;
        var rows = Due(opel, _opelLevels, interval);
        await history.WriteOpelAsync(rows, cancellationToken);
        foreach (var row in rows)
        {
            _opelLevels[row.Site] = row.Level;
        }

        if (interval)
        {
            // On the quarter hours, so series from different days line up.
            _nextOpel = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % OpelInterval.Ticks), TimeSpan.Zero) + OpelInterval;
        }

        if (now >= _nextSessions)
        {
            _nextSessions = now + SessionCheck;
            var today = UkTime.LocalDate(now);
            var ended = live.Read((state, at) => state.Sites
                .SelectMany(site => new[] { today.AddDays(-1), today }.Select(day => state.Theatres(site, at, day)))
                .SelectMany(view => EndedSessions(view, at)).ToList());
            var changed = ended.Where(s => !_sessions.TryGetValue(s.Site + "/" + s.ListId, out var before) || before != Signature(s)).ToList();
            await history.WriteSessionsAsync(changed, cancellationToken);
            foreach (var s in changed)
            {
                _sessions[s.Site + "/" + s.ListId] = Signature(s);
            }
        }
    }

    /// <summary>Folds each day's stored theatre events again and rewrites the sessions that have ended; returns how many.</summary>
    public async Task<int> RebuildSessionsAsync(string site, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var written = 0;
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var events = await reader.ReadTheatreDayAsync(site, UkTime.StartOfDay(day), UkTime.StartOfDay(day.AddDays(1)), cancellationToken);
            var board = live.Read((state, _) => state.NewTheatreBoard(site));
            foreach (var e in events.Where(e => !e.Attributes.TryGetValue(Analytics.State.LiveState.ExcludeAttribute, out var x) || x != "true"))
            {
                board.Apply(e);
            }

            var now = live.Clock.GetUtcNow();
            var sessions = EndedSessions(board.View(now, day), now).ToList();
            await history.WriteSessionsAsync(sessions, cancellationToken);
            written += sessions.Count;
        }

        return written;
    }

    /// <summary>The view's lists whose planned end has passed with no case still in theatre, as stored rows.</summary>
    internal static IEnumerable<TheatreSessionRecord> EndedSessions(TheatreView view, DateTimeOffset now)
    {
        foreach (var room in view.Rooms)
        {
            foreach (var s in room.Sessions.Where(s => s.End <= now && s.Cases.All(c => c.State != "in_progress")))
            {
                var m = s.Metrics;
                var cancellations = s.Cases
                    .Where(c => c.CancelledAt is { } at && UkTime.LocalDate(at) >= view.Date)
                    .GroupBy(c => c.CancelReason ?? "unspecified", StringComparer.Ordinal)
                    .Select(g => new SessionCancellation(g.Key, g.Count())).OrderByDescending(c => c.Count).ThenBy(c => c.Reason, StringComparer.Ordinal)
                    .ToList();
                yield return new TheatreSessionRecord(view.Site, s.ListId, room.Code, view.Date, s.Session, s.Specialty, s.Start, s.End,
                    m.PlannedMinutes, m.CappedTouchMinutes, m.UncappedTouchMinutes, m.LateStartMinutes, m.LateStart, m.EarlyFinishMinutes, m.EarlyFinish,
                    m.OverrunMinutes, m.TurnaroundMinutes.Count, m.TurnaroundMinutes.Sum(), m.CasesPlanned, m.CasesDone, m.CancelledOnTheDay,
                    cancellations, now);
            }
        }
    }

    /// <summary>
    /// The rows to record: every site and the trust when <paramref name="interval"/> is due, else those whose level differs
    /// from the one last recorded (a site never recorded counts as changed).
    /// </summary>
    internal static List<OpelHistoryRecord> Due(OpelView view, IReadOnlyDictionary<string, int?> recorded, bool interval) =>
        [.. OpelRows(view).Where(r => interval || !recorded.TryGetValue(r.Site, out var before) || before != r.Level)
            .Select(r => r with { Reason = interval ? "interval" : "level_change" })];

    /// <summary>One row per site and one for the trust, each with what contributed to it.</summary>
    internal static IEnumerable<OpelHistoryRecord> OpelRows(OpelView view)
    {
        foreach (var site in view.Sites)
        {
            yield return new OpelHistoryRecord(view.AsOf, site.Site, site.Level, site.Score, view.Version, view.Label, "interval",
                [.. site.Parameters.Select(p => new OpelHistoryParameter(p.Id, p.Value, p.Level, p.Weight))]);
        }

        yield return new OpelHistoryRecord(view.AsOf, LiveHistoryStore.Trust, view.TrustLevel, view.TrustScore, view.Version, view.Label, "interval",
            [.. view.Sites.Select(s => new OpelHistoryParameter(s.Site, s.Score, s.Level, s.Weight))]);
    }

    private static string Signature(TheatreSessionRecord s) => JsonSerializer.Serialize(s with { WrittenAt = default }, JsonSerializerOptions.Web);
}
