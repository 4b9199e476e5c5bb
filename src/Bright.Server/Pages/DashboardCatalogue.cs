namespace Bright.Server.Pages;

/// <summary>The built-in dashboards users open and copy (DESIGN.md, "Pages").</summary>
internal sealed class DashboardCatalogue
{
    public IReadOnlyList<DashboardInfo> BuiltIn { get; } =
    [
        new("command-centre", "Command centre", "Wallboard of the whole trust: feeds, OPEL, ED, beds, theatres, alerts and KPIs.",
            ["ingest", "opel", "alerts", "beds:*", "ed:*", "theatres:*", "kpi:*"]),
        new("theatres", "Theatre trackboard", "Each room's current case, milestone and status, with the day's metrics.", ["theatres:*", "alerts"]),
        new("beds", "Bed board", "Sites, wards and beds by status, with cleaning and pending moves.", ["beds:*", "alerts"]),
        new("ed", "Emergency department", "Patients in department, breaches and ambulance handovers.", ["ed:*", "alerts"]),
        new("executive", "Executive SPC", "Every KPI's variation and assurance, with narration.", ["kpi:*"]),
        new("query", "Query workbench", "Read-only SQL on the live store, with exports.", []),
    ];

    public DashboardInfo? Find(string id) => BuiltIn.FirstOrDefault(d => d.Id == id);
}

/// <summary>A dashboard and the topics it shows; a pattern ending in <c>*</c> matches by prefix.</summary>
internal sealed record DashboardInfo(string Id, string Title, string Description, IReadOnlyList<string> Topics)
{
    public bool Shows(string topic) => Topics.Any(p => p.EndsWith('*')
        ? topic.StartsWith(p[..^1], StringComparison.Ordinal)
        : string.Equals(p, topic, StringComparison.Ordinal));
}
