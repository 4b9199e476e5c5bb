using Bright.Core.Reference;
using Bright.Pipelines.Ingestion;
using Bright.Pipelines.Validation;
using Bright.Store.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bright.Pipelines;

/// <summary>Registers BRIGHT's ingestion with dependency injection.</summary>
public static class PipelinesServiceCollectionExtensions
{
    /// <summary>Adds validation, the batch ingestion used by HTTP and file drops, and the ingest monitor.</summary>
    public static IServiceCollection AddBrightPipelines(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TrustReference.Demo);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<CanonicalEventValidator>();
        services.AddSingleton<IngestMonitor>();
        services.AddSingleton<ICommittedEventsObserver>(sp => sp.GetRequiredService<IngestMonitor>());
        services.AddSingleton<EventBatchIngestion>();
        return services;
    }
}
