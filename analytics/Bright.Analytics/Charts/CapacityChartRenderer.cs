using ScottPlot;

namespace Bright.Analytics.Charts;

/// <summary>One day of a demand-against-capacity chart.</summary>
/// <param name="Date">The day (its midnight, for beds).</param>
/// <param name="Mean">Forecast demand.</param>
/// <param name="Lower80">Lower bound of the 80% interval.</param>
/// <param name="Upper80">Upper bound of the 80% interval.</param>
/// <param name="Lower95">Lower bound of the 95% interval.</param>
/// <param name="Upper95">Upper bound of the 95% interval.</param>
/// <param name="Capacity">Planned capacity that day.</param>
/// <param name="ProbabilityOver">P(demand &gt; capacity), 0 to 1.</param>
public sealed record CapacityChartDay(DateOnly Date, double Mean, double Lower80, double Upper80, double Lower95, double Upper95, double Capacity,
    double ProbabilityOver);

/// <summary>
/// Forecast demand with its 80% and 95% bands against the planned capacity line, each day labelled with the
/// probability of exceeding it. Text is drawn in the bundled DejaVu Sans, so it renders on a server without fonts.
/// </summary>
public static class CapacityChartRenderer
{
    private static readonly Color Band95 = Color.FromHex("#c6dbef");
    private static readonly Color Band80 = Color.FromHex("#6baed6");
    private static readonly Color MeanColour = Color.FromHex("#08306b");
    private static readonly Color CapacityColour = Color.FromHex("#de1b1b");

    /// <summary>The chart as a PNG of <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    /// <exception cref="ArgumentException">There are no days.</exception>
    public static byte[] RenderPng(string title, string unit, IReadOnlyList<CapacityChartDay> days, int width = 1000, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(days);
        if (days.Count == 0)
        {
            throw new ArgumentException("A capacity chart needs at least one day.", nameof(days));
        }

        BundledFonts.EnsureRegistered();
        var plot = new Plot();
        plot.Font.Set(BundledFonts.Family);
        plot.Title(title, size: 18);
        plot.YLabel(unit);
        var xs = days.Select(d => d.Date.ToDateTime(TimeOnly.MinValue).ToOADate()).ToArray();
        Band(plot, xs, [.. days.Select(d => d.Lower95)], [.. days.Select(d => d.Upper95)], Band95, "95% interval");
        Band(plot, xs, [.. days.Select(d => d.Lower80)], [.. days.Select(d => d.Upper80)], Band80, "80% interval");
        var mean = plot.Add.ScatterLine(xs, [.. days.Select(d => d.Mean)], MeanColour);
        mean.LineWidth = 2;
        mean.LegendText = "forecast demand";
        var capacity = plot.Add.ScatterLine(xs, [.. days.Select(d => d.Capacity)], CapacityColour);
        capacity.LineWidth = 2;
        capacity.LinePattern = LinePattern.Dashed;
        capacity.ConnectStyle = ConnectStyle.StepHorizontal;
        capacity.LegendText = "planned capacity";
        var top = days.Max(d => Math.Max(d.Upper95, d.Capacity));
        for (var i = 0; i < days.Count; i++)
        {
            var label = plot.Add.Text(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{days[i].ProbabilityOver * 100:F0}%"), xs[i], top * 1.04);
            label.LabelFontSize = 12;
            label.LabelAlignment = Alignment.LowerCenter;
            label.LabelFontColor = days[i].ProbabilityOver >= 0.5 ? CapacityColour : Colors.DimGray;
        }

        var dates = plot.Axes.DateTimeTicksBottom();
        if (dates.TickGenerator is ScottPlot.TickGenerators.DateTimeAutomatic automatic)
        {
            automatic.LabelFormatter = d => d.ToString("ddd d MMM", System.Globalization.CultureInfo.InvariantCulture);
        }

        plot.Axes.SetLimitsY(0, top * 1.12);
        plot.ShowLegend(Edge.Bottom);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    private static void Band(Plot plot, double[] xs, double[] lower, double[] upper, Color colour, string legend)
    {
        var fill = plot.Add.FillY(xs, lower, upper);
        fill.FillColor = colour;
        fill.LineWidth = 0;
        fill.LegendText = legend;
    }
}
