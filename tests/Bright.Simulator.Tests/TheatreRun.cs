using System.Globalization;
using Bright.Core.Events;
using Bright.Core.Reference;
using Bright.Core.Time;

namespace Bright.Simulator.Tests;

/// <summary>
/// 150 simulated days of the demo trust's theatres from 2025-01-01, folded once: elective bookings, on-the-day
/// cancellations by reason, capped utilisation of elective lists (DOMAIN.md §6) and 28-day rebooking. Lists of the
/// first 30 days (warm-up) and the last 30 (rebookings still to come) are left out.
/// </summary>
internal sealed class TheatreRun
{
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly DateOnly From = DateOnly.FromDateTime(Start.UtcDateTime).AddDays(30);
    private static readonly DateOnly To = DateOnly.FromDateTime(Start.UtcDateTime).AddDays(120);
    private static readonly string[] TouchStart = ["anaesthesia_start", "in_anaesthetic_room", "in_theatre"];
    private static readonly Lazy<TheatreRun> _instance = new(() => new TheatreRun(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<string, double> _plannedMinutesBySite = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _cappedMinutesBySite = new(StringComparer.Ordinal);

    private TheatreRun()
    {
        var simulator = new TrustSimulator(TrustReference.Demo, new SimulatorOptions(), Start);
        var lists = new Dictionary<string, (DateTimeOffset Start, DateTimeOffset End, bool Elective)>(StringComparer.Ordinal);
        var cases = new Dictionary<string, Booking>(StringComparer.Ordinal);
        var milestones = new Dictionary<string, Dictionary<string, DateTimeOffset>>(StringComparer.Ordinal);
        foreach (var e in simulator.AdvanceTo(Start.AddDays(150)))
        {
            switch (e.Kind)
            {
                case EventKind.TheatreListPlanned:
                    lists[e.Attributes["listId"]] = (Parse(e.Attributes["start"]), Parse(e.Attributes["end"]),
                        e.Attributes["specialty"] is not ("emergency" or "obstetrics"));
                    break;
                case EventKind.CaseScheduled:
                    cases[e.Attributes["caseId"]] = new Booking(e.Subject!, e.Attributes["procedure"], e.Attributes["listId"],
                        Parse(e.Attributes["plannedStart"]), e.OccurredAt, e.Attributes["patientClass"]);
                    break;
                case EventKind.CaseCancelled:
                    cases[e.Attributes["caseId"]].Cancelled = (e.Code!, e.Attributes["reason"], e.OccurredAt);
                    break;
                case EventKind.TheatreMilestone:
                    var times = milestones.TryGetValue(e.Attributes["caseId"], out var found) ? found : milestones[e.Attributes["caseId"]] = [];
                    times.TryAdd(e.Code!, e.OccurredAt);
                    break;
            }
        }

        bool Counted(Booking b) => lists.TryGetValue(b.ListId, out var list) && list.Elective && UkTime.LocalDate(list.Start) is var d && d >= From && d < To;
        var elective = cases.Values.Where(Counted).ToList();
        ElectiveCases = elective.Count;
        ElectiveCasesBySite = elective.GroupBy(b => b.ListId[..3], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var onTheDay = elective.Where(b => b.Cancelled?.Code == "non_clinical_on_day").ToList();
        OnTheDayCancellations = onTheDay.Count;
        OnTheDayBySite = onTheDay.GroupBy(b => b.ListId[..3] + " " + b.Cancelled!.Value.Reason, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        OnTheDayReasons = onTheDay.GroupBy(b => b.Cancelled!.Value.Reason, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var cancelled in onTheDay)
        {
            var cancelledOn = UkTime.LocalDate(cancelled.Cancelled!.Value.At);
            var rebooking = cases.Values.Where(b => b != cancelled && b.Subject == cancelled.Subject && b.Procedure == cancelled.Procedure
                && b.BookedAt >= cancelled.Cancelled!.Value.At).MinBy(b => b.PlannedStart);
            if (rebooking is not null)
            {
                Rebooked++;
                if (UkTime.LocalDate(rebooking.PlannedStart) <= cancelledOn.AddDays(28))
                {
                    RebookedWithin28Days++;
                }
            }
        }

        foreach (var (listId, list) in lists.Where(l => l.Value.Elective && UkTime.LocalDate(l.Value.Start) is var d && d >= From && d < To))
        {
            var site = listId[..3];
            var run = cases.Where(c => c.Value.ListId == listId && milestones.TryGetValue(c.Key, out var m) && m.ContainsKey("in_theatre") && m.ContainsKey("left_theatre"))
                .Select(c => (In: milestones[c.Key]["in_theatre"], Left: milestones[c.Key]["left_theatre"])).OrderBy(c => c.In).ToList();
            if (run.Count > 0)
            {
                ListsRun++;
                LateStartMinutes.Add((run[0].In - list.Start).TotalMinutes);
                EarlyFinishMinutes.Add((list.End - run[^1].Left).TotalMinutes);
                TurnaroundMinutes.AddRange(run.Zip(run.Skip(1), (previous, next) => (next.In - previous.Left).TotalMinutes));
            }

            PlannedMinutes += (list.End - list.Start).TotalMinutes;
            _plannedMinutesBySite[site] = _plannedMinutesBySite.GetValueOrDefault(site) + (list.End - list.Start).TotalMinutes;
            foreach (var (caseId, _) in cases.Where(c => c.Value.ListId == listId))
            {
                if (!milestones.TryGetValue(caseId, out var m) || !m.TryGetValue("left_theatre", out var t1)
                    || TouchStart.Select(code => m.TryGetValue(code, out var at) ? at : (DateTimeOffset?)null).FirstOrDefault(t => t is not null) is not { } t0)
                {
                    continue;
                }

                var start = t0 > list.Start ? t0 : list.Start;
                var end = t1 < list.End ? t1 : list.End;
                CappedMinutes += Math.Max(0, (end - start).TotalMinutes);
                _cappedMinutesBySite[site] = _cappedMinutesBySite.GetValueOrDefault(site) + Math.Max(0, (end - start).TotalMinutes);
            }
        }
    }

    public static TheatreRun Instance => _instance.Value;

    public int ElectiveCases { get; }

    public IReadOnlyDictionary<string, int> ElectiveCasesBySite { get; }

    public int OnTheDayCancellations { get; }

    public IReadOnlyDictionary<string, int> OnTheDayReasons { get; }

    public IReadOnlyDictionary<string, int> OnTheDayBySite { get; }

    public int Rebooked { get; }

    public int RebookedWithin28Days { get; }

    public double PlannedMinutes { get; }

    /// <summary>Counted elective lists on which at least one case ran.</summary>
    public int ListsRun { get; }

    /// <summary>First case <c>in_theatre</c> − session start, minutes, one per list run (DOMAIN.md §6 late start).</summary>
    public List<double> LateStartMinutes { get; } = [];

    /// <summary>Session end − last case <c>left_theatre</c>, minutes, one per list run (DOMAIN.md §6 early finish; negative is an overrun).</summary>
    public List<double> EarlyFinishMinutes { get; } = [];

    /// <summary>Next case <c>in_theatre</c> − previous case <c>left_theatre</c> on the same list, minutes (DOMAIN.md §6 turnaround).</summary>
    public List<double> TurnaroundMinutes { get; } = [];

    public double CappedMinutes { get; }

    /// <summary>Session minutes of the counted elective lists, by site code.</summary>
    public IReadOnlyDictionary<string, double> PlannedMinutesBySite => _plannedMinutesBySite;

    /// <summary>Minutes of those sessions used by cases (in anaesthesia or theatre to leaving theatre, within the session), by site code.</summary>
    public IReadOnlyDictionary<string, double> CappedMinutesBySite => _cappedMinutesBySite;

    private static DateTimeOffset Parse(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    private sealed class Booking(string subject, string procedure, string listId, DateTimeOffset plannedStart, DateTimeOffset bookedAt, string patientClass)
    {
        public string Subject { get; } = subject;

        public string Procedure { get; } = procedure;

        public string ListId { get; } = listId;

        public DateTimeOffset PlannedStart { get; } = plannedStart;

        public DateTimeOffset BookedAt { get; } = bookedAt;

        public string PatientClass { get; } = patientClass;

        public (string Code, string Reason, DateTimeOffset At)? Cancelled { get; set; }
    }
}
