using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bright.Pipelines.Mllp;
using Bright.Testing;

namespace Bright.Server.Tests.Feeds;

/// <summary>
/// Feeds and their owners: <c>GET /api/feeds</c>, <c>GET /api/feeds/{source}/problems</c>, rejections counted
/// per channel, reused HL7 control ids flagged, and dead-letter replay. HL7 messages go through the server's
/// own MLLP processor (the TCP path is covered by <see cref="MllpFeedTests"/>).
/// </summary>
[TestFixture]
public sealed class FeedsEndpointTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-26T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await TestServer.StartAsync(new Dictionary<string, string?>
    {
        ["Bright:Auth:LocalTokens:1:Name"] = "ed-http",
        ["Bright:Mllp:Feeds:0:Source"] = "test-pas",
        ["Bright:Mllp:Feeds:0:Owner"] = "PAS team",
        ["Bright:Mllp:Feeds:0:SendingApplication"] = "TESTPAS",
        ["Bright:Mllp:Feeds:0:DefaultSite"] = "RQ6",
        ["Bright:Feeds:0:Source"] = "ed-http",
        ["Bright:Feeds:0:Owner"] = "ED systems team",
        ["Bright:Feeds:0:Contact"] = "ed-systems@trust.example.nhs.uk",
        ["Bright:Feeds:1:Source"] = "test-pas",
        ["Bright:Feeds:1:Owner"] = "PAS integration",
        ["Bright:Feeds:1:Contact"] = "pas@trust.example.nhs.uk",
        ["Bright:Feeds:2:Source"] = "theatres-file",
        ["Bright:Feeds:2:Owner"] = "Theatres systems team",
        ["Bright:Feeds:2:ExpectedEvery"] = "00:05:00",
        ["Bright:Feeds:2:LateAfter"] = "00:30:00",
        ["Bright:Pseudonymisation:Key"] = "a-test-key-that-is-at-least-32-characters-long",
    });

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private async Task<JsonNode> GetAsync(string path, string token = Tokens.Administrator)
    {
        using var client = _server.Client(token);
        return JsonNode.Parse(await client.GetStringAsync(new Uri(path, UriKind.Relative)))!;
    }

    private async Task<JsonNode> FeedAsync(string source) =>
        (await GetAsync("/api/feeds"))["feeds"]!.AsArray().Single(f => f!["source"]!.GetValue<string>() == source)!;

    private static string Adt(string controlId, string bed, string trigger = "A01") =>
        $"MSH|^~\\&|TESTPAS|RQ6|BRIGHT|RQ6|20261126083000||ADT^{trigger}|{controlId}|P|2.4\r"
        + $"EVN|{trigger}|20261126083000\rPID|1||MRN-{controlId}^^^RQ6^MR\rPV1|1|I|W1^^{bed}^RQ6\r";

    private async Task<JsonNode> PostEventsAsync(string body)
    {
        using var client = _server.Client(Tokens.Feed);
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/api/events", UriKind.Relative), content);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    [Test]
    public async Task A_feed_with_a_cadence_that_has_sent_nothing_is_silent_in_the_list_and_on_the_ingest_rows()
    {
        var feed = await FeedAsync("theatres-file");
        var ingest = (await GetAsync("/api/ingest"))["rows"]!.AsArray().Single(r => r!["source"]!.GetValue<string>() == "theatres-file")!;

        Assert.That(feed["status"]!.GetValue<string>(), Is.EqualTo("silent"));
        Assert.That(feed["expectedEvery"]!.GetValue<string>(), Is.EqualTo("00:05:00"));
        Assert.That(feed["lateAfter"]!.GetValue<string>(), Is.EqualTo("00:30:00"));
        Assert.That(feed["acceptedToday"]!.GetValue<long>(), Is.Zero);
        Assert.That((ingest["site"]!.GetValue<string>(), ingest["status"]!.GetValue<string>()), Is.EqualTo(("unknown", "silent")));
        Assert.That((await FeedAsync("ed-http"))["expectedEvery"], Is.Null, "a feed without a cadence has none");
    }

    [Test]
    public async Task Each_feed_is_listed_with_its_owner_todays_figures_and_its_latest_problems()
    {
        var bad = EventJson.Admission("feeds-bad", Now);
        bad["kind"] = "Teleport";
        await PostEventsAsync(EventJson.Array(EventJson.Admission("feeds-good", Now), bad));

        var feed = await FeedAsync("ed-http");

        Assert.That(feed["owner"]!.GetValue<string>(), Is.EqualTo("ED systems team"));
        Assert.That(feed["contact"]!.GetValue<string>(), Is.EqualTo("ed-systems@trust.example.nhs.uk"));
        Assert.That(feed["acceptedToday"]!.GetValue<long>(), Is.GreaterThanOrEqualTo(1));
        Assert.That(feed["rejectedToday"]!.GetValue<long>(), Is.GreaterThanOrEqualTo(1));
        Assert.That(feed["lastReceivedAt"], Is.Not.Null);
        Assert.That(feed["latestProblems"]!.AsArray().Select(p => (p!["type"]!.GetValue<string>(), p["reference"]!.GetValue<string>())),
            Has.Member(("rejected", "feeds-bad")));
    }

    [Test]
    public async Task An_hl7_profile_is_listed_with_its_owner_and_contact_and_mllp_rejections_are_counted()
    {
        var processor = _server.Get<MllpMessageProcessor>();
        var before = (await FeedAsync("test-pas"))["rejectedToday"]!.GetValue<long>();

        var ack = await processor.ProcessAsync(Adt("REJ-1", "B03", trigger: "A99"), CancellationToken.None);

        Assert.That(ack, Does.Contain("MSA|AR|REJ-1"));
        var feed = await FeedAsync("test-pas");
        Assert.That((feed["owner"]!.GetValue<string>(), feed["contact"]!.GetValue<string>(), feed["channel"]!.GetValue<string>()),
            Is.EqualTo(("PAS integration", "pas@trust.example.nhs.uk", "mllp")));
        Assert.That(feed["rejectedToday"]!.GetValue<long>(), Is.EqualTo(before + 1));
    }

    [Test]
    public async Task A_control_id_reused_with_different_content_is_stored_and_flagged_to_the_owner_but_a_resend_is_not()
    {
        var processor = _server.Get<MllpMessageProcessor>();
        await processor.ProcessAsync(Adt("REUSED-7", "B04"), CancellationToken.None);
        await processor.ProcessAsync(Adt("REUSED-7", "B04"), CancellationToken.None);

        var ack = await processor.ProcessAsync(Adt("REUSED-7", "B05"), CancellationToken.None);

        Assert.That(ack, Does.Contain("MSA|AA|REUSED-7"));
        var flags = (await GetAsync("/api/feeds/test-pas/problems?limit=1000"))["flags"]!.AsArray()
            .Where(f => f!["field"]!.GetValue<string>() == "MSH-10" && f["message"]!.GetValue<string>().Contains("'REUSED-7'", StringComparison.Ordinal))
            .ToList();
        Assert.That(flags, Has.Count.EqualTo(1), "the resend is a duplicate, only the different message is a collision");
        Assert.That(flags[0]!["message"]!.GetValue<string>(), Is.EqualTo("control id 'REUSED-7' was already used by an earlier message with different "
            + "content; both are stored under distinct event ids, but the sending system should make MSH-10 unique"));
    }

    [Test]
    public async Task Problems_are_paged_and_bad_paging_is_refused_naming_the_parameter()
    {
        var bad = EventJson.Admission("page-bad", Now);
        bad["site"] = "ZZZ";
        await PostEventsAsync(EventJson.Array(bad, bad.DeepClone()));

        var page = await GetAsync("/api/feeds/ed-http/problems?limit=1");
        using var client = _server.Client();
        using var refused = await client.GetAsync(new Uri("/api/feeds/ed-http/problems?limit=0", UriKind.Relative));

        Assert.That(page["deadLetters"]!.AsArray(), Has.Count.EqualTo(1));
        Assert.That(page["deadLetterTotal"]!.GetValue<long>(), Is.GreaterThanOrEqualTo(2));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await refused.Content.ReadFromJsonAsync<JsonNode>())!["detail"]!.GetValue<string>(), Is.EqualTo("limit: must be from 1 to 1000 (was 0)."));
    }
}
