using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bright.Core.Events;
using Bright.Store.DeadLetters;
using Bright.Store.Events;
using Bright.Testing;

namespace Bright.Server.Tests.Feeds;

[TestFixture]
public sealed partial class FhirEndpointTests
{
    private const string Source = "ambulance-fhir";
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await TestServer.StartAsync(new Dictionary<string, string?>
    {
        ["Bright:Auth:LocalTokens:1:Name"] = Source,
        ["Bright:Pseudonymisation:Key"] = "a-test-key-that-is-at-least-32-characters-long",
    });

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private async Task<(HttpStatusCode Status, string Body, string? ContentType)> PostAsync(string body, string contentType = "application/fhir+json",
        string token = Tokens.Feed)
    {
        using var client = _server.Client(token);
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var response = await client.PostAsync(new Uri("/api/fhir", UriKind.Relative), content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> PostJsonAsync(string body, string token = Tokens.Feed)
    {
        var (status, text, _) = await PostAsync(body, token: token);
        return (status, JsonNode.Parse(text)!);
    }

    private async Task<IReadOnlyList<HospitalEvent>> StoredAsync(string resource)
    {
        var events = await _server.Get<EventReader>().ReadAsync(DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue.AddDays(-2));
        return [.. events.Where(e => e.Attributes.TryGetValue("fhirResource", out var r) && r == resource)];
    }

    private async Task<IReadOnlyList<StoredDeadLetter>> LettersAsync() => (await _server.Get<DeadLetterStore>().ListAsync(Source, 0, 1000)).Letters;

    private static string Diagnostics(JsonNode outcome, int issue = 0) => outcome["issue"]![issue]!["diagnostics"]!.GetValue<string>();

    private static string[] Statuses(JsonNode bundle) => [.. bundle["entry"]!.AsArray().Select(e => e!["response"]!["status"]!.GetValue<string>())];

    /// <summary>Posts a site, a ward and a bed in one batch so that later resources can refer to the bed.</summary>
    private async Task BedAsync(string prefix, string ward, string bed)
    {
        var (status, _) = await PostJsonAsync(FhirResources.Bundle("batch", FhirResources.Site($"{prefix}-site"),
            FhirResources.Ward($"{prefix}-ward", ward, $"{prefix}-site"), FhirResources.Bed($"{prefix}-bed", bed, $"{prefix}-ward")));
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_bed_with_an_operational_status_becomes_a_bed_status_change_placed_through_its_partOf_chain()
    {
        var (status, body) = await PostJsonAsync(FhirResources.Bundle("batch", FhirResources.Site("bsc-site"), FhirResources.Ward("bsc-ward", "W1", "bsc-site"),
            FhirResources.Bed("bsc-bed", "B07", "bsc-ward", "H", "2026-11-26T07:45:00+00:00")));

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body["type"]!.GetValue<string>(), Is.EqualTo("batch-response"));
        Assert.That(Statuses(body), Is.EqualTo(new[] { "200 OK", "200 OK", "201 Created" }));
        Assert.That(Diagnostics(body["entry"]![0]!["response"]!["outcome"]!), Is.EqualTo("Location/bsc-site is RQ6; no event to store."));
        var stored = await StoredAsync("Location/bsc-bed");
        Assert.That(stored, Has.Count.EqualTo(1));
        Assert.That((stored[0].Kind, stored[0].Location, stored[0].Code, stored[0].Site), Is.EqualTo((EventKind.BedStatusChanged, "RQ6/W1/B07", "to_clean", "RQ6")));
        Assert.That(stored[0].OccurredAt, Is.EqualTo(DateTimeOffset.Parse("2026-11-26T07:45:00Z", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(Diagnostics(body["entry"]![2]!["response"]!["outcome"]!),
            Is.EqualTo($"Stored BedStatusChanged to to_clean at RQ6/W1/B07 as event {stored[0].EventId}."));
    }

    [TestCase("C", "closed")]
    [TestCase("I", "isolated")]
    [TestCase("K", "contaminated")]
    public async Task Closed_isolated_and_contaminated_beds_are_blocked_with_the_reason(string code, string reason)
    {
        var prefix = $"blk-{code}";
        await PostJsonAsync(FhirResources.Bundle("batch", FhirResources.Site($"{prefix}-site"), FhirResources.Ward($"{prefix}-ward", "W2", $"{prefix}-site"),
            FhirResources.Bed($"{prefix}-bed", "B02", $"{prefix}-ward", code, "2026-11-26T07:45:00Z")));

        var stored = await StoredAsync($"Location/{prefix}-bed");
        Assert.That((stored[0].Code, stored[0].Attributes["reason"]), Is.EqualTo(("blocked", reason)));
    }

    [Test]
    public async Task An_encounter_in_progress_at_a_bed_sent_before_is_an_admission_with_a_pseudonymised_subject()
    {
        await BedAsync("adm", "W2", "B03");

        var (status, text, type) = await PostAsync(FhirResources.Encounter("adm-enc", "in-progress", "adm-bed").ToJsonString());

        Assert.That(status, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(type, Is.EqualTo("application/fhir+json"));
        var stored = await StoredAsync("Encounter/adm-enc");
        Assert.That(stored, Has.Count.EqualTo(1));
        Assert.That((stored[0].Kind, stored[0].Location, stored[0].Source), Is.EqualTo((EventKind.Admission, "RQ6/W2/B03", Source)));
        Assert.That(stored[0].Subject, Does.StartWith("1:").And.Not.Contain("patient-of"));
        Assert.That(stored[0].EventId, Does.StartWith($"fhir:{Source}:Encounter/adm-enc:"));
        Assert.That(Diagnostics(JsonNode.Parse(text)!), Is.EqualTo($"Stored Admission at RQ6/W2/B03 as event {stored[0].EventId}."));
    }

    [Test]
    public async Task A_resent_encounter_is_a_duplicate_and_a_new_version_is_a_new_event()
    {
        await BedAsync("ver", "W1", "B10");
        var first = FhirResources.Encounter("ver-enc", "in-progress", "ver-bed", versionId: "1").ToJsonString();
        await PostAsync(first);

        var (again, body) = await PostJsonAsync(first);
        var (next, _) = await PostJsonAsync(FhirResources.Encounter("ver-enc", "finished", "ver-bed", end: "2026-11-26T08:30:00Z", versionId: "2")
            .ToJsonString());

        Assert.That(again, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Diagnostics(body), Is.EqualTo($"Already stored as event fhir:{Source}:Encounter/ver-enc/_history/1; a resend stores nothing new."));
        Assert.That(next, Is.EqualTo(HttpStatusCode.Created));
        var stored = await StoredAsync("Encounter/ver-enc");
        Assert.That(stored.Select(e => (e.EventId, e.Kind)), Is.EquivalentTo(new[]
        {
            ($"fhir:{Source}:Encounter/ver-enc/_history/1", EventKind.Admission), ($"fhir:{Source}:Encounter/ver-enc/_history/2", EventKind.Discharge),
        }));
    }

    [Test]
    public async Task An_encounter_with_a_completed_earlier_location_is_a_transfer_from_it()
    {
        await BedAsync("trf-a", "W1", "B01");
        await BedAsync("trf-b", "W2", "B01");
        var encounter = FhirResources.Encounter("trf-enc", "in-progress", "trf-a-bed");
        encounter["location"] = new JsonArray(
            new JsonObject { ["location"] = new JsonObject { ["reference"] = "Location/trf-a-bed" }, ["status"] = "completed" },
            new JsonObject
            {
                ["location"] = new JsonObject { ["reference"] = "Location/trf-b-bed" },
                ["status"] = "active",
                ["period"] = new JsonObject { ["start"] = "2026-11-26T07:30:00Z" },
            });

        var (status, _) = await PostJsonAsync(encounter.ToJsonString());

        Assert.That(status, Is.EqualTo(HttpStatusCode.Created));
        var stored = (await StoredAsync("Encounter/trf-enc")).Single();
        Assert.That((stored.Kind, stored.Location, stored.Attributes["from"]), Is.EqualTo((EventKind.Transfer, "RQ6/W2/B01", "RQ6/W1/B01")));
    }

    [Test]
    public async Task A_batch_answers_each_entry_and_stores_the_good_ones()
    {
        await BedAsync("mix", "W1", "B05");
        var badStatus = FhirResources.Encounter("mix-bad-status", "bogus", "mix-bed");
        var outpatient = FhirResources.Encounter("mix-amb", "in-progress", "mix-bed", classCode: "AMB");
        var patient = new JsonObject { ["resourceType"] = "Patient", ["id"] = "mix-patient" };
        var unknownPlace = FhirResources.Encounter("mix-unknown-place", "in-progress", "nowhere");

        var (status, body) = await PostJsonAsync(FhirResources.Bundle("batch", FhirResources.Encounter("mix-good", "in-progress", "mix-bed"), badStatus,
            outpatient, patient, unknownPlace));

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Statuses(body), Is.EqualTo(new[]
        {
            "201 Created", "400 Bad Request", "422 Unprocessable Entity", "422 Unprocessable Entity", "422 Unprocessable Entity",
        }));
        string Outcome(int i) => Diagnostics(body["entry"]![i]!["response"]!["outcome"]!);
        Assert.That(Outcome(1), Does.StartWith("Value 'bogus' is not a correct code for valueset 'EncounterStatus'. At Bundle.entry[1].resource.status"));
        Assert.That(Outcome(2), Is.EqualTo("Encounter.class: 'AMB' is not mapped; BRIGHT takes inpatient (IMP, ACUTE, NONAC, SS, OBSENC, PRENC) and emergency (EMER) encounters."));
        Assert.That(Outcome(3), Is.EqualTo("resourceType: 'Patient' is not accepted; send a Bundle (batch or transaction), Encounter, Location or Observation."));
        Assert.That(Outcome(4), Is.EqualTo(
            $"Encounter.location[0].location: 'Location/nowhere' is not a Location BRIGHT knows from feed '{Source}'; send the Location first, or in the same Bundle."));
        Assert.That(await StoredAsync("Encounter/mix-good"), Has.Count.EqualTo(1));
        Assert.That(await StoredAsync("Encounter/mix-amb"), Is.Empty);
        var letters = (await LettersAsync()).Where(l => l.Payload.Contains("\"mix-", StringComparison.Ordinal)).ToList();
        Assert.That(letters.Select(l => l.Reference), Is.EquivalentTo(new[] { "Bundle.entry[1]", "Bundle.entry[2]", "Bundle.entry[3]", "Bundle.entry[4]" }));
        Assert.That(letters.Single(l => l.Reference == "Bundle.entry[2]").Payload, Does.Contain("\"id\":\"mix-amb\"").And.Not.Contain("Bundle"));
    }

    [Test]
    public async Task A_transaction_with_one_bad_entry_stores_nothing_and_names_the_entry()
    {
        await BedAsync("txn", "W1", "B06");

        var (status, body) = await PostJsonAsync(FhirResources.Bundle("transaction", FhirResources.Encounter("txn-good", "in-progress", "txn-bed"),
            FhirResources.Encounter("txn-no-end", "finished", "txn-bed")));

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body["resourceType"]!.GetValue<string>(), Is.EqualTo("OperationOutcome"));
        Assert.That(Diagnostics(body, 0), Is.EqualTo(
            "Bundle.entry[1]: Encounter.period.end: is required for a finished encounter: it is when the patient left."));
        Assert.That(Diagnostics(body, 1), Is.EqualTo("The transaction was not applied: 1 of 2 entries failed, so nothing was stored."));
        Assert.That(await StoredAsync("Encounter/txn-good"), Is.Empty);
    }

    [Test]
    public async Task A_good_transaction_is_stored_whole_and_answered_per_entry()
    {
        var (status, body) = await PostJsonAsync(FhirResources.Bundle("transaction", FhirResources.Site("tok-site"),
            FhirResources.Ward("tok-ward", "AMU", "tok-site"), FhirResources.Bed("tok-bed", "B11", "tok-ward"),
            FhirResources.Encounter("tok-enc", "arrived", "tok-bed")));

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body["type"]!.GetValue<string>(), Is.EqualTo("transaction-response"));
        Assert.That(Statuses(body), Is.EqualTo(new[] { "200 OK", "200 OK", "200 OK", "201 Created" }));
        Assert.That((await StoredAsync("Encounter/tok-enc")).Single().Location, Is.EqualTo("RQ6/AMU/B11"));
    }
}
