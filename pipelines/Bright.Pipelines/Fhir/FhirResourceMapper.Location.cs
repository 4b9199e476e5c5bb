using Hl7.Fhir.Model;

namespace Bright.Pipelines.Fhir;

internal sealed partial class FhirResourceMapper
{
    /// <summary>
    /// Location.operationalStatus (HL7 table 0116, DOMAIN.md §4) to BRIGHT's bed status, and the reason
    /// kept for a blocked bed.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (string Status, string? Reason)> OperationalStatuses =
        new Dictionary<string, (string, string?)>(StringComparer.Ordinal)
        {
            ["O"] = (BedStatus.Occupied, null),
            ["U"] = (BedStatus.Available, null),
            ["H"] = (BedStatus.ToClean, null),
            ["C"] = (BedStatus.Blocked, "closed"),
            ["I"] = (BedStatus.Blocked, "isolated"),
            ["K"] = (BedStatus.Blocked, "contaminated"),
        };

    // A Location is placed and remembered (so later Encounters can refer to it); with an operationalStatus it
    // is also a BedStatusChanged for its bed.
    private async Task<FhirMapped> MapLocationAsync(Location location, FhirMappingContext context, CancellationToken cancellationToken)
    {
        var mapped = new FhirMapped();
        if (!RequireId(location, mapped))
        {
            return mapped;
        }

        var place = await locations.ResolveAsync(location, "Location", context, cancellationToken);
        if (place.Issue is not null)
        {
            mapped.Issues.Add(place.Issue);
            return mapped;
        }

        mapped.Flags.AddRange(place.Flags);
        CheckSite(place.Site, "Location", context, mapped);
        mapped.Location = (location.Id!, place.Site!, place.Path!);
        mapped.Summary = $"Location/{location.Id} is {place.Path}";
        var operational = location.OperationalStatus;
        if (operational is null)
        {
            return mapped;
        }

        if (operational.Code is not { } code || !OperationalStatuses.TryGetValue(code, out var status))
        {
            mapped.Issues.Add(FhirIssue.Invalid("Location.operationalStatus",
                $"'{operational.Code}' is not an HL7 table 0116 bed status BRIGHT maps; use one of {string.Join(", ", OperationalStatuses.Keys)}."));
            return mapped;
        }

        if (!Core.Events.LocationPath.TryParse(place.Path, out var path) || path.Place is null || path.Unit is Core.Events.LocationPath.Theatres
            or Core.Events.LocationPath.Ed)
        {
            mapped.Issues.Add(FhirIssue.Invalid("Location.operationalStatus",
                $"a bed status needs a bed, but the Location is '{place.Path}'; send physicalType 'bd' and partOf its ward."));
            return mapped;
        }

        var at = Instant(location.Meta?.LastUpdatedElement, "Location.meta.lastUpdated", mapped);
        if (at is null)
        {
            mapped.Flags.Add("Location.meta.lastUpdated: not sent, so the bed status change is timed when BRIGHT received it.");
        }

        CheckTime(at, "Location.meta.lastUpdated", context, mapped);
        if (mapped.Issues.Count > 0)
        {
            return mapped;
        }

        var attributes = Attributes(location);
        if (status.Reason is not null)
        {
            attributes["reason"] = status.Reason;
        }

        mapped.Events.Add(new HospitalEvent
        {
            EventId = EventId(location, context.Source),
            OccurredAt = (at ?? context.ReceivedAt).ToUniversalTime(),
            ReceivedAt = context.ReceivedAt,
            Source = context.Source,
            Site = place.Site!,
            Kind = EventKind.BedStatusChanged,
            Location = place.Path,
            Code = status.Status,
            Attributes = attributes,
        });
        mapped.Summary = $"BedStatusChanged to {status.Status} at {place.Path}";
        return mapped;
    }
}
