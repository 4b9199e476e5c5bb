using System.Net;
using System.Text.Json.Nodes;
using Bright.Core.Events;

namespace Bright.Server.Tests.Feeds;

public sealed partial class FhirEndpointTests
{
    private const string BrightObservations = "https://bright.nhs.uk/fhir/CodeSystem/observation";

    private static JsonObject Observation(string id, string system, string code, double value, string wardId) => new()
    {
        ["resourceType"] = "Observation",
        ["id"] = id,
        ["status"] = "final",
        ["code"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = system, ["code"] = code }) },
        ["subject"] = new JsonObject { ["reference"] = $"Location/{wardId}" },
        ["effectiveDateTime"] = "2026-11-26T07:00:00Z",
        ["valueQuantity"] = new JsonObject { ["value"] = value, ["unit"] = "staff" },
    };

    [Test]
    public async Task A_staffing_observation_for_a_ward_is_a_staffing_level_with_the_plan()
    {
        await PostJsonAsync(FhirResources.Bundle("batch", FhirResources.Site("stf-site"), FhirResources.Ward("stf-ward", "W1", "stf-site")));
        var observation = Observation("stf-obs", BrightObservations, "staffing-level", 7, "stf-ward");
        observation["component"] = new JsonArray(new JsonObject
        {
            ["code"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = BrightObservations, ["code"] = "planned" }) },
            ["valueQuantity"] = new JsonObject { ["value"] = 9 },
        });

        var (status, _) = await PostJsonAsync(observation.ToJsonString());

        Assert.That(status, Is.EqualTo(HttpStatusCode.Created));
        var stored = (await StoredAsync("Observation/stf-obs")).Single();
        Assert.That((stored.Kind, stored.Location, stored.Value, stored.Attributes["planned"]), Is.EqualTo((EventKind.StaffingLevel, "RQ6/W1", 7.0, "9")));
    }

    [Test]
    public async Task An_observation_coded_with_a_kpi_id_is_a_kpi_measurement()
    {
        await PostJsonAsync(FhirResources.Site("kpi-site").ToJsonString());

        var (status, _) = await PostJsonAsync(Observation("kpi-obs", "https://bright.nhs.uk/fhir/CodeSystem/kpi", "ed-4h", 0.78, "kpi-site").ToJsonString());

        Assert.That(status, Is.EqualTo(HttpStatusCode.Created));
        var stored = (await StoredAsync("Observation/kpi-obs")).Single();
        Assert.That((stored.Kind, stored.Code, stored.Value, stored.Location), Is.EqualTo((EventKind.KpiMeasurement, "ed-4h", 0.78, "RQ6")));
    }

    [Test]
    public async Task An_observation_with_another_code_is_refused_naming_the_codes_taken()
    {
        await PostJsonAsync(FhirResources.Site("loinc-site").ToJsonString());

        var (status, body) = await PostJsonAsync(Observation("loinc-obs", "http://loinc.org", "8867-4", 72, "loinc-site").ToJsonString());

        Assert.That(status, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(Diagnostics(body), Is.EqualTo("Observation.code: 'http://loinc.org|8867-4' is not an observation BRIGHT stores; code it "
            + "https://bright.nhs.uk/fhir/CodeSystem/observation|staffing-level for a staffing level or https://bright.nhs.uk/fhir/CodeSystem/kpi|{kpi id} "
            + "for a KPI measurement."));
    }
}
