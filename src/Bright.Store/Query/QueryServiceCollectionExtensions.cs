using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bright.Store.Query;

/// <summary>Registers self-service SQL with dependency injection.</summary>
public static class QueryServiceCollectionExtensions
{
    /// <summary>
    /// Adds the query snapshots and their background refresh, the sandboxed runner, saved queries and the
    /// query audit, bound to the <c>Bright:Query</c> section. Needs <see cref="StoreServiceCollectionExtensions.AddBrightStore"/>.
    /// </summary>
    public static IServiceCollection AddBrightQuery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<QueryOptions>().Bind(configuration.GetSection(QueryOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<QueryOptions>>(new ListedOptionsValidator<QueryOptions>(o => o.Validate()));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<QueryOptions>>().Value);
        services.AddSingleton<QuerySnapshots>();
        services.AddSingleton<QueryRunner>();
        services.AddSingleton<SavedQueryStore>();
        services.AddSingleton<QueryAuditStore>();
        services.AddSingleton<QueryScheduleStore>();
        services.AddHostedService<QuerySnapshotRefresher>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
