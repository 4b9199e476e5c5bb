using System.Globalization;

namespace Bright.Pipelines.Hl7;

public sealed partial class Hl7EventMapper
{
    /// <summary>
    /// SIU S12 (new appointment) → CaseScheduled: Location <c>SITE/theatres/ROOM</c> from AIL-3, Value the
    /// planned minutes (SCH-9/SCH-10, else AIS-7/AIS-8), Code the procedure (AIS-3, else SCH-7); S15 → CaseCancelled.
    /// </summary>
    private Hl7Issue? MapSchedule(Context context, string trigger)
    {
        string? subject = null;
        if (context.Message.Find("SCH") is not { } sch)
        {
            return new Hl7Issue("SCH", $"the segment is required for {context.Type}");
        }

        var caseId = sch.Field(2).Component(1).Value ?? sch.Field(1).Component(1).Value;
        if (caseId is null)
        {
            return new Hl7Issue("SCH-2", $"an appointment id (SCH-1 or SCH-2) is required for {context.Type}");
        }

        var ais = context.Message.Find("AIS");
        var issue = TryReadPlace(context, context.Message.Find("AIL")?.Field(3) ?? default, "AIL-3", required: false, out var room)
            ?? TryReadOptionalSubject(context, out subject);
        if (issue is not null)
        {
            return issue;
        }

        var extra = new Dictionary<string, string>(StringComparer.Ordinal) { ["caseId"] = caseId };
        var location = room.Path(Core.Events.LocationPath.Theatres);
        if (trigger == "S15")
        {
            var reason = sch.Field(6).Component(1).Value ?? "unspecified";
            context.Add(EventKind.CaseCancelled, room.Site, subject, location, reason, extra: extra);
            return null;
        }

        var (startField, startLocation) = sch.Field(11).Component(4).HasValue
            ? (sch.Field(11).Component(4), "SCH-11.4")
            : (ais?.Field(4) ?? default, "AIS-4");
        if (!startField.HasValue)
        {
            return new Hl7Issue("SCH-11.4", $"the appointment start (SCH-11.4 or AIS-4) is required for {context.Type}");
        }

        if (!TryReadTime(startField, startLocation, out var start, out issue))
        {
            return issue;
        }

        extra["scheduledStart"] = Hl7Time.ToIso(start.Instant);
        var minutes = Minutes(sch.Field(9), sch.Field(10)) ?? (ais is { } a ? Minutes(a.Field(7), a.Field(8)) : null);
        var procedure = ais?.Field(3).Component(1).Value ?? sch.Field(7).Component(1).Value;
        context.Add(EventKind.CaseScheduled, room.Site, subject, location, procedure, minutes, extra);
        return null;
    }

    /// <summary>ORM^O01 → one DiagnosticRequested per OBR (order control NW); OccurredAt ORC-9, else OBR-6, else the message's.</summary>
    private Hl7Issue? MapOrder(Context context)
    {
        string? subject = null;
        var issue = TryReadPlace(context, context.Message.Find("PV1")?.Field(3) ?? default, "PV1-3", required: false, out var place)
            ?? TryReadOptionalSubject(context, out subject);
        if (issue is not null)
        {
            return issue;
        }

        Hl7Segment? orc = null;
        foreach (var segment in context.Message.Segments)
        {
            if (segment.Name == "ORC")
            {
                orc = segment;
                var control = segment.Field(1).Component(1).Value;
                if (control is not null && control != "NW")
                {
                    return new Hl7Issue("ORC-1", $"order control '{control}' is not supported (only NW)");
                }

                continue;
            }

            if (segment.Name != "OBR")
            {
                continue;
            }

            var timeField = orc?.Field(9) is { HasValue: true } transaction ? (transaction, "ORC-9") : (segment.Field(6), "OBR-6");
            issue = AddDiagnostic(context, EventKind.DiagnosticRequested, segment, place, subject, timeField,
                orc?.Field(2).Component(1).Value ?? segment.Field(2).Component(1).Value);
            if (issue is not null)
            {
                return issue;
            }
        }

        return context.Events.Count == 0 ? new Hl7Issue("OBR", $"the segment is required for {context.Type}") : null;
    }

    /// <summary>
    /// ORU^R01 → one DiagnosticReported per OBR; OccurredAt OBR-22, else OBR-7, else the message's. OBX values are not kept.
    /// </summary>
    private Hl7Issue? MapResult(Context context)
    {
        string? subject = null;
        var issue = TryReadPlace(context, context.Message.Find("PV1")?.Field(3) ?? default, "PV1-3", required: false, out var place)
            ?? TryReadOptionalSubject(context, out subject);
        if (issue is not null)
        {
            return issue;
        }

        foreach (var obr in context.Message.FindAll("OBR"))
        {
            var timeField = obr.Field(22).HasValue ? (obr.Field(22), "OBR-22") : (obr.Field(7), "OBR-7");
            issue = AddDiagnostic(context, EventKind.DiagnosticReported, obr, place, subject, timeField,
                obr.Field(2).Component(1).Value ?? obr.Field(3).Component(1).Value);
            if (issue is not null)
            {
                return issue;
            }
        }

        return context.Events.Count == 0 ? new Hl7Issue("OBR", $"the segment is required for {context.Type}") : null;
    }

    private static Hl7Issue? AddDiagnostic(Context context, EventKind kind, Hl7Segment obr, PlaceOfCare place, string? subject,
        (Hl7Field Field, string Location) time, string? orderId)
    {
        var service = obr.Field(4);
        if (!service.Component(1).HasValue)
        {
            return new Hl7Issue("OBR-4", $"the service identifier is required for {context.Type}");
        }

        DateTimeOffset? occurredAt = null;
        if (time.Field.HasValue)
        {
            if (!TryReadTime(time.Field, time.Location, out var stamp, out var issue))
            {
                return issue;
            }

            occurredAt = stamp.Instant;
        }

        var extra = new Dictionary<string, string>(StringComparer.Ordinal);
        Put(extra, "orderId", orderId);
        Put(extra, "service", service.Component(2).Value);
        Put(extra, "section", obr.Field(24).Value);
        Put(extra, "resultStatus", kind == EventKind.DiagnosticReported ? obr.Field(25).Value : null);
        if (occurredAt is not null)
        {
            extra["occurredAtSource"] = time.Location;
        }

        context.Add(kind, place.Site, subject, place.Path(), service.Component(1).ToString(), extra: extra, occurredAt: occurredAt);
        return null;
    }

    private Hl7Issue? TryReadOptionalSubject(Context context, out string? subject)
    {
        subject = null;
        if (context.Message.Find("PID") is not { } pid)
        {
            return null;
        }

        var issue = TryReadSubject(context, pid, out var found);
        subject = issue is null ? found : null;
        return issue;
    }

    private static double? Minutes(Hl7Field amount, Hl7Field units)
    {
        if (!double.TryParse(amount.Component(1).Raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            return null;
        }

        return units.Component(1).ToString().ToUpperInvariant() switch
        {
            "H" or "HR" or "HRS" or "HOUR" or "HOURS" => value * 60,
            "S" or "SEC" or "SECONDS" => value / 60,
            _ => value,
        };
    }

    private static void Put(Dictionary<string, string> extra, string key, string? value)
    {
        if (value is not null)
        {
            extra[key] = value;
        }
    }
}
