using Bright.Store;
using Bright.Store.Events;
using Bright.Store.Replication;
using Microsoft.Extensions.Options;

namespace Bright.Server.Distributed;

internal static class DistributedServiceCollectionExtensions
{
    /// <summary>
    /// How administrators' changes reach the nodes (<see cref="AdministrativeChanges"/>), in both modes. With
    /// <c>Bright:Redis:Configuration</c> set: the event writer and the dead-letter, data-quality and
    /// acknowledgement stores fronted by the Redis log, this node's reader of the log, its trimmer, snapshots
    /// and cluster-wide leases, and their readiness check (Hangfire's storage follows the same key, see
    /// <c>AddBrightJobs</c>). Empty: nothing, the embedded mode.
    /// </summary>
    public static IServiceCollection AddBrightDistributed(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedisOptions>().Bind(configuration.GetSection(RedisOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RedisOptions>>(new ListedOptionsValidator<RedisOptions>(o => o.Validate()));
        services.AddOptions<NodeOptions>().Bind(configuration.GetSection(NodeOptions.Section)).ValidateOnStart();
        services.AddSingleton<AdministrativeChanges>();
        services.AddSingleton<SavedQueryChanges>();
        services.AddSingleton<IValidateOptions<NodeOptions>>(new ListedOptionsValidator<NodeOptions>(o => o.Validate()));
        if (string.IsNullOrWhiteSpace(configuration[$"{RedisOptions.Section}:Configuration"]))
        {
            return services;
        }

        services.AddSingleton<RedisConnection>();
        services.AddSingleton<AppliedChanges>();
        services.AddSingleton<NodeIdentity>();
        services.AddSingleton<RedisEventLog>();
        services.AddSingleton<IEventLog>(sp => sp.GetRequiredService<RedisEventLog>());
        services.AddSingleton<IRecordLog>(sp => sp.GetRequiredService<RedisEventLog>());
        services.AddSingleton<ReplicaGate>();
        services.AddSingleton<ClusterSnapshots>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterSnapshots>());
        services.AddSingleton<ClusterLeases>();
        services.AddSingleton<EventLogReader>();
        services.AddHostedService(sp => sp.GetRequiredService<EventLogReader>());
        services.AddSingleton<EventLogTrimmer>();
        services.AddHostedService(sp => sp.GetRequiredService<EventLogTrimmer>());
        services.AddHealthChecks().AddCheck<DistributedHealthCheck>("redis", tags: ["ready"]);
        services.AddExceptionHandler<RedisUnreachableHandler>();
        return services;
    }
}
