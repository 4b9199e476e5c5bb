using System.Text.Json;
using Bright.Analytics.Forecasting;
using Bright.Core.Reference;
using Bright.Server.Auth;
using Bright.Server.Distributed;
using Bright.Server.Forecasting;
using Bright.Server.Jobs;
using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bright.Server.Endpoints;

/// <summary>
/// Forecasts: <c>GET /api/forecasts</c> (the store series), <c>GET /api/forecasts/{series}?horizon=48h</c> (the stored
/// forecast, trained on demand when missing; <c>kpi:{id}</c> forecasts a KPI's series on request), <c>POST /api/forecast</c> (any series a caller sends) and
/// <c>POST</c>/<c>GET /api/forecasts/retrain</c> (retrain every series now, and its progress).
/// </summary>
internal static class ForecastEndpoints
{
    private const string Shape = "POST /api/forecast takes { \"frequency\": \"hour\" | \"day\" | \"week\" | \"month\", \"horizon\": 12, " +
        "\"points\": [ { \"time\": \"2016-04-01\", \"value\": 23456 } ] }";

    public static void MapForecastEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/forecasts", async (ForecastService forecasts, HttpContext context, CancellationToken ct) =>
        {
            var sites = Sites(context);
            return TypedResults.Ok((await forecasts.ListAsync(ct)).Where(s => sites.Count == 0 || sites.Contains(s.Site)).ToList());
        }).RequireAuthorization(BrightPolicies.Read).WithSummary("The store series that can be forecast, with their latest training");
        api.MapPost("/forecasts/retrain", async (ForecastService forecasts, IBackgroundJobClient jobs, NodeJobs node, IServiceProvider services) =>
        {
            var queued = forecasts.MarkQueued(node.Enqueue<ForecastRetrainJob>(jobs, j => j.RunAsync(null, CancellationToken.None)));

            // Every node serves forecasts from its own store, so in a cluster every node retrains; progress is each node's own.
            var others = services.GetService<RedisEventLog>() is { } log ? await log.NodeIdsAsync() : [];
            foreach (var other in others.Where(id => id != node.NodeId))
            {
                NodeJobs.EnqueueOn<ForecastRetrainJob>(jobs, other, j => j.RunAsync(null, CancellationToken.None));
            }

            return TypedResults.Accepted("/api/forecasts/retrain", queued);
        }).RequireAuthorization(BrightPolicies.Administer).WithSummary("Retrain every store series now (on every node of a cluster); progress at GET /api/forecasts/retrain");
        api.MapGet("/forecasts/retrain", (ForecastService forecasts) => TypedResults.Ok(forecasts.Progress))
            .RequireAuthorization(BrightPolicies.Administer).WithSummary("Progress of the latest retrain of every store series");
        api.MapGet("/forecasts/{series}", GetAsync).RequireAuthorization(BrightPolicies.Read)
            .WithSummary("The forecast of a store series, with intervals and its backtest");
        api.MapPost("/forecast", PostAsync).RequireAuthorization(BrightPolicies.Read)
            .WithSummary("Forecast any series, choosing the model by backtest on its history");
    }

    private static async Task<Results<Ok<ForecastAnswer>, ProblemHttpResult>> GetAsync(string series, string? horizon, HttpContext context,
        ForecastService forecasts, KpiForecasts kpiForecasts, TrustReference trust, CancellationToken ct)
    {
        if (series.StartsWith(KpiForecasts.Prefix, StringComparison.Ordinal))
        {
            var (forecast, refusal) = await kpiForecasts.ForecastAsync(series[KpiForecasts.Prefix.Length..], horizon, ct);
            return forecast is not null ? TypedResults.Ok(forecast) : Problem(refusal!.Status, refusal.Title, refusal.Detail, refusal.Field);
        }

        if (!ForecastCatalogue.TryResolve(series, trust, out var kind, out var site))
        {
            return Problem(StatusCodes.Status404NotFound, "No such series", $"There is no series '{series}'; GET /api/forecasts lists them.", "series");
        }

        var sites = Sites(context);
        if (sites.Count > 0 && !sites.Contains(site.Code))
        {
            return Problem(StatusCodes.Status403Forbidden, "Site not allowed", $"This token may not read site '{site.Code}'.", "series");
        }

        if (HorizonParser.Parse(horizon, kind, series, out var error) is not { } periods)
        {
            return BadRequest("The horizon is not valid", [error!]);
        }

        var (answer, shortage) = await forecasts.GetAsync(series, kind, site, periods, ct);
        return answer is not null
            ? TypedResults.Ok(answer)
            : Problem(StatusCodes.Status409Conflict, "Not enough history to forecast", shortage!, "series");
    }

    private static async Task<Results<Ok<ForecastAnswer>, ProblemHttpResult>> PostAsync(HttpContext context, ForecastService forecasts,
        TimeProvider clock, CancellationToken ct)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, new JsonDocumentOptions { MaxDepth = 8 }, ct);
        }
        catch (JsonException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, "The body is not JSON",
                $"The body is not valid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}; {Shape}.", "body");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Problem(StatusCodes.Status400BadRequest, "The body must be a JSON object", Shape + ".", "body");
            }

            var errors = new List<string>();
            var request = Read(document.RootElement, errors);
            var series = ForecastRequestValidator.Validate(request, errors, out var horizon, out var offset);
            if (series is null || errors.Count > 0)
            {
                return BadRequest("The forecast request is not valid", errors);
            }

            var result = await forecasts.ForecastAsync(series, horizon, ct);
            return TypedResults.Ok(new ForecastAnswer(null, series.Frequency.Name(), ForecastContract.CallerPoints(result, series.Frequency, offset),
                result.Model, clock.GetUtcNow(), result.Backtest));
        }
    }

    private static ForecastRequest Read(JsonElement root, List<string> errors)
    {
        // A frequency that is not a string is reported by the validator with its raw JSON, like any unknown name.
        var frequency = !root.TryGetProperty("frequency", out var f) || f.ValueKind == JsonValueKind.Null ? null
            : f.ValueKind == JsonValueKind.String ? f.GetString() : f.GetRawText();

        int? horizon = null;
        if (root.TryGetProperty("horizon", out var h) && h.ValueKind != JsonValueKind.Null)
        {
            if (h.ValueKind == JsonValueKind.Number && h.TryGetInt32(out var value))
            {
                horizon = value;
            }
            else
            {
                errors.Add($"horizon: must be a whole number of periods (was {h.GetRawText()}).");
            }
        }

        List<ForecastRequestPoint>? points = null;
        if (root.TryGetProperty("points", out var p) && p.ValueKind != JsonValueKind.Null)
        {
            if (p.ValueKind != JsonValueKind.Array)
            {
                errors.Add($"points: must be an array of {{ \"time\", \"value\" }} (was {p.ValueKind.ToString().ToLowerInvariant()}).");
            }
            else
            {
                points = [.. p.EnumerateArray().Select(ReadPoint)];
            }
        }

        return new ForecastRequest(frequency, errors.Any(e => e.StartsWith("horizon:", StringComparison.Ordinal)) ? 1 : horizon, points);
    }

    private static ForecastRequestPoint ReadPoint(JsonElement point)
    {
        if (point.ValueKind != JsonValueKind.Object)
        {
            return new ForecastRequestPoint(null, null, point.GetRawText());
        }

        var time = point.TryGetProperty("time", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()
            : point.TryGetProperty("time", out t) ? t.GetRawText() : null;
        if (!point.TryGetProperty("value", out var v))
        {
            return new ForecastRequestPoint(time, null);
        }

        var value = v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d) ? d : (double?)null;
        return new ForecastRequestPoint(time, value, v.GetRawText());
    }

    private static HashSet<string> Sites(HttpContext context) =>
        context.User.FindAll(LocalTokenAuthenticationHandler.SitesClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);

    private static ProblemHttpResult BadRequest(string title, List<string> errors) => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
        title: title, detail: string.Join(" ", errors), extensions: new Dictionary<string, object?>
        {
            ["errors"] = errors,
            ["field"] = errors[0][..errors[0].IndexOf(':', StringComparison.Ordinal)],
        });

    private static ProblemHttpResult Problem(int status, string title, string detail, string field) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail, extensions: new Dictionary<string, object?> { ["field"] = field });
}
