namespace Bright.Simulator.Tests;

/// <summary>The demo trust's theatres against the national picture (DOMAIN.md §6, CALIBRATION.md).</summary>
public sealed class TheatreCalibrationTests
{
    private static TheatreRun Run => TheatreRun.Instance;

    private static double OnTheDayShare(string site) =>
        Run.OnTheDayBySite.Where(r => r.Key.StartsWith(site, StringComparison.Ordinal)).Sum(r => r.Value) / (double)Run.ElectiveCasesBySite[site];

    private static double Share(List<double> minutes, Func<double, bool> counted) => minutes.Count(counted) / (double)minutes.Count;

    private static double Median(List<double> minutes) => minutes.Order().ElementAt(minutes.Count / 2);

    [Test]
    public void Theatre_figures_are_printed_for_calibration()
    {
        TestContext.Out.WriteLine($"elective cases {Run.ElectiveCases}; on the day {Run.OnTheDayCancellations} "
            + $"({100.0 * Run.OnTheDayCancellations / Run.ElectiveCases:F2}%): "
            + string.Join(", ", Run.OnTheDayReasons.OrderByDescending(r => r.Value).Select(r => $"{r.Key} {r.Value}")));
        TestContext.Out.WriteLine(string.Join(", ", Run.ElectiveCasesBySite.Select(s => $"{s.Key} {100 * OnTheDayShare(s.Key):F2}% of {s.Value}")));
        TestContext.Out.WriteLine(string.Join(", ", Run.OnTheDayBySite.OrderByDescending(r => r.Value).Select(r => $"{r.Key} {r.Value}")));
        TestContext.Out.WriteLine($"capped utilisation {100 * Run.CappedMinutes / Run.PlannedMinutes:F1}%: "
            + string.Join(", ", Run.PlannedMinutesBySite.Select(s => $"{s.Key} {100 * Run.CappedMinutesBySite.GetValueOrDefault(s.Key) / s.Value:F1}%")));
        TestContext.Out.WriteLine($"rebooked {Run.Rebooked}, within 28 days {Run.RebookedWithin28Days}");
        TestContext.Out.WriteLine($"lists run {Run.ListsRun}; late start 30+ min {100 * Share(Run.LateStartMinutes, m => m >= 30):F1}% "
            + $"(median {Median(Run.LateStartMinutes):F0} min; 60+ min {100 * Share(Run.LateStartMinutes, m => m >= 60):F1}%); early finish 30+ min {100 * Share(Run.EarlyFinishMinutes, m => m >= 30):F1}% "
            + $"(median {Median(Run.EarlyFinishMinutes):F0} min); overrun {100 * Share(Run.EarlyFinishMinutes, m => m < 0):F1}%; "
            + $"turnaround median {Median(Run.TurnaroundMinutes):F1} min, mean {Run.TurnaroundMinutes.Average():F1} min");
        Assert.That(Run.ElectiveCases, Is.Positive);
    }

    [TestCase("RQ6")]
    [TestCase("REM")]
    [TestCase("RBQ")]
    [TestCase("REP")]
    public void On_the_day_non_clinical_cancellations_are_a_few_percent_of_elective_cases(string site) =>
        Assert.That(OnTheDayShare(site), Is.LessThan(0.03), "national figure about 1% (DOMAIN.md §6, CALIBRATION.md)");

    [Test]
    public void On_the_day_non_clinical_cancellations_across_the_trust_are_near_the_national_figure() =>
        Assert.That(Run.OnTheDayCancellations / (double)Run.ElectiveCases, Is.LessThan(0.025), "national figure about 1% (DOMAIN.md §6, CALIBRATION.md)");

    [Test]
    public void Elective_patients_are_seldom_cancelled_on_the_day_for_want_of_a_bed() =>
        Assert.That(Run.OnTheDayReasons.GetValueOrDefault("no_bed") / (double)Run.ElectiveCases, Is.LessThan(0.005),
            "beds are held for the day's elective inpatients (CALIBRATION.md)");

    [Test]
    public void Capped_utilisation_of_elective_lists_across_the_trust_is_near_the_national_median() =>
        Assert.That(Run.CappedMinutes / Run.PlannedMinutes, Is.InRange(0.72, 0.82),
            "national median about 75-80%, under the GIRFT benchmark of 85% (DOMAIN.md §6, CALIBRATION.md)");

    [TestCase("RQ6")]
    [TestCase("REM")]
    [TestCase("RBQ")]
    [TestCase("REP")]
    public void Capped_utilisation_of_each_site_is_near_the_national_median_and_under_the_benchmark(string site) =>
        Assert.That(Run.CappedMinutesBySite.GetValueOrDefault(site) / Run.PlannedMinutesBySite[site], Is.InRange(0.72, 0.85),
            "within a few points of the national median (75-80%), not beyond the GIRFT benchmark of 85% (CALIBRATION.md)");

    [Test]
    public void About_a_third_of_lists_start_30_minutes_or_more_late() =>
        Assert.That(Share(Run.LateStartMinutes, m => m >= 30), Is.InRange(0.28, 0.40), "NHS Improvement: a third of lists (DOMAIN.md §6)");

    [Test]
    public void Some_lists_finish_30_minutes_or_more_early_but_not_most() =>
        Assert.That(Share(Run.EarlyFinishMinutes, m => m >= 30), Is.InRange(0.15, 0.45), "NHS Improvement: 38% of lists (DOMAIN.md §6)");

    [Test]
    public void Turnarounds_take_about_20_to_25_minutes() =>
        Assert.That(Median(Run.TurnaroundMinutes), Is.InRange(20, 26), "previous wheels out to next wheels in (CALIBRATION.md)");

    [Test]
    public void Patients_cancelled_on_the_day_are_rebooked_and_most_within_28_days()
    {
        Assert.That(Run.Rebooked, Is.EqualTo(Run.OnTheDayCancellations).Within(2).Percent, "every patient is booked again");
        Assert.That(Run.RebookedWithin28Days / (double)Run.Rebooked, Is.InRange(0.8, 0.97), "most within 28 days, some not (NHS England)");
    }
}
