using Bright.Core.Time;

namespace Bright.Analytics.State.Ed;

public sealed partial class EdBoard
{
    /// <summary>The department at <paramref name="now"/> (DOMAIN.md §5). No subject keys.</summary>
    public EdView View(DateTimeOffset now)
    {
        var midnight = UkTime.StartOfDay(UkTime.LocalDate(now));
        var present = _attendances.Values.OrderBy(a => a.ArrivedAt).ToList();
        var areas = new List<EdAreaView>();
        var known = _site?.EdAreas ?? [];
        foreach (var code in known.Select(a => a.Code).Concat(present.Select(a => a.Area).Order(StringComparer.Ordinal)).Distinct(StringComparer.Ordinal))
        {
            var reference = known.FirstOrDefault(a => a.Code == code);
            var patients = present.Where(a => a.Area == code).Select(a => Patient(a, now)).ToList();
            areas.Add(new EdAreaView(code, reference?.Name ?? code, reference?.Spaces ?? 0, reference?.Majors ?? false, reference is not null, patients));
        }

        var rows = areas.SelectMany(a => a.Patients).ToList();
        var majors = areas.Where(a => a.Majors).ToList();
        var majorsSpaces = majors.Sum(a => a.Spaces);

        var today = _departed.Where(a => a.ArrivedAt >= midnight).Concat(present.Where(a => a.ArrivedAt >= midnight)).ToList();
        var breachesToday = today.Count(a => Minutes((a.DepartedAt ?? now) - a.ArrivedAt) > _rules.FourHourMinutes);
        var seenToday = _departed.Concat(present).Where(a => a.SeenAt >= midnight).Select(a => (a.SeenAt!.Value - a.ArrivedAt).TotalMinutes).ToList();
        var inScope = _departed.Where(a => a.DepartedAt >= midnight).Concat(present).ToList();

        var summary = new EdSummary(
            rows.Count,
            rows.Count(p => p.Breached),
            rows.Count(p => p.AboutToBreach),
            rows.Count(p => p.OverTwelveHours),
            rows.Count(p => p.MinutesSinceDecisionToAdmit is not null),
            rows.Max(p => p.MinutesSinceDecisionToAdmit),
            rows.Count(p => p.MinutesSinceDecisionToAdmit > _rules.TwelveHourMinutes),
            seenToday.Count > 0 ? Median(seenToday) : null,
            today.Count,
            breachesToday,
            today.Count > 0 ? 1 - ((double)breachesToday / today.Count) : null,
            inScope.Count > 0 ? (double)inScope.Count(a => Minutes((a.DepartedAt ?? now) - a.ArrivedAt) > _rules.TwelveHourMinutes) / inScope.Count : null,
            majors.Sum(a => a.Patients.Count),
            majorsSpaces,
            majorsSpaces > 0 ? (double)majors.Sum(a => a.Patients.Count) / majorsSpaces : null,
            _quality.CountFor(SiteCode));
        return new EdView(SiteCode, now, _rules.FourHourMinutes, _rules.AboutToBreachMinutes, _rules.TwelveHourMinutes, summary, areas,
            Handovers(now, midnight));
    }

    private EdPatientView Patient(Attendance a, DateTimeOffset now)
    {
        var minutes = Minutes(now - a.ArrivedAt);
        int? sinceDta = a.DecisionToAdmitAt is { } dta ? Minutes(now - dta) : null;
        return new EdPatientView(a.ArrivedAt, minutes, a.Acuity, a.TriagedAt is not null, a.SeenAt is not null,
            a.SeenAt is { } seen ? Minutes(seen - a.ArrivedAt) : null, a.DecisionToAdmitAt, sinceDta,
            minutes > _rules.FourHourMinutes, minutes <= _rules.FourHourMinutes && minutes > _rules.FourHourMinutes - _rules.AboutToBreachMinutes,
            minutes > _rules.TwelveHourMinutes);
    }

    private AmbulanceSummary Handovers(DateTimeOffset now, DateTimeOffset midnight)
    {
        var waiting = _ambulances.Values.OrderBy(a => a.ArrivedAt).Select(a =>
        {
            var minutes = Minutes(now - a.ArrivedAt);
            var band = _rules.HandoverBandsMinutes.LastOrDefault(b => minutes > b);
            return new AmbulanceView(a.ArrivedAt, a.Area, minutes, band > 0 ? band : null);
        }).ToList();
        var done = _handedOver.Where(a => a.HandedOverAt >= midnight).Select(a => (a.HandedOverAt!.Value - a.ArrivedAt).TotalMinutes).ToList();
        var lost = done.Sum(h => Math.Max(0, h - _rules.HandoverLostAfterMinutes));
        var waitingLost = waiting.Sum(w => Math.Max(0, w.MinutesWaiting - _rules.HandoverLostAfterMinutes));
        return new AmbulanceSummary(
            _ambulances.Values.Count(a => a.ArrivedAt >= midnight) + _handedOver.Count(a => a.ArrivedAt >= midnight),
            waiting.Count,
            _rules.HandoverBandsMinutes.Select(b => new HandoverBand(b, waiting.Count(w => w.MinutesWaiting > b), done.Count(h => h > b))).ToList(),
            done.Count,
            done.Count > 0 ? done.Average() : null,
            done.Count > 0 ? (double)done.Count(h => h <= _rules.HandoverTargetMinutes) / done.Count : null,
            Math.Round(lost, 1),
            waitingLost,
            waiting);
    }

    private static int Minutes(TimeSpan span) => Math.Max(0, (int)Math.Floor(span.TotalMinutes));

    private static double Median(List<double> values)
    {
        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
