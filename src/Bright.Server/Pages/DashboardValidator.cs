using System.Text.RegularExpressions;
using Bright.Core.Reference;
using Bright.Server.Auth;
using Bright.Store.Kpis;
using Bright.Store.Query;

namespace Bright.Server.Pages;

/// <summary>Checks a dashboard document, reporting every wrong field with its path (<c>tiles[2].site</c>) and the reason.</summary>
internal sealed partial class DashboardValidator(TrustReference trust, KpiStore kpis, SavedQueryStore queries, DashboardCatalogue catalogue)
{
    public const int MaxTiles = 40;

    public async Task<IReadOnlyList<(string Field, string Reason)>> ValidateAsync(DashboardDocument document, CancellationToken cancellationToken)
    {
        var errors = new List<(string, string)>();
        if (!IdPattern().IsMatch(document.Id ?? ""))
        {
            errors.Add(("id", $"'{document.Id}' must be 2 to 63 lower-case letters, digits and hyphens, starting with a letter or digit, e.g. 'winter-surge'"));
        }
        else if (catalogue.BuiltIn.Any(d => d.Id == document.Id))
        {
            errors.Add(("id", $"'{document.Id}' is a built-in dashboard, which is read-only; save your copy under another id"));
        }

        if (string.IsNullOrWhiteSpace(document.Title) || document.Title.Length > 120)
        {
            errors.Add(("title", "a dashboard needs a title of 1 to 120 characters"));
        }

        if (document.Description?.Length > 2000)
        {
            errors.Add(("description", "must be at most 2,000 characters"));
        }

        CheckScope(document, errors);
        CheckOneOf("layout", document.Layout, DashboardTiles.Layouts, errors);
        CheckSites("filters.sites", document.Filters?.Sites, errors);
        if (document.Filters?.Specialty is { Length: 0 or > 80 })
        {
            errors.Add(("filters.specialty", "must be 1 to 80 characters, or left out"));
        }

        if (document.Tiles is not { Count: > 0 and <= MaxTiles } tiles)
        {
            errors.Add(("tiles", $"a dashboard needs 1 to {MaxTiles} tiles, e.g. [{{ \"type\": \"beds\", \"site\": \"RQ6\" }}]"));
            return errors;
        }

        for (var i = 0; i < tiles.Count; i++)
        {
            await CheckTileAsync($"tiles[{i}]", tiles[i], errors, cancellationToken);
        }

        var needs = document.Layout switch { "trackboard" => "theatres", "bedboard" => "beds", _ => null };
        if (needs is not null && !tiles.Any(t => t?.Type == needs))
        {
            errors.Add(("layout", $"a {document.Layout} shows a {needs} tile; add {{ \"type\": \"{needs}\" }} to tiles"));
        }

        return errors;
    }

    private static void CheckScope(DashboardDocument document, List<(string, string)> errors)
    {
        CheckOneOf("scope", document.Scope, DashboardTiles.Scopes, errors);
        if (document.Scope is "function" or "situation" && string.IsNullOrWhiteSpace(document.Audience))
        {
            errors.Add(("audience", document.Scope == "function"
                ? "a function dashboard names the clinical function it is for, e.g. 'theatres', 'ED', 'radiology' or 'heart failure'"
                : "a situation dashboard names the situation it is for, e.g. 'winter surge', 'OPEL 4' or 'industrial action'"));
        }
        else if (document.Audience?.Length > 80)
        {
            errors.Add(("audience", "must be at most 80 characters"));
        }

        var roles = Enum.GetNames<BrightRole>();
        for (var i = 0; i < (document.DefaultFor?.Count ?? 0); i++)
        {
            var role = document.DefaultFor![i];
            if (!roles.Contains(role, StringComparer.Ordinal))
            {
                errors.Add(($"defaultFor[{i}]", $"'{role}' is not a role; roles are {string.Join(", ", roles)}"));
            }
        }

        if (document.DefaultFor is { Count: > 0 } && document.Scope == "personal")
        {
            errors.Add(("defaultFor", "a personal dashboard cannot be a role's default; save it for a function or situation"));
        }
    }

    private async Task CheckTileAsync(string at, DashboardTile? tile, List<(string, string)> errors, CancellationToken cancellationToken)
    {
        if (tile is null)
        {
            errors.Add((at, "must be a tile object like { \"type\": \"beds\" }, not null"));
            return;
        }

        if (!CheckOneOf($"{at}.type", tile.Type, DashboardTiles.Types, errors))
        {
            return;
        }

        if (tile.Title?.Length > 80)
        {
            errors.Add(($"{at}.title", "must be at most 80 characters"));
        }

        if (tile.Site is not null && !DashboardTiles.SiteTypes.Contains(tile.Type))
        {
            errors.Add(($"{at}.site", $"only {string.Join(", ", DashboardTiles.SiteTypes)} tiles take a site; a {tile.Type} tile shows the whole trust"));
        }
        else if (tile.Site is not null)
        {
            CheckSites($"{at}.site", [tile.Site], errors, single: true);
        }

        switch (tile.Type)
        {
            case "kpi" when tile.Kpi is not null && await kpis.FindAsync(tile.Kpi, cancellationToken) is null:
                errors.Add(($"{at}.kpi", $"'{tile.Kpi}' is not a KPI; GET /api/kpis lists them"));
                break;
            case "query" when tile.Query is null:
                errors.Add(($"{at}.query", "a query tile needs the id of a saved query; GET /api/queries lists them"));
                break;
            case "query" when await queries.GetAsync(tile.Query.Value, cancellationToken) is null:
                errors.Add(($"{at}.query", $"there is no saved query {tile.Query}; GET /api/queries lists them"));
                break;
            case "forecast" when !SeriesPattern().IsMatch(tile.Series ?? ""):
                errors.Add(($"{at}.series", $"'{tile.Series}' is not a forecast series; write it as name:SITE, e.g. 'ed-arrivals:RQ6' (GET /api/forecasts lists them)"));
                break;
        }
    }

    private void CheckSites(string at, IReadOnlyList<string>? sites, List<(string, string)> errors, bool single = false)
    {
        for (var i = 0; i < (sites?.Count ?? 0); i++)
        {
            if (!trust.IsKnownSite(sites![i]))
            {
                errors.Add((single ? at : $"{at}[{i}]",
                    $"'{sites[i]}' is not a site of this trust; known sites are {string.Join(", ", trust.Sites.Select(s => s.Code))}."));
            }
        }
    }

    private static bool CheckOneOf(string field, string? value, string[] allowed, List<(string, string)> errors)
    {
        if (value is not null && allowed.Contains(value, StringComparer.Ordinal))
        {
            return true;
        }

        errors.Add((field, value is null
            ? $"is required; one of {string.Join(", ", allowed)}"
            : $"'{value}' is not one of {string.Join(", ", allowed)}"));
        return false;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*:[A-Z0-9]+$")]
    private static partial Regex SeriesPattern();
}
