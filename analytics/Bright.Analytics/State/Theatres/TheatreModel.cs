namespace Bright.Analytics.State.Theatres;

/// <summary>A planned theatre list (session).</summary>
internal sealed class TheatreList(string listId, string room, DateTimeOffset start, DateTimeOffset end)
{
    public string ListId { get; } = listId;

    public string Room { get; } = room;

    public DateTimeOffset Start { get; } = start;

    public DateTimeOffset End { get; } = end;

    public string? Specialty { get; init; }

    public string? Session { get; init; }

    public List<TheatreCase> Cases { get; } = [];
}

/// <summary>A case on a list, with its milestones as recorded.</summary>
internal sealed class TheatreCase(string caseId, string room)
{
    public string CaseId { get; } = caseId;

    public string Room { get; set; } = room;

    public string? ListId { get; set; }

    public string? Procedure { get; set; }

    public DateTimeOffset? PlannedStart { get; set; }

    public double? PlannedMinutes { get; set; }

    public string? PatientClass { get; set; }

    public bool Scheduled { get; set; }

    public DateTimeOffset? CancelledAt { get; set; }

    public string? CancelCode { get; set; }

    public string? CancelReason { get; set; }

    public Dictionary<string, DateTimeOffset> Milestones { get; } = new(StringComparer.Ordinal);

    public (string Code, DateTimeOffset At)? Latest { get; set; }

    public DateTimeOffset? First => Milestones.Count == 0 ? null : Milestones.Values.Min();

    public DateTimeOffset? At(string milestone) => Milestones.TryGetValue(milestone, out var at) ? at : null;
}

/// <summary>A room's status as set by the latest mapped milestone.</summary>
internal sealed class Room(string code, string name, bool known)
{
    public string Code { get; } = code;

    public string Name { get; } = name;

    public bool Known { get; } = known;

    public string Status { get; set; } = "ready";

    public DateTimeOffset? Since { get; set; }
}
