using System.Text;
using Bright.Analytics.Spc;
using ScottPlot;

namespace Bright.Analytics.Charts;

/// <summary>What to draw besides the analysis itself: title, unit, target and reference lines, size.</summary>
public sealed record SpcChartOptions
{
    /// <summary>The chart's title, e.g. the KPI's name.</summary>
    public string Title { get; init; } = "SPC chart";

    /// <summary>Writes values on the y axis and in labels; null for plain numbers.</summary>
    public SpcValueFormatter? Formatter { get; init; }

    /// <summary>The target drawn dashed in #de1b1b; null for none.</summary>
    public double? Target { get; init; }

    /// <summary>A reference standard (e.g. the constitutional standard) drawn dotted in #de1b1b; null for none.</summary>
    public double? Reference { get; init; }

    /// <summary>The legend text of <see cref="Reference"/>.</summary>
    public string ReferenceLabel { get; init; } = "Standard";

    /// <summary>A benchmark value or the ends of a reference range, drawn dotted in #2f5597; empty for none.</summary>
    public IReadOnlyList<double> Benchmarks { get; init; } = [];

    /// <summary>The legend text of <see cref="Benchmarks"/>.</summary>
    public string BenchmarkLabel { get; init; } = "Benchmark";

    /// <summary>Whether to draw the 2σ lines.</summary>
    public bool ShowTwoSigma { get; init; } = true;

    /// <summary>Width in pixels (at least 300).</summary>
    public int Width { get; init; } = 1000;

    /// <summary>Height in pixels (at least 200).</summary>
    public int Height { get; init; } = 600;
}

/// <summary>
/// Draws an <see cref="SpcResult"/> as a Making Data Count chart with ScottPlot: the data line, points coloured
/// by type (common cause #a6a6a6, improvement #00b0f0, concern #e46c0a, neutral #490092; DOMAIN.md 1.5), mean
/// and process limits per rebase group, optional 2σ lines, the target dashed in #de1b1b, and the variation and
/// assurance icons as labelled badges, with the narrative under the chart. Pure: it returns bytes. Thread-safe
/// (each call builds its own plot).
/// </summary>
public static class SpcChartRenderer
{
    /// <summary>Common cause points (MDC grey).</summary>
    public static readonly Color CommonCause = Color.FromHex("#a6a6a6");

    /// <summary>Improvement points and the pass icon (MDC blue).</summary>
    public static readonly Color Improvement = Color.FromHex("#00b0f0");

    /// <summary>Concern points and the fail icon (MDC orange).</summary>
    public static readonly Color Concern = Color.FromHex("#e46c0a");

    /// <summary>Neutral special-cause points (MDC purple).</summary>
    public static readonly Color Neutral = Color.FromHex("#490092");

    /// <summary>The target line (MDC red, dashed).</summary>
    public static readonly Color TargetColour = Color.FromHex("#de1b1b");

    private static readonly Color DataLine = Color.FromHex("#7f7f7f");
    private static readonly Color MeanLine = Color.FromHex("#262626");
    private static readonly Color LimitLine = Color.FromHex("#595959");
    private static readonly Color SigmaLine = Color.FromHex("#bfbfbf");
    private static readonly Color BenchmarkColour = Color.FromHex("#2f5597");

    /// <summary>The chart as a PNG.</summary>
    /// <exception cref="ArgumentException">The result has no points, or the size is too small.</exception>
    public static byte[] RenderPng(SpcResult result, SpcChartOptions options)
    {
        var (plot, width, height) = Build(result, options);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>The chart as an SVG document, UTF-8 encoded.</summary>
    /// <exception cref="ArgumentException">The result has no points, or the size is too small.</exception>
    public static byte[] RenderSvg(SpcResult result, SpcChartOptions options)
    {
        var (plot, width, height) = Build(result, options);
        return Encoding.UTF8.GetBytes(plot.GetSvgXml(width, height));
    }

    /// <summary>The colour of a point type.</summary>
    public static Color ColourOf(SpcPointType type) => type switch
    {
        SpcPointType.SpecialCauseImprovement => Improvement,
        SpcPointType.SpecialCauseConcern => Concern,
        SpcPointType.SpecialCauseNeutralHigh or SpcPointType.SpecialCauseNeutralLow => Neutral,
        _ => CommonCause,
    };

    private static (Plot Plot, int Width, int Height) Build(SpcResult result, SpcChartOptions options)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(options);
        if (result.Points.Count == 0)
        {
            throw new ArgumentException("An SPC chart needs at least one point.", nameof(result));
        }

        if (options.Width < 300 || options.Height < 200)
        {
            throw new ArgumentException($"The chart must be at least 300×200 pixels (was {options.Width}×{options.Height}).", nameof(options));
        }

        BundledFonts.EnsureRegistered();
        var format = options.Formatter ?? SpcValueFormatter.Number;
        var points = result.Points;
        var xs = points.Select(p => p.Date.ToDateTime(TimeOnly.MinValue).ToOADate()).ToArray();
        var ys = points.Select(p => p.Value).ToArray();

        var plot = new Plot();
        plot.Font.Set(BundledFonts.Family);
        plot.Title(options.Title, size: 18);
        var dates = plot.Axes.DateTimeTicksBottom();
        if (dates.TickGenerator is ScottPlot.TickGenerators.DateTimeAutomatic automatic)
        {
            automatic.LabelFormatter = d => d.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        }

        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = format.Format };

        DrawGroups(plot, points, xs, options.ShowTwoSigma);
        DrawLevel(plot, options.Target, TargetColour, LinePattern.Dashed, $"Target {Describe(options.Target, format)}", 2);
        DrawLevel(plot, options.Reference, TargetColour, LinePattern.Dotted, $"{options.ReferenceLabel} {Describe(options.Reference, format)}", 1.5f);
        for (var i = 0; i < options.Benchmarks.Count; i++)
        {
            DrawLevel(plot, options.Benchmarks[i], BenchmarkColour, LinePattern.Dotted,
                i == 0 ? $"{options.BenchmarkLabel} {string.Join(" to ", options.Benchmarks.Select(format.Format))}" : null, 1.5f);
        }

        var line = plot.Add.ScatterLine(xs, ys, DataLine);
        line.LineWidth = 1.5f;
        foreach (var type in Enum.GetValues<SpcPointType>())
        {
            var indexes = Enumerable.Range(0, points.Count).Where(i => points[i].PointType == type).ToArray();
            if (indexes.Length > 0)
            {
                var markers = plot.Add.Markers(indexes.Select(i => xs[i]).ToArray(), indexes.Select(i => ys[i]).ToArray(),
                    MarkerShape.FilledCircle, 9, ColourOf(type));
                markers.LegendText = type.ToContractString().Replace('_', ' ');
            }
        }

        Badge(plot, $"Variation: {result.Variation.ToContractString().Replace('_', ' ')}", VariationColour(result.Variation), 0);
        if (result.Assurance is { } assurance)
        {
            Badge(plot, $"Assurance: {assurance.ToString().ToLowerInvariant()}", AssuranceColour(assurance), 1);
        }

        plot.Axes.Bottom.Label.Text = Wrap(result.Narrative, Math.Max(60, options.Width / 9));
        plot.Axes.Bottom.Label.FontSize = 12;
        plot.Axes.Bottom.Label.Bold = false;
        plot.ShowLegend(Edge.Right);
        plot.Legend.FontSize = 10;
        plot.Legend.OutlineColor = Colors.Transparent;
        plot.Axes.Margins(horizontal: 0.03, vertical: 0.2);
        return (plot, options.Width, options.Height);
    }

    /// <summary>Mean, limits and 2σ lines, one segment per rebase group and none where a group has no limits.</summary>
    private static void DrawGroups(Plot plot, IReadOnlyList<SpcPointResult> points, double[] xs, bool twoSigma)
    {
        var first = true;
        var start = 0;
        while (start < points.Count)
        {
            var end = start;
            while (end + 1 < points.Count && points[end + 1].RebaseGroup == points[start].RebaseGroup)
            {
                end++;
            }

            if (start > 0)
            {
                var rebase = plot.Add.VerticalLine(xs[start], 1, LimitLine, LinePattern.DenselyDashed);
                rebase.LegendText = first ? "Rebase" : string.Empty;
            }

            var range = Enumerable.Range(start, end - start + 1).ToArray();
            Segment(plot, xs, range, i => points[i].Mean, MeanLine, LinePattern.Solid, first ? "Mean" : null);
            Segment(plot, xs, range, i => points[i].Upl, LimitLine, LinePattern.Dashed, first ? "Process limits" : null);
            Segment(plot, xs, range, i => points[i].Lpl, LimitLine, LinePattern.Dashed, null);
            if (twoSigma)
            {
                Segment(plot, xs, range, i => points[i].Upper2Sigma, SigmaLine, LinePattern.Dotted, first ? "2σ" : null);
                Segment(plot, xs, range, i => points[i].Lower2Sigma, SigmaLine, LinePattern.Dotted, null);
            }

            first = false;
            start = end + 1;
        }
    }

    private static void Segment(Plot plot, double[] xs, int[] range, Func<int, double?> value, Color colour, LinePattern pattern, string? legend)
    {
        var kept = range.Where(i => value(i) is { } v && double.IsFinite(v)).ToArray();
        if (kept.Length == 0)
        {
            return;
        }

        // A lone point still gets a short visible line: repeat it half a period either side.
        var x = kept.Select(i => xs[i]).ToArray();
        var y = kept.Select(i => value(i)!.Value).ToArray();
        if (kept.Length == 1)
        {
            x = [x[0] - 0.5, x[0] + 0.5];
            y = [y[0], y[0]];
        }

        var line = plot.Add.ScatterLine(x, y, colour);
        line.ConnectStyle = ConnectStyle.StepHorizontal;
        line.LinePattern = pattern;
        line.LineWidth = 1.5f;
        line.LegendText = legend ?? string.Empty;
    }

    private static void DrawLevel(Plot plot, double? level, Color colour, LinePattern pattern, string? legend, float width)
    {
        if (level is not { } y || !double.IsFinite(y))
        {
            return;
        }

        var line = plot.Add.HorizontalLine(y, width, colour, pattern);
        line.LegendText = legend ?? string.Empty;
    }

    private static void Badge(Plot plot, string text, Color colour, int row)
    {
        var badge = plot.Add.Annotation(text, Alignment.UpperRight);
        badge.LabelBackgroundColor = colour;
        badge.LabelFontColor = Colors.White;
        badge.LabelBorderColor = colour;
        badge.LabelFontSize = 13;
        badge.LabelBold = true;
        badge.LabelPadding = 6;
        badge.LabelBorderRadius = 8;
        badge.LabelShadowColor = Colors.Transparent;
        badge.OffsetY = 10 + (row * 34);
        badge.OffsetX = 10;
    }

    private static Color VariationColour(SpcVariation variation) => variation switch
    {
        SpcVariation.ImprovementHigh or SpcVariation.ImprovementLow => Improvement,
        SpcVariation.ConcernHigh or SpcVariation.ConcernLow => Concern,
        SpcVariation.NeutralHigh or SpcVariation.NeutralLow => Neutral,
        _ => CommonCause,
    };

    private static Color AssuranceColour(SpcAssurance assurance) => assurance switch
    {
        SpcAssurance.Pass => Improvement,
        SpcAssurance.Fail => Concern,
        _ => CommonCause,
    };

    private static string Describe(double? value, SpcValueFormatter format) => value is { } v ? format.Format(v) : string.Empty;

    private static string Wrap(string text, int width)
    {
        var lines = new List<StringBuilder> { new() };
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (lines[^1].Length > 0 && lines[^1].Length + 1 + word.Length > width)
            {
                lines.Add(new StringBuilder());
            }

            lines[^1].Append(lines[^1].Length > 0 ? " " : string.Empty).Append(word);
        }

        return string.Join('\n', lines.Select(l => l.ToString()));
    }
}
