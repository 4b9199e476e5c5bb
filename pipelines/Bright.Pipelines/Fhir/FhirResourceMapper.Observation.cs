using Hl7.Fhir.Model;
using FhirInstant = Hl7.Fhir.Model.Instant;

namespace Bright.Pipelines.Fhir;

internal sealed partial class FhirResourceMapper
{
    /// <summary>
    /// The code system of BRIGHT's own observations: <c>staffing-level</c> (valueQuantity = staff on duty; a
    /// component coded <c>planned</c> gives the plan).
    /// </summary>
    public const string ObservationSystem = "https://bright.nhs.uk/fhir/CodeSystem/observation";

    /// <summary>The code system whose codes are KPI ids: an Observation so coded is a KPI measurement.</summary>
    public const string KpiSystem = "https://bright.nhs.uk/fhir/CodeSystem/kpi";

    public const string StaffingLevelCode = "staffing-level";
    public const string PlannedCode = "planned";

    private static readonly ObservationStatus[] StoredStatuses =
        [ObservationStatus.Final, ObservationStatus.Amended, ObservationStatus.Corrected];

    // An Observation is a StaffingLevel or a KpiMeasurement for the Location in its subject, at
    // effectiveDateTime (or effectivePeriod.start, or effectiveInstant), with valueQuantity as its value.
    private async Task<FhirMapped> MapObservationAsync(Observation observation, FhirMappingContext context, CancellationToken cancellationToken)
    {
        var mapped = new FhirMapped();
        if (!RequireId(observation, mapped))
        {
            return mapped;
        }

        var staffing = observation.Code?.Coding.FirstOrDefault(c => c.System == ObservationSystem && c.Code == StaffingLevelCode);
        var kpi = observation.Code?.Coding.FirstOrDefault(c => c.System == KpiSystem && !string.IsNullOrWhiteSpace(c.Code));
        if (staffing is null && kpi is null)
        {
            var sent = string.Join(", ", observation.Code?.Coding.Select(c => $"{c.System}|{c.Code}") ?? []);
            mapped.Issues.Add(FhirIssue.NotSupported("Observation.code",
                $"'{(sent.Length > 0 ? sent : "nothing")}' is not an observation BRIGHT stores; code it {ObservationSystem}|{StaffingLevelCode} "
                + $"for a staffing level or {KpiSystem}|{{kpi id}} for a KPI measurement."));
            return mapped;
        }

        if (observation.Status is not { } status || !StoredStatuses.Contains(status))
        {
            mapped.Issues.Add(FhirIssue.Invalid("Observation.status",
                $"'{observation.StatusElement?.JsonValue ?? "nothing"}' is not stored; send final, amended or corrected."));
        }

        var value = (observation.Value as Quantity)?.Value;
        if (value is null)
        {
            mapped.Issues.Add(FhirIssue.Required("Observation.valueQuantity", "a valueQuantity with a value is required."));
        }

        (DataType? effective, string expression) = observation.Effective switch
        {
            Period p => (p.StartElement, "Observation.effectivePeriod.start"),
            FhirInstant i => (i, "Observation.effectiveInstant"),
            FhirDateTime d => (d, "Observation.effectiveDateTime"),
            _ => ((DataType?)null, "Observation.effective[x]"),
        };
        var at = Instant(effective, expression, mapped);
        if (at is null && effective is null)
        {
            mapped.Issues.Add(FhirIssue.Required(expression, "is required: it is when the measurement applies."));
        }

        CheckTime(at, expression, context, mapped);
        var place = await locations.ResolveReferenceAsync(observation.Subject, "Observation.subject", observation, context, cancellationToken);
        if (place.Issue is not null)
        {
            mapped.Issues.Add(place.Issue);
        }
        else
        {
            mapped.Flags.AddRange(place.Flags);
            CheckSite(place.Site, "Observation.subject", context, mapped);
        }

        if (mapped.Issues.Count > 0)
        {
            return mapped;
        }

        var attributes = Attributes(observation);
        if ((observation.Value as Quantity)?.Unit is { Length: > 0 } unit)
        {
            attributes["unit"] = unit;
        }

        var planned = observation.Component.FirstOrDefault(c => c.Code?.Coding.Any(x => x.System == ObservationSystem && x.Code == PlannedCode) == true);
        if ((planned?.Value as Quantity)?.Value is { } plan)
        {
            attributes["planned"] = plan.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var kind = staffing is not null ? EventKind.StaffingLevel : EventKind.KpiMeasurement;
        mapped.Events.Add(new HospitalEvent
        {
            EventId = EventId(observation, context.Source),
            OccurredAt = at!.Value.ToUniversalTime(),
            ReceivedAt = context.ReceivedAt,
            Source = context.Source,
            Site = place.Site!,
            Kind = kind,
            Location = place.Path,
            Code = kind == EventKind.KpiMeasurement ? kpi!.Code : null,
            Value = (double)value!.Value,
            Attributes = attributes,
        });
        mapped.Summary = $"{kind} at {place.Path}";
        return mapped;
    }
}
