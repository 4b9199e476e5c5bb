namespace Bright.Pipelines.Hl7;

public sealed partial class Hl7EventMapper
{
    /// <summary>
    /// The subject's pseudonym from PID-3 (DOMAIN.md §7.4): the NHS number (authority <c>NHS</c>, or type
    /// <c>NHS</c> or <c>HN</c>) when it passes its modulus-11 check, else the first other identifier with its
    /// assigning authority. The identifiers themselves are never kept.
    /// </summary>
    private Hl7Issue? TryReadSubject(Context context, Hl7Segment? pid, out string subject)
    {
        subject = string.Empty;
        if (pid is not { } segment)
        {
            return new Hl7Issue("PID", $"the segment is required for {context.Type}");
        }

        var identifiers = segment.Field(3);
        Hl7Field? local = null;
        for (var i = 1; i <= identifiers.RepetitionCount; i++)
        {
            var identifier = identifiers.Repetition(i);
            var id = identifier.Component(1);
            if (!id.HasValue)
            {
                continue;
            }

            var authority = identifier.Component(4).ToString();
            var type = identifier.Component(5).ToString();
            var isNhs = string.Equals(authority, "NHS", StringComparison.OrdinalIgnoreCase)
                || type.Equals("NHS", StringComparison.OrdinalIgnoreCase) || type.Equals("HN", StringComparison.OrdinalIgnoreCase);
            if (!isNhs)
            {
                local ??= identifier;
                continue;
            }

            if (Pseudonymisation.Pseudonymiser.TryNormaliseNhsNumber(id.ToString(), out var nhsNumber))
            {
                subject = _pseudonymiser.ForNhsNumber(nhsNumber);
                return null;
            }

            // The number itself is not repeated in the note: it is patient-identifiable.
            context.Flag($"PID-3({i}): the NHS number fails its modulus-11 check; the local identifier was used");
        }

        if (local is { } mrn)
        {
            var authority = mrn.Component(4).HasValue ? mrn.Component(4).ToString() : context.Feed.Source;
            subject = _pseudonymiser.ForLocalId("mrn", authority, mrn.Component(1).ToString());
            return null;
        }

        return new Hl7Issue("PID-3", $"a patient identifier is required for {context.Type}");
    }

    /// <summary>The encounter's pseudonym from PV1-19 (visit number), when sent.</summary>
    private void AddEncounter(Context context, Hl7Segment pv1, Dictionary<string, string> extra)
    {
        var visit = pv1.Field(19);
        if (visit.Component(1).HasValue)
        {
            var authority = visit.Component(4).HasValue ? visit.Component(4).ToString() : context.Feed.Source;
            extra["encounter"] = _pseudonymiser.ForLocalId("visit", authority, visit.Component(1).ToString());
        }
    }

    /// <summary>PV1-2 read through the feed's patient classes; unknown values kept as sent and flagged.</summary>
    private static void AddPatientClass(Context context, Hl7Segment pv1, Dictionary<string, string> extra)
    {
        var field = pv1.Field(2);
        if (!field.HasValue)
        {
            return;
        }

        var sent = field.Component(1).ToString();
        if (context.Feed.ClassMap.TryGetValue(sent, out var mapped))
        {
            extra["patientClass"] = mapped;
        }
        else
        {
            extra["patientClass"] = sent;
            context.Flag($"PV1-2: patient class '{sent}' is not mapped for feed '{context.Feed.Source}'");
        }
    }
}
