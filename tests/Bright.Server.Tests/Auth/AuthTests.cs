using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bright.Testing;

namespace Bright.Server.Tests.Auth;

[TestFixture]
public sealed class AuthTests
{
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await TestServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private async Task<HttpResponseMessage> PostEmptyBatchAsync(string? token)
    {
        using var client = _server.Client(token);
        using var content = new StringContent("[]", Encoding.UTF8, "application/json");
        return await client.PostAsync(new Uri("/api/events", UriKind.Relative), content);
    }

    [Test]
    public async Task No_token_is_401_with_a_problem_body_saying_how_to_send_one()
    {
        using var response = await PostEmptyBatchAsync(null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That(body["detail"]!.GetValue<string>(), Does.StartWith("A bearer token is required"));
    }

    [Test]
    public async Task An_unknown_token_is_401()
    {
        using var response = await PostEmptyBatchAsync("not-a-token-anyone-configured");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That(body["detail"]!.GetValue<string>(), Does.StartWith("The bearer token is not known."));
    }

    [TestCase(Tokens.Wallboard, TestName = "A_wallboard_token_may_not_ingest")]
    [TestCase(Tokens.Analyst, TestName = "An_analyst_token_may_not_ingest")]
    [TestCase(Tokens.Executive, TestName = "An_executive_token_may_not_ingest")]
    [TestCase(Tokens.Operational, TestName = "An_operational_token_may_not_ingest")]
    public async Task A_role_too_weak_is_403_with_a_problem_body(string token)
    {
        using var response = await PostEmptyBatchAsync(token);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That(body["detail"]!.GetValue<string>(), Does.Contain("may not use POST /api/events"));
    }

    [TestCase(Tokens.Feed)]
    [TestCase(Tokens.Administrator)]
    public async Task Feed_and_administrator_tokens_may_ingest(string token)
    {
        using var response = await PostEmptyBatchAsync(token);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_wallboard_token_may_not_use_the_read_api()
    {
        using var client = _server.Client(Tokens.Wallboard);
        using var response = await client.GetAsync(new Uri("/api/ingest", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task The_jobs_dashboard_is_for_administrators_only()
    {
        using var anonymous = _server.Client(null);
        using var refused = await anonymous.GetAsync(new Uri("/jobs", UriKind.Relative));
        using var feed = await anonymous.GetAsync(new Uri($"/jobs?access_token={Tokens.Feed}", UriKind.Relative));
        using var admin = await anonymous.GetAsync(new Uri($"/jobs?access_token={Tokens.Administrator}", UriKind.Relative));

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(feed.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(admin.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await admin.Content.ReadAsStringAsync(), Does.Contain("store-checkpoint").Or.Contain("BRIGHT jobs"));
    }

    [Test]
    public async Task A_badly_configured_token_stops_start_up_naming_the_key()
    {
        var error = Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(async () =>
            await TestServer.StartAsync(new Dictionary<string, string?>
            {
                ["Bright:Auth:LocalTokens:0:Role"] = "Janitor",
            }));

        Assert.That(error!.Message, Does.Contain("Bright:Auth:LocalTokens:0:Role 'Janitor' is not one of"));
    }
}
