using Bright.Analytics.State;
using Bright.Analytics.State.Opel;
using Bright.Core.Reference;
using static Bright.Analytics.Tests.State.Ev;

namespace Bright.Analytics.Tests.State;

[TestFixture]
public sealed class OpelTableScheduleTests
{
    private static OpelTable Table(string version, DateOnly validFrom, double gaL2)
    {
        var table = LiveStateSettings.Defaults().Opel;
        table.Version = version;
        table.ValidFrom = validFrom;
        table.Parameters = [.. table.Parameters.Select(p => p.Id == "ga_occupancy"
            ? new OpelParameter { Id = p.Id, Definition = p.Definition, Unit = p.Unit, WorseWhen = p.WorseWhen, L2 = gaL2, L3 = 0.95, L4 = 0.98 }
            : p)];
        return table;
    }

    private static OpelTableSchedule Schedule(params OpelTable[] tables) => new(tables.Select(t => new ScheduledOpelTable(t, t.ValidFrom)));

    [Test]
    public void The_version_in_force_is_the_latest_effective_on_the_UK_local_date()
    {
        var schedule = Schedule(Table("v1", new DateOnly(2024, 4, 1), 0.92), Table("v2", new DateOnly(2026, 6, 1), 0.90),
            Table("v3", new DateOnly(2026, 3, 1), 0.91));

        Assert.Multiple(() =>
        {
            Assert.That(schedule.At(T("2026-02-28T23:59:00Z")).Table.Version, Is.EqualTo("v1"));
            Assert.That(schedule.At(T("2026-03-01T00:00:00Z")).Table.Version, Is.EqualTo("v3"));
            // 23:30 UTC on 31 May is 00:30 on 1 June in London (BST).
            Assert.That(schedule.At(T("2026-05-31T23:30:00Z")).Table.Version, Is.EqualTo("v2"), "takes effect at local midnight");
            Assert.That(schedule.At(T("2026-05-31T22:59:00Z")).Table.Version, Is.EqualTo("v3"));
        });
    }

    [Test]
    public void Of_two_versions_effective_the_same_day_the_later_saved_is_in_force_and_before_every_date_the_first()
    {
        var schedule = Schedule(Table("v1", new DateOnly(2026, 1, 1), 0.92), Table("v2", new DateOnly(2026, 1, 1), 0.90));

        Assert.That(schedule.At(T("2026-01-02T12:00:00Z")).Table.Version, Is.EqualTo("v2"));
        Assert.That(schedule.At(T("2025-06-02T12:00:00Z")).Table.Version, Is.EqualTo("v1"));
    }

    [Test]
    public void A_future_dated_version_takes_effect_in_live_state_at_its_date_without_a_rebuild()
    {
        var state = new LiveState(TrustReference.Demo, LiveStateSettings.Defaults());
        var beds = state.Beds("RQ6", T("2026-11-30T12:00:00Z"));
        Assume.That(beds.GaOccupancy, Is.Not.Null, "the demo trust has G&A beds");
        // Every table scores the same occupancy; only the new version's lower L2 threshold makes it level 2.
        var occupancy = beds.GaOccupancy!.Value;
        var shipped = Table("indicative-1", new DateOnly(2024, 4, 1), Math.Min(0.9, occupancy + 0.5));
        var stricter = Table("trust-2", new DateOnly(2026, 12, 1), occupancy);
        state.OpelTables = Schedule(shipped, stricter);

        var before = state.Opel(T("2026-11-30T23:59:00Z"));
        var after = state.Opel(T("2026-12-01T00:00:00Z"));

        Assert.Multiple(() =>
        {
            Assert.That((before.Version, before.EffectiveFrom), Is.EqualTo(("indicative-1", (DateOnly?)new DateOnly(2024, 4, 1))));
            Assert.That((after.Version, after.EffectiveFrom), Is.EqualTo(("trust-2", (DateOnly?)new DateOnly(2026, 12, 1))));
            Assert.That(before.Sites.Single(s => s.Site == "RQ6").Parameters.Single(p => p.Id == "ga_occupancy").Level, Is.EqualTo(1));
            Assert.That(after.Sites.Single(s => s.Site == "RQ6").Parameters.Single(p => p.Id == "ga_occupancy").Level, Is.EqualTo(2));
        });
    }
}
