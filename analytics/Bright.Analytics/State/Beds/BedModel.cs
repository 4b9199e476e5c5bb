namespace Bright.Analytics.State.Beds;

/// <summary>One bed as the board holds it (mutable; owned by <see cref="BedBoard"/>).</summary>
internal sealed class Bed(string ward, string code, bool known, bool escalation)
{
    public string Ward { get; } = ward;

    public string Code { get; } = code;

    public bool Known { get; } = known;

    public bool Escalation { get; set; } = escalation;

    public string Status { get; set; } = BedStatus.Available;

    public DateTimeOffset? Since { get; set; }

    /// <summary>The patient in or promised the bed; never leaves the board's views.</summary>
    public string? Subject { get; set; }

    public string? Reason { get; set; }

    public BedSnapshot Save() => new(Status, Since, Subject, Reason);

    public void Restore(BedSnapshot saved)
    {
        Status = saved.Status;
        Since = saved.Since;
        Subject = saved.Subject;
        Reason = saved.Reason;
    }

    public void Set(string status, DateTimeOffset at, string? subject, string? reason = null)
    {
        Status = status;
        Since = at;
        Subject = subject;
        Reason = reason;
    }
}

internal readonly record struct BedSnapshot(string Status, DateTimeOffset? Since, string? Subject, string? Reason);

/// <summary>An open inpatient encounter.</summary>
internal sealed class Encounter(string subject)
{
    public string Subject { get; } = subject;

    public Bed? Bed { get; set; }

    public DateTimeOffset AdmittedAt { get; set; }

    public string? PatientClass { get; set; }

    public DateTimeOffset? ExpectedDischarge { get; set; }

    /// <summary><c>pending</c> or <c>confirmed</c> (DischargePlanned), else null.</summary>
    public string? DischargeStatus { get; set; }

    public bool NoCriteriaToReside { get; set; }

    public DateOnly? DischargeReadyDate { get; set; }

    public Stack<Undo> History { get; } = new();
}

/// <summary>What an admission, transfer or discharge changed, so its cancel can put it back.</summary>
internal sealed record Undo(EventKind Kind, Bed? From, BedSnapshot FromBefore, Bed? To, BedSnapshot ToBefore, Discharged? Discharge);

/// <summary>A discharge, kept for today's counts and for undoing.</summary>
internal sealed record Discharged(string Ward, DateTimeOffset At, Encounter Encounter);

/// <summary>A patient owed a bed on a ward: a decision to admit or a pre-admission, until admitted.</summary>
internal sealed record PendingAdmission(string Ward, DateTimeOffset ExpectedAt);
