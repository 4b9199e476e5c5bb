using System.Globalization;

namespace Bright.Analytics.Spc;

/// <summary>How dates are written in a narrative (DOMAIN.md 1.11).</summary>
public enum SpcDateStyle
{
    /// <summary>"Mar 2025".</summary>
    Month,

    /// <summary>"w/c 3 Mar 2025".</summary>
    Week,

    /// <summary>"3 Mar 2025".</summary>
    Day,
}

/// <summary>Writes a value in the KPI's unit, e.g. 0.95 as "95%". Pluggable; thread-safe when its function is.</summary>
/// <param name="format">Turns a value in the series' own unit into text.</param>
public sealed class SpcValueFormatter(Func<double, string> format)
{
    /// <summary>Proportions as percentages with at most one decimal: 0.95 as "95%", 0.8847 as "88.5%".</summary>
    public static readonly SpcValueFormatter Percent = new(v => (v * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%");

    /// <summary>Plain numbers with thousands separators and at most two decimals: "1,234.57".</summary>
    public static readonly SpcValueFormatter Number = new(v => v.ToString("#,0.##", CultureInfo.InvariantCulture));

    /// <summary>The value as text.</summary>
    public string Format(double value) => format(value);
}

/// <summary>Presentation choices for the narrative; the analysis itself does not depend on them.</summary>
public sealed record SpcNarrationOptions
{
    /// <summary>
    /// The unit formatter; null gives <see cref="SpcValueFormatter.Percent"/> for p charts, otherwise
    /// <see cref="SpcValueFormatter.Number"/>.
    /// </summary>
    public SpcValueFormatter? Formatter { get; init; }

    /// <summary>The date style; null infers it from the dates (all on the 1st: month; 7-day steps: week; otherwise day).</summary>
    public SpcDateStyle? DateStyle { get; init; }
}
