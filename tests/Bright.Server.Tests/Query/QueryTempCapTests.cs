using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bright.Store.Query;
using Bright.Testing;

namespace Bright.Server.Tests.Query;

/// <summary>
/// The sandbox's own cap on temporary disk (<c>Bright:Query:MaxTempSize</c>): a query that would spill past it is
/// stopped with a problem saying what to do, and the store's own temporary space is not touched.
/// </summary>
[TestFixture]
public sealed class QueryTempCapTests
{
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServerWithATinyTempCap() => _server = await TestServer.StartAsync(new Dictionary<string, string?>
    {
        ["Bright:Query:MemoryLimit"] = "32MB",
        ["Bright:Query:MaxTempSize"] = "1MB",
        ["Bright:Query:Threads"] = "1",
        ["Bright:Query:Timeout"] = "00:05:00",
    });

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonNode Body, string? MediaType)> QueryAsync(string sql)
    {
        using var client = _server.Client(Tokens.Analyst);
        using var content = new StringContent(new JsonObject { ["sql"] = sql }.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/api/query", UriKind.Relative), content);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!, response.Content.Headers.ContentType?.MediaType);
    }

    [Test]
    public async Task A_query_spilling_past_the_cap_is_stopped_with_507_saying_to_narrow_it_or_raise_the_key_and_the_next_runs()
    {
        var (status, body, mediaType) = await QueryAsync(
            "SELECT count(*) AS n FROM (SELECT DISTINCT md5(CAST(range AS VARCHAR)) AS h FROM range(20000000))");

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.InsufficientStorage));
            Assert.That(mediaType, Is.EqualTo("application/problem+json"));
            Assert.That(body["title"]!.GetValue<string>(), Is.EqualTo("The query needed too much temporary disk"));
            Assert.That(body["detail"]!.GetValue<string>(), Is.EqualTo(
                "The query needed more temporary disk than 1MB (Bright:Query:MaxTempSize) and was stopped; narrow it, e.g. with a WHERE on "
                + "occurred_at, aggregate before joining or sorting, or ask an administrator to raise Bright:Query:MaxTempSize."));
            Assert.That(body["field"]!.GetValue<string>(), Is.EqualTo("sql"));
        });
        var next = await QueryAsync("SELECT 42 AS answer");
        Assert.That(next.Body["rows"]![0]![0]!.GetValue<int>(), Is.EqualTo(42));
    }

    [Test]
    public async Task The_sandbox_spills_to_a_folder_of_its_own_beside_its_snapshot_not_the_store_temp_folder()
    {
        var (_, body, _) = await QueryAsync(
            "SELECT current_setting('temp_directory') AS folder, current_setting('max_temp_directory_size') AS cap");

        var folder = body["rows"]![0]![0]!.GetValue<string>();
        Assert.Multiple(() =>
        {
            Assert.That(folder, Does.StartWith(_server.StorePath + ".query" + Path.DirectorySeparatorChar).And.EndWith(".duckdb.tmp"));
            Assert.That(body["rows"]![0]![1]!.GetValue<string>(), Does.StartWith("0.9 MiB").Or.StartWith("1.0 MB").Or.StartWith("976.5 KiB"));
        });
    }

    [TestCase("lots", "Bright:Query:MaxTempSize must be a size such as 500MB or 2GB (was 'lots').")]
    [TestCase("", "Bright:Query:MaxTempSize must be a size such as 500MB or 2GB (was '').")]
    [TestCase("1GB'; SET threads = 8; --", "Bright:Query:MaxTempSize must be a size such as 500MB or 2GB (was '1GB'; SET threads = 8; --').")]
    public void A_bad_temp_cap_stops_start_up_naming_the_key(string value, string message)
    {
        var error = Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(async () =>
            await TestServer.StartAsync(new Dictionary<string, string?> { ["Bright:Query:MaxTempSize"] = value }));

        Assert.That(error!.Message, Does.Contain(message));
    }

    [Test]
    public void The_default_cap_is_two_gigabytes() => Assert.That(new QueryOptions().MaxTempSize, Is.EqualTo("2GB"));
}
