using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bright.Testing;

namespace Bright.Server.Tests.Endpoints;

[TestFixture]
public sealed class SpcEndpointTests
{
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Bright:Spc:MaxPoints"] = "50" });

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonNode? Body, string? ContentType)> PostAsync(string body, string? token = Tokens.Analyst,
        string path = "/api/spc")
    {
        using var client = _server.Client(token);
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response.Content.Headers.ContentType?.MediaType);
    }

    private static string WorkedExample(string extra = "")
    {
        double[] values = [10, 12, 11, 13, 12, 30, 12, 11, 13, 12];
        var points = string.Join(",", values.Select((v, i) => $"{{\"date\":\"2024-{i + 1:00}-01\",\"value\":{v.ToString(CultureInfo.InvariantCulture)}}}"));
        return $"{{\"improvementDirection\":\"increase\",\"target\":15{extra},\"points\":[{points}]}}";
    }

    [Test]
    public async Task The_worked_example_of_DOMAIN_1_8_gives_its_limits_rules_and_icons_over_HTTP()
    {
        var (status, body, _) = await PostAsync(WorkedExample());

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        var points = body!["points"]!.AsArray();
        Assert.That(points, Has.Count.EqualTo(10));
        Assert.Multiple(() =>
        {
            Assert.That(points[0]!["mean"]!.GetValue<double>(), Is.EqualTo(13.6).Within(1e-9));
            Assert.That(points[0]!["upl"]!.GetValue<double>(), Is.EqualTo(17.4).Within(1e-9));
            Assert.That(points[0]!["lpl"]!.GetValue<double>(), Is.EqualTo(9.8).Within(1e-9));
            Assert.That(points[0]!["upper2Sigma"]!.GetValue<double>(), Is.EqualTo(16.133333).Within(1e-6));
            Assert.That(points[0]!["lower2Sigma"]!.GetValue<double>(), Is.EqualTo(11.066667).Within(1e-6));
            Assert.That(points[5]!["pointType"]!.GetValue<string>(), Is.EqualTo("special_cause_improvement"));
            Assert.That(points[5]!["rules"]!.AsArray().Select(r => r!.GetValue<string>()), Is.EqualTo(new[] { "outside_upper" }));
            Assert.That(points[0]!["pointType"]!.GetValue<string>(), Is.EqualTo("special_cause_concern"));
            Assert.That(points[2]!["rules"]!.AsArray().Select(r => r!.GetValue<string>()), Is.EqualTo(new[] { "two_in_three_below" }));
            Assert.That(points[7]!["pointType"]!.GetValue<string>(), Is.EqualTo("common_cause"));
            Assert.That(points[9]!["date"]!.GetValue<string>(), Is.EqualTo("2024-10-01"));
            Assert.That(points[9]!["rebaseGroup"]!.GetValue<int>(), Is.Zero);
            Assert.That(body["variation"]!.GetValue<string>(), Is.EqualTo("common_cause"));
            Assert.That(body["assurance"]!.GetValue<string>(), Is.EqualTo("inconsistent"));
            Assert.That(body["narrative"]!.GetValue<string>(), Does.StartWith("Common cause variation, no significant change"));
        });
    }

    [Test]
    public async Task Screening_off_gives_the_wider_limits_of_DOMAIN_1_8()
    {
        var (status, body, _) = await PostAsync(WorkedExample(",\"screenOutliers\":false"));

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body!["points"]![0]!["upl"]!.GetValue<double>(), Is.EqualTo(27.195556).Within(1e-6));
        Assert.That(body["points"]![0]!["lpl"]!.GetValue<double>(), Is.EqualTo(0.004444).Within(1e-6));
    }

    [Test]
    public async Task England_AE_four_hour_performance_2016_to_2019_matches_DOMAIN_1_8()
    {
        var lines = await File.ReadAllLinesAsync(Path.Combine(TestContext.CurrentContext.TestDirectory, "Endpoints", "Data", "england_ae_all_types.csv"));
        var points = lines.Skip(1).Select(l => l.Split(',')).Select(f =>
        {
            var performance = 1 - (double.Parse(f[2], CultureInfo.InvariantCulture) / double.Parse(f[1], CultureInfo.InvariantCulture));
            return $"{{\"date\":\"{f[0]}\",\"value\":{performance.ToString("R", CultureInfo.InvariantCulture)}}}";
        });
        var body = $"{{\"chart\":\"xmr\",\"profile\":\"nhsr\",\"improvementDirection\":\"increase\",\"target\":0.95,\"points\":[{string.Join(",", points)}]}}";

        var (status, result, _) = await PostAsync(body);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        var resultPoints = result!["points"]!.AsArray();
        string[] belowLimit = ["2017-01-01", "2017-12-01", "2018-01-01", "2018-02-01", "2018-03-01", "2019-01-01", "2019-02-01"];
        Assert.Multiple(() =>
        {
            Assert.That(resultPoints[0]!["mean"]!.GetValue<double>(), Is.EqualTo(0.884706).Within(1e-6));
            Assert.That(resultPoints[0]!["lpl"]!.GetValue<double>(), Is.EqualTo(0.860447).Within(1e-6));
            Assert.That(resultPoints[0]!["upl"]!.GetValue<double>(), Is.EqualTo(0.908964).Within(1e-6));
            Assert.That(resultPoints.Where(p => p!["rules"]!.AsArray().Any(r => r!.GetValue<string>() == "outside_lower"))
                .Select(p => p!["date"]!.GetValue<string>()), Is.EqualTo(belowLimit));
            Assert.That(result["variation"]!.GetValue<string>(), Is.EqualTo("common_cause"));
            Assert.That(result["assurance"]!.GetValue<string>(), Is.EqualTo("fail"));
        });
    }

    [Test]
    public async Task Every_error_is_listed_with_its_field_in_a_problem_response()
    {
        const string body = """
            {"chart":"pie","profile":"nhsx","improvementDirection":"up","points":[
              {"date":"2024-01-01","value":1},{"date":"2024-02-01","value":2},{"date":"2024-03-01","value":3},{"date":"2024-04-01","value":"NaN"},
              {"date":"2024-02-01","value":5}]}
            """;

        var (status, problem, contentType) = await PostAsync(body);

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(contentType, Is.EqualTo("application/problem+json"));
        Assert.That(problem!["detail"]!.GetValue<string>(), Is.EqualTo(string.Join("\n",
            "chart: must be one of xmr, p, u, c, xbar, s (was \"pie\")",
            "profile: must be one of nhsr, nhse (was \"nhsx\")",
            "improvementDirection: must be one of increase, decrease, neutral (was \"up\")",
            "points[4].date: repeats the date of points[1] (2024-02-01)")));
        Assert.That(problem["errors"]!["chart"]![0]!.GetValue<string>(), Is.EqualTo("must be one of xmr, p, u, c, xbar, s (was \"pie\")"));
    }

    [Test]
    public async Task A_NaN_value_is_named_with_its_point_index()
    {
        const string body = """
            {"improvementDirection":"increase","points":[{"date":"2024-01-01","value":1},{"date":"2024-02-01","value":2},
              {"date":"2024-03-01","value":3},{"date":"2024-04-01","value":"NaN"},{"date":"2024-05-01","value":"-Infinity"}]}
            """;

        var (status, problem, _) = await PostAsync(body);

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem!["detail"]!.GetValue<string>(), Is.EqualTo(
            "points[3].value: must be a finite number (was NaN)\npoints[4].value: must be a finite number (was -Infinity)"));
    }

    [Test]
    public async Task A_repeated_date_is_a_400_naming_both_points()
    {
        const string body = """{"improvementDirection":"neutral","points":[{"date":"2024-01-01","value":1},{"date":"2024-01-01","value":2}]}""";

        var (status, problem, _) = await PostAsync(body);

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem!["detail"]!.GetValue<string>(), Is.EqualTo("points[1].date: repeats the date of points[0] (2024-01-01)"));
    }

    [TestCase("{\"improvementDirection\":\"increase\",\"points\":[]}", "points: must contain at least one point", TestName = "An_empty_series_is_refused")]
    [TestCase("{\"improvementDirection\":\"increase\",\"points\":[{\"date\":\"2024-13-01\",\"value\":1}]}",
        "points[0].date: must be a date written yyyy-MM-dd (line 1, byte 66)", TestName = "An_impossible_date_is_refused_naming_the_field")]
    [TestCase("{\"improvementDirection\":\"increase\",\"points\":[{\"date\":\"2024-01-01\",\"value\":true}]}",
        "points[0].value: must be a number (line 1, byte 79)", TestName = "A_boolean_value_is_refused_naming_the_field")]
    [TestCase("[1,2,3]", "$: the body must be a JSON object (line 1, byte 2)", TestName = "An_array_body_is_refused")]
    [TestCase("{\"chart\":\"p\",\"improvementDirection\":\"increase\",\"points\":[{\"date\":\"2024-01-01\",\"numerator\":5,\"denominator\":4}]}",
        "points[0].numerator: must not exceed the denominator for a p chart (was 5 > 4)", TestName = "A_numerator_above_its_denominator_is_refused_for_a_p_chart")]
    [TestCase("{\"chart\":\"p\",\"improvementDirection\":\"increase\",\"points\":[{\"date\":\"2024-01-01\",\"numerator\":1,\"denominator\":-4}]}",
        "points[0].denominator: must be greater than 0 (was -4)", TestName = "A_negative_denominator_is_refused")]
    public async Task Garbage_is_refused_with_an_exact_message(string body, string expected)
    {
        var (status, problem, _) = await PostAsync(body);

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem!["detail"]!.GetValue<string>(), Is.EqualTo(expected));
    }

    [Test]
    public async Task More_points_than_configured_are_refused()
    {
        var points = string.Join(",", Enumerable.Range(0, 51).Select(i => $"{{\"date\":\"2020-01-01\",\"value\":{i}}}"));

        var (status, problem, _) = await PostAsync($"{{\"improvementDirection\":\"increase\",\"points\":[{points}]}}");

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem!["detail"]!.GetValue<string>(), Is.EqualTo("points: must hold at most 50 points (Bright:Spc:MaxPoints) (had 51)"));
    }

    [TestCase("{\"points\": [", TestName = "A_truncated_body_is_not_JSON")]
    [TestCase("points=1,2,3", TestName = "A_form_body_is_not_JSON")]
    public async Task A_body_that_is_not_JSON_is_a_400(string body)
    {
        var (status, problem, _) = await PostAsync(body);

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem!["title"]!.GetValue<string>(), Is.EqualTo("The body is not JSON"));
        Assert.That(problem["detail"]!.GetValue<string>(), Does.StartWith("The body is not valid JSON at line 1"));
    }

    [Test]
    public async Task A_wallboard_token_may_not_post_a_series()
    {
        var (status, _, _) = await PostAsync(WorkedExample(), Tokens.Wallboard);

        Assert.That(status, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Every_other_role_may_post_a_series()
    {
        foreach (var token in new[] { Tokens.Operational, Tokens.Executive, Tokens.Analyst, Tokens.Feed, Tokens.Administrator })
        {
            var (status, _, _) = await PostAsync(WorkedExample(), token);
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK), token);
        }
    }

    [Test]
    public async Task The_chart_of_a_posted_series_is_a_PNG()
    {
        using var client = _server.Client(Tokens.Analyst);
        using var content = new StringContent(WorkedExample(), Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/api/spc.png?title=Worked%20example", UriKind.Relative), content);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/png"));
        Assert.That(bytes.Take(4), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47 }));
    }
}
