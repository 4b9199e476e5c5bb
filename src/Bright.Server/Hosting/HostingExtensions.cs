using System.Text.Json.Serialization;
using Bright.Pipelines.Mllp;
using Bright.Server.Health;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Bright.Server.Hosting;

internal static class HostingExtensions
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Defaults every BRIGHT process shares: where it listens, JSON shape, problem details, start-up work.</summary>
    public static WebApplicationBuilder AddBrightHosting(this WebApplicationBuilder builder)
    {
        // Kestrel is told every endpoint itself (HTTP from ASPNETCORE_URLS/--urls, and MLLP), because an
        // explicit Listen call makes it ignore the URL setting.
        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey];
        var mllp = builder.Configuration.GetSection(MllpOptions.Section).Get<MllpOptions>() ?? new MllpOptions();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ListenUrls(string.IsNullOrWhiteSpace(urls) ? DefaultUrl : urls);
            kestrel.ListenMllp(mllp);
        });

        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddHostedService<StoreStartup>();
        builder.Services.AddHostedService<StartupBanner>();
        return builder;
    }

    public static IServiceCollection AddBrightHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", tags: ["ready"]);
        return services;
    }

    /// <summary><c>/health/live</c> (the process answers) and <c>/health/ready</c> (store open, migrated, ingesting).</summary>
    public static WebApplication MapBrightHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        return app;
    }
}
