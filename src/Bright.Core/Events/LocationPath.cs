namespace Bright.Core.Events;

/// <summary>
/// Reads a <see cref="HospitalEvent.Location"/> path (<c>site/ward/bed</c>, <c>site/theatres/room</c>,
/// <c>site/ed/area</c>) into its parts without allocating a list.
/// </summary>
/// <param name="Site">The first segment.</param>
/// <param name="Unit">The second segment: a ward code, <c>theatres</c> or <c>ed</c>; null when absent.</param>
/// <param name="Place">The third segment: a bed, room or area; null when absent.</param>
public readonly record struct LocationPath(string Site, string? Unit, string? Place)
{
    /// <summary>The unit segment that marks a theatre room path.</summary>
    public const string Theatres = "theatres";

    /// <summary>The unit segment that marks an ED area path.</summary>
    public const string Ed = "ed";

    /// <summary>Splits <paramref name="path"/>; false when it is empty, has an empty segment or more than three.</summary>
    public static bool TryParse(string? path, out LocationPath location)
    {
        location = default;
        if (string.IsNullOrWhiteSpace(path))
        {
            return false;
        }

        var parts = path.Split('/');
        if (parts.Length > 3 || parts.Any(string.IsNullOrWhiteSpace))
        {
            return false;
        }

        location = new LocationPath(parts[0], parts.Length > 1 ? parts[1] : null, parts.Length > 2 ? parts[2] : null);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Place is not null ? $"{Site}/{Unit}/{Place}" : Unit is not null ? $"{Site}/{Unit}" : Site;
}
