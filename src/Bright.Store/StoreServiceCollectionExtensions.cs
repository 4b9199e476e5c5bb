using Bright.Store.DataQuality;
using Bright.Store.DeadLetters;
using Bright.Store.Events;
using Bright.Store.Feeds;
using Bright.Store.Fhir;
using Bright.Store.Forecasts;
using Bright.Store.Kpis;
using Bright.Store.LiveHistory;
using Bright.Store.Opel;
using Bright.Store.Replication;
using Bright.Store.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bright.Store;

/// <summary>Registers the store with dependency injection.</summary>
public static class StoreServiceCollectionExtensions
{
    /// <summary>
    /// Adds the DuckDB store (opened and migrated on first use), its single event writer, and the typed
    /// readers and stores, bound to the <c>Bright:Store</c> section.
    /// </summary>
    public static IServiceCollection AddBrightStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StoreOptions>().Bind(configuration.GetSection(StoreOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StoreOptions>>(new ListedOptionsValidator<StoreOptions>(o => o.Validate()));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<StoreOptions>>().Value);
        services.AddSingleton(sp => BrightStore.Open(sp.GetRequiredService<StoreOptions>()));
        services.AddSingleton(sp => new EventWriter(sp.GetRequiredService<BrightStore>(), sp.GetRequiredService<StoreOptions>(),
            sp.GetServices<ICommittedEventsObserver>(), sp.GetRequiredService<ILogger<EventWriter>>(), sp.GetService<IEventLog>()));
        services.AddSingleton<EventReader>();
        services.AddSingleton<LiveStateReader>();
        services.AddSingleton(sp => new DeadLetterStore(sp.GetRequiredService<BrightStore>(), sp.GetService<IRecordLog>()));
        services.AddSingleton(sp => new DataQualityStore(sp.GetRequiredService<BrightStore>(), sp.GetService<IRecordLog>()));
        services.AddSingleton(sp => new FhirLocationStore(sp.GetRequiredService<BrightStore>(), sp.GetService<IRecordLog>()));
        services.AddSingleton<SettingsStore>();
        services.AddSingleton<KpiStore>();
        services.AddSingleton<FeedStore>();
        services.AddSingleton<ForecastStore>();
        services.AddSingleton<ForecastSeriesReader>();
        services.AddSingleton<CapacityReader>();
        services.AddSingleton(sp => new LiveHistoryStore(sp.GetRequiredService<BrightStore>(), sp.GetService<IRecordLog>()));
        services.AddSingleton<Alerts.AlertRuleStore>();
        services.AddSingleton<OpelTableStore>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
