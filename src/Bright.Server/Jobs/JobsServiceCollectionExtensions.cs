using Bright.Server.Auth;
using Bright.Server.Distributed;
using Bright.Store.Query;
using Hangfire;
using Hangfire.Dashboard;
using Hangfire.Redis.StackExchange;
using Microsoft.AspNetCore.Authentication;

namespace Bright.Server.Jobs;

internal static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// Hangfire and a small worker pool, storing jobs in memory in the embedded mode, or in Redis in the
    /// distributed mode, where work on a node's own store runs on every node from its own queue and work for the
    /// whole cluster runs once (<see cref="NodeJobs"/>).
    /// </summary>
    public static IServiceCollection AddBrightJobs(this IServiceCollection services)
    {
        services.AddHangfire((sp, config) =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (sp.GetService<RedisConnection>() is { } redis)
            {
                config.UseRedisStorage(redis.Multiplexer, new RedisStorageOptions { Prefix = "bright:hangfire:" });
            }
            else
            {
                config.UseInMemoryStorage();
            }
        });
        services.AddSingleton(sp => new NodeJobs(sp.GetService<NodeIdentity>()?.ResolveAsync(CancellationToken.None).GetAwaiter().GetResult()));
        services.AddHangfireServer((sp, o) =>
        {
            var node = sp.GetRequiredService<NodeJobs>();
            o.Queues = node.Queues;
            if (node.NodeId is { } id)
            {
                o.ServerName = $"bright-{id}";
            }

            o.WorkerCount = Math.Max(2, Environment.ProcessorCount);

            // A job still running at shutdown is abandoned after this and runs again later (every BRIGHT job is
            // idempotent: checkpoint, recompute, retrain), so a restart never waits on a long training run.
            o.ShutdownTimeout = TimeSpan.FromSeconds(5);
        });
        services.AddSingleton<HeavyJobGate>();
        services.AddTransient<StoreCheckpointJob>();
        services.AddTransient<QueryExportJob>();
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<SmtpOptions>>(
            new Bright.Store.ListedOptionsValidator<SmtpOptions>(o => o.Validate()));
        services.AddSingleton<QueryOutbox>();
        services.AddTransient<QueryOutboxJob>();
        if (services.Any(d => d.ServiceType == typeof(RedisConnection)))
        {
            // Shared storage may be unreachable as a node starts: the jobs are registered once it answers.
            services.AddHostedService<RecurringJobsRegistration>();
        }

        return services;
    }

    /// <summary>The jobs dashboard at <c>/jobs</c> for administrators, and the recurring jobs.</summary>
    public static WebApplication MapBrightJobs(this WebApplication app)
    {
        app.MapHangfireDashboard("/jobs", new DashboardOptions
        {
            DashboardTitle = "BRIGHT jobs",
            AppPath = "/",
            AsyncAuthorization = [new AdministratorDashboardFilter()],
        });
        if (app.Services.GetService<RedisConnection>() is null)
        {
            AddRecurringJobs(app.Services.GetRequiredService<IRecurringJobManager>(), app.Services.GetRequiredService<NodeJobs>(),
                app.Services.GetRequiredService<QueryScheduleStore>().ListAsync().GetAwaiter().GetResult(),
                app.Services.GetRequiredService<QueryOutbox>().Smtp.Enabled);
        }

        return app;
    }

    /// <summary>
    /// BRIGHT's recurring jobs, this node's own (see <see cref="NodeJobs"/>) and the saved queries' export schedules
    /// (once for the cluster); registering them again only updates them.
    /// </summary>
    public static void AddRecurringJobs(IRecurringJobManager jobs, NodeJobs node, IReadOnlyList<QuerySchedule> exports, bool sendsMail)
    {
        if (node.NodeId is not null)
        {
            // Per-node jobs once registered under their plain names would run on whichever node took them.
            foreach (var job in NodeJobs.PerNode)
            {
                jobs.RemoveIfExists(job);
            }
        }

        if (sendsMail)
        {
            node.AddOrUpdate<QueryOutboxJob>(jobs, QueryOutboxJob.Id, j => j.RunAsync(CancellationToken.None), "*/5 * * * *");
        }
        else
        {
            node.Remove(jobs, QueryOutboxJob.Id);
        }

        foreach (var export in exports)
        {
            QueryExportJob.Schedule(jobs, export);
        }

        node.AddOrUpdate<StoreCheckpointJob>(jobs, StoreCheckpointJob.Id, j => j.RunAsync(CancellationToken.None), Cron.Hourly());
        node.AddOrUpdate<KpiSpcJob>(jobs, KpiSpcJob.Id, j => j.RunAsync(CancellationToken.None), Cron.Hourly());
        node.AddOrUpdate<ForecastRefreshJob>(jobs, ForecastRefreshJob.Id, j => j.RunAsync(CancellationToken.None), Cron.Hourly(5));
        node.AddOrUpdate<ForecastRetrainJob>(jobs, ForecastRetrainJob.Id, j => j.RunAsync(null, CancellationToken.None), Cron.Daily(2),
            Bright.Core.Time.UkTime.Zone);
    }

    /// <summary>
    /// Lets administrators in with their bearer token (header, <c>?access_token=</c>, or the cookie set on
    /// first visit, since the dashboard's own requests carry no token).
    /// </summary>
    private sealed class AdministratorDashboardFilter : IDashboardAsyncAuthorizationFilter
    {
        public async Task<bool> AuthorizeAsync(DashboardContext context)
        {
            var http = context.GetHttpContext();
            var result = await http.AuthenticateAsync(LocalTokenAuthenticationHandler.SchemeName);
            if (result.Principal?.IsInRole(nameof(BrightRole.Administrator)) != true)
            {
                return false;
            }

            if (http.Request.Query.TryGetValue("access_token", out var token))
            {
                http.Response.Cookies.Append(LocalTokenAuthenticationHandler.JobsCookie, token.ToString(), new CookieOptions
                {
                    HttpOnly = true,
                    SameSite = SameSiteMode.Strict,
                    Path = "/jobs",
                    Secure = http.Request.IsHttps,
                });
            }

            return true;
        }
    }
}
