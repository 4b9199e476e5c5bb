using Bright.Store;
using Bright.Store.Events;
using Microsoft.Extensions.Options;

namespace Bright.Server.Distributed;

internal static class DistributedServiceCollectionExtensions
{
    /// <summary>
    /// With <c>Bright:Redis:Configuration</c> set: the event writer fronted by the Redis event log, this node's
    /// reader of the log and its trimmer, and their readiness check (Hangfire's storage follows the same key, see
    /// <c>AddBrightJobs</c>). Empty: nothing, the embedded mode.
    /// </summary>
    public static IServiceCollection AddBrightDistributed(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedisOptions>().Bind(configuration.GetSection(RedisOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RedisOptions>>(new ListedOptionsValidator<RedisOptions>(o => o.Validate()));
        services.AddOptions<NodeOptions>().Bind(configuration.GetSection(NodeOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NodeOptions>>(new ListedOptionsValidator<NodeOptions>(o => o.Validate()));
        if (string.IsNullOrWhiteSpace(configuration[$"{RedisOptions.Section}:Configuration"]))
        {
            return services;
        }

        services.AddSingleton<RedisConnection>();
        services.AddSingleton<NodeIdentity>();
        services.AddSingleton<IEventLog, RedisEventLog>();
        services.AddSingleton<EventLogReader>();
        services.AddHostedService(sp => sp.GetRequiredService<EventLogReader>());
        services.AddSingleton<EventLogTrimmer>();
        services.AddHostedService(sp => sp.GetRequiredService<EventLogTrimmer>());
        services.AddHealthChecks().AddCheck<DistributedHealthCheck>("redis", tags: ["ready"]);
        return services;
    }
}
