using Bright.Store.Forecasts;
using Bright.Testing;

namespace Bright.Store.Tests.Forecasts;

[TestFixture]
public sealed class ForecastStoreTests
{
    private static readonly DateTimeOffset TrainedAt = new(2026, 2, 1, 2, 0, 0, TimeSpan.Zero);

    private static StoredForecast Forecast(string model) =>
        new("admissions:RQ6", TrainedAt, "day", 14, model, """[{"time":"2026-02-01","mean":1}]""", """{"mase":0.5}""");

    private static readonly StoredBacktest Backtest = new("fasttree", 0.5, 0.8, 0.5, 3.0, 4.0, 0.8, 0.95, 12, 400, TimeSpan.FromSeconds(1));

    [Test]
    public async Task A_refresh_replaces_the_points_and_stamps_the_time_but_keeps_the_training()
    {
        using var folder = TempFolder.Create();
        using var store = BrightStore.Open(new StoreOptions { Path = Path.Combine(folder.Path, "forecasts.duckdb") });
        var forecasts = new ForecastStore(store);
        await forecasts.SaveAsync(Forecast("fasttree"), Backtest, """{"model":"fasttree"}""");
        var refreshedAt = TrainedAt.AddHours(5);
        var refreshed = await forecasts.RefreshAsync("admissions:RQ6", refreshedAt, """[{"time":"2026-02-02","mean":2}]""");
        var missing = await forecasts.RefreshAsync("admissions:XXX", refreshedAt, "[]");
        var stored = await forecasts.GetAsync("admissions:RQ6");
        Assert.Multiple(async () =>
        {
            Assert.That(refreshed, Is.True);
            Assert.That(missing, Is.False);
            Assert.That(stored!.TrainedAt, Is.EqualTo(TrainedAt));
            Assert.That(stored.RefreshedAt, Is.EqualTo(refreshedAt));
            Assert.That(stored.PointsJson, Does.Contain("2026-02-02"));
            Assert.That(await forecasts.ListModelsAsync(), Is.EqualTo(new[] { ("admissions:RQ6", """{"model":"fasttree"}""") }));
        });
    }

    [Test]
    public async Task Training_again_without_a_model_removes_the_kept_one_and_clears_the_refresh_time()
    {
        using var folder = TempFolder.Create();
        using var store = BrightStore.Open(new StoreOptions { Path = Path.Combine(folder.Path, "forecasts.duckdb") });
        var forecasts = new ForecastStore(store);
        await forecasts.SaveAsync(Forecast("fasttree"), Backtest, """{"model":"fasttree"}""");
        await forecasts.RefreshAsync("admissions:RQ6", TrainedAt.AddHours(1), "[]");
        await forecasts.SaveAsync(Forecast("seasonal_naive"), Backtest);
        var stored = await forecasts.GetAsync("admissions:RQ6");
        Assert.Multiple(async () =>
        {
            Assert.That(await forecasts.ListModelsAsync(), Is.Empty);
            Assert.That(stored!.Model, Is.EqualTo("seasonal_naive"));
            Assert.That(stored.RefreshedAt, Is.Null);
            Assert.That(await forecasts.CountBacktestsAsync("admissions:RQ6"), Is.EqualTo(2));
        });
    }
}
