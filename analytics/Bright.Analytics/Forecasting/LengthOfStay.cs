namespace Bright.Analytics.Forecasting;

/// <summary>One inpatient stay on the wards being forecast, in local (Europe/London) clock times.</summary>
/// <param name="AdmittedAt">When the patient arrived on those wards.</param>
/// <param name="LeftAt">When they left them; null while still there.</param>
/// <param name="Elective">Whether the patient came in from the waiting list (an elective or day case), not as an emergency.</param>
public sealed record InpatientStay(DateTime AdmittedAt, DateTime? LeftAt, bool Elective = false);

/// <summary>
/// An elective admission booked to the wards being forecast, in local (Europe/London) clock times: known demand, not
/// forecast. It is pending at an instant t when <see cref="BookedAt"/> ≤ t &lt; <see cref="ResolvedAt"/>.
/// </summary>
/// <param name="BookedAt">When it was booked (the pre-admission was recorded).</param>
/// <param name="ExpectedAt">When the patient is expected on the ward.</param>
/// <param name="ResolvedAt">When it stopped being pending: the patient was admitted or the case cancelled; null while pending.</param>
public sealed record ElectiveBooking(DateTime BookedAt, DateTime ExpectedAt, DateTime? ResolvedAt = null)
{
    /// <summary>Whether the booking was known and still pending at <paramref name="instant"/>.</summary>
    public bool PendingAt(DateTime instant) => BookedAt <= instant && (ResolvedAt is not { } resolved || resolved > instant);
}

/// <summary>
/// The empirical length-of-stay distribution as a Kaplan–Meier survival curve S(t) = P(LOS &gt; t hours), from the
/// stays admitted before an origin: those that ended by it are events, those still in at it are censored at their
/// stay so far, so nothing after the origin is used. Immutable and thread-safe.
/// </summary>
public sealed class LengthOfStay
{
    private readonly double[] _times;
    private readonly double[] _survival;

    private LengthOfStay(double[] times, double[] survival)
    {
        _times = times;
        _survival = survival;
    }

    /// <summary>How many completed stays the curve was estimated from.</summary>
    public int CompletedStays { get; private init; }

    /// <summary>The curve from <paramref name="stays"/> as known at <paramref name="origin"/>.</summary>
    public static LengthOfStay Estimate(IEnumerable<InpatientStay> stays, DateTime origin)
    {
        ArgumentNullException.ThrowIfNull(stays);
        var observed = stays.Where(s => s.AdmittedAt < origin)
            .Select(s => s.LeftAt is { } left && left <= origin
                ? (Hours: Math.Max(0, (left - s.AdmittedAt).TotalHours), Ended: true)
                : (Hours: (origin - s.AdmittedAt).TotalHours, Ended: false))
            .OrderBy(o => o.Hours).ThenByDescending(o => o.Ended).ToList();
        var times = new List<double>();
        var survival = new List<double>();
        var atRisk = observed.Count;
        var s = 1.0;
        for (var i = 0; i < observed.Count;)
        {
            var t = observed[i].Hours;
            var ended = 0;
            var leaving = 0;
            for (; i < observed.Count && observed[i].Hours == t; i++)
            {
                ended += observed[i].Ended ? 1 : 0;
                leaving++;
            }

            if (ended > 0)
            {
                s *= 1 - ((double)ended / atRisk);
                times.Add(t);
                survival.Add(s);
            }

            atRisk -= leaving;
        }

        return new LengthOfStay([.. times], [.. survival]) { CompletedStays = observed.Count(o => o.Ended) };
    }

    /// <summary>S(<paramref name="hours"/>): the share of stays longer than that; 1 before the first ended stay.</summary>
    public double Survival(double hours)
    {
        var index = Array.BinarySearch(_times, hours);
        // At an event time the curve has already stepped down (S is right-continuous).
        var last = index >= 0 ? index : ~index - 1;
        return last < 0 ? 1 : _survival[last];
    }

    /// <summary>
    /// P(still in at <paramref name="stayedHours"/> + <paramref name="moreHours"/> | in at <paramref name="stayedHours"/>):
    /// S(a + t) ÷ S(a); 0 when S(a) is 0 (every stay that long has ended). A stay still open at the curve's origin is
    /// among the censored, so S(a) is above 0 for it.
    /// </summary>
    public double Remaining(double stayedHours, double moreHours)
    {
        var now = Survival(stayedHours);
        return now <= 0 ? 0 : Survival(stayedHours + moreHours) / now;
    }
}
