using System.Globalization;
using Bright.Core.Time;

namespace Bright.Analytics.State.Theatres;

/// <summary>
/// The 28-day rule (DOMAIN.md §6; NHS Standard Contract): a patient whose operation is cancelled on the day for a
/// non-clinical reason must be offered another date within 28 days. Keeps every case booked or cancelled over the
/// last <see cref="KeepDays"/> days by its pseudonymous subject and procedure, and for each on-the-day non-clinical
/// cancellation finds a later booking of the same subject and procedure (itself not cancelled): rebooked within
/// 28 days when that booking's date is within 28 days of the cancellation's local date. Subject keys never leave
/// this type. Not thread-safe.
/// </summary>
internal sealed class RebookingBook
{
    /// <summary>The 28 days of the NHS Standard Contract's rule (DOMAIN.md §6).</summary>
    public const int WindowDays = 28;

    /// <summary>Days a booking is kept: the 28-day window, then as long again so breaches stay visible.</summary>
    public const int KeepDays = 2 * WindowDays;

    private const string Rebooked = "rebooked";
    private const string Open = "open";
    private const string Breach = "breach";

    private readonly Dictionary<string, Booking> _bookings = new(StringComparer.Ordinal);

    public void Scheduled(HospitalEvent e, string caseId, string room, DateTimeOffset? plannedStart, string? procedure)
    {
        if (e.Subject is null || procedure is null)
        {
            return;
        }

        var booking = _bookings.TryGetValue(caseId, out var found) ? found : _bookings[caseId] = new Booking(caseId, e.Subject);
        booking.Procedure = procedure;
        booking.Room = room;
        booking.ScheduledAt = e.OccurredAt;
        booking.PlannedStart = plannedStart ?? booking.PlannedStart;
    }

    public void Cancelled(HospitalEvent e, string caseId)
    {
        if (_bookings.TryGetValue(caseId, out var booking))
        {
            booking.CancelledAt = e.OccurredAt;
            booking.CancelCode = e.Code;
            booking.CancelReason = e.Attributes.GetValueOrDefault("reason") ?? e.Code;
        }
    }

    public void Prune(DateTimeOffset now)
    {
        var cutoff = now.AddDays(-KeepDays - 1);
        foreach (var id in _bookings.Values.Where(b => (b.PlannedStart ?? b.ScheduledAt) < cutoff).Select(b => b.CaseId).ToList())
        {
            _bookings.Remove(id);
        }
    }

    /// <summary>Every tracked cancellation at <paramref name="now"/>: cancelled in the last <see cref="KeepDays"/> days, newest first.</summary>
    public TheatreRebooking Summarise(DateTimeOffset now)
    {
        var today = UkTime.LocalDate(now);
        var rows = new List<CancellationRebooking>();
        foreach (var cancelled in _bookings.Values.Where(IsOnTheDayNonClinical))
        {
            var cancelledOn = UkTime.LocalDate(cancelled.CancelledAt!.Value);
            if (cancelledOn < today.AddDays(-KeepDays) || cancelledOn > today)
            {
                continue;
            }

            var deadline = cancelledOn.AddDays(WindowDays);
            var rebooking = _bookings.Values
                .Where(b => b != cancelled && b.CancelledAt is null && b.Subject == cancelled.Subject && b.Procedure == cancelled.Procedure
                    && b.ScheduledAt >= cancelled.CancelledAt && b.ScheduledAt <= now)
                .MinBy(b => b.PlannedStart ?? b.ScheduledAt);
            DateOnly? rebookedFor = rebooking is null ? null : UkTime.LocalDate(rebooking.PlannedStart ?? rebooking.ScheduledAt);
            var status = rebookedFor <= deadline ? Rebooked
                : rebookedFor is not null || today > deadline ? Breach
                : Open;
            rows.Add(new CancellationRebooking(cancelled.Procedure, cancelled.Room, cancelledOn, cancelled.CancelReason, deadline, rebookedFor, status,
                status == Open ? deadline.DayNumber - today.DayNumber : null));
        }

        var ordered = rows.OrderByDescending(r => r.CancelledOn).ThenBy(r => r.Room, StringComparer.Ordinal)
            .ThenBy(r => r.Procedure, StringComparer.Ordinal).ToList();
        return new TheatreRebooking(WindowDays, ordered.Count(r => r.Status == Rebooked),
            ordered.Count(r => r.Status == Open), ordered.Count(r => r.Status == Breach),
            [.. ordered.Where(r => r.Status != Rebooked)]);
    }

    /// <summary>
    /// Non-clinical (a code not starting <c>clinical</c>) and on or after the day of the operation: the code says
    /// <c>non_clinical_on_day</c>, or the cancellation's local date is on or after the booking's planned date.
    /// </summary>
    private static bool IsOnTheDayNonClinical(Booking b) =>
        b.CancelledAt is { } at
        && !(b.CancelCode ?? "").StartsWith("clinical", StringComparison.OrdinalIgnoreCase)
        && (string.Equals(b.CancelCode, "non_clinical_on_day", StringComparison.Ordinal)
            || (b.PlannedStart is { } planned && UkTime.LocalDate(at) >= UkTime.LocalDate(planned)
                && !string.Equals(b.CancelCode, "non_clinical_before_day", StringComparison.Ordinal)));

    private sealed class Booking(string caseId, string subject)
    {
        public string CaseId { get; } = caseId;

        public string Subject { get; } = subject;

        public string Procedure { get; set; } = "";

        public string Room { get; set; } = "";

        public DateTimeOffset ScheduledAt { get; set; }

        public DateTimeOffset? PlannedStart { get; set; }

        public DateTimeOffset? CancelledAt { get; set; }

        public string? CancelCode { get; set; }

        public string? CancelReason { get; set; }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{CaseId} {Procedure}");
    }
}
