using System.Diagnostics;
using Bright.Core.Events;
using Bright.Core.Reference;
using Bright.Core.Time;

namespace Bright.Simulator.Tests;

/// <summary>
/// One simulated year of the demo trust, folded once into the figures several fixtures check, so the year is
/// generated once per test run rather than once per test.
/// </summary>
internal sealed class YearRun
{
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<YearRun> _instance = new(() => new YearRun(), LazyThreadSafetyMode.ExecutionAndPublication);

    private YearRun()
    {
        var simulator = new TrustSimulator(TrustReference.Demo, new SimulatorOptions(), Start);
        var clock = Stopwatch.StartNew();
        var occupant = new Dictionary<string, string>(StringComparer.Ordinal);
        var milestones = new Dictionary<string, List<(string Code, DateTimeOffset At)>>(StringComparer.Ordinal);
        foreach (var e in simulator.AdvanceTo(Start.AddDays(365)))
        {
            EventCount++;
            Kinds.Add(e.Kind);
            switch (e.Kind)
            {
                case EventKind.EdArrival:
                    var local = UkTime.ToLocal(e.OccurredAt);
                    Arrivals[(e.Site, local.Month)] = Arrivals.GetValueOrDefault((e.Site, local.Month)) + 1;
                    var type = e.Attributes["departmentType"];
                    Attendances[(e.Site, type)] = Attendances.GetValueOrDefault((e.Site, type)) + 1;
                    ArrivalType[e.Subject!] = type;
                    break;
                case EventKind.EdDeparture:
                    var departureType = ArrivalType[e.Subject!];
                    ArrivalType.Remove(e.Subject!);
                    if (e.OccurredAt < Start.AddDays(30))
                    {
                        break;
                    }

                    Departures[(e.Site, departureType)] = Departures.GetValueOrDefault((e.Site, departureType)) + 1;
                    if (e.Value <= 240)
                    {
                        WithinFourHours[(e.Site, departureType)] = WithinFourHours.GetValueOrDefault((e.Site, departureType)) + 1;
                    }

                    if (e.Code == "admitted")
                    {
                        Admitted[(e.Site, departureType)] = Admitted.GetValueOrDefault((e.Site, departureType)) + 1;
                    }

                    break;
                case EventKind.Admission:
                    if (occupant.ContainsKey(e.Location!))
                    {
                        BedConflicts.Add($"{e.EventId}: admission into occupied {e.Location}");
                    }

                    occupant[e.Location!] = e.Subject!;
                    break;
                case EventKind.Transfer:
                    if (!occupant.TryGetValue(e.Attributes["from"], out var mover) || mover != e.Subject)
                    {
                        BedConflicts.Add($"{e.EventId}: transfer from {e.Attributes["from"]} which the patient is not in");
                    }

                    occupant.Remove(e.Attributes["from"]);
                    if (occupant.ContainsKey(e.Location!))
                    {
                        BedConflicts.Add($"{e.EventId}: transfer into occupied {e.Location}");
                    }

                    occupant[e.Location!] = e.Subject!;
                    break;
                case EventKind.Discharge:
                    if (!occupant.TryGetValue(e.Location!, out var leaver) || leaver != e.Subject)
                    {
                        BedConflicts.Add($"{e.EventId}: discharge from {e.Location} which the patient is not in");
                    }

                    occupant.Remove(e.Location!);
                    break;
                case EventKind.BedStatusChanged:
                    BedStatuses.Add(e.Code!);
                    break;
                case EventKind.TheatreMilestone:
                    var caseId = e.Attributes["caseId"];
                    if (!milestones.TryGetValue(caseId, out var list))
                    {
                        list = [];
                        milestones.Add(caseId, list);
                    }

                    list.Add((e.Code!, e.OccurredAt));
                    break;
                case EventKind.AmbulanceHandover:
                    Handovers++;
                    if (e.Value > 60)
                    {
                        HandoversOverHour++;
                    }

                    break;
                default:
                    break;
            }

            if (e.OccurredAt.Month == 6 && e.OccurredAt.Day == 30 && occupiedSnapshotTaken == false)
            {
                occupiedSnapshotTaken = true;
                OccupiedAtMidYear = occupant.Count;
            }
        }

        Elapsed = clock.Elapsed;
        Milestones = milestones;
    }

    private bool occupiedSnapshotTaken;

    public static YearRun Instance => _instance.Value;

    public long EventCount { get; private set; }

    public TimeSpan Elapsed { get; }

    public int OccupiedAtMidYear { get; private set; }

    public long Handovers { get; private set; }

    public long HandoversOverHour { get; private set; }

    public HashSet<EventKind> Kinds { get; } = [];

    public HashSet<string> BedStatuses { get; } = new(StringComparer.Ordinal);

    public List<string> BedConflicts { get; } = [];

    public Dictionary<(string Site, int Month), int> Arrivals { get; } = [];

    public Dictionary<(string Site, string Type), int> Attendances { get; } = [];

    public Dictionary<(string Site, string Type), int> Departures { get; } = [];

    public Dictionary<(string Site, string Type), int> WithinFourHours { get; } = [];

    public Dictionary<(string Site, string Type), int> Admitted { get; } = [];

    public Dictionary<string, List<(string Code, DateTimeOffset At)>> Milestones { get; }

    private Dictionary<string, string> ArrivalType { get; } = new(StringComparer.Ordinal);
}
