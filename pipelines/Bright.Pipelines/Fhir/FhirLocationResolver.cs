using Bright.Core.Reference;
using Bright.Store.Fhir;
using Hl7.Fhir.Model;

namespace Bright.Pipelines.Fhir;

/// <summary>Where a FHIR Location is in BRIGHT's terms: a site and a path, or why it cannot be placed.</summary>
/// <param name="Site">The site's ODS code, when resolved.</param>
/// <param name="Path">The location path (<c>site</c>, <c>site/ward</c> or <c>site/ward/bed</c>), when resolved.</param>
/// <param name="Issue">Why it could not be placed.</param>
/// <param name="Flags">Accepted, but for the feed's owner to fix.</param>
internal sealed record ResolvedLocation(string? Site, string? Path, FhirIssue? Issue, IReadOnlyList<string> Flags)
{
    public static ResolvedLocation Failed(FhirIssue issue) => new(null, null, issue, []);
}

/// <summary>
/// Places FHIR Locations (DOMAIN.md §7.3): the site from an ODS site code on the Location or its
/// <c>partOf</c> chain; ward, room and bed from <c>physicalType</c> (<c>wa</c>, <c>ro</c>, <c>bd</c>) along the
/// chain; and, when neither <c>partOf</c> nor <c>physicalType</c> is sent (as in the UK Core sample), the
/// Location's name or identifiers matched against the site's wards, theatres and ED areas in reference data.
/// A referenced Location is looked for among the resource's contained resources, then in the same Bundle,
/// then among Locations the feed sent before. Thread-safe.
/// </summary>
internal sealed class FhirLocationResolver(TrustReference trust, FhirLocationStore store)
{
    public const string OdsSiteSystem = "https://fhir.nhs.uk/Id/ods-site-code";
    public const string OdsOrganisationSystem = "https://fhir.nhs.uk/Id/ods-organization-code";
    private const int MaxDepth = 6;

    /// <summary>Resolves a reference to a Location, naming <paramref name="expression"/> in any issue.</summary>
    public async Task<ResolvedLocation> ResolveReferenceAsync(ResourceReference? reference, string expression, DomainResource container,
        FhirMappingContext context, CancellationToken cancellationToken)
    {
        var text = reference?.Reference;
        if (string.IsNullOrWhiteSpace(text))
        {
            return ResolvedLocation.Failed(FhirIssue.Required(expression, "a reference to a Location is required so BRIGHT knows the site."));
        }

        if (text.StartsWith('#'))
        {
            var contained = container.Contained.OfType<Location>().FirstOrDefault(l => l.Id == text[1..]);
            return contained is null
                ? ResolvedLocation.Failed(FhirIssue.Unknown(expression, $"'{text}' names no contained Location."))
                : await ResolveAsync(contained, expression, context, cancellationToken);
        }

        if (context.FindInBundle(text) is { } inBundle)
        {
            return await ResolveAsync(inBundle, expression, context, cancellationToken);
        }

        var id = LocationId(text);
        if (id is not null && await store.FindAsync(context.Source, id, cancellationToken) is { } path)
        {
            return new ResolvedLocation(path.Split('/')[0], path, null, []);
        }

        return ResolvedLocation.Failed(FhirIssue.Unknown(expression,
            $"'{text}' is not a Location BRIGHT knows from feed '{context.Source}'; send the Location first, or in the same Bundle."));
    }

    /// <summary>Resolves a Location resource, naming <paramref name="expression"/> in any issue.</summary>
    public async Task<ResolvedLocation> ResolveAsync(Location location, string expression, FhirMappingContext context,
        CancellationToken cancellationToken)
    {
        var chain = new List<Location> { location };
        string? parentPath = null;
        var current = location;
        while (current.PartOf?.Reference is { Length: > 0 } parent && chain.Count < MaxDepth)
        {
            if (context.FindInBundle(parent) is { } next && !chain.Contains(next))
            {
                chain.Add(next);
                current = next;
                continue;
            }

            if (LocationId(parent) is { } parentId)
            {
                parentPath = await store.FindAsync(context.Source, parentId, cancellationToken);
            }

            if (parentPath is null)
            {
                return ResolvedLocation.Failed(FhirIssue.Unknown($"{expression}.partOf",
                    $"'{parent}' is not a Location BRIGHT knows from feed '{context.Source}'; send the parent Location first, or in the same Bundle."));
            }

            break;
        }

        var site = SiteOf(chain, parentPath, expression, out var siteIssue);
        if (site is null)
        {
            return ResolvedLocation.Failed(siteIssue!);
        }

        var flags = new List<string>();
        var typed = chain.Any(l => PhysicalType(l) is not null);
        if (!typed && parentPath is null)
        {
            return FromReferenceData(location, site, expression, flags);
        }

        // Walk from the top of the chain down, so that the stored parent's path comes first.
        var parts = parentPath is null ? new List<string> { site.Code } : [.. parentPath.Split('/')];
        foreach (var place in Enumerable.Reverse(chain))
        {
            var type = PhysicalType(place);
            if (type is "wa" && parts.Count == 1)
            {
                var code = LocalCode(place);
                var ward = site.Wards.FirstOrDefault(w => Same(w.Code, code) || Same(w.Name, place.Name));
                parts.Add(ward?.Code ?? code);
                if (ward is null)
                {
                    flags.Add($"{expression}: ward '{code}' is not in {site.Code}'s reference data; it is shown on the site's board, but check the feed's Locations.");
                }
            }
            else if (type is "bd" && parts.Count == 2)
            {
                parts.Add(LocalCode(place));
            }
        }

        return new ResolvedLocation(site.Code, string.Join('/', parts), null, flags);
    }

    private static ResolvedLocation FromReferenceData(Location location, Site site, string expression, List<string> flags)
    {
        var names = location.Identifier.Where(i => !IsOds(i.System)).Select(i => i.Value).Append(location.Name).Where(n => !string.IsNullOrWhiteSpace(n))
            .ToList();
        if (site.Wards.FirstOrDefault(w => names.Any(n => Same(w.Code, n) || Same(w.Name, n))) is { } ward)
        {
            return new ResolvedLocation(site.Code, $"{site.Code}/{ward.Code}", null, flags);
        }

        if (site.Theatres.FirstOrDefault(t => names.Any(n => Same(t.Code, n) || Same(t.Name, n))) is { } theatre)
        {
            return new ResolvedLocation(site.Code, $"{site.Code}/{Core.Events.LocationPath.Theatres}/{theatre.Code}", null, flags);
        }

        if (site.EdAreas.FirstOrDefault(a => names.Any(n => Same(a.Code, n) || Same(a.Name, n))) is { } area)
        {
            return new ResolvedLocation(site.Code, $"{site.Code}/{Core.Events.LocationPath.Ed}/{area.Code}", null, flags);
        }

        flags.Add($"{expression}: Location '{location.Name ?? location.Id}' has no partOf or physicalType and matches no ward, theatre or ED area of "
            + $"{site.Code} in reference data; it is shown at site level.");
        return new ResolvedLocation(site.Code, site.Code, null, flags);
    }

    private Site? SiteOf(List<Location> chain, string? parentPath, string expression, out FhirIssue? issue)
    {
        issue = null;
        if (parentPath is not null)
        {
            return trust.FindSite(parentPath.Split('/')[0]);
        }

        var codes = chain.SelectMany(l => l.Identifier).Where(i => IsOds(i.System) && !string.IsNullOrWhiteSpace(i.Value)).Select(i => i.Value).ToList();
        if (codes.Select(trust.FindSite).FirstOrDefault(s => s is not null) is { } site)
        {
            return site;
        }

        var known = string.Join(", ", trust.Sites.Select(s => s.Code));
        issue = codes.Count > 0
            ? FhirIssue.Invalid($"{expression}.identifier", $"ODS site code '{codes[0]}' is not a site of this trust; known sites are {known}.")
            : FhirIssue.Required($"{expression}.identifier",
                $"an ODS site code ({OdsSiteSystem}) is needed on the Location or its partOf chain so BRIGHT knows the site.");
        return null;
    }

    private static string? PhysicalType(Location location) => location.PhysicalType?.Coding.Select(c => c.Code).FirstOrDefault(c => c is not null);

    private static string LocalCode(Location location) =>
        location.Identifier.Where(i => !IsOds(i.System)).Select(i => i.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))
        ?? location.Name ?? location.Id ?? "unknown";

    private static bool IsOds(string? system) => system is OdsSiteSystem or OdsOrganisationSystem;

    private static bool Same(string? a, string? b) => a is not null && b is not null && string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary>The id of <c>Location/{id}</c> (relative or absolute, with or without <c>_history</c>), else null.</summary>
    public static string? LocationId(string reference)
    {
        var parts = reference.Split('/');
        var at = Array.LastIndexOf(parts, "Location");
        return at >= 0 && at + 1 < parts.Length && parts[at + 1].Length > 0 ? parts[at + 1] : null;
    }
}
