using Bright.Store.Query;
using Hangfire;
using StackExchange.Redis;

namespace Bright.Server.Jobs;

/// <summary>
/// Distributed mode: registers the recurring jobs in the shared Redis storage once Redis answers, so a node can
/// start (and report not ready) while Redis is away. Every node registers its own jobs on its own queue and the
/// shared ones (exports), of which Hangfire keeps one each and runs each occurrence on one node (<see cref="NodeJobs"/>).
/// </summary>
internal sealed partial class RecurringJobsRegistration(IRecurringJobManager jobs, NodeJobs node, QueryScheduleStore exports, QueryOutbox outbox,
    ILogger<RecurringJobsRegistration> logger) : BackgroundService
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                JobsServiceCollectionExtensions.AddRecurringJobs(jobs, node, await exports.ListAsync(stoppingToken), outbox.Smtp.Enabled);
                return;
            }
            catch (RedisException ex)
            {
                LogRegistrationDeferred(ex);
                await Task.Delay(RetryAfter, stoppingToken);
            }
        }
    }

    [LoggerMessage(9091, LogLevel.Warning, "Recurring jobs not yet registered: the job storage on Redis is unreachable; trying again")]
    private partial void LogRegistrationDeferred(Exception exception);
}
