using System.Text;
using Bright.Analytics.Charts;
using Bright.Analytics.Spc;
using SkiaSharp;

namespace Bright.Analytics.Tests.Charts;

/// <summary>Charts are rendered into the test output (Charts/*.png, *.svg) and kept for a person to look at.</summary>
[TestFixture]
public sealed class SpcChartRendererTests
{
    private static readonly double[] WorkedExample = [10, 12, 11, 13, 12, 30, 12, 11, 13, 12];

    private static SpcResult Analyse(double[] values, string direction = "increase", double? target = 15, DateOnly[]? rebase = null) =>
        SpcEngine.Evaluate(new SpcRequest
        {
            ImprovementDirection = direction,
            Target = target,
            Rebase = rebase,
            Points = [.. values.Select((v, i) => new SpcInputPoint { Date = new DateOnly(2024, 1, 1).AddMonths(i), Value = v })],
        }).Result!;

    private static string OutputPath(string name)
    {
        var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "Charts");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    private static int CountPixels(SKBitmap bitmap, string hex, int top = 0, int bottom = int.MaxValue)
    {
        var colour = SKColor.Parse(hex);
        var count = 0;
        for (var y = top; y < Math.Min(bottom, bitmap.Height); y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var p = bitmap.GetPixel(x, y);
                if (p.Red == colour.Red && p.Green == colour.Green && p.Blue == colour.Blue)
                {
                    count++;
                }
            }
        }

        return count;
    }

    [Test]
    public void The_worked_example_draws_improvement_and_concern_points_in_MDC_colours_and_the_target()
    {
        var png = SpcChartRenderer.RenderPng(Analyse(WorkedExample), new SpcChartOptions { Title = "Worked example (DOMAIN.md 1.8)", Target = 15 });
        File.WriteAllBytes(OutputPath("worked-example.png"), png);

        using var bitmap = SKBitmap.Decode(png);
        Assert.Multiple(() =>
        {
            Assert.That(bitmap.Width, Is.EqualTo(1000));
            Assert.That(bitmap.Height, Is.EqualTo(600));
            Assert.That(CountPixels(bitmap, "#00b0f0"), Is.GreaterThan(20), "the improvement point (Jun)");
            Assert.That(CountPixels(bitmap, "#e46c0a"), Is.GreaterThan(40), "two concern points (Jan, Mar)");
            Assert.That(CountPixels(bitmap, "#a6a6a6"), Is.GreaterThan(100), "common cause points and the badges");
            Assert.That(CountPixels(bitmap, "#de1b1b"), Is.GreaterThan(100), "the dashed target");
            Assert.That(CountPixels(bitmap, "#490092"), Is.Zero, "no neutral point");
        });
    }

    [Test]
    public void Text_is_drawn_with_the_bundled_font()
    {
        var png = SpcChartRenderer.RenderPng(Analyse(WorkedExample), new SpcChartOptions { Title = "A title of several words, all drawn" });
        File.WriteAllBytes(OutputPath("title-text.png"), png);
        var blank = SpcChartRenderer.RenderPng(Analyse(WorkedExample), new SpcChartOptions { Title = "A" });

        using var withTitle = SKBitmap.Decode(png);
        using var withoutTitle = SKBitmap.Decode(blank);
        var dark = CountDark(withTitle, 40);
        Assert.That(dark, Is.GreaterThan(CountDark(withoutTitle, 40) + 50), "the title's glyphs are drawn in the top band");
    }

    private static int CountDark(SKBitmap bitmap, int rows)
    {
        var count = 0;
        for (var y = 0; y < rows; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var p = bitmap.GetPixel(x, y);
                if (p.Red < 100 && p.Green < 100 && p.Blue < 100)
                {
                    count++;
                }
            }
        }

        return count;
    }

    [Test]
    public void A_neutral_metric_with_a_shift_draws_purple_points_and_a_rebase()
    {
        double[] values = [5, 6, 5, 6, 5, 6, 5, 9, 9, 9, 9, 9, 9, 9, 9];
        var result = Analyse(values, "neutral", null);
        var png = SpcChartRenderer.RenderPng(result, new SpcChartOptions { Title = "Neutral shift" });
        File.WriteAllBytes(OutputPath("neutral-shift.png"), png);
        var rebased = SpcChartRenderer.RenderPng(Analyse(values, "neutral", null, [new DateOnly(2024, 8, 1)]),
            new SpcChartOptions { Title = "Rebased" });
        File.WriteAllBytes(OutputPath("rebased.png"), rebased);

        using var bitmap = SKBitmap.Decode(png);
        Assert.That(result.Points.Count(p => p.PointType == SpcPointType.SpecialCauseNeutralHigh), Is.GreaterThan(0));
        Assert.That(CountPixels(bitmap, "#490092"), Is.GreaterThan(20));
    }

    [Test]
    public void The_SVG_contains_the_title_and_the_badges()
    {
        var svg = Encoding.UTF8.GetString(SpcChartRenderer.RenderSvg(Analyse(WorkedExample), new SpcChartOptions { Title = "Worked example" }));
        File.WriteAllText(OutputPath("worked-example.svg"), svg);

        Assert.That(svg, Does.Contain("<svg").And.Contain("Worked example").And.Contain("Variation: common cause").And.Contain("Assurance: inconsistent"));
    }

    [Test]
    public void A_chart_too_small_is_refused_with_its_size()
    {
        var ex = Assert.Throws<ArgumentException>(() => SpcChartRenderer.RenderPng(Analyse(WorkedExample), new SpcChartOptions { Width = 100 }));

        Assert.That(ex!.Message, Does.StartWith("The chart must be at least 300×200 pixels (was 100×600)."));
    }
}
