using Bright.Analytics.State;
using Bright.Core.Reference;
using Bright.Server.Alerts;
using Bright.Store.Events;

namespace Bright.Server.Live.State;

internal static class LiveStateServiceCollectionExtensions
{
    /// <summary>The settings key naming a JSON file that replaces the shipped live-state thresholds (same shape as live-state.json).</summary>
    public const string SettingsFileKey = "Bright:LiveState:SettingsFile";

    /// <summary>Live state, its observer of committed events, its loop, and one topic per site and board plus <c>opel</c> and <c>alerts</c>.</summary>
    public static IServiceCollection AddBrightLiveState(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => LoadSettings(configuration[SettingsFileKey]));
        services.AddSingleton<LiveStateService>();
        services.AddSingleton<LiveStateObserver>();
        services.AddSingleton<LiveHistoryRecorder>();
        services.AddSingleton<ICommittedEventsObserver>(sp => sp.GetRequiredService<LiveStateObserver>());
        services.AddHostedService<LiveStateLoop>();
        services.AddBrightAlerts();
        return services;
    }

    /// <summary>Adds the live-state topics to <paramref name="registry"/>.</summary>
    public static void AddLiveStateTopics(this LiveTopicRegistry registry, IServiceProvider services)
    {
        var service = services.GetRequiredService<LiveStateService>();
        foreach (var site in services.GetRequiredService<TrustReference>().Sites)
        {
            registry.Add(new BedsTopic(site.Code, service));
            registry.Add(new EdTopic(site.Code, service));
            registry.Add(new TheatresTopic(site.Code, service));
        }

        registry.Add(new OpelTopic(service));
        registry.Add(new AlertsTopic(service));
    }

    private static LiveStateSettings LoadSettings(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return LiveStateSettings.Defaults();
        }

        try
        {
            using var stream = File.OpenRead(path);
            return LiveStateSettings.Load(stream);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new InvalidOperationException($"{SettingsFileKey} = '{path}': {ex.Message}", ex);
        }
    }
}
