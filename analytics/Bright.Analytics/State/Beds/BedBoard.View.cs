using Bright.Core.Time;

namespace Bright.Analytics.State.Beds;

public sealed partial class BedBoard
{
    /// <summary>The board at <paramref name="now"/>: every ward with its beds and figures, and the site's totals. No subject keys.</summary>
    public BedBoardView View(DateTimeOffset now)
    {
        var today = UkTime.LocalDate(now);
        var tomorrow = UkTime.StartOfDay(today.AddDays(1));
        var reservedFor = _beds.Values.Where(b => b.Status == BedStatus.Reserved && b.Subject is not null).Select(b => b.Subject!)
            .ToHashSet(StringComparer.Ordinal);
        var pendingByWard = _pending.Where(p => !reservedFor.Contains(p.Key) && p.Value.ExpectedAt < tomorrow)
            .GroupBy(p => p.Value.Ward, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var encounterByBed = _open.Values.Where(o => o.Bed is not null).GroupBy(o => o.Bed!).ToDictionary(g => g.Key, g => g.Last());
        var discharges = _discharges.Where(d => UkTime.LocalDate(d.At) == today).ToList();
        var noon = UkTime.FromLocal(today.ToDateTime(_rules.Noon));

        var wards = new List<WardView>();
        var order = (_site?.Wards.Select(w => w.Code) ?? []).Concat(_wards.Keys.Order(StringComparer.Ordinal)).Distinct(StringComparer.Ordinal);
        foreach (var code in order)
        {
            var info = _wards[code];
            var beds = _beds.Values.Where(b => b.Ward == code).Select(b => BedView(b, encounterByBed.GetValueOrDefault(b), now, today)).ToList();
            var wardDischarges = discharges.Where(d => d.Ward == code).ToList();
            var counts = Count(beds, pendingByWard.GetValueOrDefault(code), wardDischarges.Count, wardDischarges.Count(d => d.At < noon));
            wards.Add(new WardView(code, info.Name, info.Type, info.GeneralAndAcute, info.Known, counts, beds));
        }

        var total = Sum(wards.Select(w => w.Summary));
        var ga = Sum(wards.Where(w => w.GeneralAndAcute).Select(w => w.Summary));
        var baseWards = Sum(wards.Where(w => _wards[w.Code].BaseWard).Select(w => w.Summary));
        double? gaOccupancy = ga.Open > 0 ? (double)ga.Occupied / ga.Open : null;
        return new BedBoardView(SiteCode, now, total, ga.Open, ga.Occupied, gaOccupancy, _rules.OccupancyThreshold,
            gaOccupancy > _rules.OccupancyThreshold, baseWards.DischargesToday, baseWards.DischargesBeforeNoon,
            baseWards.DischargesToday > 0 ? (double)baseWards.DischargesBeforeNoon / baseWards.DischargesToday : null,
            total.Occupied > 0 ? (double)total.NoCriteriaToReside / total.Occupied : null,
            total.Open > 0 ? (double)total.EscalationOpen / total.Open : null,
            _quality.CountFor(SiteCode), wards);
    }

    private BedView BedView(Bed bed, Encounter? encounter, DateTimeOffset now, DateOnly today)
    {
        var closed = bed.Escalation && !_rules.EscalationOpenStatuses.Contains(bed.Status, StringComparer.Ordinal);
        var status = closed ? BedBoardView.Closed : bed.Status;
        var occupant = bed.Status == BedStatus.Occupied ? encounter : null;
        int? los = occupant is null ? null : LosDays(occupant.AdmittedAt, now);
        string? band = los >= _rules.SuperStrandedDays ? "super_stranded" : los >= _rules.StrandedDays ? "stranded" : null;
        return new BedView(bed.Code, status, bed.Since, bed.Since is { } since ? Math.Max(0, (int)(now - since).TotalMinutes) : null,
            bed.Escalation, bed.Known, bed.Reason, occupant?.PatientClass, occupant?.ExpectedDischarge, occupant?.DischargeStatus, los, band,
            occupant?.NoCriteriaToReside ?? false,
            occupant?.DischargeReadyDate is { } ready ? today.DayNumber - ready.DayNumber : null);
    }

    /// <summary>LOS in days (DOMAIN.md §4): local midnights passed, or whole 24-hour periods, per the setting.</summary>
    internal int LosDays(DateTimeOffset admittedAt, DateTimeOffset now) => _rules.LosCounting == LosCounting.Midnights
        ? Math.Max(0, UkTime.LocalDate(now).DayNumber - UkTime.LocalDate(admittedAt).DayNumber)
        : Math.Max(0, (int)Math.Floor((now - admittedAt).TotalDays));

    private BedCounts Count(List<BedView> beds, int pendingAdmissions, int dischargesToday, int beforeNoon)
    {
        int Of(string status) => beds.Count(b => b.Status == status);
        var closed = Of(BedBoardView.Closed);
        var blocked = Of(BedStatus.Blocked);
        var open = beds.Count - closed - (_rules.BlockedInDenominator ? 0 : blocked);
        var available = Of(BedStatus.Available);
        var confirmed = beds.Count(b => b.DischargeStatus == "confirmed");
        return new BedCounts(beds.Count, open, Of(BedStatus.Occupied), available, Of(BedStatus.Reserved), Of(BedStatus.ToClean),
            Of(BedStatus.Cleaning), blocked, closed, available, Of(BedStatus.ToClean) + Of(BedStatus.Cleaning), confirmed, pendingAdmissions,
            available + confirmed - pendingAdmissions, open > 0 ? (double)Of(BedStatus.Occupied) / open : null,
            beds.Count(b => b.Escalation && b.Status != BedBoardView.Closed), beds.Count(b => b.LosBand is not null),
            beds.Count(b => b.LosBand == "super_stranded"), beds.Count(b => b.NoCriteriaToReside), dischargesToday, beforeNoon);
    }

    private static BedCounts Sum(IEnumerable<BedCounts> counts)
    {
        var list = counts.ToList();
        int S(Func<BedCounts, int> f) => list.Sum(f);
        var open = S(c => c.Open);
        var occupied = S(c => c.Occupied);
        return new BedCounts(S(c => c.Beds), open, occupied, S(c => c.Available), S(c => c.Reserved), S(c => c.ToClean), S(c => c.Cleaning),
            S(c => c.Blocked), S(c => c.Closed), S(c => c.FreeNow), S(c => c.Coming), S(c => c.ConfirmedDischarges), S(c => c.PendingAdmissions),
            S(c => c.FreeAfterMoves), open > 0 ? (double)occupied / open : null, S(c => c.EscalationOpen), S(c => c.Stranded),
            S(c => c.SuperStranded), S(c => c.NoCriteriaToReside), S(c => c.DischargesToday), S(c => c.DischargesBeforeNoon));
    }
}
