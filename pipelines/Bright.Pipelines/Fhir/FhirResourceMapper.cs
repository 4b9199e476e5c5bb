using System.Security.Cryptography;
using System.Text;
using Bright.Pipelines.Pseudonymisation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using FhirInstant = Hl7.Fhir.Model.Instant;

namespace Bright.Pipelines.Fhir;

/// <summary>What mapping one resource gave: its events (maybe none), or everything wrong with it.</summary>
internal sealed class FhirMapped
{
    public List<HospitalEvent> Events { get; } = [];

    public List<FhirIssue> Issues { get; } = [];

    public List<string> Flags { get; } = [];

    /// <summary>The site, when it could be told (for dead letters).</summary>
    public string? Site { get; set; }

    /// <summary>A Location to remember once the entry is accepted: (id, site, path).</summary>
    public (string Id, string Site, string Path)? Location { get; set; }

    /// <summary>What was made of it, for the informational outcome.</summary>
    public string? Summary { get; set; }
}

/// <summary>
/// Maps FHIR R4 Encounter, Location and Observation resources (UK Core, DOMAIN.md §7.3) to canonical events.
/// The EventId is <c>fhir:{source}:{type}/{id}/_history/{versionId}</c>, or, without <c>meta.versionId</c>,
/// <c>fhir:{source}:{type}/{id}:{hash}</c> with a hash of the resource's FHIR JSON, so a resend is a duplicate
/// and a changed resource is a new event. Patient references become pseudonyms. Thread-safe.
/// </summary>
internal sealed partial class FhirResourceMapper(FhirLocationResolver locations, Pseudonymiser pseudonymiser)
{
    /// <summary>How far ahead of now a time may be (clock drift at the source), as for <c>POST /api/events</c>.</summary>
    private static readonly TimeSpan MaxFutureSkew = Validation.CanonicalEventValidator.MaxFutureSkew;

    private static readonly FhirJsonSerializer Canonical = new();

    public Task<FhirMapped> MapAsync(Resource resource, FhirMappingContext context, CancellationToken cancellationToken) => resource switch
    {
        Encounter encounter => MapEncounterAsync(encounter, context, cancellationToken),
        Location location => MapLocationAsync(location, context, cancellationToken),
        Observation observation => MapObservationAsync(observation, context, cancellationToken),
        _ => System.Threading.Tasks.Task.FromResult(Refused(FhirIssue.NotSupported("resourceType",
            $"'{resource.TypeName}' is not accepted; send a Bundle (batch or transaction), Encounter, Location or Observation."))),
    };

    private static FhirMapped Refused(FhirIssue issue)
    {
        var mapped = new FhirMapped();
        mapped.Issues.Add(issue);
        return mapped;
    }

    private static string EventId(Resource resource, string source)
    {
        var versionId = resource.Meta?.VersionId;
        if (!string.IsNullOrWhiteSpace(versionId))
        {
            return $"fhir:{source}:{resource.TypeName}/{resource.Id}/_history/{versionId}";
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(Canonical.SerializeToString(resource)), hash);
        return $"fhir:{source}:{resource.TypeName}/{resource.Id}:{Convert.ToHexStringLower(hash[..8])}";
    }

    private static bool RequireId(Resource resource, FhirMapped mapped)
    {
        if (string.IsNullOrWhiteSpace(resource.Id))
        {
            mapped.Issues.Add(FhirIssue.Required($"{resource.TypeName}.id", "is required: BRIGHT derives the event id from it."));
            return false;
        }

        return true;
    }

    private static void CheckTime(DateTimeOffset? time, string expression, FhirMappingContext context, FhirMapped mapped)
    {
        if (time is { } at && at > context.ReceivedAt + MaxFutureSkew)
        {
            mapped.Issues.Add(FhirIssue.Invalid(expression, $"'{at:O}' is more than a day in the future; check the sender's clock and time zone."));
        }
    }

    private static void CheckSite(string? site, string expression, FhirMappingContext context, FhirMapped mapped)
    {
        mapped.Site = site;
        if (site is not null && context.AllowedSites is { } allowed && !allowed.Contains(site))
        {
            mapped.Issues.Add(FhirIssue.Invalid(expression,
                $"this token may not send events for '{site}'; it is limited to {string.Join(", ", allowed.Order(StringComparer.Ordinal))}."));
        }
    }

    /// <summary>A FHIR dateTime or instant as an instant; a date-only or zone-less value is an issue.</summary>
    private static DateTimeOffset? Instant(DataType? value, string expression, FhirMapped mapped)
    {
        switch (value)
        {
            case FhirInstant instant:
                return instant.Value;
            case FhirDateTime dateTime when dateTime.Value is { } text:
                if (text.Length > 10 && HasOffset(text) && dateTime.TryToDateTimeOffset(out var at))
                {
                    return at;
                }

                mapped.Issues.Add(FhirIssue.Invalid(expression,
                    $"'{text}' must be a time with an offset, e.g. 2026-11-26T09:30:00Z; a date alone does not say when it happened."));
                return null;
            default:
                return null;
        }
    }

    private static bool HasOffset(string text) => text.EndsWith('Z') || text.Length > 19 && text[^6] is '+' or '-';

    private static Dictionary<string, string> Attributes(Resource resource)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal) { ["fhirResource"] = $"{resource.TypeName}/{resource.Id}" };
        if (resource.Meta?.VersionId is { Length: > 0 } version)
        {
            attributes["fhirVersion"] = version;
        }

        return attributes;
    }
}
