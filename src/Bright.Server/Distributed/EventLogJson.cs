using System.Text.Json.Serialization;

namespace Bright.Server.Distributed;

/// <summary>
/// The wire form of events in the log: a JSON array of canonical events per stream entry, camelCase, kinds by
/// name. Source-generated, since every event crosses it twice (on append, and on each node's read).
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HospitalEvent[]))]
internal sealed partial class EventLogJson : JsonSerializerContext;
