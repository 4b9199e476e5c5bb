using Bright.Store;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Bright.Server.Auth;

internal static class AuthServiceCollectionExtensions
{
    /// <summary>Bearer authentication with local tokens and the role policies of the contract.</summary>
    public static IServiceCollection AddBrightAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>>(new ListedOptionsValidator<AuthOptions>(o => o.Validate()));
        services.AddSingleton<LocalTokenRegistry>();
        services.AddAuthentication(LocalTokenAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, LocalTokenAuthenticationHandler>(LocalTokenAuthenticationHandler.SchemeName, _ => { });
        services.AddAuthorizationBuilder()
            .AddPolicy(BrightPolicies.Ingest, p => p.RequireRole(nameof(BrightRole.Feed), nameof(BrightRole.Administrator)))
            .AddPolicy(BrightPolicies.Read, p => p.RequireRole(nameof(BrightRole.Operational), nameof(BrightRole.Executive),
                nameof(BrightRole.Analyst), nameof(BrightRole.Feed), nameof(BrightRole.Administrator)))
            .AddPolicy(BrightPolicies.Query, p => p.RequireRole(nameof(BrightRole.Analyst), nameof(BrightRole.Administrator)))
            .AddPolicy(BrightPolicies.Administer, p => p.RequireRole(nameof(BrightRole.Administrator)))
            .AddPolicy(BrightPolicies.Live, p => p.RequireAuthenticatedUser())
            .AddPolicy(BrightPolicies.Acknowledge, p => p.RequireRole(nameof(BrightRole.Operational), nameof(BrightRole.Administrator)));
        return services;
    }
}
