using System.Text.Json.Nodes;

namespace Bright.Server.Tests.Feeds;

/// <summary>FHIR R4 resources in their JSON form for tests; each test passes its own ids.</summary>
internal static class FhirResources
{
    public const string OdsSite = "https://fhir.nhs.uk/Id/ods-site-code";
    public const string LocalId = "https://trust.example.nhs.uk/Id/location";
    public const string PhysicalTypes = "http://terminology.hl7.org/CodeSystem/location-physical-type";

    public static JsonObject Site(string id, string ods = "RQ6") => new()
    {
        ["resourceType"] = "Location",
        ["id"] = id,
        ["identifier"] = new JsonArray(new JsonObject { ["system"] = OdsSite, ["value"] = ods }),
        ["physicalType"] = Type("si"),
    };

    public static JsonObject Ward(string id, string ward, string siteId) => new()
    {
        ["resourceType"] = "Location",
        ["id"] = id,
        ["identifier"] = new JsonArray(new JsonObject { ["system"] = LocalId, ["value"] = ward }),
        ["physicalType"] = Type("wa"),
        ["partOf"] = new JsonObject { ["reference"] = $"Location/{siteId}" },
    };

    public static JsonObject Bed(string id, string bed, string wardId, string? operationalStatus = null, string? lastUpdated = null)
    {
        var resource = new JsonObject
        {
            ["resourceType"] = "Location",
            ["id"] = id,
            ["identifier"] = new JsonArray(new JsonObject { ["system"] = LocalId, ["value"] = bed }),
            ["physicalType"] = Type("bd"),
            ["partOf"] = new JsonObject { ["reference"] = $"Location/{wardId}" },
        };
        if (lastUpdated is not null)
        {
            resource["meta"] = new JsonObject { ["lastUpdated"] = lastUpdated };
        }

        if (operationalStatus is not null)
        {
            resource["operationalStatus"] = new JsonObject { ["system"] = "http://terminology.hl7.org/CodeSystem/v2-0116", ["code"] = operationalStatus };
        }

        return resource;
    }

    public static JsonObject Encounter(string id, string status, string locationId, string? start = "2026-11-26T07:00:00+00:00", string? end = null,
        string classCode = "IMP", string? versionId = null)
    {
        var period = new JsonObject();
        if (start is not null)
        {
            period["start"] = start;
        }

        if (end is not null)
        {
            period["end"] = end;
        }

        var resource = new JsonObject
        {
            ["resourceType"] = "Encounter",
            ["id"] = id,
            ["status"] = status,
            ["class"] = new JsonObject { ["system"] = "http://terminology.hl7.org/CodeSystem/v3-ActCode", ["code"] = classCode },
            ["subject"] = new JsonObject { ["reference"] = $"Patient/patient-of-{id}" },
            ["period"] = period,
            ["location"] = new JsonArray(new JsonObject { ["location"] = new JsonObject { ["reference"] = $"Location/{locationId}" } }),
        };
        if (versionId is not null)
        {
            resource["meta"] = new JsonObject { ["versionId"] = versionId };
        }

        return resource;
    }

    public static string Bundle(string type, params JsonNode[] resources) => new JsonObject
    {
        ["resourceType"] = "Bundle",
        ["type"] = type,
        ["entry"] = new JsonArray([.. resources.Select(r => (JsonNode)new JsonObject
        {
            ["fullUrl"] = $"urn:uuid:{Guid.NewGuid()}",
            ["resource"] = r,
            ["request"] = new JsonObject { ["method"] = "PUT", ["url"] = $"{r["resourceType"]}/{r["id"]}" },
        })]),
    }.ToJsonString();

    private static JsonObject Type(string code) => new()
    {
        ["coding"] = new JsonArray(new JsonObject { ["system"] = PhysicalTypes, ["code"] = code }),
    };
}
