using System.Globalization;
using Bright.Core.Reference;

namespace Bright.Analytics.State.Theatres;

/// <summary>
/// One site's theatres: lists, cases and milestones (DOMAIN.md §6), and each room's status derived from
/// milestones by the configured mapping, so cleaning is called without anyone asking. Holds any days it is
/// fed; views pick one local date. An event it cannot use is counted as a data-quality issue and never throws.
/// Not thread-safe.
/// </summary>
public sealed partial class TheatreBoard
{
    /// <summary>The milestone codes BRIGHT knows (DOMAIN.md §6), in their usual order, plus <c>op_note_entered</c>.</summary>
    public static readonly IReadOnlyList<string> Milestones =
    [
        "sent_for", "arrived", "in_anaesthetic_room", "anaesthesia_start", "anaesthesia_ready", "in_theatre", "knife_to_skin", "closure",
        "op_note_entered", "anaesthesia_end", "left_theatre", "in_recovery", "left_recovery", "clean_start", "room_ready",
    ];

    private static readonly string[] Ordered = ["in_theatre", "knife_to_skin", "closure", "left_theatre"];
    private readonly TheatreRules _rules;
    private readonly DataQualityLog _quality;
    private readonly Dictionary<string, Room> _rooms = new(StringComparer.Ordinal);
    private readonly List<string> _roomOrder = [];
    private readonly Dictionary<string, TheatreList> _lists = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TheatreCase> _cases = new(StringComparer.Ordinal);
    private readonly RebookingBook _rebooking = new();

    /// <summary>A board for <paramref name="siteCode"/>, with the rooms of <paramref name="site"/>'s reference data.</summary>
    public TheatreBoard(string siteCode, Site? site, TheatreRules rules, DataQualityLog quality)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(siteCode);
        SiteCode = siteCode;
        _rules = rules ?? throw new ArgumentNullException(nameof(rules));
        _quality = quality ?? throw new ArgumentNullException(nameof(quality));
        foreach (var theatre in site?.Theatres ?? [])
        {
            _rooms[theatre.Code] = new Room(theatre.Code, theatre.Name, known: true);
            _roomOrder.Add(theatre.Code);
        }
    }

    /// <summary>The site's code.</summary>
    public string SiteCode { get; }

    /// <summary>Folds one event of this site into the board; events of other kinds are ignored.</summary>
    public void Apply(HospitalEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        switch (e.Kind)
        {
            case EventKind.TheatreListPlanned:
                PlanList(e);
                break;
            case EventKind.CaseScheduled:
                Schedule(e);
                break;
            case EventKind.CaseCancelled:
                if (FindCase(e, create: false) is { } cancelled)
                {
                    _rebooking.Cancelled(e, cancelled.CaseId);
                    cancelled.CancelledAt = e.OccurredAt;
                    cancelled.CancelCode = e.Code;
                    cancelled.CancelReason = e.Attributes.GetValueOrDefault("reason") ?? e.Code;
                }

                break;
            case EventKind.TheatreMilestone:
                Milestone(e);
                break;
        }
    }

    /// <summary>
    /// The 28-day rule at <paramref name="now"/> (DOMAIN.md §6): on-the-day non-clinical cancellations of the last 56 days
    /// this board has been fed, and whether each was rebooked for a date within 28 days.
    /// </summary>
    public TheatreRebooking Rebooking(DateTimeOffset now) => _rebooking.Summarise(now);

    /// <summary>Forgets lists and cases more than <paramref name="keepDays"/> local days before <paramref name="now"/>'s date.</summary>
    public void Prune(DateTimeOffset now, int keepDays = 1)
    {
        _rebooking.Prune(now);
        var cutoff = Core.Time.UkTime.StartOfDay(Core.Time.UkTime.LocalDate(now).AddDays(-keepDays));
        foreach (var list in _lists.Values.Where(l => l.End < cutoff).ToList())
        {
            _lists.Remove(list.ListId);
        }

        foreach (var c in _cases.Values.Where(c => (c.PlannedStart ?? c.First ?? c.CancelledAt) < cutoff).ToList())
        {
            _cases.Remove(c.CaseId);
        }
    }

    private void PlanList(HospitalEvent e)
    {
        var start = Instant(e, "start");
        var end = Instant(e, "end") ?? (start is { } s && e.Value is > 0 and var minutes ? s.AddMinutes(minutes) : null);
        if (RoomOf(e) is not { } room || start is null || end is null || end <= start)
        {
            _quality.Record(e, start is null || end is null || end <= start
                ? $"attributes.start/end: a TheatreListPlanned needs a start before its end (were '{e.Attributes.GetValueOrDefault("start")}' and '{e.Attributes.GetValueOrDefault("end")}')."
                : $"location: '{e.Location}' names no theatre like {SiteCode}/theatres/ROOM; the list is not shown.");
            return;
        }

        var listId = e.Attributes.GetValueOrDefault("listId") ?? string.Create(CultureInfo.InvariantCulture, $"{room.Code}-{start:O}");
        var list = new TheatreList(listId, room.Code, start.Value, end.Value)
        {
            Specialty = e.Attributes.GetValueOrDefault("specialty") ?? e.Code,
            Session = e.Attributes.GetValueOrDefault("session"),
        };
        if (_lists.TryGetValue(listId, out var previous))
        {
            list.Cases.AddRange(previous.Cases);
        }

        _lists[listId] = list;
        list.Cases.AddRange(_cases.Values.Where(c => c.ListId == listId && !list.Cases.Contains(c)));
    }

    private void Schedule(HospitalEvent e)
    {
        if (FindCase(e, create: true) is not { } theatreCase)
        {
            return;
        }

        theatreCase.Scheduled = true;
        theatreCase.Procedure = e.Attributes.GetValueOrDefault("procedure") ?? e.Code;
        theatreCase.PlannedMinutes = e.Value;
        theatreCase.PlannedStart = Instant(e, "plannedStart") ?? Instant(e, "scheduledStart");
        theatreCase.PatientClass = e.Attributes.GetValueOrDefault("patientClass");
        _rebooking.Scheduled(e, theatreCase.CaseId, theatreCase.Room, theatreCase.PlannedStart, theatreCase.Procedure);
        if (e.Attributes.GetValueOrDefault("listId") is { } listId && theatreCase.ListId != listId)
        {
            if (theatreCase.ListId is { } old && _lists.TryGetValue(old, out var oldList))
            {
                oldList.Cases.Remove(theatreCase);
            }

            theatreCase.ListId = listId;
            if (_lists.TryGetValue(listId, out var list) && !list.Cases.Contains(theatreCase))
            {
                list.Cases.Add(theatreCase);
            }
        }
    }

    private void Milestone(HospitalEvent e)
    {
        if (e.Code is not { } code || !Milestones.Contains(code, StringComparer.Ordinal))
        {
            _quality.Record(e, $"code: '{e.Code}' is not a theatre milestone; use one of {string.Join(", ", Milestones)}.");
            return;
        }

        if (FindCase(e, create: true) is not { } theatreCase)
        {
            return;
        }

        if (!theatreCase.Scheduled)
        {
            _quality.Record(e, "A milestone for a case not (yet) scheduled; the case is shown unscheduled in its room.");
        }

        if (!theatreCase.Milestones.TryAdd(code, e.OccurredAt))
        {
            _quality.Record(e, $"code: '{code}' was already recorded for this case; the first time is kept.");
            return;
        }

        var index = Array.IndexOf(Ordered, code);
        if (index >= 0 && Ordered.Select((m, i) => (m, i)).Any(p => theatreCase.At(p.m) is { } other
            && ((p.i < index && other > e.OccurredAt) || (p.i > index && other < e.OccurredAt))))
        {
            _quality.Record(e, $"occurredAt: '{code}' is out of order with in_theatre ≤ knife_to_skin ≤ closure ≤ left_theatre.");
        }

        if (theatreCase.Latest is null || e.OccurredAt >= theatreCase.Latest.Value.At)
        {
            theatreCase.Latest = (code, e.OccurredAt);
        }

        var room = _rooms[theatreCase.Room];
        if (_rules.RoomStatusByMilestone.TryGetValue(code, out var status) && (room.Since is null || e.OccurredAt >= room.Since))
        {
            room.Status = status;
            room.Since = e.OccurredAt;
        }
    }

    private TheatreCase? FindCase(HospitalEvent e, bool create)
    {
        if (e.Attributes.GetValueOrDefault("caseId") is not { } caseId)
        {
            _quality.Record(e, $"attributes.caseId: a {e.Kind} needs the case it belongs to; it is not shown.");
            return null;
        }

        if (_cases.TryGetValue(caseId, out var found))
        {
            return found;
        }

        if (!create)
        {
            _quality.Record(e, $"attributes.caseId: a {e.Kind} for a case that was never scheduled; it is not shown.");
            return null;
        }

        if (RoomOf(e) is not { } room)
        {
            _quality.Record(e, $"location: '{e.Location}' names no theatre like {SiteCode}/theatres/ROOM; the case is not shown.");
            return null;
        }

        var created = new TheatreCase(caseId, room.Code);
        _cases[caseId] = created;
        return created;
    }

    private Room? RoomOf(HospitalEvent e)
    {
        if (!LocationPath.TryParse(e.Location, out var location) || location.Unit != LocationPath.Theatres || location.Place is not { } code
            || location.Site != SiteCode)
        {
            return null;
        }

        if (!_rooms.TryGetValue(code, out var room))
        {
            room = new Room(code, code, known: false);
            _rooms[code] = room;
            _roomOrder.Add(code);
        }

        return room;
    }

    private static DateTimeOffset? Instant(HospitalEvent e, string attribute) =>
        e.Attributes.TryGetValue(attribute, out var text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.ToUniversalTime() : null;
}
