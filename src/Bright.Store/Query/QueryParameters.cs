using System.Text.Json;

namespace Bright.Store.Query;

/// <summary>Named query parameters: strings, numbers, booleans or nulls, read from a JSON object.</summary>
public static class QueryParameters
{
    /// <summary>
    /// Reads <paramref name="element"/> (a JSON object, or absent) into values DuckDB binds: string, long,
    /// double, bool or null. <paramref name="errors"/> names each bad entry as <c>parameters.name</c>.
    /// </summary>
    public static Dictionary<string, object?> Read(JsonElement? element, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (element is not { } value || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return values;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add("parameters: must be an object of names to values, e.g. { \"site\": \"RQ6\" }.");
            return values;
        }

        foreach (var property in value.EnumerateObject())
        {
            if (property.Name.Length == 0 || !property.Name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                errors.Add($"parameters.{property.Name}: a name must be letters, digits and underscores, as $name in the SQL.");
                continue;
            }

            switch (property.Value.ValueKind)
            {
                case JsonValueKind.String:
                    values[property.Name] = property.Value.GetString();
                    break;
                case JsonValueKind.Number:
                    values[property.Name] = property.Value.TryGetInt64(out var whole) ? whole : property.Value.GetDouble();
                    break;
                case JsonValueKind.True or JsonValueKind.False:
                    values[property.Name] = property.Value.GetBoolean();
                    break;
                case JsonValueKind.Null:
                    values[property.Name] = null;
                    break;
                default:
                    errors.Add($"parameters.{property.Name}: must be a string, number, boolean or null (was {property.Value.ValueKind.ToString().ToLowerInvariant()}).");
                    break;
            }
        }

        return values;
    }

    /// <summary>The parameters as a JSON object text, for storing and auditing.</summary>
    public static string ToJson(IReadOnlyDictionary<string, object?> parameters) => JsonSerializer.Serialize(parameters);

    /// <summary>Reads stored JSON written by <see cref="ToJson"/>.</summary>
    public static Dictionary<string, object?> FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var errors = new List<string>();
        return Read(document.RootElement, errors);
    }
}
