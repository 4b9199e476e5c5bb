using Bright.Pipelines;
using Bright.Pipelines.Mllp;
using Bright.Server.Auth;
using Bright.Server.Distributed;
using Bright.Server.Endpoints;
using Bright.Server.Forecasting;
using Bright.Server.Hosting;
using Bright.Server.Jobs;
using Bright.Server.Kpis;
using Bright.Server.Live;
using Bright.Server.Opel;
using Bright.Server.Pages;
using Bright.Server.Simulation;
using Bright.Store;
using Bright.Store.Query;

namespace Bright.Server;

/// <summary>The <c>bright</c> executable: the composition root, read top to bottom as a table of contents.</summary>
public static class Program
{
    public static void Main(string[] args) => Build(args).Run();

    /// <summary>Builds the whole server; <paramref name="configure"/> lets tests adjust the builder (port 0, a temp store).</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddBrightHosting();
        configure?.Invoke(builder);

        builder.Services.AddBrightStore(builder.Configuration);
        builder.Services.AddBrightDistributed(builder.Configuration);
        builder.Services.AddBrightQuery(builder.Configuration);
        builder.Services.AddBrightPipelines(builder.Configuration);
        builder.Services.AddBrightMllp(builder.Configuration);
        builder.Services.AddBrightAuth(builder.Configuration);
        builder.Services.AddBrightLive(builder.Configuration);
        builder.Services.AddBrightOpel();
        builder.Services.AddBrightDashboards();
        builder.Services.AddBrightKpis(builder.Configuration);
        builder.Services.AddBrightFeedKpis();
        builder.Services.AddBrightJobs();
        builder.Services.AddBrightForecasting();
        builder.Services.AddBrightSimulator(builder.Configuration);
        builder.Services.AddBrightHealth();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapBrightApi();
        app.MapHub<LiveHub>("/hubs/live");
        app.MapBrightHealth();
        app.MapBrightJobs();
        app.MapBrightPages();
        return app;
    }
}
