using System.Text.Json;
using System.Text.Json.Nodes;
using Bright.Core.Kpis;

namespace Bright.Server.Kpis;

/// <summary>
/// The KPI catalogue shipped with the server (<c>Kpis/kpi-catalogue.json</c>, embedded): a <c>version</c>
/// and the definitions. In the file a definition's <c>sql</c> may be an array of lines, for reading.
/// </summary>
internal sealed record KpiCatalogueFile(int Version, IReadOnlyList<KpiDefinition> Kpis)
{
    public const string ResourceName = "Bright.Server.Kpis.kpi-catalogue.json";

    public static KpiCatalogueFile LoadEmbedded()
    {
        using var stream = typeof(KpiCatalogueFile).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded KPI catalogue {ResourceName} is missing.");
        return Parse(stream);
    }

    public static KpiCatalogueFile Parse(Stream json)
    {
        var root = JsonNode.Parse(json)?.AsObject() ?? throw new InvalidOperationException("The KPI catalogue is empty.");
        var version = root["version"]?.GetValue<int>() ?? throw new InvalidOperationException("The KPI catalogue has no 'version'.");
        var kpis = new List<KpiDefinition>();
        foreach (var node in root["kpis"]?.AsArray() ?? [])
        {
            if (node?["sql"] is JsonArray lines)
            {
                node["sql"] = string.Join('\n', lines.Select(l => l!.GetValue<string>()));
            }

            kpis.Add(node.Deserialize<KpiDefinition>(KpiJson.Options)!);
        }

        return new KpiCatalogueFile(version, kpis);
    }
}

/// <summary>JSON settings for KPI and SPC bodies: the web defaults, and "NaN"/"Infinity" read as numbers so validation can name them.</summary>
internal static class KpiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerOptions.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString
            | System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
