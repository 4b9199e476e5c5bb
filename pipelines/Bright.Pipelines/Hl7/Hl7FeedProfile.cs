using System.Collections.Frozen;

namespace Bright.Pipelines.Hl7;

/// <summary>What to do with messages whose MSH-11 is not <c>P</c> (production).</summary>
public enum Hl7NonProductionHandling
{
    /// <summary>Store them with attributes <c>processingId</c> and <c>excludeFromLiveState</c>, so live state ignores them.</summary>
    Mark,

    /// <summary>Refuse them with AR.</summary>
    Reject,
}

/// <summary>
/// How one sending system's messages are read (DOMAIN.md §7.2: PV1-3 layouts differ, so map them per feed).
/// Bound from <c>Bright:Mllp:Feeds:{n}</c>. A profile matches a message by MSH-3.1 and MSH-4.1 (either may be
/// left empty to match any value).
/// </summary>
public sealed class Hl7FeedProfile
{
    /// <summary>The feed's name, stored as every event's Source, e.g. <c>uclh-epic-adt</c>.</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>Who is told about the feed's data-quality problems (a team or mailbox).</summary>
    public string Owner { get; set; } = string.Empty;

    /// <summary>MSH-3.1 this profile matches; empty matches any.</summary>
    public string? SendingApplication { get; set; }

    /// <summary>MSH-4.1 this profile matches; empty matches any.</summary>
    public string? SendingFacility { get; set; }

    /// <summary>The PV1-3 component (1-based) holding the ward: 1 (point of care) in both NHS samples.</summary>
    public int WardComponent { get; set; } = 1;

    /// <summary>The PV1-3 component holding the bed: 3 in both NHS samples.</summary>
    public int BedComponent { get; set; } = 3;

    /// <summary>The PV1-3 component holding the facility that <see cref="Sites"/> maps to a site: 4 (PL.4).</summary>
    public int FacilityComponent { get; set; } = 4;

    /// <summary>Facility value → ODS site code, e.g. <c>U</c> → <c>RRV03</c>; matched ignoring case.</summary>
    public Dictionary<string, string> Sites { get; set; } = [];

    /// <summary>The site when the facility is not sent or not in <see cref="Sites"/>; none means such messages get AE.</summary>
    public string? DefaultSite { get; set; }

    /// <summary>Optional ward renames, sent value → BRIGHT ward code (e.g. <c>RNJ RLH 6Z</c> → <c>6Z</c>).</summary>
    public Dictionary<string, string> Wards { get; set; } = [];

    /// <summary>
    /// Patient classes (PV1-2) beyond HL7 table 0004, or overriding it, e.g. <c>DAY CASE</c> → <c>day_case</c>.
    /// Unknown values are kept as sent and flagged, never rejected.
    /// </summary>
    public Dictionary<string, string> PatientClasses { get; set; } = [];

    /// <summary>What to do with test and training messages.</summary>
    public Hl7NonProductionHandling NonProduction { get; set; } = Hl7NonProductionHandling.Mark;

    /// <summary>Every problem with this profile, each naming its key under <paramref name="prefix"/>; empty when valid.</summary>
    public IEnumerable<string> Validate(string prefix)
    {
        if (string.IsNullOrWhiteSpace(Source))
        {
            yield return $"{prefix}:Source must name the feed, e.g. uclh-epic-adt.";
        }

        if (string.IsNullOrWhiteSpace(Owner))
        {
            yield return $"{prefix}:Owner must name who is told about the feed's data-quality problems.";
        }

        var components = new[]
        {
            ("WardComponent", WardComponent), ("BedComponent", BedComponent), ("FacilityComponent", FacilityComponent),
        };
        foreach (var (key, value) in components)
        {
            if (value is < 1 or > 11)
            {
                yield return $"{prefix}:{key} must be a PV1-3 component from 1 to 11 (was {value}).";
            }
        }

        if (WardComponent == BedComponent)
        {
            yield return $"{prefix}:BedComponent must differ from WardComponent (both {WardComponent}).";
        }

        if (Sites.Count == 0 && string.IsNullOrWhiteSpace(DefaultSite))
        {
            yield return $"{prefix}:Sites or {prefix}:DefaultSite must say which site the feed's locations are on.";
        }

        foreach (var (facility, site) in Sites)
        {
            if (string.IsNullOrWhiteSpace(site))
            {
                yield return $"{prefix}:Sites:{facility} must be an ODS site code.";
            }
        }
    }

    internal FrozenDictionary<string, string> SiteMap => _siteMap ??= Sites.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    internal FrozenDictionary<string, string> WardMap => _wardMap ??= Wards.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    internal FrozenDictionary<string, string> ClassMap => _classMap ??= StandardPatientClasses
        .Concat(PatientClasses.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)))
        .GroupBy(p => p.Key, StringComparer.OrdinalIgnoreCase)
        .ToFrozenDictionary(g => g.Key, g => g.Last().Value, StringComparer.OrdinalIgnoreCase);

    // HL7 table 0004 (patient class).
    private static readonly KeyValuePair<string, string>[] StandardPatientClasses =
    [
        new("E", "emergency"), new("I", "inpatient"), new("O", "outpatient"), new("P", "preadmit"), new("R", "recurring"),
        new("B", "obstetrics"), new("C", "commercial"), new("N", "not_applicable"), new("U", "unknown"),
    ];

    private FrozenDictionary<string, string>? _siteMap;
    private FrozenDictionary<string, string>? _wardMap;
    private FrozenDictionary<string, string>? _classMap;
}

/// <summary>The configured feed profiles, found by MSH-3 and MSH-4. Immutable and thread-safe.</summary>
public sealed class Hl7FeedCatalog
{
    /// <summary>Creates the catalog; the most specific profile (both MSH-3 and MSH-4 set) wins.</summary>
    public Hl7FeedCatalog(IEnumerable<Hl7FeedProfile> profiles)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        Profiles = [.. profiles.OrderByDescending(Specificity)];
    }

    /// <summary>Every profile, most specific first.</summary>
    public IReadOnlyList<Hl7FeedProfile> Profiles { get; }

    /// <summary>The profile for a sending application and facility, or null.</summary>
    public Hl7FeedProfile? Find(string? sendingApplication, string? sendingFacility) => Profiles.FirstOrDefault(p =>
        Matches(p.SendingApplication, sendingApplication) && Matches(p.SendingFacility, sendingFacility));

    private static bool Matches(string? expected, string? actual) =>
        string.IsNullOrEmpty(expected) || string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase);

    private static int Specificity(Hl7FeedProfile p) =>
        (string.IsNullOrEmpty(p.SendingApplication) ? 0 : 1) + (string.IsNullOrEmpty(p.SendingFacility) ? 0 : 1);
}
