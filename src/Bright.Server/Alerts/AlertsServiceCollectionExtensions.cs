namespace Bright.Server.Alerts;

internal static class AlertsServiceCollectionExtensions
{
    /// <summary>Alert rules as data (stored, versioned, put into live state) and the KPI and feed signals they test.</summary>
    public static IServiceCollection AddBrightAlerts(this IServiceCollection services)
    {
        services.AddSingleton<AlertRuleBook>();
        services.AddSingleton<AlertSignalSources>();
        return services;
    }
}
