using System.Globalization;
using Bright.Analytics.State.Beds;
using Bright.Analytics.State.Ed;
using Bright.Analytics.State.Theatres;

namespace Bright.Analytics.State.Alerts;

/// <summary>The measures each board exposes to alert rules, one signal per subject. Pure.</summary>
public static class AlertSignals
{
    /// <summary>Beds waiting to be cleaned (<c>beds.minutes_to_clean</c>) and the site's G&amp;A occupancy (<c>beds.ga_occupancy</c>).</summary>
    public static IEnumerable<AlertSignal> ForBeds(BedBoardView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        foreach (var ward in view.Wards)
        {
            foreach (var bed in ward.Beds.Where(b => b.Status == BedStatus.ToClean))
            {
                var where = $"{view.Site}/{ward.Code}/{bed.Code}";
                var (wardCode, bedCode, minutes) = (ward.Code, bed.Code, bed.MinutesInStatus);
                yield return new AlertSignal(AlertMeasures.BedsMinutesToClean, view.Site, where, F($"{where}:{bed.Since:O}"), minutes, null,
                    _ => F($"Bed {wardCode}/{bedCode} has waited {minutes} min to be cleaned."));
            }
        }

        if (view.GaOccupancy is { } occupancy)
        {
            var site = view.Site;
            yield return new AlertSignal(AlertMeasures.BedsGaOccupancy, site, site, site, occupancy, null,
                rule => F($"G&A occupancy at {site} is {occupancy:P0}, over {rule.Threshold:P0}."));
        }
    }

    /// <summary>Patients' time in the department and to the 4-hour breach, and ambulances' handover waits.</summary>
    public static IEnumerable<AlertSignal> ForEd(EdView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        foreach (var area in view.Areas)
        {
            var where = $"{view.Site}/ed/{area.Code}";
            var name = area.Name;
            foreach (var p in area.Patients)
            {
                var subject = F($"{where}:{p.ArrivedAt:O}");
                var minutes = p.MinutesInDepartment;
                if (minutes <= view.FourHourMinutes)
                {
                    var toBreach = view.FourHourMinutes - minutes;
                    yield return new AlertSignal(AlertMeasures.EdMinutesToBreach, view.Site, where, subject, toBreach, null,
                        _ => F($"A patient in {name} reaches 4 hours in {toBreach} min."));
                }

                yield return new AlertSignal(AlertMeasures.EdMinutesInDepartment, view.Site, where, subject, minutes, null,
                    _ => F($"A patient in {name} has been in the department {minutes / 60} h {minutes % 60} min."));
            }
        }

        var site = view.Site;
        foreach (var ambulance in view.Ambulances.Queue)
        {
            var where = $"{site}/ed/{ambulance.Area}";
            var minutes = ambulance.MinutesWaiting;
            yield return new AlertSignal(AlertMeasures.EdHandoverMinutes, site, where, F($"{where}:{ambulance.ArrivedAt:O}"), minutes, null,
                rule => F($"An ambulance at {site} has waited {minutes} min to hand over (over {rule.Threshold})."));
        }
    }

    /// <summary>Rooms ready to clean (<c>theatres.minutes_ready_to_clean</c>) and overrunning lists (<c>theatres.overrun_minutes</c>).</summary>
    public static IEnumerable<AlertSignal> ForTheatres(TheatreView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        foreach (var room in view.Rooms)
        {
            var where = $"{view.Site}/theatres/{room.Code}";
            var name = room.Name;
            if (room.Status == "ready_to_clean")
            {
                var minutes = room.MinutesInStatus ?? 0;
                yield return new AlertSignal(AlertMeasures.TheatresMinutesReadyToClean, view.Site, where, F($"{where}:{room.StatusSince:O}"), minutes, null,
                    _ => F($"{name} is ready to clean ({minutes} min)."));
            }

            if (room.Overrunning && room.CurrentListId is { } listId && room.OverrunMinutes is { } overrun)
            {
                yield return new AlertSignal(AlertMeasures.TheatresOverrunMinutes, view.Site, where, $"{where}:{listId}", overrun, null,
                    _ => F($"{name}'s list is expected to finish {overrun} min after its planned end."));
            }
        }
    }

    /// <summary>A site's OPEL level changed from <paramref name="before"/> to <paramref name="level"/> at <paramref name="now"/> (sticky).</summary>
    public static AlertSignal OpelChanged(string site, int before, int level, string label, DateTimeOffset now) =>
        new(AlertMeasures.OpelLevelChanged, site, site, F($"{site}:{now:O}"), level - before, null,
            _ => F($"OPEL at {site} moved from {before} to {level} ({label})."), Sticky: true);

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
