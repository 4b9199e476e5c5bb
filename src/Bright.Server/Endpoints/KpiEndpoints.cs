using System.Security.Claims;
using Bright.Analytics.Charts;
using Bright.Core.Kpis;
using Bright.Server.Auth;
using Bright.Server.Distributed;
using Bright.Server.Kpis;
using Bright.Store.Events;
using Bright.Store.Kpis;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bright.Server.Endpoints;

/// <summary>The KPI catalogue and each KPI's SPC: <c>GET /api/kpis</c>, <c>PUT /api/kpis/{id}</c>, <c>GET /api/kpis/{id}/spc[.svg|.png]</c>.</summary>
internal static class KpiEndpoints
{
    public static void MapKpiEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/kpis", async (KpiStore store, TimeProvider clock, CancellationToken ct) =>
            TypedResults.Json((await store.ListAsync(ct)).Select(k => KpiEntry.Of(k, clock)), KpiJson.Options))
            .RequireAuthorization(BrightPolicies.Read).WithName("GetKpis").WithSummary("The KPI catalogue");
        api.MapGet("/kpis/{id}", async Task<IResult> (string id, KpiStore store, TimeProvider clock, CancellationToken ct) =>
            await store.FindAsync(id, ct) is { } kpi ? TypedResults.Json(KpiEntry.Of(kpi, clock), KpiJson.Options) : NotFound(id))
            .RequireAuthorization(BrightPolicies.Read);
        api.MapPut("/kpis/{id}", PutAsync).RequireAuthorization(BrightPolicies.Administer).WithSummary("Add or change a KPI definition");
        api.MapGet("/kpis/{id}/spc", async Task<IResult> (string id, KpiStore store, KpiSpcService spc, CancellationToken ct) =>
            await store.FindAsync(id, ct) is { } kpi ? TypedResults.Json(await spc.ComputeAsync(kpi, ct), KpiJson.Options) : NotFound(id))
            .RequireAuthorization(BrightPolicies.Read).WithSummary("A KPI's SPC analysis, computed now from the store");
        api.MapGet("/kpis/{id}/spc.svg", (string id, KpiStore store, KpiSpcService spc, CancellationToken ct) => ChartAsync(id, store, spc, true, ct))
            .RequireAuthorization(BrightPolicies.Read);
        api.MapGet("/kpis/{id}/spc.png", (string id, KpiStore store, KpiSpcService spc, CancellationToken ct) => ChartAsync(id, store, spc, false, ct))
            .RequireAuthorization(BrightPolicies.Read);
    }

    private static async Task<IResult> PutAsync(string id, HttpContext context, KpiStore store, AdministrativeChanges administration, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var (kpi, problem) = await JsonBody.ReadAsync<KpiDefinition>(context.Request, "KPI definition", cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = KpiDefinitionValidator.Validate(kpi!, id, store);
        if (errors.Count > 0)
        {
            return JsonBody.Invalid("KPI definition", errors);
        }

        var by = context.User.FindFirstValue(ClaimTypes.Name) ?? "administrator";
        try
        {
            var stored = await administration.SaveKpiAsync(kpi! with { Id = id, Profile = kpi!.Profile ?? "nhsr" }, by, cancellationToken);
            return TypedResults.Json(KpiEntry.Of(stored, clock), KpiJson.Options);
        }
        catch (StoreWriteException ex)
        {
            return AdministrativeChanges.Unavailable(ex);
        }
    }

    private static async Task<IResult> ChartAsync(string id, KpiStore store, KpiSpcService spc, bool svg, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken) is not { } kpi)
        {
            return NotFound(id);
        }

        var report = await spc.ComputeAsync(kpi, cancellationToken);
        if (report.Result is not { } result)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No data to chart",
                detail: $"KPI '{id}' has no data in the store yet: its SQL returned no periods with a value.");
        }

        var benchmark = kpi.Definition.Benchmark;
        var options = new SpcChartOptions
        {
            Title = kpi.Definition.Name!,
            Formatter = KpiSpcService.FormatterOf(kpi.Definition.Unit),
            Target = report.Target?.Value,
            Reference = report.ConstitutionalStandard?.Value,
            ReferenceLabel = "Constitutional standard",
            Benchmarks = [.. new[] { benchmark?.Value, benchmark?.Lower, benchmark?.Upper }.OfType<double>()],
            BenchmarkLabel = "Benchmark",
        };
        return svg
            ? TypedResults.File(SpcChartRenderer.RenderSvg(result, options), "image/svg+xml")
            : TypedResults.File(SpcChartRenderer.RenderPng(result, options), "image/png");
    }

    private static ProblemHttpResult NotFound(string id) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
        title: "No such KPI", detail: $"There is no KPI '{id}'; GET /api/kpis lists them.");
}

/// <summary>A catalogue entry: the definition, the operational target in force today, and the revision.</summary>
internal sealed record KpiEntry(
    string Id, string Name, string Domain, string Owner, string? Description, string Unit, string ImprovementDirection, string Chart,
    string Profile, string Frequency, KpiTarget? Target, IReadOnlyList<KpiTarget> Targets, KpiBenchmark? Benchmark, string Sql,
    IReadOnlyList<DateOnly>? Rebase, bool? ScreenOutliers, int Revision, DateTimeOffset UpdatedAt, string UpdatedBy)
{
    public static KpiEntry Of(StoredKpi stored, TimeProvider clock)
    {
        var k = stored.Definition;
        var today = Bright.Core.Time.UkTime.Today(clock);
        var targets = k.Targets ?? [];
        var target = targets.FirstOrDefault(t => t.Kind == "operational" && t.AppliesOn(today))
            ?? targets.FirstOrDefault(t => t.Kind == "local" && t.AppliesOn(today));
        return new KpiEntry(k.Id!, k.Name!, k.Domain!, k.Owner!, k.Description, k.Unit!, k.ImprovementDirection!, k.Chart!, k.Profile ?? "nhsr",
            k.Frequency!, target, targets, k.Benchmark, k.Sql!, k.Rebase, k.ScreenOutliers, stored.Revision, stored.UpdatedAt, stored.UpdatedBy);
    }
}
