using Hl7.Fhir.Model;

namespace Bright.Pipelines.Fhir;

/// <summary>What every resource of one request shares: the feed, the time received, and the Bundle's Locations.</summary>
internal sealed class FhirMappingContext(string source, DateTimeOffset receivedAt, IReadOnlySet<string>? allowedSites)
{
    private readonly Dictionary<string, Location> _bundleLocations = new(StringComparer.Ordinal);

    public string Source { get; } = source;

    public DateTimeOffset ReceivedAt { get; } = receivedAt;

    public IReadOnlySet<string>? AllowedSites { get; } = allowedSites;

    /// <summary>Makes a Bundle entry's Location findable by <c>Location/{id}</c> and by its fullUrl.</summary>
    public void AddBundleLocation(Location location, string? fullUrl)
    {
        if (!string.IsNullOrEmpty(location.Id))
        {
            _bundleLocations[$"Location/{location.Id}"] = location;
        }

        if (!string.IsNullOrEmpty(fullUrl))
        {
            _bundleLocations[fullUrl] = location;
        }
    }

    public Location? FindInBundle(string reference)
    {
        if (_bundleLocations.TryGetValue(reference, out var location))
        {
            return location;
        }

        return FhirLocationResolver.LocationId(reference) is { } id ? _bundleLocations.GetValueOrDefault($"Location/{id}") : null;
    }
}
