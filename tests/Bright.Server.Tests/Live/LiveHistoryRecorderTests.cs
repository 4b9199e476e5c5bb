using Bright.Analytics.State;
using Bright.Analytics.State.Opel;
using Bright.Server.Live.State;

namespace Bright.Server.Tests.Live;

[TestFixture]
public sealed class LiveHistoryRecorderTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 14, 12, 0, 0, TimeSpan.Zero);
    private static readonly OpelTable Table = LiveStateSettings.Defaults().Opel;

    [Test]
    public void Every_site_and_the_trust_are_recorded_when_the_interval_is_due()
    {
        var rows = LiveHistoryRecorder.Due(View(0.5, 0.5), new Dictionary<string, int?>(), interval: true);

        Assert.That(rows.Select(r => (r.Site, r.Level, r.Reason)), Is.EqualTo(new[]
        {
            ("RQ6", (int?)1, "interval"), ("REM", 1, "interval"), ("trust", 1, "interval"),
        }));
        Assert.That(rows[0].ConfigVersion, Is.EqualTo("indicative-1"));
        Assert.That(rows[0].Parameters.Single(p => p.Id == "ga_occupancy").Value, Is.EqualTo(0.5));
    }

    [Test]
    public void Between_intervals_only_a_level_change_is_recorded()
    {
        var recorded = LiveHistoryRecorder.Due(View(0.5, 0.5), new Dictionary<string, int?>(), interval: true).ToDictionary(r => r.Site, r => r.Level);

        var unchanged = LiveHistoryRecorder.Due(View(0.6, 0.5), recorded, interval: false);
        var changed = LiveHistoryRecorder.Due(View(0.99, 0.5), recorded, interval: false);

        Assert.That(unchanged, Is.Empty, "a value that moves within its level is not a change");
        Assert.That(changed.Select(r => (r.Site, r.Level, r.Reason)), Is.EqualTo(new[]
        {
            ("RQ6", (int?)4, "level_change"), ("trust", 3, "level_change"),
        }), "G&A occupancy 99% is level 4 at RQ6 (DOMAIN.md §3 example); the trust's mean score 2.5 is level 3");
        Assert.That(changed[1].Parameters.Select(p => (p.Id, p.Value)), Is.EqualTo(new[] { ("RQ6", (double?)4), ("REM", 1) }));
    }

    private static OpelView View(double rq6, double rem)
    {
        var sites = new[] { ("RQ6", rq6), ("REM", rem) }
            .Select(s => OpelScorer.Score(Table, s.Item1, new Dictionary<string, double?> { ["ga_occupancy"] = s.Item2 }, Now)).ToList();
        return OpelScorer.RollUp(Table, sites, Now);
    }
}
