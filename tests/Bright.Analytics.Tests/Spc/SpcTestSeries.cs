using Bright.Analytics.Spc;

namespace Bright.Analytics.Tests.Spc;

/// <summary>Builds requests for tests: monthly dates from Jan 2024 unless told otherwise.</summary>
internal static class SpcTestSeries
{
    public static readonly DateOnly January2024 = new(2024, 1, 1);

    public static DateOnly Month(int index) => January2024.AddMonths(index);

    public static SpcRequest Xmr(
        double[] values, string direction = "increase", double? target = null, string profile = "nhsr", bool? screen = null,
        SpcSettingsOverrides? settings = null) => new()
        {
            Chart = "xmr",
            Profile = profile,
            ImprovementDirection = direction,
            Target = target,
            ScreenOutliers = screen,
            Settings = settings,
            Points = [.. values.Select((v, i) => new SpcInputPoint { Date = Month(i), Value = v })],
        };

    public static SpcResult Evaluate(SpcRequest request, SpcNarrationOptions? narration = null)
    {
        var outcome = SpcEngine.Evaluate(request, narration);
        Assert.That(outcome.Errors, Is.Empty);
        return outcome.Result!;
    }
}
