using Bright.Server.Jobs;

namespace Bright.Server.Forecasting;

internal static class ForecastingServiceCollectionExtensions
{
    /// <summary>
    /// Forecast training and serving (store series and, on request, KPI series), the <c>forecast:{series}</c> topics, the nightly retrain and hourly refresh jobs and
    /// the first-start retrain.
    /// </summary>
    public static IServiceCollection AddBrightForecasting(this IServiceCollection services)
    {
        services.AddSingleton<ForecastService>();
        services.AddSingleton<ForecastTopics>();
        services.AddSingleton<KpiForecasts>();
        services.AddSingleton<OccupancyService>();
        services.AddSingleton<CapacityService>();
        services.AddSingleton<CapacityTopics>();
        services.AddTransient<ForecastRetrainJob>();
        services.AddTransient<ForecastRefreshJob>();
        services.AddHostedService<ForecastStartup>();
        return services;
    }
}
