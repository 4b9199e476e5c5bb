using Bright.Core.Time;

namespace Bright.Analytics.State.Theatres;

public sealed partial class TheatreBoard
{
    /// <summary>
    /// The trackboard for local <paramref name="date"/> at <paramref name="now"/>: per room its lists, cases, current
    /// case and milestone, status and overrun, and the day's metrics. Room status and "current" are shown only for
    /// today. No subject keys.
    /// </summary>
    public TheatreView View(DateTimeOffset now, DateOnly date)
    {
        var isToday = UkTime.LocalDate(now) == date;
        var dayLists = _lists.Values.Where(l => UkTime.LocalDate(l.Start) == date).OrderBy(l => l.Start).ToList();
        var listed = dayLists.SelectMany(l => l.Cases).ToHashSet();
        var unscheduled = _cases.Values.Where(c => !listed.Contains(c) && (c.PlannedStart ?? c.First) is { } at && UkTime.LocalDate(at) == date).ToList();
        var rooms = new List<RoomView>();
        var sessions = new List<(TheatreList List, ListMetrics Metrics)>();
        foreach (var code in _roomOrder)
        {
            var room = _rooms[code];
            var lists = dayLists.Where(l => l.Room == code).Select(l => (List: l, Metrics: TheatreMetrics.Compute(l, _rules, now))).ToList();
            sessions.AddRange(lists);
            var loose = unscheduled.Where(c => c.Room == code).OrderBy(c => c.PlannedStart ?? c.First).ToList();
            rooms.Add(RoomView(room, lists, loose, now, isToday));
        }

        var summary = Summarise(sessions, rooms) with { Rebooking = isToday ? _rebooking.Summarise(now) : null };
        return new TheatreView(SiteCode, date, now, summary, rooms);
    }

    private RoomView RoomView(Room room, List<(TheatreList List, ListMetrics Metrics)> lists, List<TheatreCase> loose, DateTimeOffset now, bool isToday)
    {
        var sessionViews = lists.Select(l => new SessionView(l.List.ListId, l.List.Session, l.List.Specialty, l.List.Start, l.List.End, l.Metrics,
            Cases(l.List.Cases))).ToList();
        var all = lists.SelectMany(l => l.List.Cases).Concat(loose).ToList();
        var current = isToday
            ? all.Where(c => c.CancelledAt is null && c.Milestones.Count > 0 && c.At(_rules.TouchEndMilestone) is null).MaxBy(c => c.First)
            : null;
        var running = isToday ? lists.Select(l => l.List).FirstOrDefault(l => l.Start <= now && now < l.End)
            ?? (current?.ListId is { } id ? lists.Select(l => l.List).FirstOrDefault(l => l.ListId == id) : null) : null;

        DateTimeOffset? expected = null;
        var overrunning = false;
        if (running is not null)
        {
            var from = now;
            if (current is not null)
            {
                var started = _rules.TouchStartMilestones.Select(current.At).FirstOrDefault(t => t is not null) ?? current.First!.Value;
                var plannedEnd = started.AddMinutes(current.PlannedMinutes ?? 0);
                overrunning = current.PlannedStart is { } ps && now > ps.AddMinutes(current.PlannedMinutes ?? 0);
                from = plannedEnd > now ? plannedEnd : now;
            }

            var waiting = running.Cases.Where(c => c != current && c.CancelledAt is null && c.Milestones.Count == 0).Sum(c => c.PlannedMinutes ?? 0);
            expected = from.AddMinutes(waiting);
            overrunning |= now > running.End && current is not null;
        }

        double? overrunMinutes = expected is { } e && running is not null && e > running.End ? Math.Round((e - running.End).TotalMinutes) : null;
        return new RoomView(room.Code, room.Name, room.Known,
            isToday ? room.Status : null,
            isToday ? room.Since : null,
            isToday && room.Since is { } since ? Math.Max(0, (int)(now - since).TotalMinutes) : null,
            running?.ListId,
            current is null ? null : CaseView(current, Position(all, current)),
            current?.Latest?.Code,
            current?.Latest?.At,
            current?.Latest is { } latest ? Math.Max(0, (int)(now - latest.At).TotalMinutes) : null,
            running?.End,
            expected,
            overrunning || overrunMinutes > 0,
            overrunMinutes,
            sessionViews,
            Cases(loose));
    }

    private static int Position(List<TheatreCase> all, TheatreCase c) => all.IndexOf(c) + 1;

    private List<CaseView> Cases(IEnumerable<TheatreCase> cases) =>
        [.. cases.OrderBy(c => c.PlannedStart ?? c.First ?? DateTimeOffset.MaxValue).Select((c, i) => CaseView(c, i + 1))];

    private CaseView CaseView(TheatreCase c, int position)
    {
        var state = c.CancelledAt is not null ? "cancelled"
            : c.At(_rules.TouchEndMilestone) is not null ? "done"
            : c.Milestones.Count > 0 ? "in_progress" : "scheduled";
        return new CaseView(position, c.Procedure, c.PlannedStart, c.PlannedMinutes, c.PatientClass, c.Scheduled, state, c.Latest?.Code, c.Latest?.At,
            c.CancelReason, c.CancelledAt);
    }

    private TheatreDaySummary Summarise(List<(TheatreList List, ListMetrics Metrics)> sessions, List<RoomView> rooms)
    {
        var m = sessions.Select(s => s.Metrics).ToList();
        var planned = m.Sum(x => x.PlannedMinutes);
        var capped = m.Sum(x => x.CappedTouchMinutes);
        var uncapped = m.Sum(x => x.UncappedTouchMinutes);
        var turnarounds = m.SelectMany(x => x.TurnaroundMinutes).ToList();
        var cancelled = sessions.SelectMany(s => s.List.Cases)
            .Where(c => c.CancelledAt is { } at && UkTime.LocalDate(at) >= UkTime.LocalDate(sessions.First(s => s.List.Cases.Contains(c)).List.Start))
            .GroupBy(c => c.CancelReason ?? "unspecified", StringComparer.Ordinal)
            .Select(g => new CancellationCount(g.Key, g.Count())).OrderByDescending(c => c.Count).ToList();
        return new TheatreDaySummary(sessions.Count, planned, capped, uncapped, planned > 0 ? capped / planned : null, planned > 0 ? uncapped / planned : null,
            _rules.UtilisationBenchmark, m.Count(x => x.LateStart), m.Count(x => x.EarlyFinish), turnarounds.Count, turnarounds.Sum(),
            turnarounds.Count > 0 ? turnarounds.Average() : null, m.Sum(x => x.CasesPlanned), m.Sum(x => x.CasesDone), m.Sum(x => x.CancelledOnTheDay),
            cancelled, sessions.Count > 0 ? (double)m.Sum(x => x.CasesDone) / sessions.Count : null,
            rooms.Count(r => r.Status == "ready_to_clean"), _quality.CountFor(SiteCode));
    }
}
