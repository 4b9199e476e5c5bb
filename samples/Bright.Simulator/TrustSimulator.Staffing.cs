using Bright.Core.Events;
using Bright.Simulator.Model;

namespace Bright.Simulator;

public sealed partial class TrustSimulator
{
    /// <summary>
    /// Reports staff on duty per ward for the day (index 0, from 07:30) or night (1, from 19:30) shift.
    /// ASSUMPTION: planned registered nurses one per six beds by day and one per eight by night; healthcare
    /// assistants one per eight and one per twelve; each planned post goes unfilled with a 7% chance (10% in
    /// winter) and one shift in ten gains a bank or agency nurse.
    /// </summary>
    private void ReportStaffing(SiteState site, int shift)
    {
        var month = Local(_clock).Month;
        var gap = month is 12 or 1 or 2 ? 0.10 : 0.07;
        var shiftName = shift == 0 ? "day" : "night";
        foreach (var ward in site.Wards)
        {
            var beds = ward.Beds.Length;
            var critical = ward.Ref.Type == Core.Reference.WardType.CriticalCare;
            var plannedRn = critical ? (int)Math.Ceiling(beds / 1.5) : (int)Math.Ceiling(beds / (shift == 0 ? 6.0 : 8.0));
            var plannedHca = (int)Math.Ceiling(beds / (shift == 0 ? 8.0 : 12.0));
            EmitStaffing(site, ward, "RN", shiftName, plannedRn, gap, bank: _random.Chance(0.1));
            EmitStaffing(site, ward, "HCA", shiftName, plannedHca, gap, bank: false);
        }
    }

    private void EmitStaffing(SiteState site, WardState ward, string role, string shift, int planned, double gap, bool bank)
    {
        var onDuty = bank ? 1 : 0;
        for (var i = 0; i < planned; i++)
        {
            if (!_random.Chance(gap))
            {
                onDuty++;
            }
        }

        Emit(site, EventKind.StaffingLevel, null, ward.Path, role, onDuty,
            new() { ["planned"] = Digit(planned), ["role"] = role, ["shift"] = shift, ["ward"] = ward.Ref.Code });
    }
}
