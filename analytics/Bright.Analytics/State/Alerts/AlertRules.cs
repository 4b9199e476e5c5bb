using System.Globalization;
using Bright.Analytics.State.Beds;
using Bright.Analytics.State.Ed;
using Bright.Analytics.State.Theatres;

namespace Bright.Analytics.State.Alerts;

/// <summary>The conditions each board raises alerts for, with thresholds from <see cref="LiveStateSettings"/>. Pure.</summary>
public static class AlertRules
{
    /// <summary>Beds waiting to be cleaned too long; G&amp;A occupancy over the threshold.</summary>
    public static IEnumerable<AlertCandidate> ForBeds(BedBoardView view, BedRules rules)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(rules);
        foreach (var ward in view.Wards)
        {
            foreach (var bed in ward.Beds.Where(b => b.Status == BedStatus.ToClean && b.MinutesInStatus >= rules.ToCleanAlertMinutes))
            {
                var where = $"{view.Site}/{ward.Code}/{bed.Code}";
                yield return new AlertCandidate($"bed_to_clean:{where}:{bed.Since:O}", "bed_to_clean", AlertSeverity.Warning, view.Site, where,
                    F($"Bed {ward.Code}/{bed.Code} has waited {bed.MinutesInStatus} min to be cleaned."));
            }
        }

        if (view.OverThreshold)
        {
            yield return new AlertCandidate($"ga_occupancy:{view.Site}", "ga_occupancy_over_threshold", AlertSeverity.Warning, view.Site, view.Site,
                F($"G&A occupancy at {view.Site} is {view.GaOccupancy:P0}, over {view.OccupancyThreshold:P0}."));
        }
    }

    /// <summary>4-hour breach imminent, 12 hours in the department, ambulance handovers past the alert thresholds.</summary>
    public static IEnumerable<AlertCandidate> ForEd(EdView view, EdRules rules)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(rules);
        foreach (var area in view.Areas)
        {
            var where = $"{view.Site}/ed/{area.Code}";
            foreach (var p in area.Patients)
            {
                var key = $"{where}:{p.ArrivedAt:O}";
                if (p.AboutToBreach)
                {
                    yield return new AlertCandidate("ed_4h:" + key, "four_hour_breach_imminent", AlertSeverity.Warning, view.Site, where,
                        F($"A patient in {area.Name} reaches 4 hours in {rules.FourHourMinutes - p.MinutesInDepartment} min."));
                }

                if (p.OverTwelveHours)
                {
                    yield return new AlertCandidate("ed_12h:" + key, "twelve_hour_wait", AlertSeverity.Critical, view.Site, where,
                        F($"A patient in {area.Name} has been in the department {p.MinutesInDepartment / 60} h {p.MinutesInDepartment % 60} min."));
                }
            }
        }

        var thresholds = rules.HandoverAlertMinutes.Order().ToList();
        foreach (var ambulance in view.Ambulances.Queue)
        {
            var passed = thresholds.Where(t => ambulance.MinutesWaiting > t).ToList();
            if (passed.Count == 0)
            {
                continue;
            }

            var where = $"{view.Site}/ed/{ambulance.Area}";
            var severity = passed.Count == thresholds.Count && thresholds.Count > 1 ? AlertSeverity.Critical : AlertSeverity.Warning;
            yield return new AlertCandidate($"handover:{where}:{ambulance.ArrivedAt:O}", F($"handover_over_{passed[^1]}"), severity, view.Site, where,
                F($"An ambulance at {view.Site} has waited {ambulance.MinutesWaiting} min to hand over (over {passed[^1]})."));
        }
    }

    /// <summary>Rooms ready to clean; lists overrunning by the alert threshold or more.</summary>
    public static IEnumerable<AlertCandidate> ForTheatres(TheatreView view, TheatreRules rules)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(rules);
        foreach (var room in view.Rooms)
        {
            var where = $"{view.Site}/theatres/{room.Code}";
            if (room.Status == "ready_to_clean")
            {
                yield return new AlertCandidate($"room_ready_to_clean:{where}:{room.StatusSince:O}", "room_ready_to_clean", AlertSeverity.Info, view.Site,
                    where, F($"{room.Name} is ready to clean ({room.MinutesInStatus} min)."));
            }

            if (room.Overrunning && room.CurrentListId is { } listId && room.OverrunMinutes >= rules.OverrunAlertMinutes)
            {
                yield return new AlertCandidate($"list_overrun:{where}:{listId}", "list_overrunning", AlertSeverity.Warning, view.Site, where,
                    F($"{room.Name}'s list is expected to finish {room.OverrunMinutes} min after its planned end."));
            }
        }
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
