using System.Text.Json.Nodes;

namespace Bright.Server.Tests.Kpis;

/// <summary>The body of <c>PUT /api/kpis/{id}</c> for a test KPI: every required field, with the usual defaults.</summary>
internal static class KpiDefinitions
{
    public static JsonObject Json(string name, string sql, string chart = "xmr", string frequency = "daily", string unit = "count",
        string improvementDirection = "neutral", string domain = "quality", string owner = "Head of Information") => new()
        {
            ["name"] = name,
            ["domain"] = domain,
            ["owner"] = owner,
            ["unit"] = unit,
            ["improvementDirection"] = improvementDirection,
            ["chart"] = chart,
            ["frequency"] = frequency,
            ["benchmark"] = new JsonObject { ["label"] = "None", ["source"] = "Local" },
            ["targets"] = new JsonArray(),
            ["sql"] = sql,
        };
}
