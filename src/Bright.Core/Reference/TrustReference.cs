using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bright.Core.Reference;

/// <summary>
/// The trust's sites, wards, beds, ED areas and theatres: the reference data every board is drawn from.
/// Immutable and safe to share between threads once loaded.
/// </summary>
public sealed class TrustReference
{
    private readonly FrozenDictionary<string, Site> _sites;

    /// <summary>Creates reference data from its parts; <see cref="Load(Stream)"/> is the usual way in.</summary>
    public TrustReference(string trustName, IReadOnlyList<Site> sites)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(trustName);
        ArgumentNullException.ThrowIfNull(sites);
        TrustName = trustName;
        Sites = sites;
        _sites = sites.ToFrozenDictionary(s => s.Code, StringComparer.Ordinal);
    }

    /// <summary>The trust's name, for page titles.</summary>
    public string TrustName { get; }

    /// <summary>Every site, in the order of the data file.</summary>
    public IReadOnlyList<Site> Sites { get; }

    /// <summary>The site with ODS code <paramref name="code"/> (case-sensitive), or null.</summary>
    public Site? FindSite(string? code) => code is not null && _sites.TryGetValue(code, out var site) ? site : null;

    /// <summary>Whether BRIGHT knows a site with this ODS code.</summary>
    public bool IsKnownSite(string? code) => code is not null && _sites.ContainsKey(code);

    /// <summary>The built-in four-site demo trust (<c>RQ6</c>, <c>REM</c>, <c>RBQ</c>, <c>REP</c>).</summary>
    public static TrustReference Demo { get; } = LoadDemo();

    /// <summary>
    /// Reads reference data from a JSON document of the shape of <c>demo-trust.json</c>.
    /// </summary>
    /// <exception cref="InvalidDataException">The document is malformed; the message names the path and the problem.</exception>
    public static TrustReference Load(Stream json)
    {
        ArgumentNullException.ThrowIfNull(json);
        TrustFile? file;
        try
        {
            file = JsonSerializer.Deserialize(json, ReferenceJsonContext.Default.TrustFile);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Trust reference data is not valid JSON at {ex.Path} (line {ex.LineNumber}): {ex.Message}", ex);
        }

        if (file?.Trust is null || file.Sites is null || file.Sites.Count == 0)
        {
            throw new InvalidDataException("Trust reference data needs a 'trust' object and a non-empty 'sites' array.");
        }

        var errors = new List<string>();
        var sites = new List<Site>();
        for (var i = 0; i < file.Sites.Count; i++)
        {
            sites.Add(file.Sites[i].ToSite($"sites[{i}]", errors));
        }

        foreach (var dup in sites.GroupBy(s => s.Code, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"sites: code '{dup.Key}' appears {dup.Count()} times.");
        }

        if (errors.Count > 0)
        {
            throw new InvalidDataException("Trust reference data is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }

        return new TrustReference(file.Trust.Name ?? "Trust", sites);
    }

    private static TrustReference LoadDemo()
    {
        using var stream = typeof(TrustReference).Assembly.GetManifestResourceStream("Bright.Core.Reference.demo-trust.json")
            ?? throw new InvalidOperationException("The demo trust's reference data is missing from Bright.Core's resources.");
        return Load(stream);
    }
}

internal sealed record TrustFile(TrustHeader? Trust, List<SiteFile>? Sites);

internal sealed record TrustHeader(string? Name, int CorePopulation, int CatchmentPopulation);

internal sealed record SiteFile(string? Code, string? Name, string? ShortName, bool HasEd, List<WardFile>? Wards, List<EdAreaFile>? EdAreas,
    List<TheatreFile>? Theatres)
{
    public Site ToSite(string path, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(Code) || Code.Contains('/', StringComparison.Ordinal))
        {
            errors.Add($"{path}.code: a site needs an ODS code without '/'.");
        }

        var wards = (Wards ?? []).Select((w, i) => w.ToWard($"{path}.wards[{i}]", errors)).ToList();
        var areas = (EdAreas ?? []).Select((a, i) => new EdArea(Require(a.Code, $"{path}.edAreas[{i}].code", errors), a.Name ?? a.Code ?? "",
            a.Spaces, a.Majors)).ToList();
        var theatres = (Theatres ?? []).Select((t, i) => new Theatre(Require(t.Code, $"{path}.theatres[{i}].code", errors), t.Name ?? t.Code ?? "",
            t.Specialty ?? "")).ToList();
        return new Site(Code ?? "", Name ?? Code ?? "", ShortName ?? Name ?? Code ?? "", HasEd, wards, areas, theatres);
    }

    internal static string Require(string? value, string path, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Contains('/', StringComparison.Ordinal))
        {
            errors.Add($"{path}: a code is required and may not contain '/'.");
        }

        return value ?? "";
    }
}

internal sealed record WardFile(string? Code, string? Name, string? Specialty, string? Type, int Beds, int EscalationBeds)
{
    public Ward ToWard(string path, List<string> errors)
    {
        var code = SiteFile.Require(Code, path + ".code", errors);
        if (Beds < 0 || EscalationBeds < 0)
        {
            errors.Add($"{path}: beds and escalationBeds must be zero or more (were {Beds} and {EscalationBeds}).");
        }

        if (!Enum.TryParse<WardType>(Type?.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var type))
        {
            errors.Add($"{path}.type: '{Type}' is not one of ga, assessment, critical_care, maternity, day_case.");
        }

        return new Ward(code, Name ?? code, Specialty ?? "", type, Math.Max(0, Beds), Math.Max(0, EscalationBeds));
    }
}

internal sealed record EdAreaFile(string? Code, string? Name, int Spaces, bool Majors);

internal sealed record TheatreFile(string? Code, string? Name, string? Specialty);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(TrustFile))]
internal sealed partial class ReferenceJsonContext : JsonSerializerContext;
