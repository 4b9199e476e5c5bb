using Bright.Simulator;
using Bright.Store;
using Microsoft.Extensions.Options;

namespace Bright.Server.Simulation;

internal static class SimulatorServiceCollectionExtensions
{
    /// <summary>The built-in demo trust, fed into the store when <c>Bright:Simulator:Enabled</c> (the default).</summary>
    public static IServiceCollection AddBrightSimulator(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SimulatorOptions>().Bind(configuration.GetSection(SimulatorOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SimulatorOptions>>(new ListedOptionsValidator<SimulatorOptions>(o => o.Validate()));
        services.AddSingleton<SimulatorFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<SimulatorFeed>());
        return services;
    }
}
