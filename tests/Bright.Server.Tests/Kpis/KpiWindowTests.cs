using Bright.Core.Reference;
using Bright.Server.Kpis;
using Bright.Simulator;
using Bright.Store.Events;
using Bright.Store.Kpis;
using Bright.Testing;

namespace Bright.Server.Tests.Kpis;

/// <summary>
/// Every catalogue KPI read from the recent part of the store gives the same latest periods as its SQL over the
/// whole history, on eight months of the seeded demo trust (shorter charts and look-back than the scheduled job's,
/// so that the window leaves months of the history out).
/// </summary>
[TestFixture]
public sealed class KpiWindowTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan LookBack = TimeSpan.FromDays(60);

    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServerWithEightMonthsOfTheDemoTrust()
    {
        _server = await TestServer.StartAsync();
        var simulator = new TrustSimulator(TrustReference.Demo, new SimulatorOptions(), Start);
        var writer = _server.Get<EventWriter>();
        foreach (var chunk in simulator.AdvanceTo(Start.AddDays(240)).Chunk(100_000))
        {
            await writer.WriteAsync(chunk);
        }
    }

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private static int PeriodsOf(string? frequency) => frequency switch
    {
        "monthly" => 2,
        "weekly" => 6,
        _ => 30,
    };

    [Test]
    public async Task Every_catalogue_KPI_gives_the_same_latest_periods_from_the_window_as_from_the_whole_history()
    {
        var store = _server.Get<KpiStore>();
        var kpis = await store.ListAsync();
        Assert.That(kpis, Has.Count.GreaterThanOrEqualTo(25));
        foreach (var kpi in kpis)
        {
            var id = kpi.Definition.Id;
            var periods = PeriodsOf(kpi.Definition.Frequency);
            var all = await store.ReadSeriesAsync(kpi.Definition.Sql!);
            var window = await store.ReadLatestSeriesAsync(kpi.Definition.Sql!, periods, KpiSpcService.PeriodLengthOf(kpi.Definition.Frequency), LookBack);

            Assert.That(window.Since, Is.Not.Null.And.GreaterThan(Start.AddDays(30)), $"{id} read from a window that leaves a month out");
            var expected = all.Skip(Math.Max(0, all.Count - periods)).ToList();
            Assert.That(window.Rows.Select(r => r.Period), Is.EqualTo(expected.Select(r => r.Period)), $"{id}: periods");
            for (var i = 0; i < expected.Count; i++)
            {
                // Sums of doubles may add up in another order on another run of the same SQL, hence the tolerance.
                Assert.That(new[] { window.Rows[i].Value, window.Rows[i].Numerator, window.Rows[i].Denominator },
                    Is.EqualTo(new[] { expected[i].Value, expected[i].Numerator, expected[i].Denominator }).Within(1e-9).Percent,
                    $"{id}: {expected[i].Period}");
            }
        }
    }

    [Test]
    public async Task The_scheduled_chart_of_a_daily_KPI_shows_the_same_periods_as_the_whole_history()
    {
        var store = _server.Get<KpiStore>();
        var kpi = (await store.FindAsync("stranded-patients"))!;
        var all = await store.ReadSeriesAsync(kpi.Definition.Sql!);

        var report = await _server.Get<KpiSpcService>().ComputeAsync(kpi, CancellationToken.None);

        Assert.That(report.Series, Is.EqualTo(all.TakeLast(KpiSpcService.WindowOf("daily"))));
    }
}
