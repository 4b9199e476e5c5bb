using Bright.Store.Alerts;
using Bright.Testing;

namespace Bright.Store.Tests.Alerts;

[TestFixture]
public sealed class AlertRuleStoreTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 14, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Seeding_stores_version_1_of_each_new_rule_in_order_and_never_overwrites_a_stored_one()
    {
        using var temp = TempStore.Create();
        var rules = new AlertRuleStore(temp.Store);

        Assert.That(await rules.SeedAsync([("b_rule", """{"id":"b_rule"}""", true), ("a_rule", """{"id":"a_rule"}""", true)], At), Is.EqualTo(2));
        await rules.AppendAsync("b_rule", """{"id":"b_rule","threshold":5}""", true, "updated", "admin", At.AddHours(1));
        Assert.That(await rules.SeedAsync([("b_rule", """{"id":"b_rule"}""", true), ("c_rule", """{"id":"c_rule"}""", false)], At.AddDays(1)),
            Is.EqualTo(1));

        var current = await rules.ReadCurrentAsync();
        Assert.That(current.Select(r => (r.RuleId, r.Version, r.Position, r.Change)), Is.EqualTo(new[]
        {
            ("b_rule", 2, 0, "updated"),
            ("a_rule", 1, 1, "seeded"),
            ("c_rule", 1, 2, "seeded"),
        }));
        Assert.That(current[0].Definition, Does.Contain("\"threshold\": 5").Or.Contain("\"threshold\":5"));
        Assert.That(current[2].Enabled, Is.False);
    }

    [Test]
    public async Task Every_change_is_a_new_version_saying_who_when_and_what_and_nothing_is_deleted()
    {
        using var temp = TempStore.Create();
        var rules = new AlertRuleStore(temp.Store);
        await rules.SeedAsync([("handover", """{"id":"handover"}""", true)], At);

        var created = await rules.AppendAsync("new_rule", """{"id":"new_rule"}""", true, "created", "ops-lead", At.AddMinutes(5));
        await rules.AppendAsync("handover", """{"id":"handover","threshold":20}""", true, "updated", "ops-lead", At.AddMinutes(10));
        await rules.AppendAsync("handover", """{"id":"handover","enabled":false}""", false, "disabled", "admin", At.AddMinutes(20));

        Assert.That(created.Position, Is.EqualTo(1), "a new rule goes after the others");
        var history = await rules.ReadHistoryAsync("handover");
        Assert.That(history.Select(v => (v.Version, v.Change, v.ChangedBy, v.Enabled, v.ChangedAt)), Is.EqualTo(new[]
        {
            (1, "seeded", AlertRuleStore.SeededBy, true, At),
            (2, "updated", "ops-lead", true, At.AddMinutes(10)),
            (3, "disabled", "admin", false, At.AddMinutes(20)),
        }));
        Assert.That((await rules.ReadCurrentAsync()).Single(r => r.RuleId == "handover").Version, Is.EqualTo(3));
        Assert.That(await rules.ReadHistoryAsync("never_stored"), Is.Empty);
    }
}
