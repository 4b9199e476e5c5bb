using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Bright.Analytics.Forecasting;

/// <summary>One monthly series of a panel: a key (such as provider and type), its category and its values.</summary>
/// <param name="Key">Names the series in errors and results.</param>
/// <param name="Category">A category shared across series (such as the A&amp;E department type), learnt as a feature.</param>
/// <param name="Values">One value per month, every series of a panel over the same months.</param>
internal sealed record PanelSeries(string Key, string Category, IReadOnlyList<double> Values);

/// <summary>A pooled model trained across a panel: the trees and the categories they know.</summary>
/// <param name="Ml">The context the trees were trained in.</param>
/// <param name="Trees">The trained trees.</param>
/// <param name="Categories">Categories in the order their codes were given.</param>
internal sealed record PooledModel(MLContext Ml, ITransformer Trees, IReadOnlyList<string> Categories);

/// <summary>
/// A pooled ("global") forecaster for short monthly panels: one ML.NET FastTree trained across every series of the
/// panel, direct multi-horizon, on scale-free rows. The target for step h (1..12) from origin o is ln(y[o + h] ÷ y[o + h − 12]),
/// the seasonal naive's error as a ratio, so a model that learns nothing forecasts the naive; every feature is a ratio
/// to L (the series' mean over the twelve months up to o) or to another of the series' own values up to o, the step,
/// the target's month and the series' category. Two series that differ only by a factor therefore have the same rows,
/// and a provider with two years of history learns the shared seasonal shape and growth from hundreds of others.
/// Predicting the naive's error rather than the ratio to L matters for backtests inside two years: a model trained on
/// targets up to month b has not seen the calendar months after b, and trees cannot extrapolate a month's effect.
/// A series with a value of zero or less in the months a row reads gives no row and no forecast.
/// </summary>
internal sealed class PooledForecaster(ForecastOptions? options = null)
{
    /// <summary>Months in a season: the level is the mean of the last twelve and the seasonal lag twelve back.</summary>
    public const int Season = 12;

    /// <summary>The first usable origin (index): twelve months behind it for the level.</summary>
    public const int FirstOrigin = Season - 1;

    /// <summary>How many features each row has.</summary>
    public const int FeatureCount = 8;

    /// <summary>Fewer training rows than this across the panel and the trees are not trained.</summary>
    internal const int MinTrainingRows = 100;

    private readonly ForecastOptions _options = options ?? new ForecastOptions();

    /// <summary>
    /// The features for step <paramref name="h"/> (1..12) after index <paramref name="origin"/>, reading only values at
    /// or before the origin; null where any value read is not positive. In order: h, the target's month (1..12, from
    /// <paramref name="firstMonth"/>), the category code, ln of the value twelve months before the target over L, ln of
    /// the value at the origin over L, ln of the mean of the last three months over L, ln of the last three months over
    /// the same three months a year earlier (0 when the origin has less than fifteen months behind it), and whether that
    /// growth is known.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The origin has less than twelve months behind it or is past the end, or h is not 1..12.</exception>
    public static float[]? Features(IReadOnlyList<double> values, int firstMonth, int category, int origin, int h)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (origin < FirstOrigin || origin >= values.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(origin), origin, $"Value should be in range [{FirstOrigin}-{values.Count - 1}].");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(h, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(h, Season);
        for (var t = origin - FirstOrigin; t <= origin; t++)
        {
            if (!(values[t] > 0))
            {
                return null;
            }
        }

        var level = Level(values, origin);
        var recent = (values[origin] + values[origin - 1] + values[origin - 2]) / 3;
        var growthKnown = origin >= Season + 2;
        var growth = growthKnown ? Math.Log(recent * 3 / (values[origin - Season] + values[origin - Season - 1] + values[origin - Season - 2])) : 0;
        if (!double.IsFinite(growth))
        {
            return null;
        }

        return
        [
            h,
            1 + ((firstMonth - 1 + origin + h) % 12),
            category,
            (float)Math.Log(values[origin + h - Season] / level),
            (float)Math.Log(values[origin] / level),
            (float)Math.Log(recent / level),
            (float)growth,
            growthKnown ? 1 : 0,
        ];
    }

    /// <summary>L: the mean of the twelve months up to and including <paramref name="origin"/>.</summary>
    public static double Level(IReadOnlyList<double> values, int origin)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sum = 0.0;
        for (var t = origin - FirstOrigin; t <= origin; t++)
        {
            sum += values[t];
        }

        return sum / Season;
    }

    /// <summary>
    /// Trains one model across the panel on every row whose target lies at or before index <paramref name="lastTarget"/>
    /// (origins from <see cref="FirstOrigin"/>, steps 1..<paramref name="horizon"/>); null when there are too few rows or
    /// every label is the same.
    /// </summary>
    /// <exception cref="ArgumentException">The panel is empty, its series differ in length, or the horizon is not 1..12.</exception>
    public PooledModel? Fit(IReadOnlyList<PanelSeries> panel, int firstMonth, int lastTarget, int horizon)
    {
        Check(panel, horizon);
        var categories = panel.Select(s => s.Category).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var rows = new List<Row>();
        foreach (var series in panel)
        {
            var code = categories.IndexOf(series.Category);
            for (var origin = FirstOrigin; origin < lastTarget; origin++)
            {
                for (var h = 1; h <= horizon && origin + h <= lastTarget; h++)
                {
                    var target = series.Values[origin + h];
                    if (target > 0 && Features(series.Values, firstMonth, code, origin, h) is { } features)
                    {
                        rows.Add(new Row { Features = features, Label = (float)Math.Log(target / series.Values[origin + h - Season]) });
                    }
                }
            }
        }

        if (rows.Count < MinTrainingRows || rows.All(r => r.Label == rows[0].Label))
        {
            return null;
        }

        var ml = new MLContext(seed: _options.Seed);
        var trainer = ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
        {
            NumberOfTrees = _options.Trees,
            NumberOfLeaves = 16,
            MinimumExampleCountPerLeaf = Math.Clamp(rows.Count / 500, 10, 50),
            LearningRate = 0.05,
            // One thread: deterministic results, and no stalls on small machines.
            NumberOfThreads = 1,
        });
        return new PooledModel(ml, trainer.Fit(ml.Data.LoadFromEnumerable(rows)), categories);
    }

    /// <summary>
    /// Forecasts the <paramref name="horizon"/> months after index <paramref name="origin"/> of one series with a pooled
    /// model: y[o + h − 12] × exp(prediction) for each step; null where the series has a value of zero or less in the twelve
    /// months up to the origin.
    /// </summary>
    /// <exception cref="ArgumentException">The series' category was not in the training panel.</exception>
    public static double[]? Forecast(PooledModel model, PanelSeries series, int firstMonth, int origin, int horizon)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(series);
        var code = model.Categories.ToList().IndexOf(series.Category);
        if (code < 0)
        {
            throw new ArgumentException(
                $"Series '{series.Key}' has category '{series.Category}', which the pooled model was not trained on " +
                $"(it knows {string.Join(", ", model.Categories)}).", nameof(series));
        }

        var queries = new List<Row>();
        for (var h = 1; h <= horizon; h++)
        {
            if (Features(series.Values, firstMonth, code, origin, h) is not { } features)
            {
                return null;
            }

            queries.Add(new Row { Features = features });
        }

        var scored = model.Trees.Transform(model.Ml.Data.LoadFromEnumerable(queries));
        return [.. model.Ml.Data.CreateEnumerable<Scored>(scored, reuseRowObject: false)
            .Select((s, i) => series.Values[origin + i + 1 - Season] * Math.Exp(s.Score))];
    }

    private static void Check(IReadOnlyList<PanelSeries> panel, int horizon)
    {
        ArgumentNullException.ThrowIfNull(panel);
        if (panel.Count == 0)
        {
            throw new ArgumentException("A pooled model needs at least one series in the panel; it has none.", nameof(panel));
        }

        if (horizon is < 1 or > Season)
        {
            throw new ArgumentException($"The pooled model forecasts 1 to {Season} months ahead; a horizon of {horizon} was asked for.", nameof(horizon));
        }

        var length = panel[0].Values.Count;
        if (panel.FirstOrDefault(s => s.Values.Count != length) is { } odd)
        {
            throw new ArgumentException(
                $"Every series of a panel covers the same months: '{panel[0].Key}' has {length} values and '{odd.Key}' has {odd.Values.Count}.",
                nameof(panel));
        }
    }

    private sealed class Row
    {
        [VectorType(FeatureCount)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }

    private sealed class Scored
    {
        public float Score { get; set; }
    }
}
