using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bright.Store.Events;
using Bright.Testing;

namespace Bright.Server.Tests.Endpoints;

[TestFixture]
public sealed class EventsEndpointTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-26T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await TestServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonNode Body, string? ContentType)> PostAsync(string body, string? token = Tokens.Feed)
    {
        using var client = _server.Client(token);
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/api/events", UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text)!, response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<long> StoredAsync(string eventIdPrefix)
    {
        var events = await _server.Get<EventReader>().ReadAsync(Now.AddDays(-30), Now.AddDays(30));
        return events.Count(e => e.EventId.StartsWith(eventIdPrefix, StringComparison.Ordinal));
    }

    [Test]
    public async Task Valid_events_are_accepted_and_durable_when_answered()
    {
        var (status, body, _) = await PostAsync(EventJson.Many("valid", 25, Now));

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body["accepted"]!.GetValue<int>(), Is.EqualTo(25));
        Assert.That(body["duplicates"]!.GetValue<int>(), Is.Zero);
        Assert.That(body["rejected"]!.AsArray(), Is.Empty);
        Assert.That(await StoredAsync("valid-"), Is.EqualTo(25));
    }

    [Test]
    public async Task A_resent_batch_is_counted_as_duplicates_and_stores_nothing_new()
    {
        var batch = EventJson.Many("resend", 10, Now);
        await PostAsync(batch);

        var (status, body, _) = await PostAsync(batch);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body["accepted"]!.GetValue<int>(), Is.Zero);
        Assert.That(body["duplicates"]!.GetValue<int>(), Is.EqualTo(10));
        Assert.That(await StoredAsync("resend-"), Is.EqualTo(10));
    }

    [Test]
    public async Task The_same_id_twice_in_one_batch_is_stored_once()
    {
        var e = EventJson.Admission("twice-1", Now);
        var (_, body, _) = await PostAsync(EventJson.Array(e, e.DeepClone()));

        Assert.That(body["accepted"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(body["duplicates"]!.GetValue<int>(), Is.EqualTo(1));
    }

    [TestCase("kind", "Teleport", "kind: 'Teleport' is not a known event kind", TestName = "Unknown_kind_is_rejected_naming_the_field")]
    [TestCase("eventId", "", "eventId: must not be empty.", TestName = "Empty_event_id_is_rejected_naming_the_field")]
    [TestCase("site", "ZZZ", "site: 'ZZZ' is not a site of this trust; known sites are RQ6, REM, RBQ, REP.", TestName = "Unknown_site_is_rejected_naming_the_field")]
    [TestCase("occurredAt", "yesterday", "occurredAt: 'yesterday' is not an ISO 8601 time with an offset", TestName = "Unparseable_time_is_rejected_naming_the_field")]
    [TestCase("occurredAt", "2026-11-26T08:00:00", "occurredAt: '2026-11-26T08:00:00' is not an ISO 8601 time with an offset", TestName = "Time_without_offset_is_rejected_naming_the_field")]
    [TestCase("occurredAt", "2099-01-01T00:00:00Z", "is more than a day in the future", TestName = "Time_more_than_a_day_ahead_is_rejected")]
    [TestCase("location", "REM/W21/B01", "location: 'REM/W21/B01' must start with the event's site 'RQ6'.", TestName = "Location_of_another_site_is_rejected")]
    [TestCase("subject", "9434765919", "subject: looks like a raw NHS number", TestName = "Raw_NHS_number_as_subject_is_rejected")]
    public async Task Bad_record_is_rejected_with_its_index_and_reason_and_the_rest_accepted(string field, string value, string expected)
    {
        var prefix = "bad-" + Guid.NewGuid().ToString("N")[..8];
        var good = EventJson.Admission(prefix + "-good", Now);
        var bad = EventJson.Admission(prefix + "-bad", Now);
        bad[field] = value;

        var (status, body, _) = await PostAsync(EventJson.Array(good, bad));

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body["accepted"]!.GetValue<int>(), Is.EqualTo(1));
        var rejected = body["rejected"]!.AsArray();
        Assert.That(rejected, Has.Count.EqualTo(1));
        Assert.That(rejected[0]!["index"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(rejected[0]!["errors"]!.AsArray().Select(e => e!.GetValue<string>()), Has.Some.Contains(expected));
        Assert.That(await StoredAsync(prefix), Is.EqualTo(1));
    }

    [Test]
    public async Task Missing_event_id_is_rejected_and_kept_as_a_dead_letter()
    {
        var record = EventJson.Admission("ignored", Now);
        record.Remove("eventId");
        record["subject"] = "P-dead-letter-check";

        var (_, body, _) = await PostAsync(EventJson.Array(record));

        var errors = body["rejected"]![0]!["errors"]!.AsArray().Select(e => e!.GetValue<string>());
        Assert.That(errors, Has.Member("eventId: is required."));
        var letters = await _server.Get<Bright.Store.DeadLetters.DeadLetterStore>().RecentAsync(100);
        Assert.That(letters.Any(l => l.Payload.Contains("P-dead-letter-check", StringComparison.Ordinal) && l.Errors.Contains("eventId: is required.")));
    }

    [Test]
    public async Task Bed_status_change_needs_a_known_status()
    {
        var record = EventJson.Admission("bedstatus-1", Now);
        record["kind"] = "BedStatusChanged";
        record["code"] = "sparkling";

        var (_, body, _) = await PostAsync(EventJson.Array(record));

        Assert.That(body["rejected"]![0]!["errors"]![0]!.GetValue<string>(),
            Is.EqualTo("code: a BedStatusChanged needs the new status, one of occupied, to_clean, cleaning, available, blocked, reserved (was 'sparkling')."));
    }

    [Test]
    public async Task An_unknown_bed_is_accepted_and_flagged_for_data_quality()
    {
        var (_, body, _) = await PostAsync(EventJson.Array(EventJson.Admission("unknown-bed-1", Now, location: "RQ6/W1/B99")));

        Assert.That(body["accepted"]!.GetValue<int>(), Is.EqualTo(1));
        var flags = await _server.Get<Bright.Store.DataQuality.DataQualityStore>().RecentAsync(100);
        Assert.That(flags.Any(f => f.EventId == "unknown-bed-1" && f.Field == "location"));
    }

    [Test]
    public async Task A_token_limited_to_a_site_cannot_send_for_another()
    {
        var (_, body, _) = await PostAsync(EventJson.Array(EventJson.Admission("limited-1", Now, site: "REM", location: "REM/W21/B01")),
            Tokens.FeedRq6Only);

        Assert.That(body["rejected"]![0]!["errors"]![0]!.GetValue<string>(),
            Is.EqualTo("site: this token may not send events for 'REM'; it is limited to RQ6."));
    }

    [Test]
    public async Task A_body_that_is_not_json_is_400_and_stores_nothing()
    {
        var (status, body, type) = await PostAsync("[{\"eventId\": \"nojson-1\", oops");

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(type, Is.EqualTo("application/problem+json"));
        Assert.That(body["detail"]!.GetValue<string>(), Does.StartWith("The body is not valid JSON at line 1"));
        Assert.That(await StoredAsync("nojson-"), Is.Zero);
    }

    [Test]
    public async Task A_json_object_instead_of_an_array_is_400()
    {
        var (status, body, _) = await PostAsync(EventJson.Admission("object-1", Now).ToJsonString());

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body["title"]!.GetValue<string>(), Is.EqualTo("The body must be a JSON array"));
    }

    [Test]
    public async Task A_body_over_the_limit_is_413()
    {
        await using var small = await TestServer.StartAsync(new Dictionary<string, string?> { ["Bright:Ingest:MaxBodyBytes"] = "2048" });
        using var client = small.Client(Tokens.Feed);
        using var content = new StringContent(EventJson.Many("big", 40, Now), Encoding.UTF8, "application/json");

        using var response = await client.PostAsync(new Uri("/api/events", UriKind.Relative), content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("Bright:Ingest:MaxBodyBytes"));
    }

    [Test]
    public async Task Garbage_records_of_every_shape_are_rejected_one_by_one()
    {
        var body = """[ 42, "text", null, [], {"eventId": 7}, {"eventId":"g-1","occurredAt":"2026-11-26T08:00:00Z","site":"RQ6","kind":"Admission","value":"high","attributes":{"a":{"b":1}}} ]""";

        var (status, result, _) = await PostAsync(body);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        var rejected = result["rejected"]!.AsArray();
        Assert.That(rejected.Select(r => r!["index"]!.GetValue<int>()), Is.EqualTo(new[] { 0, 1, 2, 3, 4, 5 }));
        Assert.That(rejected[0]!["errors"]![0]!.GetValue<string>(), Is.EqualTo("record: must be a JSON object (was a number)."));
        Assert.That(rejected[4]!["errors"]!.AsArray().Select(e => e!.GetValue<string>()), Has.Member("eventId: must be a string (was a number)."));
        var last = rejected[5]!["errors"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
        Assert.That(last, Has.Member("value: must be a finite number (was a string \"high\")."));
        Assert.That(last, Has.Member("attributes.a: must be a string, number or boolean (was an object)."));
    }
}
