namespace Bright.Simulator.Engine;

/// <summary>What a scheduled happening does when its time comes.</summary>
internal enum HappeningKind
{
    Opening,
    DayStart,
    SiteHour,
    DirectAdmission,
    AmbulanceArrival,
    EdArrival,
    AmbulanceHandover,
    EdTriage,
    EdSeen,
    EdDecision,
    BedWaitCheck,
    PorterArrival,
    StageEnd,
    DischargePending,
    DischargeConfirmed,
    Discharge,
    CriteriaToReside,
    CleaningStart,
    CleaningDone,
    Unblock,
    StaffingShift,
    ElectiveAdmission,
    ListStart,
    Milestone,
    CaseCancel,
    ElectiveBedHold,
    DiagnosticReport,
}

/// <summary>
/// A future happening in the discrete-event simulation. <see cref="Version"/> lets a rescheduled patient
/// ignore happenings planned before the change.
/// </summary>
internal readonly record struct Happening(HappeningKind Kind, object? Target, int Version = 0, int Index = 0);

/// <summary>Orders happenings by time, then by the order they were scheduled, so ties replay identically.</summary>
internal readonly record struct HappeningOrder(long Ticks, long Sequence) : IComparable<HappeningOrder>
{
    public int CompareTo(HappeningOrder other)
    {
        var byTime = Ticks.CompareTo(other.Ticks);
        return byTime != 0 ? byTime : Sequence.CompareTo(other.Sequence);
    }

    public static bool operator <(HappeningOrder left, HappeningOrder right) => left.CompareTo(right) < 0;

    public static bool operator >(HappeningOrder left, HappeningOrder right) => left.CompareTo(right) > 0;

    public static bool operator <=(HappeningOrder left, HappeningOrder right) => left.CompareTo(right) <= 0;

    public static bool operator >=(HappeningOrder left, HappeningOrder right) => left.CompareTo(right) >= 0;
}
