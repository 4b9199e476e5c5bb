using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Bright.Analytics.Forecasting;

/// <summary>
/// Direct multi-horizon gradient-boosted trees (ML.NET FastTree): one model per series and origin, trained on
/// rows (origin, h) pooled over the horizon, with h as a feature, predicting the target minus the level at the
/// origin. Direct rather than recursive, so errors do not compound through the horizon and every feature for
/// step h is known at the origin.
/// </summary>
internal sealed class TreeForecaster(ForecastOptions options)
{
    /// <summary>Horizons sampled per target when building training rows, at most.</summary>
    private const int MaxHorizonsPerTarget = 8;

    /// <summary>Fewer rows than this and the trees cannot learn a season: the baseline is served.</summary>
    private const int MinTrainingRows = 60;

    /// <summary>
    /// Trains on targets up to index <paramref name="origin"/> and forecasts the <paramref name="horizon"/> periods
    /// after it; null when there is too little history or nothing varies.
    /// </summary>
    public double[]? Forecast(ForecastFeatures features, IReadOnlyList<double> values, int origin, int horizon) =>
        Train(features, values, origin, horizon) is { } trained ? Predict(trained.Ml, trained.Model, features, origin, horizon) : null;

    /// <summary>
    /// Trains on targets up to index <paramref name="origin"/> and returns the model as ML.NET's zip, so the hourly refresh
    /// can forecast from new data without training again; null when there is too little history or nothing varies.
    /// </summary>
    public byte[]? Fit(ForecastFeatures features, IReadOnlyList<double> values, int origin, int horizon)
    {
        if (Train(features, values, origin, horizon) is not { } trained)
        {
            return null;
        }

        using var stream = new MemoryStream();
        trained.Ml.Model.Save(trained.Model, trained.Schema, stream);
        return stream.ToArray();
    }

    /// <summary>Forecasts the <paramref name="horizon"/> periods after <paramref name="origin"/> with a model from <see cref="Fit"/>.</summary>
    public double[] Predict(byte[] model, ForecastFeatures features, int origin, int horizon)
    {
        var ml = new MLContext(seed: options.Seed);
        using var stream = new MemoryStream(model, writable: false);
        return Predict(ml, ml.Model.Load(stream, out _), features, origin, horizon);
    }

    private (MLContext Ml, ITransformer Model, DataViewSchema Schema)? Train(ForecastFeatures features, IReadOnlyList<double> values, int origin,
        int horizon)
    {
        var rows = TrainingRows(features, values, origin, horizon);
        if (rows.Count < MinTrainingRows || rows.All(r => r.Label == rows[0].Label))
        {
            return null;
        }

        var ml = new MLContext(seed: options.Seed);
        var trainer = ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
        {
            NumberOfTrees = options.Trees,
            NumberOfLeaves = 16,
            MinimumExampleCountPerLeaf = Math.Clamp(rows.Count / 200, 5, 50),
            LearningRate = 0.1,
            // One thread: deterministic results, and no stalls on small machines.
            NumberOfThreads = 1,
        });
        var data = ml.Data.LoadFromEnumerable(rows);
        return (ml, trainer.Fit(data), data.Schema);
    }

    private static double[] Predict(MLContext ml, ITransformer transformer, ForecastFeatures features, int origin, int horizon)
    {
        var level = features.Level(origin);
        var queries = Enumerable.Range(1, horizon).Select(h => new Row { Features = features.Build(origin, h) }).ToList();
        var scored = transformer.Transform(ml.Data.LoadFromEnumerable(queries));
        return [.. ml.Data.CreateEnumerable<Scored>(scored, reuseRowObject: false).Select(s => level + s.Score)];
    }

    /// <summary>Whether an origin has enough history behind it to train.</summary>
    public static bool CanTrain(int origin, int season, int horizon, int points) =>
        (origin - season + 1) * HorizonsPerTarget(horizon, points, int.MaxValue) >= MinTrainingRows;

    private List<Row> TrainingRows(ForecastFeatures features, IReadOnlyList<double> values, int origin, int horizon)
    {
        var season = features.Season;
        var perTarget = HorizonsPerTarget(horizon, origin + 1, options.MaxTrainingRows);
        var stride = Math.Max(1, horizon / perTarget);
        var first = Math.Max(season, origin + 1 - (options.MaxTrainingRows / perTarget));
        var rows = new List<Row>();
        for (var target = first; target <= origin; target++)
        {
            for (var j = 0; j < perTarget; j++)
            {
                // Horizons spread evenly over 1..H and rotated with the target, so every step is learnt at every hour.
                var h = 1 + ((target + (j * stride)) % horizon);
                var from = target - h;
                if (from >= season - 1)
                {
                    rows.Add(new Row { Features = features.Build(from, h), Label = (float)(values[target] - features.Level(from)) });
                }
            }
        }

        return rows;
    }

    private static int HorizonsPerTarget(int horizon, int points, int maxRows) =>
        Math.Clamp(maxRows / Math.Max(1, points), 1, Math.Min(horizon, MaxHorizonsPerTarget));

    private sealed class Row
    {
        [VectorType(ForecastFeatures.Count)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }

    private sealed class Scored
    {
        public float Score { get; set; }
    }
}
