using Bright.Server.Jobs;
using Bright.Store;
using Microsoft.Extensions.Options;

namespace Bright.Server.Kpis;

internal static class KpiServiceCollectionExtensions
{
    /// <summary>The KPI catalogue (loaded from the shipped file at start-up), KPI SPC, its topics and job, and the <c>Bright:Spc</c> settings.</summary>
    public static IServiceCollection AddBrightKpis(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SpcOptions>().Bind(configuration.GetSection(SpcOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SpcOptions>>(new ListedOptionsValidator<SpcOptions>(o => o.Validate()));
        services.AddSingleton<KpiCatalogue>();
        services.AddSingleton<KpiSpcService>();
        services.AddSingleton<KpiTopics>();
        services.AddTransient<KpiSpcJob>();
        services.AddHostedService<KpiCatalogueStartup>();
        services.AddSingleton<KpiDataWatcher>();
        services.AddSingleton<Store.Events.ICommittedEventsObserver>(sp => sp.GetRequiredService<KpiDataWatcher>());
        services.AddHostedService(sp => sp.GetRequiredService<KpiDataWatcher>());
        return services;
    }
}

/// <summary>Before the server listens: the catalogue is loaded and every KPI has its topic.</summary>
internal sealed class KpiCatalogueStartup(KpiCatalogue catalogue, Live.LiveTopicRegistry topics) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        catalogue.EnsureLoaded();
        _ = topics.All;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Settings of the <c>Bright:Spc</c> section.</summary>
public sealed class SpcOptions
{
    public const string Section = "Bright:Spc";

    /// <summary>The most points <c>POST /api/spc</c> takes in one series.</summary>
    public int MaxPoints { get; set; } = 10_000;

    /// <summary>
    /// How long after new data for a KPI lands its SPC is recomputed: changes within this time are gathered
    /// into one recompute (debounced), so a busy feed costs one run per interval, not one per event.
    /// </summary>
    public TimeSpan RecomputeDelay { get; set; } = TimeSpan.FromMinutes(5);

    public IEnumerable<string> Validate()
    {
        if (MaxPoints is < 2 or > 1_000_000)
        {
            yield return $"{Section}:MaxPoints must be between 2 and 1000000 (was {MaxPoints}).";
        }

        if (RecomputeDelay < TimeSpan.FromSeconds(1) || RecomputeDelay > TimeSpan.FromHours(1))
        {
            yield return $"{Section}:RecomputeDelay must be between 00:00:01 and 01:00:00 (was {RecomputeDelay}).";
        }
    }
}
