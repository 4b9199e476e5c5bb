using System.Net;
using System.Text;
using System.Xml.Linq;
using Bright.Core.Events;
using Bright.Core.Reference;
using Bright.Store.Events;
using Bright.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bright.Server.Tests.Feeds;

/// <summary>
/// NHS England's UK Core R4 examples (read from the shared data beside the repository: their licence is not
/// stated), against a trust whose reference data knows St James's (ODS RR8D7) and its cardiology ward.
/// </summary>
[TestFixture]
public sealed class UkCoreSampleTests
{
    private static readonly XNamespace Fhir = "http://hl7.org/fhir";
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        var leeds = new Site("RR8D7", "St James's University Hospital", "SJUH", false,
            [new Ward("CARD", "Cardiology SJUH", "Cardiology", WardType.GA, 24, 2)], [], []);
        var trust = new TrustReference("Test trust with St James's", [.. TrustReference.Demo.Sites, leeds]);
        _server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Bright:Auth:LocalTokens:1:Name"] = "leeds-epr",
            ["Bright:Pseudonymisation:Key"] = "a-test-key-that-is-at-least-32-characters-long",
        }, services: s => s.AddSingleton(trust));
    }

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private async Task<(HttpStatusCode Status, string Diagnostics)> PostSampleAsync(string name)
    {
        var xml = await File.ReadAllTextAsync(SharedData.File($"feeds/fhir/uk-core/{name}"));
        using var client = _server.Client(Tokens.Feed);
        using var content = new StringContent(xml, Encoding.UTF8, "application/fhir+xml");
        using var response = await client.PostAsync(new Uri("/api/fhir", UriKind.Relative), content);
        var outcome = XDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, outcome.Descendants(Fhir + "diagnostics").First().Attribute("value")!.Value);
    }

    [Test]
    public async Task The_sample_location_is_placed_by_its_ods_site_code_and_name_and_the_encounter_is_a_discharge_there()
    {
        var (locationStatus, locationText) = await PostSampleAsync("Location-UKCore-CardiologySJUH-Example.xml");
        var (encounterStatus, encounterText) = await PostSampleAsync("Encounter-UKCore-InpatientEncounter-Example.xml");

        Assert.That(locationStatus, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(locationText, Is.EqualTo("Location/UKCore-Location-CardiologySJUH-Example is RR8D7/CARD; no event to store."));
        Assert.That(encounterStatus, Is.EqualTo(HttpStatusCode.Created));
        var events = await _server.Get<EventReader>().ReadAsync(DateTimeOffset.Parse("2019-12-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse("2020-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var discharge = events.Single(e => e.Attributes.GetValueOrDefault("fhirResource") == "Encounter/UKCore-Encounter-InpatientEncounter-Example");
        Assert.That((discharge.Kind, discharge.Site, discharge.Location, discharge.Code), Is.EqualTo((EventKind.Discharge, "RR8D7", "RR8D7/CARD", "IMP")));
        Assert.That(discharge.OccurredAt, Is.EqualTo(DateTimeOffset.Parse("2019-12-11T13:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(discharge.EventId, Does.Match("^fhir:leeds-epr:Encounter/UKCore-Encounter-InpatientEncounter-Example:[0-9a-f]{16}$"),
            "no meta.versionId, so the id carries a content hash");
        Assert.That(discharge.Subject, Does.Not.Contain("RichardSmith"));
        Assert.That(encounterText, Is.EqualTo($"Stored Discharge at RR8D7/CARD as event {discharge.EventId}."));
    }
}
