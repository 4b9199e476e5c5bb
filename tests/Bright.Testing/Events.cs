using System.Text.Json.Nodes;

namespace Bright.Testing;

/// <summary>Builds canonical events in their JSON wire form for tests; each test uses its own ids.</summary>
public static class EventJson
{
    public static JsonObject Admission(string eventId, DateTimeOffset occurredAt, string site = "RQ6", string location = "RQ6/W1/B01") => new()
    {
        ["eventId"] = eventId,
        ["occurredAt"] = occurredAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["site"] = site,
        ["kind"] = "Admission",
        ["subject"] = "P-" + eventId,
        ["location"] = location,
        ["code"] = "general medicine",
    };

    public static string Array(params JsonNode[] events) => new JsonArray([.. events]).ToJsonString();

    public static string Many(string prefix, int count, DateTimeOffset occurredAt, string site = "RQ6") =>
        new JsonArray([.. Enumerable.Range(0, count).Select(i => (JsonNode)Admission($"{prefix}-{i}", occurredAt.AddSeconds(i), site))]).ToJsonString();
}
