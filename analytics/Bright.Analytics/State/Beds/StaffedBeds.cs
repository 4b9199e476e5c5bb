namespace Bright.Analytics.State.Beds;

/// <summary>
/// A site's G&amp;A beds open now on its live bed board: the capacity demand is compared with. A bed counts when it is
/// neither closed (an escalation bed not opened) nor blocked (open but unusable); open escalation beds count and are
/// reported beside the core beds.
/// </summary>
/// <param name="Open">Open G&amp;A beds: <see cref="CoreOpen"/> + <see cref="EscalationOpen"/>.</param>
/// <param name="CoreOpen">Open core G&amp;A beds.</param>
/// <param name="EscalationOpen">Open escalation G&amp;A beds.</param>
/// <param name="Blocked">Blocked G&amp;A beds (core or escalation), not counted.</param>
/// <param name="Closed">Closed G&amp;A escalation beds, not counted.</param>
/// <param name="AsOf">When the board was read.</param>
public sealed record StaffedBeds(int Open, int CoreOpen, int EscalationOpen, int Blocked, int Closed, DateTimeOffset AsOf)
{
    /// <summary>
    /// The open G&amp;A beds of <paramref name="board"/> (wards of type GA and Assessment); null when no event has touched any of
    /// its G&amp;A beds yet, so the board holds only the reference data's beds and says nothing about which are open.
    /// </summary>
    public static StaffedBeds? Of(BedBoardView board)
    {
        ArgumentNullException.ThrowIfNull(board);
        var beds = board.Wards.Where(w => w.GeneralAndAcute).SelectMany(w => w.Beds).ToList();
        if (!beds.Any(b => b.Since is not null))
        {
            return null;
        }

        var usable = beds.Where(b => b.Status is not (BedBoardView.Closed or BedStatus.Blocked)).ToList();
        var core = usable.Count(b => !b.Escalation);
        var escalation = usable.Count(b => b.Escalation);
        return new StaffedBeds(core + escalation, core, escalation, beds.Count(b => b.Status == BedStatus.Blocked),
            beds.Count(b => b.Status == BedBoardView.Closed), board.AsOf);
    }
}
