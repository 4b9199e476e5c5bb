using Hl7.Fhir.Model;

namespace Bright.Pipelines.Fhir;

internal sealed partial class FhirResourceMapper
{
    /// <summary>Encounter.class codes (v3 ActCode) read as inpatient stays.</summary>
    public static readonly IReadOnlyList<string> InpatientClasses = ["IMP", "ACUTE", "NONAC", "SS", "OBSENC", "PRENC"];

    /// <summary>Encounter.class codes read as ED attendances.</summary>
    public static readonly IReadOnlyList<string> EmergencyClasses = ["EMER"];

    // DOMAIN.md §7.3. Inpatient: planned → PreAdmission; arrived, triaged or in-progress → Admission, or Transfer
    // when location[] holds a completed location before the current one; finished → Discharge; onleave →
    // PatientUpdated; cancelled or entered-in-error → AdmissionCancelled. Emergency: arrived → EdArrival,
    // triaged → EdTriage, in-progress → EdSeenByClinician, finished → EdDeparture.
    private async Task<FhirMapped> MapEncounterAsync(Encounter encounter, FhirMappingContext context, CancellationToken cancellationToken)
    {
        var mapped = new FhirMapped();
        if (!RequireId(encounter, mapped))
        {
            return mapped;
        }

        var classCode = encounter.Class?.Code;
        var inpatient = InpatientClasses.Contains(classCode);
        if (!inpatient && !EmergencyClasses.Contains(classCode))
        {
            mapped.Issues.Add(FhirIssue.NotSupported("Encounter.class", $"'{classCode}' is not mapped; BRIGHT takes inpatient "
                + $"({string.Join(", ", InpatientClasses)}) and emergency ({string.Join(", ", EmergencyClasses)}) encounters."));
            return mapped;
        }

        var status = encounter.Status;
        var kind = (inpatient, status) switch
        {
            (true, Encounter.EncounterStatus.Planned) => EventKind.PreAdmission,
            (true, Encounter.EncounterStatus.Arrived or Encounter.EncounterStatus.Triaged or Encounter.EncounterStatus.InProgress) =>
                EventKind.Admission,
            (true, Encounter.EncounterStatus.Finished) => EventKind.Discharge,
            (true, Encounter.EncounterStatus.Onleave) => EventKind.PatientUpdated,
            (true, Encounter.EncounterStatus.Cancelled or Encounter.EncounterStatus.EnteredInError) => EventKind.AdmissionCancelled,
            (false, Encounter.EncounterStatus.Arrived) => EventKind.EdArrival,
            (false, Encounter.EncounterStatus.Triaged) => EventKind.EdTriage,
            (false, Encounter.EncounterStatus.InProgress) => EventKind.EdSeenByClinician,
            (false, Encounter.EncounterStatus.Finished) => EventKind.EdDeparture,
            _ => (EventKind?)null,
        };
        if (kind is null)
        {
            mapped.Issues.Add(FhirIssue.NotSupported("Encounter.status",
                $"'{encounter.StatusElement?.JsonValue ?? "nothing"}' is not mapped for class '{classCode}'."));
            return mapped;
        }

        // location[]: the current place is the last active one (or the last one when none says), the previous
        // the last completed one before it.
        var places = encounter.Location;
        if (places.Count == 0)
        {
            mapped.Issues.Add(FhirIssue.Required("Encounter.location", "at least one location is required so BRIGHT knows the site."));
            return mapped;
        }

        var currentIndex = places.FindLastIndex(l => l.Status == Encounter.EncounterLocationStatus.Active);
        currentIndex = currentIndex < 0 ? places.Count - 1 : currentIndex;
        var previousIndex = places.FindLastIndex(currentIndex, l => l.Status == Encounter.EncounterLocationStatus.Completed);
        var current = await locations.ResolveReferenceAsync(places[currentIndex].Location, $"Encounter.location[{currentIndex}].location", encounter,
            context, cancellationToken);
        if (current.Issue is not null)
        {
            mapped.Issues.Add(current.Issue);
            return mapped;
        }

        mapped.Flags.AddRange(current.Flags);
        var attributes = Attributes(encounter);
        attributes["encounterClass"] = classCode!;
        attributes["encounterStatus"] = encounter.StatusElement!.JsonValue!.ToString()!;
        if (kind == EventKind.Admission && previousIndex >= 0)
        {
            var previous = await locations.ResolveReferenceAsync(places[previousIndex].Location, $"Encounter.location[{previousIndex}].location",
                encounter, context, cancellationToken);
            if (previous.Issue is not null)
            {
                mapped.Issues.Add(previous.Issue);
                return mapped;
            }

            kind = EventKind.Transfer;
            attributes["from"] = previous.Path!;
        }

        var occurredAt = OccurredAt(encounter, kind.Value, currentIndex, previousIndex, context, mapped);
        CheckSite(current.Site, $"Encounter.location[{currentIndex}].location", context, mapped);
        if (kind == EventKind.PreAdmission && Instant(encounter.Period?.StartElement, "Encounter.period.start", mapped) is { } expected)
        {
            attributes["expectedAt"] = expected.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        }

        if (kind == EventKind.AdmissionCancelled)
        {
            attributes["cancels"] = $"fhir:{context.Source}:Encounter/{encounter.Id}";
        }

        if (mapped.Issues.Count > 0 || occurredAt is null)
        {
            return mapped;
        }

        mapped.Events.Add(new HospitalEvent
        {
            EventId = EventId(encounter, context.Source),
            OccurredAt = occurredAt.Value.ToUniversalTime(),
            ReceivedAt = context.ReceivedAt,
            Source = context.Source,
            Site = current.Site!,
            Kind = kind.Value,
            Subject = Subject(encounter, context.Source),
            Location = current.Path,
            Code = kind == EventKind.PatientUpdated ? "onleave" : classCode,
            Attributes = attributes,
        });
        mapped.Summary = $"{kind} at {current.Path}";
        return mapped;
    }

    private static DateTimeOffset? OccurredAt(Encounter encounter, EventKind kind, int currentIndex, int previousIndex, FhirMappingContext context,
        FhirMapped mapped)
    {
        var period = encounter.Period;
        var place = encounter.Location[currentIndex].Period;
        (DataType? value, string expression, string why) = kind switch
        {
            EventKind.Admission or EventKind.EdArrival => ((DataType?)period?.StartElement ?? place?.StartElement, "Encounter.period.start",
                "is required: it is when the patient was admitted or arrived."),
            EventKind.Transfer => ((DataType?)place?.StartElement ?? encounter.Location[previousIndex].Period?.EndElement,
                $"Encounter.location[{currentIndex}].period.start", "is required: it is when the patient moved."),
            EventKind.Discharge or EventKind.EdDeparture => ((DataType?)period?.EndElement, "Encounter.period.end",
                "is required for a finished encounter: it is when the patient left."),
            _ => ((DataType?)encounter.Meta?.LastUpdatedElement, "Encounter.meta.lastUpdated", ""),
        };
        var at = Instant(value, expression, mapped);
        if (at is null && mapped.Issues.Count == 0)
        {
            if (why.Length > 0)
            {
                mapped.Issues.Add(FhirIssue.Required(expression, why));
                return null;
            }

            // A status change without a time of its own (triage, on leave, cancelled) happened when it was sent.
            mapped.Flags.Add($"Encounter.meta.lastUpdated: not sent, so the {kind} is timed when BRIGHT received it.");
            at = context.ReceivedAt;
        }

        CheckTime(at, expression, context, mapped);
        return at;
    }

    private string Subject(Encounter encounter, string source)
    {
        var nhs = encounter.Subject?.Identifier;
        if (nhs?.System == "https://fhir.nhs.uk/Id/nhs-number" && Pseudonymisation.Pseudonymiser.TryNormaliseNhsNumber(nhs.Value, out var number))
        {
            return pseudonymiser.ForNhsNumber(number);
        }

        return encounter.Subject?.Reference is { Length: > 0 } patient
            ? pseudonymiser.ForLocalId("fhir-patient", source, patient)
            : pseudonymiser.ForLocalId("fhir-encounter", source, encounter.Id!);
    }
}
