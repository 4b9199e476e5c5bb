using Bright.Analytics.Forecasting;

namespace Bright.Analytics.Tests.Forecasting;

public sealed class ForecastAccuracyTests
{
    [Test]
    public void Seasonal_naive_repeats_the_last_season_through_the_horizon()
    {
        double[] values = [1, 2, 3, 10, 20, 30, 100];
        // Season 3, origin index 5 (value 30): steps 1..5 take 10, 20, 30, then 10, 20 again.
        Assert.That(SeasonalNaive.Forecast(values, 5, 3, 5), Is.EqualTo(new double[] { 10, 20, 30, 10, 20 }));
    }

    [Test]
    public void Seasonal_naive_uses_nothing_after_its_origin()
    {
        double[] values = [1, 2, 3, 4, 5, 6];
        Assert.That(SeasonalNaive.Forecast(values, 3, 2, 2), Is.EqualTo(new double[] { 3, 4 }));
    }

    [Test]
    public void Seasonal_naive_needs_a_season_behind_its_origin() =>
        Assert.That(() => SeasonalNaive.Forecast([1, 2, 3, 4], 1, 3, 1), Throws.InstanceOf<ArgumentOutOfRangeException>());

    [Test]
    public void Mase_divides_test_error_by_the_in_sample_seasonal_naive_error()
    {
        // Season 2: in-sample pairs |3-1|, |6-2|, |5-3| = 2, 4, 2, mean 8/3.
        double[] history = [1, 2, 3, 6, 5];
        var scale = ForecastAccuracy.SeasonalNaiveScale(history, 2);
        Assert.That(scale, Is.EqualTo(8.0 / 3).Within(1e-12));
        // Test errors 1 and 3: MAE 2, MASE 2 / (8/3) = 0.75.
        Assert.That(ForecastAccuracy.Mase([10, 20], [11, 17], scale), Is.EqualTo(0.75).Within(1e-12));
    }

    [Test]
    public void Mase_of_a_series_with_no_seasonal_change_is_not_a_number() =>
        Assert.That(ForecastAccuracy.Mase([1], [2], ForecastAccuracy.SeasonalNaiveScale([5, 5, 5, 5], 2)), Is.NaN);

    [Test]
    public void Mape_is_the_mean_absolute_percentage_and_skips_zero_actuals() =>
        // |100-90|/100 = 10%, |200-250|/200 = 25%, zero actual skipped: mean 17.5%.
        Assert.That(ForecastAccuracy.Mape([100, 200, 0], [90, 250, 5]), Is.EqualTo(17.5).Within(1e-12));

    [Test]
    public void Coverage_counts_actuals_inside_their_interval_bounds_included() =>
        Assert.That(ForecastAccuracy.Coverage([1, 2, 3, 4], [0, 2, 4, 0], [1, 3, 5, 3]), Is.EqualTo(0.5));

    [TestCase(10, 8, 0.9, 1.8, Description = "DOMAIN.md 8: q(y - ŷ) when y ≥ ŷ")]
    [TestCase(8, 10, 0.9, 0.2, Description = "DOMAIN.md 8: (1 - q)(ŷ - y) when y < ŷ")]
    public void Pinball_loss_weights_under_and_over_forecasts_by_the_quantile(double actual, double forecast, double q, double expected) =>
        Assert.That(ForecastAccuracy.Pinball(actual, forecast, q), Is.EqualTo(expected).Within(1e-12));
}
