namespace Bright.Simulator.Tests;

public sealed class SimulatorOptionsTests
{
    [Test]
    public void Defaults_are_valid() => Assert.That(new SimulatorOptions().Validate(), Is.Empty);

    [Test]
    public void A_speed_factor_not_above_zero_is_rejected_naming_the_key() =>
        Assert.That(new SimulatorOptions { SpeedFactor = -1 }.Validate(),
            Is.EqualTo(new[] { "Bright:Simulator:SpeedFactor must be greater than 0 (was -1)." }));

    [Test]
    public void A_speed_factor_that_is_not_a_number_is_rejected_naming_the_key() =>
        Assert.That(new SimulatorOptions { SpeedFactor = double.NaN }.Validate(),
            Is.EqualTo(new[] { "Bright:Simulator:SpeedFactor must be a finite number (was NaN)." }));

    [Test]
    public void Every_problem_is_reported_at_once() =>
        Assert.That(new SimulatorOptions { SpeedFactor = 0, History = TimeSpan.FromDays(-1) }.Validate(), Is.EqualTo(new[]
        {
            "Bright:Simulator:History must be greater than 00:00:00 (was -1.00:00:00).",
            "Bright:Simulator:SpeedFactor must be greater than 0 (was 0).",
        }));

    [Test]
    public void A_history_over_ten_years_is_rejected_naming_the_key() =>
        Assert.That(new SimulatorOptions { History = TimeSpan.FromDays(4000) }.Validate(),
            Is.EqualTo(new[] { "Bright:Simulator:History must be at most 3650 days (was 4000.00:00:00)." }));
}
