using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bright.Server.Tests.Kpis;
using Bright.Testing;

namespace Bright.Server.Tests.Forecasting;

/// <summary><c>GET /api/forecasts/kpi:{id}</c>: any KPI in the catalogue forecast on request from the series its SPC chart plots.</summary>
[TestFixture]
public sealed class KpiForecastTests
{
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Error" });

        // 25 weeks of a weekday pattern on a slow rise: 100 + 10 × ISO weekday + week number.
        await PutKpiAsync("weekday-pattern", "daily", "xmr",
            "SELECT CAST(d AS DATE) AS period, 100 + 10 * isodow(d) + (CAST(d AS DATE) - DATE '2026-01-05') // 7 AS value " +
            "FROM generate_series(TIMESTAMP '2026-01-05', TIMESTAMP '2026-06-28', INTERVAL 1 DAY) t(d)");
        await PutKpiAsync("short-daily", "daily", "xmr",
            "SELECT CAST(d AS DATE) AS period, 5 AS value FROM generate_series(TIMESTAMP '2026-06-01', TIMESTAMP '2026-06-20', INTERVAL 1 DAY) t(d)");
        await PutKpiAsync("monthly-share", "monthly", "p",
            "SELECT CAST(d AS DATE) AS period, 900 + 5 * month(d) AS numerator, 1000 AS denominator " +
            "FROM generate_series(TIMESTAMP '2023-01-01', TIMESTAMP '2026-06-01', INTERVAL 1 MONTH) t(d)");
    }

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public async Task A_daily_KPI_is_forecast_over_the_horizon_from_its_own_series()
    {
        var (status, body) = await GetAsync("kpi:weekday-pattern?horizon=14d");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
        var points = body["points"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(body["series"]!.GetValue<string>(), Is.EqualTo("kpi:weekday-pattern"));
            Assert.That(body["frequency"]!.GetValue<string>(), Is.EqualTo("day"));
            Assert.That(body["model"]!.GetValue<string>(), Is.AnyOf("fasttree", "seasonal_naive"));
            Assert.That(points, Has.Count.EqualTo(14));
            Assert.That(points[0]!["time"]!.GetValue<string>(), Is.EqualTo("2026-06-29"));
            Assert.That(points[13]!["time"]!.GetValue<string>(), Is.EqualTo("2026-07-12"));
            foreach (var point in points)
            {
                var day = DateOnly.ParseExact(point!["time"]!.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
                var expected = 100 + (10 * ((int)day.DayOfWeek == 0 ? 7 : (int)day.DayOfWeek)) + ((day.DayNumber - new DateOnly(2026, 1, 5).DayNumber) / 7);
                var mean = point["mean"]!.GetValue<double>();
                Assert.That(mean, Is.EqualTo(expected).Within(3), $"the weekday pattern on {day:yyyy-MM-dd}");
                Assert.That(new[] { point["lower95"]!.GetValue<double>(), point["lower80"]!.GetValue<double>(), mean,
                    point["upper80"]!.GetValue<double>(), point["upper95"]!.GetValue<double>() }, Is.Ordered);
            }

            Assert.That(body["backtest"]!["mase"]!.GetValue<double>(), Is.LessThanOrEqualTo(body["backtest"]!["baseline"]!.GetValue<double>()));
        });
    }

    [Test]
    public async Task A_p_chart_KPI_is_forecast_as_the_proportion_its_chart_plots_with_a_default_horizon_of_twelve_months()
    {
        var (status, body) = await GetAsync("kpi:monthly-share");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
        var points = body["points"]!.AsArray();
        Assert.That(body["frequency"]!.GetValue<string>(), Is.EqualTo("month"));
        Assert.That(points, Has.Count.EqualTo(12));
        Assert.That(points[0]!["time"]!.GetValue<string>(), Is.EqualTo("2026-07-01"));
        Assert.That(points.Select(p => p!["mean"]!.GetValue<double>()), Has.All.InRange(0.85, 0.99), "a proportion, not a count");
    }

    [Test]
    public async Task Without_a_horizon_a_short_history_is_forecast_as_far_ahead_as_it_can_be_backtested()
    {
        var (status, body) = await GetAsync("kpi:short-daily");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
        Assert.That(body["points"]!.AsArray().Select(p => p!["time"]!.GetValue<string>()),
            Is.EqualTo(new[] { "2026-06-21", "2026-06-22", "2026-06-23", "2026-06-24", "2026-06-25", "2026-06-26" }),
            "20 days less two weeks' seasons: 6 days ahead");
    }

    [TestCase("kpi:no-such-kpi", HttpStatusCode.NotFound, "There is no KPI 'no-such-kpi'; GET /api/kpis lists them.")]
    [TestCase("kpi:weekday-pattern?horizon=3w", HttpStatusCode.BadRequest,
        "horizon: KPI 'weekday-pattern' is measured by the day; give a whole number of days above 0, e.g. 28d (was '3w').")]
    [TestCase("kpi:weekday-pattern?horizon=0", HttpStatusCode.BadRequest,
        "horizon: KPI 'weekday-pattern' is measured by the day; give a whole number of days above 0, e.g. 28d (was '0').")]
    [TestCase("kpi:monthly-share?horizon=99m", HttpStatusCode.BadRequest, "horizon: KPI 'monthly-share' is forecast at most 36 months ahead (was '99m').")]
    [TestCase("kpi:short-daily?horizon=28d", HttpStatusCode.Conflict,
        "KPI 'short-daily' (daily): points: 20 points are too few for frequency 'day' and horizon 28: at least 42 are needed (two seasons of 7 and the horizon).")]
    public async Task A_KPI_that_cannot_be_forecast_is_answered_with_why(string path, HttpStatusCode expected, string detail)
    {
        var (status, body) = await GetAsync(path);

        Assert.That(status, Is.EqualTo(expected), body.ToJsonString());
        Assert.That(body["detail"]!.GetValue<string>(), Is.EqualTo(detail));
    }

    [Test]
    public async Task A_forecast_is_kept_for_its_KPI_revision_and_horizon_and_a_changed_definition_is_forecast_afresh()
    {
        await PutKpiAsync("kept-daily", "daily", "xmr",
            "SELECT CAST(d AS DATE) AS period, 50 + isodow(d) AS value FROM generate_series(TIMESTAMP '2026-01-05', TIMESTAMP '2026-06-28', INTERVAL 1 DAY) t(d)");

        var (_, first) = await GetAsync("kpi:kept-daily?horizon=7d");
        var (_, again) = await GetAsync("kpi:kept-daily?horizon=7d");
        var (_, otherHorizon) = await GetAsync("kpi:kept-daily?horizon=14d");
        await PutKpiAsync("kept-daily", "daily", "xmr",
            "SELECT CAST(d AS DATE) AS period, 500 + isodow(d) AS value FROM generate_series(TIMESTAMP '2026-01-05', TIMESTAMP '2026-06-28', INTERVAL 1 DAY) t(d)");
        var (_, changed) = await GetAsync("kpi:kept-daily?horizon=7d");

        Assert.That((string?)again["trainedAt"], Is.EqualTo((string?)first["trainedAt"]), "asked again, the kept forecast is served");
        Assert.That(again.ToJsonString(), Is.EqualTo(first.ToJsonString()));
        Assert.That(otherHorizon["points"]!.AsArray(), Has.Count.EqualTo(14), "another horizon is its own forecast");
        Assert.That((string?)changed["trainedAt"], Is.Not.EqualTo((string?)first["trainedAt"]), "a new revision is forecast afresh");
        Assert.That(changed["points"]![0]!["mean"]!.GetValue<double>(), Is.GreaterThan(400), "from the changed definition's series");
    }

    private async Task PutKpiAsync(string id, string frequency, string chart, string sql)
    {
        var definition = KpiDefinitions.Json(id, sql, chart, frequency, chart == "p" ? "percent" : "count");
        using var client = _server.Client(Tokens.Administrator);
        using var content = new StringContent(definition.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await client.PutAsync(new Uri($"/api/kpis/{id}", UriKind.Relative), content);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> GetAsync(string path)
    {
        using var client = _server.Client(Tokens.Executive);
        using var response = await client.GetAsync(new Uri($"/api/forecasts/{path}", UriKind.Relative));
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }
}
