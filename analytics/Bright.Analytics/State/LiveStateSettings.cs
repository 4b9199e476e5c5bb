using System.Text.Json;
using System.Text.Json.Serialization;
using Bright.Analytics.State.Beds;
using Bright.Analytics.State.Ed;
using Bright.Analytics.State.Opel;
using Bright.Analytics.State.Theatres;

namespace Bright.Analytics.State;

/// <summary>
/// Every threshold live state computes with, as data: the embedded <c>live-state.json</c> holds the
/// defaults, each with its source (DOMAIN.md §2-§6), and configuration may override them.
/// </summary>
public sealed class LiveStateSettings
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Bed board rules.</summary>
    public BedRules Beds { get; set; } = new();

    /// <summary>Emergency department rules.</summary>
    public EdRules Ed { get; set; } = new();

    /// <summary>Theatre trackboard rules.</summary>
    public TheatreRules Theatres { get; set; } = new();

    /// <summary>The OPEL parameter table, cut-offs and site weights.</summary>
    public OpelTable Opel { get; set; } = new();

    /// <summary>The defaults shipped with BRIGHT (DOMAIN.md's values; OPEL labelled indicative). A new copy each call.</summary>
    public static LiveStateSettings Defaults()
    {
        using var stream = typeof(LiveStateSettings).Assembly.GetManifestResourceStream("Bright.Analytics.State.live-state.json")
            ?? throw new InvalidOperationException("live-state.json is missing from Bright.Analytics's resources.");
        return Load(stream);
    }

    /// <summary>Reads settings from JSON; throws <see cref="InvalidDataException"/> naming every error.</summary>
    public static LiveStateSettings Load(Stream json)
    {
        LiveStateSettings? settings;
        try
        {
            settings = JsonSerializer.Deserialize<LiveStateSettings>(json, Json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Live-state settings are not valid JSON at {ex.Path} (line {ex.LineNumber}): {ex.Message}", ex);
        }

        if (settings is null)
        {
            throw new InvalidDataException("Live-state settings must be a JSON object.");
        }

        var errors = settings.Validate().ToList();
        return errors.Count == 0
            ? settings
            : throw new InvalidDataException("Live-state settings are invalid:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
    }

    /// <summary>Every problem with these settings, each naming the key and the value.</summary>
    public IEnumerable<string> Validate() => Beds.Validate("beds").Concat(Ed.Validate("ed")).Concat(Theatres.Validate("theatres"))
        .Concat(Opel.Validate("opel"));

    internal static IEnumerable<string> Positive(string key, double value) =>
        value > 0 && double.IsFinite(value) ? [] : [$"{key}: must be a positive number (was {value})."];
}
