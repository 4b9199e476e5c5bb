using System.Text.Json.Serialization;
using Bright.Store.DataQuality;
using Bright.Store.DeadLetters;
using Bright.Store.Fhir;
using Bright.Store.LiveHistory;
using Bright.Store.Opel;

namespace Bright.Server.Distributed;

/// <summary>
/// The wire form of the log: per stream entry a JSON array of canonical events, of dead letters or of
/// data-quality flags, or one alert acknowledgement, administrator's change (feed, alert rule, OPEL table, KPI, dashboard), dead-letter
/// replay outcome, a feed's FHIR Locations, or a saved query or export schedule change; camelCase, kinds by name. Also snapshot manifests. Source-generated, since every event crosses it twice (on append, and on each node's read).
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HospitalEvent[]))]
[JsonSerializable(typeof(DeadLetter[]))]
[JsonSerializable(typeof(DataQualityFlag[]))]
[JsonSerializable(typeof(AlertAcknowledgement))]
[JsonSerializable(typeof(SnapshotManifest))]
[JsonSerializable(typeof(FeedChange))]
[JsonSerializable(typeof(AlertRuleChange))]
[JsonSerializable(typeof(KpiChange))]
[JsonSerializable(typeof(DashboardChange))]
[JsonSerializable(typeof(NewOpelTableVersion))]
[JsonSerializable(typeof(DeadLetterReplayed))]
[JsonSerializable(typeof(FhirLocation[]))]
[JsonSerializable(typeof(SavedQueryChange))]
[JsonSerializable(typeof(QueryScheduleChange))]
internal sealed partial class EventLogJson : JsonSerializerContext;
