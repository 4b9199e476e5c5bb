namespace Bright.Pipelines.Hl7;

public sealed partial class Hl7EventMapper
{
    /// <summary>A PL field read through the feed profile.</summary>
    private readonly record struct PlaceOfCare(string Site, string? Ward, string? Bed)
    {
        /// <summary><c>SITE/WARD/BED</c>, <c>SITE/WARD</c>, or null without a ward.</summary>
        public string? Path(string? unit = null) => unit is not null
            ? Ward is null ? $"{Site}/{unit}" : $"{Site}/{unit}/{Ward}"
            : Ward is null ? null : Bed is null ? $"{Site}/{Ward}" : $"{Site}/{Ward}/{Bed}";
    }

    /// <summary>
    /// Reads a PL (PV1-3, PV1-6, AIL-3) with the feed's component positions. A required location must carry a
    /// ward; an empty optional one still gives the site (facility, else the feed's default) when it can.
    /// </summary>
    private Hl7Issue? TryReadPlace(Context context, Hl7Field field, string location, bool required, out PlaceOfCare place)
    {
        place = default;
        var feed = context.Feed;
        if (required && !field.HasValue)
        {
            return new Hl7Issue(location, $"assigned location is required for {context.Type}");
        }

        var ward = Part(field.Component(feed.WardComponent));
        if (required && ward is null)
        {
            return new Hl7Issue($"{location}.{feed.WardComponent}", $"the ward is required for {context.Type}");
        }

        var facility = field.Component(feed.FacilityComponent);
        string? site;
        if (facility.HasValue)
        {
            var sent = facility.ToString();
            if (!feed.SiteMap.TryGetValue(sent, out site) && (site = feed.DefaultSite) is null)
            {
                return new Hl7Issue($"{location}.{feed.FacilityComponent}",
                    $"facility '{sent}' maps to no site in feed '{feed.Source}', which has no default site");
            }
        }
        else if ((site = feed.DefaultSite) is null)
        {
            site = context.Site;
            if (site is null)
            {
                return new Hl7Issue($"{location}.{feed.FacilityComponent}",
                    $"no facility was sent and feed '{feed.Source}' has no default site");
            }
        }

        if (_reference is not null && !_reference.IsKnownSite(site))
        {
            return new Hl7Issue($"{location}.{feed.FacilityComponent}", $"site '{site}' is not in the trust reference data");
        }

        if (ward is not null && feed.WardMap.TryGetValue(ward, out var renamed))
        {
            ward = renamed;
        }

        place = new PlaceOfCare(site, ward, ward is null ? null : Part(field.Component(feed.BedComponent)));
        context.Site ??= site;
        return null;
    }

    // A '/' inside a ward or bed name would read as another level of the location path.
    private static string? Part(Hl7Field component) =>
        component.HasValue ? component.ToString().Trim().Replace('/', '-') is { Length: > 0 } text ? text : null : null;
}
