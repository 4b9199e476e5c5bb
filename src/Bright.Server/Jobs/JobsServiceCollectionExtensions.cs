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
    /// distributed mode, so that each recurring job runs once across the cluster rather than once per node.
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
        services.AddHangfireServer(o =>
        {
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
            AddRecurringJobs(app.Services.GetRequiredService<IRecurringJobManager>(),
                app.Services.GetRequiredService<QueryScheduleStore>().ListAsync().GetAwaiter().GetResult(),
                app.Services.GetRequiredService<QueryOutbox>().Smtp.Enabled);
        }

        return app;
    }

    /// <summary>BRIGHT's recurring jobs and the saved queries' export schedules; registering them again only updates them.</summary>
    public static void AddRecurringJobs(IRecurringJobManager jobs, IReadOnlyList<QuerySchedule> exports, bool sendsMail)
    {
        if (sendsMail)
        {
            jobs.AddOrUpdate<QueryOutboxJob>(QueryOutboxJob.Id, j => j.RunAsync(CancellationToken.None), "*/5 * * * *");
        }
        else
        {
            jobs.RemoveIfExists(QueryOutboxJob.Id);
        }

        foreach (var export in exports)
        {
            QueryExportJob.Schedule(jobs, export);
        }

        jobs.AddOrUpdate<StoreCheckpointJob>(StoreCheckpointJob.Id, j => j.RunAsync(CancellationToken.None), Cron.Hourly());
        jobs.AddOrUpdate<KpiSpcJob>(KpiSpcJob.Id, j => j.RunAsync(CancellationToken.None), Cron.Hourly());
        jobs.AddOrUpdate<ForecastRefreshJob>(ForecastRefreshJob.Id, j => j.RunAsync(CancellationToken.None), Cron.Hourly(5));
        jobs.AddOrUpdate<ForecastRetrainJob>(ForecastRetrainJob.Id, j => j.RunAsync(CancellationToken.None), Cron.Daily(2), new RecurringJobOptions
        {
            TimeZone = Bright.Core.Time.UkTime.Zone,
        });
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
