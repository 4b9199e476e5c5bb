using Bright.Server.Jobs;

namespace Bright.Server.Forecasting;

internal static class ForecastingServiceCollectionExtensions
{
    /// <summary>Forecast training and serving, the nightly retrain job and the first-start retrain.</summary>
    public static IServiceCollection AddBrightForecasting(this IServiceCollection services)
    {
        services.AddSingleton<ForecastService>();
        services.AddTransient<ForecastRetrainJob>();
        services.AddHostedService<ForecastStartup>();
        return services;
    }
}
