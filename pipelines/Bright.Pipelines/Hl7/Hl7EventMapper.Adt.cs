namespace Bright.Pipelines.Hl7;

public sealed partial class Hl7EventMapper
{
    /// <summary>ADT: one event per message (DOMAIN.md §7.1 table); A17 is one atomic swap of two pairs.</summary>
    private Hl7Issue? MapAdt(Context context, string trigger)
    {
        if (trigger == "A17")
        {
            return MapSwap(context);
        }

        var issue = TryReadSubject(context, context.Message.Find("PID"), out var subject);
        if (issue is not null)
        {
            return issue;
        }

        if (context.Message.Find("PV1") is not { } pv1)
        {
            return new Hl7Issue("PV1", $"the segment is required for {context.Type}");
        }

        var moves = trigger is "A01" or "A02" or "A03";
        issue = TryReadPlace(context, pv1.Field(3), "PV1-3", required: moves, out var place);
        if (issue is not null)
        {
            return issue;
        }

        var extra = new Dictionary<string, string>(StringComparer.Ordinal);
        AddPatientClass(context, pv1, extra);
        AddEncounter(context, pv1, extra);
        AddTime(context, "admittedAt", pv1.Field(44), "PV1-44");
        var specialty = pv1.Field(10).Component(1).Value;
        switch (trigger)
        {
            case "A01":
                context.Add(EventKind.Admission, place.Site, subject, place.Path(), specialty, extra: extra);
                break;
            case "A02":
                issue = TryReadPlace(context, pv1.Field(6), "PV1-6", required: false, out var from);
                if (issue is not null)
                {
                    return issue;
                }

                if (from.Path() is { } fromPath)
                {
                    extra["from"] = fromPath;
                }

                context.Add(EventKind.Transfer, place.Site, subject, place.Path(), specialty, extra: extra);
                break;
            case "A03":
                AddTime(context, "dischargedAt", pv1.Field(45), "PV1-45");
                context.Add(EventKind.Discharge, place.Site, subject, place.Path(), specialty, extra: extra);
                break;
            case "A04" when string.Equals(pv1.Field(2).Component(1).Value, "E", StringComparison.OrdinalIgnoreCase):
                context.Add(EventKind.EdArrival, place.Site, subject, place.Path(Core.Events.LocationPath.Ed), extra: extra);
                break;
            case "A05":
                if (context.Message.Find("PV2") is { } pv2)
                {
                    AddTime(context, "expectedAdmitAt", pv2.Field(8), "PV2-8");
                    AddTime(context, "expectedDischargeAt", pv2.Field(9), "PV2-9");
                }

                context.Add(EventKind.PreAdmission, place.Site, subject, place.Path(), specialty, extra: extra);
                break;
            case "A11" or "A12" or "A13":
                // The cancelled event is named by subject and kind: live state undoes that subject's latest
                // event of this kind from the log, never from PV1-6 (DOMAIN.md §7.2, "DELETE ME").
                var (kind, cancels) = trigger switch
                {
                    "A11" => (EventKind.AdmissionCancelled, EventKind.Admission),
                    "A12" => (EventKind.TransferCancelled, EventKind.Transfer),
                    _ => (EventKind.DischargeCancelled, EventKind.Discharge),
                };
                extra["cancels"] = cancels.ToString();
                context.Add(kind, place.Site, subject, place.Path(), extra: extra);
                break;
            default:
                // A04 other than an ED registration, A06/A07 reclassifications and A08 updates: attributes only.
                context.Add(EventKind.PatientUpdated, place.Site, subject, place.Path(), trigger, extra: extra);
                break;
        }

        return null;
    }

    /// <summary>
    /// A17: two PID/PV1 pairs swap beds in one event. Subject and Location are the first patient and the bed
    /// they move to; attributes <c>otherSubject</c> and <c>otherLocation</c> the second.
    /// </summary>
    private Hl7Issue? MapSwap(Context context)
    {
        var pairs = new List<(Hl7Segment Pid, Hl7Segment Pv1)>(2);
        Hl7Segment? pid = null;
        foreach (var segment in context.Message.Segments)
        {
            if (segment.Name == "PID")
            {
                pid = segment;
            }
            else if (segment.Name == "PV1" && pid is { } current)
            {
                pairs.Add((current, segment));
                pid = null;
            }
        }

        if (pairs.Count != 2)
        {
            return new Hl7Issue("PID", $"{context.Type} needs two PID/PV1 pairs, found {pairs.Count}");
        }

        var subjects = new string[2];
        var places = new PlaceOfCare[2];
        for (var i = 0; i < 2; i++)
        {
            var issue = TryReadSubject(context, pairs[i].Pid, out subjects[i])
                ?? TryReadPlace(context, pairs[i].Pv1.Field(3), "PV1-3", required: true, out places[i]);
            if (issue is not null)
            {
                return issue with { Text = $"{issue.Text} (pair {i + 1})" };
            }
        }

        if (!string.Equals(places[0].Site, places[1].Site, StringComparison.Ordinal))
        {
            return new Hl7Issue("PV1-3", $"a bed swap must stay on one site, found '{places[0].Site}' and '{places[1].Site}'");
        }

        var extra = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["otherSubject"] = subjects[1],
            ["otherLocation"] = places[1].Path()!,
        };
        context.Add(EventKind.BedSwap, places[0].Site, subjects[0], places[0].Path(), extra: extra);
        return null;
    }
}
