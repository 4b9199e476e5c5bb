using System.Text.Json;

namespace Bright.Analytics.State.Alerts;

/// <summary>The alert rules shipped with BRIGHT (<c>alert-rules.json</c>), and reading a rule from JSON. Thread-safe.</summary>
public static class AlertRuleSet
{
    /// <summary>How rules are written: camelCase names, as the API shows them.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>The default rules, in evaluation order; they reproduce the alerts the boards have always raised. A new list each call.</summary>
    public static IReadOnlyList<AlertRule> Defaults()
    {
        using var stream = typeof(AlertRuleSet).Assembly.GetManifestResourceStream("Bright.Analytics.State.Alerts.alert-rules.json")
            ?? throw new InvalidOperationException("alert-rules.json is missing from Bright.Analytics's resources.");
        var file = JsonSerializer.Deserialize<RulesFile>(stream, Json)
            ?? throw new InvalidDataException("alert-rules.json must be a JSON object with 'rules'.");
        return file.Rules;
    }

    /// <summary>One rule from its stored JSON; throws <see cref="InvalidDataException"/> when it is not a rule.</summary>
    public static AlertRule Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<AlertRule>(json, Json) ?? throw new InvalidDataException("An alert rule must be a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"An alert rule is not valid JSON at {ex.Path}: {ex.Message}", ex);
        }
    }

    /// <summary>The rule as stored JSON.</summary>
    public static string Write(AlertRule rule) => JsonSerializer.Serialize(rule, Json);

    private sealed record RulesFile(IReadOnlyList<AlertRule> Rules);
}
