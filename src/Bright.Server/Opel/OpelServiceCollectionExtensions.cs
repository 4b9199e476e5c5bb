namespace Bright.Server.Opel;

internal static class OpelServiceCollectionExtensions
{
    /// <summary>The OPEL table's versions, read from the store (the shipped table seeded) before the server takes requests.</summary>
    public static IServiceCollection AddBrightOpel(this IServiceCollection services)
    {
        services.AddSingleton<OpelTables>();
        services.AddHostedService<OpelTablesStartup>();
        return services;
    }
}

/// <summary>Reads the OPEL table's versions at start-up, so the first level shown is scored with the version in force.</summary>
internal sealed class OpelTablesStartup(OpelTables tables) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => tables.LoadAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
