using System.Net;
using System.Xml.Linq;
using Bright.Core.Events;

namespace Bright.Server.Tests.Feeds;

public sealed partial class FhirEndpointTests
{
    private static readonly XNamespace Fhir = "http://hl7.org/fhir";

    [Test]
    public async Task Xml_is_read_and_answered_in_xml()
    {
        const string Bundle = """
            <Bundle xmlns="http://hl7.org/fhir">
              <type value="batch"/>
              <entry><resource><Location><id value="xml-site"/><identifier><system value="https://fhir.nhs.uk/Id/ods-site-code"/><value value="RQ6"/></identifier>
                <physicalType><coding><code value="si"/></coding></physicalType></Location></resource></entry>
              <entry><resource><Location><id value="xml-ward"/><identifier><system value="local"/><value value="W2"/></identifier>
                <physicalType><coding><code value="wa"/></coding></physicalType><partOf><reference value="Location/xml-site"/></partOf></Location></resource></entry>
              <entry><resource><Location><id value="xml-bed"/><identifier><system value="local"/><value value="B04"/></identifier>
                <physicalType><coding><code value="bd"/></coding></physicalType><partOf><reference value="Location/xml-ward"/></partOf></Location></resource></entry>
              <entry><resource><Encounter><id value="xml-enc"/><status value="finished"/><class><code value="IMP"/></class>
                <period><start value="2026-11-25T10:00:00+00:00"/><end value="2026-11-26T06:15:00+00:00"/></period>
                <location><location><reference value="Location/xml-bed"/></location></location></Encounter></resource></entry>
            </Bundle>
            """;

        var (status, text, type) = await PostAsync(Bundle, "application/fhir+xml");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(type, Is.EqualTo("application/fhir+xml"));
        var answer = XDocument.Parse(text).Root!;
        Assert.That(answer.Name, Is.EqualTo(Fhir + "Bundle"));
        Assert.That(answer.Descendants(Fhir + "status").Select(s => s.Attribute("value")!.Value), Is.EqualTo(new[] { "200 OK", "200 OK", "200 OK", "201 Created" }));
        var stored = (await StoredAsync("Encounter/xml-enc")).Single();
        Assert.That((stored.Kind, stored.Location), Is.EqualTo((EventKind.Discharge, "RQ6/W2/B04")));
    }

    [Test]
    public async Task Malformed_xml_is_refused_in_xml()
    {
        var (status, text, type) = await PostAsync("<Encounter xmlns=\"http://hl7.org/fhir\"><id value=\"broken\"></Encounter>", "application/xml");

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(type, Is.EqualTo("application/fhir+xml"));
        var diagnostics = XDocument.Parse(text).Descendants(Fhir + "diagnostics").Single().Attribute("value")!.Value;
        Assert.That(diagnostics, Is.EqualTo(
            "The body is not FHIR XML: The 'id' start tag on line 1 position 41 does not match the end tag of 'Encounter'. Line 1, position 61."));
    }
}
