using Bright.Analytics.Charts;
using Bright.Analytics.Spc;
using Bright.Server.Auth;
using Bright.Server.Kpis;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Bright.Server.Endpoints;

/// <summary><c>POST /api/spc</c> (and <c>.svg</c>, <c>.png</c>): SPC for any series a caller sends (DESIGN.md, "KPIs and SPC").</summary>
internal static class SpcEndpoints
{
    public static void MapSpcEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/spc", async (HttpContext context, IOptions<SpcOptions> options, CancellationToken ct) =>
            await EvaluateAsync(context, options.Value, ct) switch
            {
                (_, _, { } problem) => (IResult)problem,
                (_, var result, _) => TypedResults.Json(result, KpiJson.Options),
            })
            .RequireAuthorization(BrightPolicies.Read)
            .WithName("PostSpc")
            .WithSummary("SPC (Making Data Count) for any series");
        api.MapPost("/spc.svg", async (HttpContext context, IOptions<SpcOptions> options, CancellationToken ct) =>
            await ChartAsync(context, options.Value, svg: true, ct)).RequireAuthorization(BrightPolicies.Read);
        api.MapPost("/spc.png", async (HttpContext context, IOptions<SpcOptions> options, CancellationToken ct) =>
            await ChartAsync(context, options.Value, svg: false, ct)).RequireAuthorization(BrightPolicies.Read);
    }

    private static async Task<(SpcRequest? Request, SpcResult? Result, ProblemHttpResult? Problem)> EvaluateAsync(HttpContext context, SpcOptions options,
        CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonBody.ReadAsync<SpcRequest>(context.Request, "SPC request", cancellationToken);
        if (problem is not null)
        {
            return (null, null, problem);
        }

        if (request!.Points is { } points && points.Count > options.MaxPoints)
        {
            return (null, null, JsonBody.Invalid("SPC request",
                [("points", $"must hold at most {options.MaxPoints} points (Bright:Spc:MaxPoints) (had {points.Count})")]));
        }

        var outcome = SpcEngine.Evaluate(request);
        return outcome.Result is { } result
            ? (request, result, null)
            : (null, null, JsonBody.Invalid("SPC request", [.. outcome.Errors.Select(e => (e.Field, e.Reason))]));
    }

    private static async Task<IResult> ChartAsync(HttpContext context, SpcOptions options, bool svg, CancellationToken cancellationToken)
    {
        var (request, result, problem) = await EvaluateAsync(context, options, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var title = context.Request.Query["title"].FirstOrDefault() ?? "SPC chart";
        var chart = new SpcChartOptions
        {
            Title = title,
            Target = request!.Target,
            Formatter = request.Chart == "p" ? SpcValueFormatter.Percent : SpcValueFormatter.Number,
        };
        return svg
            ? TypedResults.File(SpcChartRenderer.RenderSvg(result!, chart), "image/svg+xml")
            : TypedResults.File(SpcChartRenderer.RenderPng(result!, chart), "image/png");
    }
}
