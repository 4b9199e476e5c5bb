namespace Bright.Server.Endpoints;

internal static class ApiEndpoints
{
    /// <summary>Maps every <c>/api</c> route; each group's file owns its routes.</summary>
    public static IEndpointRouteBuilder MapBrightApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapEventsEndpoints();
        api.MapIngestEndpoints();
        api.MapLiveStateEndpoints();
        api.MapAlertRuleEndpoints();
        api.MapOpelEndpoints();
        api.MapFhirEndpoints();
        api.MapFeedsEndpoints();
        api.MapQueryEndpoints();
        api.MapQueryScheduleEndpoints();
        api.MapSpcEndpoints();
        api.MapKpiEndpoints();
        api.MapForecastEndpoints();
        api.MapCapacityEndpoints();
        api.MapDashboardEndpoints();
        api.MapClusterEndpoints();
        return app;
    }
}
