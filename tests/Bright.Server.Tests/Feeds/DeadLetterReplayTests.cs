using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bright.Store.DeadLetters;
using Bright.Testing;

namespace Bright.Server.Tests.Feeds;

[TestFixture]
public sealed class DeadLetterReplayTests
{
    private const string Source = "replay-fhir";
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await TestServer.StartAsync(new Dictionary<string, string?>
    {
        ["Bright:Auth:LocalTokens:1:Name"] = Source,
        ["Bright:Pseudonymisation:Key"] = "a-test-key-that-is-at-least-32-characters-long",
    });

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private async Task<HttpStatusCode> PostAsync(string path, string body, string mediaType, string token = Tokens.Feed)
    {
        using var client = _server.Client(token);
        using var content = new StringContent(body, Encoding.UTF8, mediaType);
        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), content);
        return response.StatusCode;
    }

    private async Task<(HttpStatusCode Status, JsonNode? Body)> ReplayAsync(long id, string token = Tokens.Administrator)
    {
        using var client = _server.Client(token);
        using var response = await client.PostAsync(new Uri($"/api/ingest/dead-letters/{id}/replay", UriKind.Relative), null);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null);
    }

    private async Task<StoredDeadLetter> LetterAsync(Func<StoredDeadLetter, bool> which) =>
        (await _server.Get<DeadLetterStore>().ListAsync(null, 0, 1000)).Letters.Single(which);

    [Test]
    public async Task A_fhir_encounter_refused_for_an_unknown_location_is_stored_when_replayed_after_the_location_is_sent()
    {
        await PostAsync("/api/fhir", FhirResources.Encounter("rep-enc", "in-progress", "rep-bed").ToJsonString(), "application/fhir+json");
        var letter = await LetterAsync(l => l.Payload.Contains("\"rep-enc\"", StringComparison.Ordinal));
        await PostAsync("/api/fhir", FhirResources.Bundle("batch", FhirResources.Site("rep-site"), FhirResources.Ward("rep-ward", "W1", "rep-site"),
            FhirResources.Bed("rep-bed", "B08", "rep-ward")), "application/fhir+json");

        var (status, body) = await ReplayAsync(letter.Id);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((body!["outcome"]!.GetValue<string>(), body["channel"]!.GetValue<string>(), body["accepted"]!.GetValue<int>()),
            Is.EqualTo(("replayed", "fhir", 1)));
        var replayed = await _server.Get<DeadLetterStore>().FindAsync(letter.Id);
        Assert.That((replayed!.ReplayedAt is not null, replayed.ReplayAttempts), Is.EqualTo((true, 1)));

        var (again, problem) = await ReplayAsync(letter.Id);
        Assert.That(again, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(problem!["detail"]!.GetValue<string>(), Does.StartWith($"Dead letter {letter.Id} was already replayed at "));
    }

    [Test]
    public async Task A_record_that_fails_again_keeps_the_new_reasons_and_counts_the_attempt()
    {
        var bad = EventJson.Admission("rep-http-bad", DateTimeOffset.Parse("2026-11-26T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        bad["kind"] = "Teleport";
        await PostAsync("/api/events", EventJson.Array(bad), "application/json");
        var letter = await LetterAsync(l => l.Reference == "rep-http-bad");

        var (status, body) = await ReplayAsync(letter.Id);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body!["outcome"]!.GetValue<string>(), Is.EqualTo("failed"));
        Assert.That(body["errors"]![0]!.GetValue<string>(), Does.StartWith("kind: 'Teleport' is not a known event kind"));
        var after = await _server.Get<DeadLetterStore>().FindAsync(letter.Id);
        Assert.That((after!.ReplayedAt, after.ReplayAttempts, after.Errors[0]), Is.EqualTo(((DateTimeOffset?)null, 1, body["errors"]![0]!.GetValue<string>())));
    }

    [Test]
    public async Task Only_administrators_may_replay_and_an_unknown_letter_is_404()
    {
        var (forbidden, _) = await ReplayAsync(1, Tokens.Feed);
        var (missing, problem) = await ReplayAsync(999_999);

        Assert.That(forbidden, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(missing, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(problem!["detail"]!.GetValue<string>(), Is.EqualTo("id: there is no dead letter 999999."));
    }
}
