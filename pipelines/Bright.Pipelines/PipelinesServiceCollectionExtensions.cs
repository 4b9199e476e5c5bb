using Bright.Core.Reference;
using Bright.Pipelines.DeadLetters;
using Bright.Pipelines.Feeds;
using Bright.Pipelines.Fhir;
using Bright.Pipelines.Files;
using Bright.Pipelines.Hl7;
using Bright.Pipelines.Ingestion;
using Bright.Pipelines.Validation;
using Bright.Store;
using Bright.Store.Events;
using Bright.Store.Feeds;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bright.Pipelines;

/// <summary>Registers BRIGHT's ingestion with dependency injection.</summary>
public static class PipelinesServiceCollectionExtensions
{
    /// <summary>
    /// Adds validation, the batch ingestion used by HTTP, FHIR R4 ingestion, the file drop (<c>Bright:Ingest</c>),
    /// the feed registry (seeded from <c>Bright:Feeds</c> into the store, then read from it), dead-letter replay and the ingest monitor. Expects
    /// <c>AddBrightMllp</c> too (the HL7 profiles name feeds, and replay runs HL7 through its processor).
    /// </summary>
    public static IServiceCollection AddBrightPipelines(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TrustReference.Demo);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<IngestOptions>().Bind(configuration.GetSection(IngestOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IngestOptions>>(new ListedOptionsValidator<IngestOptions>(o => o.Validate()));
        services.AddOptions<List<FeedOptions>>().Bind(configuration.GetSection(FeedOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<List<FeedOptions>>>(new ListedOptionsValidator<List<FeedOptions>>(FeedOptions.Validate));
        services.AddSingleton(sp => new FeedRegistry(sp.GetRequiredService<Hl7FeedCatalog>(), sp.GetRequiredService<IOptions<List<FeedOptions>>>().Value));
        services.AddSingleton<CanonicalEventValidator>();
        services.AddSingleton(sp => new FeedCadence(
            sp.GetRequiredService<IOptions<List<FeedOptions>>>().Value.GroupBy(f => f.Source, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => new FeedTimeliness(g.Last().ExpectedEvery, g.Last().LateAfter) { SilentAfter = g.Last().SilentAfter },
                    StringComparer.Ordinal),
            sp.GetRequiredService<IOptions<IngestOptions>>().Value.RejectingAbove));
        services.AddSingleton(sp => new FeedAdministration(sp.GetRequiredService<FeedStore>(), sp.GetRequiredService<FeedRegistry>(),
            sp.GetRequiredService<FeedCadence>(), FeedAdministration.Declared(sp.GetRequiredService<Hl7FeedCatalog>(),
                sp.GetRequiredService<IOptions<List<FeedOptions>>>().Value)));
        services.AddHostedService<FeedRegistryStartup>();
        services.AddSingleton(sp => new IngestMonitor(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<FeedCadence>()));
        services.AddSingleton<ICommittedEventsObserver>(sp => sp.GetRequiredService<IngestMonitor>());
        services.AddSingleton<EventBatchIngestion>();
        services.AddSingleton<FhirIngestion>();
        services.AddSingleton<FileDropProcessor>();
        services.AddSingleton<FileDropWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<FileDropWatcher>());
        services.AddSingleton<DeadLetterReplay>();
        return services;
    }
}
