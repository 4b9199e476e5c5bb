namespace Bright.Analytics.State.Theatres;

/// <summary>
/// A list's metrics (DOMAIN.md §6): touch time capped to the list and uncapped, late start, early finish,
/// overrun and turnarounds. A case still in theatre counts up to <c>now</c>. Pure.
/// </summary>
internal static class TheatreMetrics
{
    public static ListMetrics Compute(TheatreList list, TheatreRules rules, DateTimeOffset now)
    {
        var planned = (list.End - list.Start).TotalMinutes;
        var cases = list.Cases.Where(c => c.CancelledAt is null || c.Milestones.Count > 0).ToList();
        double capped = 0, uncapped = 0;
        var touched = new List<(DateTimeOffset T0, DateTimeOffset? T1, TheatreCase Case)>();
        foreach (var c in cases)
        {
            var t0 = rules.TouchStartMilestones.Select(c.At).FirstOrDefault(t => t is not null);
            if (t0 is null)
            {
                continue;
            }

            var t1 = c.At(rules.TouchEndMilestone);
            var end = t1 ?? (now > t0 ? now : t0.Value);
            uncapped += (end - t0.Value).TotalMinutes;
            capped += Math.Max(0, (Min(end, list.End) - Max(t0.Value, list.Start)).TotalMinutes);
            touched.Add((t0.Value, t1, c));
        }

        var entries = cases.Select(c => c.At("in_theatre")).Where(t => t is not null).Select(t => t!.Value).ToList();
        double? lateStart = entries.Count > 0 ? (entries.Min() - list.Start).TotalMinutes : null;
        var remaining = cases.Count(c => c.CancelledAt is null && c.At(rules.TouchEndMilestone) is null);
        var lastOut = touched.Where(t => t.T1 is not null).Select(t => t.T1!.Value).DefaultIfEmpty().Max();
        double? earlyFinish = remaining == 0 && touched.Count > 0 && lastOut != default ? (list.End - lastOut).TotalMinutes : null;
        double? overrun = lastOut != default && lastOut > list.End ? (lastOut - list.End).TotalMinutes : null;

        var turnarounds = new List<double>();
        var ordered = touched.OrderBy(t => t.T0).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i - 1].T1 is { } previousOut && ordered[i].Case.At(rules.TurnaroundEndMilestone) is { } nextIn)
            {
                turnarounds.Add(Math.Max(0, (nextIn - previousOut).TotalMinutes));
            }
        }

        var cancelledOnDay = list.Cases.Count(c => c.CancelledAt is { } at && Core.Time.UkTime.LocalDate(at) >= Core.Time.UkTime.LocalDate(list.Start));
        return new ListMetrics(planned, Math.Round(capped, 2), Math.Round(uncapped, 2), planned > 0 ? capped / planned : null,
            planned > 0 ? uncapped / planned : null, lateStart, lateStart >= rules.LateStartMinutes, earlyFinish, earlyFinish >= rules.EarlyFinishMinutes,
            overrun, turnarounds, list.Cases.Count(c => c.CancelledAt is null), touched.Count(t => t.T1 is not null), cancelledOnDay);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}

/// <summary>One list's metrics (DOMAIN.md §6). Minutes are whole or fractional minutes; proportions 0-1 and beyond.</summary>
/// <param name="PlannedMinutes">D = E − S.</param>
/// <param name="CappedTouchMinutes">Σ max(0, min(t₁, E) − max(t₀, S)).</param>
/// <param name="UncappedTouchMinutes">Σ (t₁ − t₀).</param>
/// <param name="CappedUtilisation">Capped touch ÷ D.</param>
/// <param name="UncappedUtilisation">Uncapped touch ÷ D.</param>
/// <param name="LateStartMinutes">First in_theatre − S (positive is late); null before the first case.</param>
/// <param name="LateStart">Whether the start was late by the threshold or more.</param>
/// <param name="EarlyFinishMinutes">E − last left_theatre once every case is done (positive is early).</param>
/// <param name="EarlyFinish">Whether the finish was early by the threshold or more.</param>
/// <param name="OverrunMinutes">Last left_theatre − E when positive.</param>
/// <param name="TurnaroundMinutes">Each next in_theatre − previous left_theatre.</param>
/// <param name="CasesPlanned">Cases on the list not cancelled.</param>
/// <param name="CasesDone">Cases that have left theatre.</param>
/// <param name="CancelledOnTheDay">Cases cancelled on or after the list's day.</param>
public sealed record ListMetrics(double PlannedMinutes, double CappedTouchMinutes, double UncappedTouchMinutes, double? CappedUtilisation,
    double? UncappedUtilisation, double? LateStartMinutes, bool LateStart, double? EarlyFinishMinutes, bool EarlyFinish, double? OverrunMinutes,
    IReadOnlyList<double> TurnaroundMinutes, int CasesPlanned, int CasesDone, int CancelledOnTheDay);
