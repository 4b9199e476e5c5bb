namespace Bright.Server.Pages;

/// <summary>
/// A dashboard as a JSON document: its title, who it is for, the screen that lays it out and its tiles. Every
/// member is nullable so that a document missing a field reaches <see cref="DashboardValidator"/>, which names it.
/// </summary>
internal sealed record DashboardDocument
{
    public string? Id { get; init; }

    public string? Title { get; init; }

    public string? Description { get; init; }

    /// <summary><c>personal</c> (its owner only), <c>function</c> (a clinical function) or <c>situation</c> (e.g. OPEL 4).</summary>
    public string? Scope { get; init; }

    /// <summary>The function or situation a shared dashboard is for, e.g. <c>theatres</c> or <c>winter surge</c>.</summary>
    public string? Audience { get; init; }

    /// <summary>The screen: <c>tiles</c> (a wallboard), <c>trackboard</c>, <c>bedboard</c> or <c>spc</c>.</summary>
    public string? Layout { get; init; }

    /// <summary>Roles that open this dashboard by default; at most one dashboard is a role's default.</summary>
    public IReadOnlyList<string>? DefaultFor { get; init; }

    public DashboardFilters? Filters { get; init; }

    public IReadOnlyList<DashboardTile?>? Tiles { get; init; }
}

/// <summary>Sites and specialty a dashboard is limited to; tiles without a site of their own show these sites.</summary>
internal sealed record DashboardFilters
{
    public IReadOnlyList<string>? Sites { get; init; }

    public string? Specialty { get; init; }
}

/// <summary>One tile: its type and what it shows.</summary>
internal sealed record DashboardTile
{
    /// <summary>One of <see cref="DashboardTiles.Types"/>.</summary>
    public string? Type { get; init; }

    public string? Title { get; init; }

    /// <summary>For beds, ed and theatres: one site; null shows the dashboard's sites, or every site.</summary>
    public string? Site { get; init; }

    /// <summary>For kpi: the KPI id; null shows every KPI.</summary>
    public string? Kpi { get; init; }

    /// <summary>For query: the saved query's id.</summary>
    public long? Query { get; init; }

    /// <summary>For forecast: the series, e.g. <c>ed-arrivals:RQ6</c>.</summary>
    public string? Series { get; init; }
}

/// <summary>The tile and layout vocabulary, and the hub topics a tile needs.</summary>
internal static class DashboardTiles
{
    public static readonly string[] Types = ["opel", "ed", "beds", "theatres", "alerts", "kpi", "ingest", "query", "forecast"];

    public static readonly string[] SiteTypes = ["ed", "beds", "theatres"];

    public static readonly string[] Scopes = ["personal", "function", "situation"];

    public static readonly string[] Layouts = ["tiles", "trackboard", "bedboard", "spc", "workbench"];

    /// <summary>
    /// The topics (a trailing <c>*</c> matches by prefix) a document's tiles read. Query and forecast tiles read the
    /// HTTP API, so a kiosk cannot show them and they need no topic.
    /// </summary>
    public static IReadOnlyList<string> TopicsOf(DashboardDocument document)
    {
        var sites = document.Filters?.Sites ?? [];
        var topics = new List<string>();
        foreach (var tile in document.Tiles ?? [])
        {
            switch (tile?.Type)
            {
                case "opel" or "alerts" or "ingest":
                    topics.Add(tile.Type);
                    break;
                case "ed" or "beds" or "theatres" when tile.Site is not null:
                    topics.AddRange(SiteTopics(tile.Type, [tile.Site]));
                    break;
                case "ed" or "beds" or "theatres" when sites.Count > 0:
                    topics.AddRange(SiteTopics(tile.Type, sites));
                    break;
                case "ed" or "beds" or "theatres":
                    topics.AddRange(SiteTopics(tile.Type, ["*"]));
                    break;
                case "kpi":
                    topics.Add(tile.Kpi is null ? "kpi:*" : $"kpi:{tile.Kpi}");
                    break;
            }
        }

        return [.. topics.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>A site tile's topics; a beds tile also shows the coming days' demand against capacity (<c>capacity:{site}</c>).</summary>
    private static IEnumerable<string> SiteTopics(string type, IEnumerable<string> sites) =>
        sites.SelectMany(s => type == "beds" ? new[] { $"beds:{s}", $"capacity:{s}" } : [$"{type}:{s}"]);
}
