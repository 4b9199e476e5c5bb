namespace Bright.Simulator.Tests;

public sealed class YearRunTests
{
    [Test]
    public void A_year_runs()
    {
        var run = YearRun.Instance;
        TestContext.Out.WriteLine($"{run.EventCount} events in {run.Elapsed}");
        foreach (var kv in run.Departures.OrderBy(k => k.Key.Site))
        {
            TestContext.Out.WriteLine($"{kv.Key}: departures {kv.Value} 4h {run.WithinFourHours.GetValueOrDefault(kv.Key) / (double)kv.Value:P1} admitted {run.Admitted.GetValueOrDefault(kv.Key) / (double)kv.Value:P1}");
        }
        TestContext.Out.WriteLine($"occupied mid-year {run.OccupiedAtMidYear}; handovers > 60: {run.HandoversOverHour}/{run.Handovers}; conflicts {run.BedConflicts.Count}");
        foreach (var c in run.BedConflicts.Take(5)) TestContext.Out.WriteLine(c);
        Assert.That(run.EventCount, Is.GreaterThan(0));
    }
}
