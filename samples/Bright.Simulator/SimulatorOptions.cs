using System.Globalization;

namespace Bright.Simulator;

/// <summary>
/// Settings for the built-in demo trust, bound to the <see cref="Section"/> configuration section.
/// </summary>
public sealed class SimulatorOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string Section = "Bright:Simulator";

    /// <summary>Whether the simulator feeds the demo trust; false when real feeds are connected.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The seed of every random draw: the same seed and start give the same events.</summary>
    public int Seed { get; set; } = 20261126;

    /// <summary>How much history to generate before live time (default two years).</summary>
    public TimeSpan History { get; set; } = TimeSpan.FromDays(730);

    /// <summary>
    /// Simulated time per unit of real time once history is generated (1 = real time, 60 = an hour a minute).
    /// </summary>
    public double SpeedFactor { get; set; } = 1.0;

    /// <summary>
    /// Every problem with these settings, each naming its configuration key and the value; empty when valid.
    /// </summary>
    public IEnumerable<string> Validate()
    {
        var errors = new List<string>();
        if (History <= TimeSpan.Zero)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{Section}:{nameof(History)} must be greater than 00:00:00 (was {History})."));
        }
        else if (History > MaxHistory)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"{Section}:{nameof(History)} must be at most {MaxHistory.TotalDays} days (was {History})."));
        }

        if (double.IsNaN(SpeedFactor) || double.IsInfinity(SpeedFactor))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{Section}:{nameof(SpeedFactor)} must be a finite number (was {SpeedFactor})."));
        }
        else if (SpeedFactor <= 0)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{Section}:{nameof(SpeedFactor)} must be greater than 0 (was {SpeedFactor})."));
        }
        else if (SpeedFactor > MaxSpeedFactor)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"{Section}:{nameof(SpeedFactor)} must be at most {MaxSpeedFactor} (was {SpeedFactor})."));
        }

        return errors;
    }

    /// <summary>The longest history accepted: ten years.</summary>
    public static TimeSpan MaxHistory { get; } = TimeSpan.FromDays(3650);

    /// <summary>The fastest live speed accepted: a simulated day in under ten seconds.</summary>
    public const double MaxSpeedFactor = 10_000;
}
