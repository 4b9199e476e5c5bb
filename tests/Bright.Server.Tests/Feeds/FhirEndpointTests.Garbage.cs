using System.Net;
using System.Text.Json.Nodes;
using Bright.Testing;

namespace Bright.Server.Tests.Feeds;

public sealed partial class FhirEndpointTests
{
    [Test]
    public async Task A_body_that_is_not_json_is_refused_with_400_and_dead_lettered()
    {
        var (status, body) = await PostJsonAsync("this is not FHIR {");

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Diagnostics(body), Is.EqualTo(
            "The body is not FHIR JSON: 'this is not FHIR {' is an invalid JSON literal. Expected the literal 'true'. LineNumber: 0 | BytePositionInLine: 1."));
        Assert.That((await LettersAsync()).Any(l => l.Payload == "this is not FHIR {"), Is.True);
    }

    [Test]
    public async Task Json_without_a_resource_type_is_not_fhir()
    {
        var (status, body) = await PostJsonAsync("""{"id":"no-type","status":"finished"}""");

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Diagnostics(body), Is.EqualTo("Resource has no 'resourceType' property. At line 1, position 37."));
    }

    [Test]
    public async Task A_resource_of_the_wrong_type_is_refused_naming_the_accepted_types()
    {
        var (status, body) = await PostJsonAsync("""{"resourceType":"Patient","id":"wrong-type"}""");

        Assert.That(status, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(Diagnostics(body), Is.EqualTo("resourceType: 'Patient' is not accepted; send a Bundle (batch or transaction), Encounter, Location or Observation."));
        Assert.That(body["issue"]![0]!["code"]!.GetValue<string>(), Is.EqualTo("not-supported"));
        Assert.That(body["issue"]![0]!["expression"]![0]!.GetValue<string>(), Is.EqualTo("resourceType"));
    }

    [Test]
    public async Task An_encounter_without_an_id_is_refused_naming_the_field()
    {
        var encounter = FhirResources.Encounter("x", "in-progress", "x");
        encounter.Remove("id");

        var (status, body) = await PostJsonAsync(encounter.ToJsonString());

        Assert.That(status, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(Diagnostics(body), Is.EqualTo("Encounter.id: is required: BRIGHT derives the event id from it."));
    }

    [Test]
    public async Task An_impossible_date_is_refused_with_its_path_line_and_position()
    {
        var (status, body) = await PostJsonAsync(FhirResources.Encounter("bad-date", "in-progress", "x", start: "2019-13-45T10:00:00Z").ToJsonString());

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Diagnostics(body), Does.StartWith("string '2019-13-45T10:00:00Z' is not a correct literal for a dateTime. At Encounter.period.start, line 1"));
    }

    [Test]
    public async Task A_date_without_a_time_is_refused_because_it_does_not_say_when()
    {
        await BedAsync("day", "W1", "B12");

        var (status, body) = await PostJsonAsync(FhirResources.Encounter("day-enc", "in-progress", "day-bed", start: "2026-11-26").ToJsonString());

        Assert.That(status, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(Diagnostics(body), Is.EqualTo(
            "Encounter.period.start: '2026-11-26' must be a time with an offset, e.g. 2026-11-26T09:30:00Z; a date alone does not say when it happened."));
    }

    [Test]
    public async Task A_bundle_that_is_not_a_batch_or_transaction_is_refused()
    {
        var (status, body) = await PostJsonAsync(FhirResources.Bundle("collection", FhirResources.Site("col-site")));

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Diagnostics(body), Is.EqualTo("Bundle.type: 'collection' is not accepted; send a batch or transaction Bundle."));
    }

    [Test]
    public async Task A_site_that_is_not_the_trusts_is_refused_naming_the_known_sites()
    {
        var (status, body) = await PostJsonAsync(FhirResources.Site("zz-site", "ZZZ").ToJsonString());

        Assert.That(status, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(Diagnostics(body), Is.EqualTo("Location.identifier: ODS site code 'ZZZ' is not a site of this trust; known sites are RQ6, REM, RBQ, REP."));
    }

    [Test]
    public async Task An_unknown_bed_status_code_is_refused_naming_the_codes()
    {
        await BedAsync("ops", "W1", "B13");

        var (status, body) = await PostJsonAsync(FhirResources.Bed("ops-bed", "B13", "ops-ward", "Z").ToJsonString());

        Assert.That(status, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(Diagnostics(body), Is.EqualTo("Location.operationalStatus: 'Z' is not an HL7 table 0116 bed status BRIGHT maps; use one of O, U, H, C, I, K."));
    }

    [Test]
    public async Task A_body_of_another_media_type_is_refused_with_415()
    {
        var (status, text, _) = await PostAsync("{}", "text/plain");

        Assert.That(status, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        Assert.That(Diagnostics(JsonNode.Parse(text)!),
            Is.EqualTo("Content-Type 'text/plain' is not FHIR; send application/fhir+json or application/fhir+xml "
            + "(plain JSON or XML media types are taken too). Nothing was stored."));
    }

    [Test]
    public async Task Roles_without_ingestion_are_forbidden()
    {
        var (status, _, _) = await PostAsync(FhirResources.Site("role-site").ToJsonString(), token: Tokens.Operational);

        Assert.That(status, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task A_site_limited_token_may_not_send_for_another_site()
    {
        var (status, body) = await PostJsonAsync(FhirResources.Site("lim-site", "REM").ToJsonString(), Tokens.FeedRq6Only);

        Assert.That(status, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(Diagnostics(body), Is.EqualTo("Location: this token may not send events for 'REM'; it is limited to RQ6."));
    }
}
