using Hangfire;

namespace Bright.Server.Jobs;

/// <summary>
/// Every five minutes while <c>Bright:Smtp:Host</c> is set: sends the export messages still in the outbox. A run
/// with failures fails, so the jobs dashboard shows them; the next run tries again.
/// </summary>
internal sealed class QueryOutboxJob(QueryOutbox outbox)
{
    public const string Id = "query-outbox";

    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = await outbox.SendPendingAsync(cancellationToken);
        if (failures.Count > 0)
        {
            throw new InvalidOperationException($"{failures.Count} export message(s) not sent, kept in {outbox.Folder}:\n" + string.Join('\n', failures));
        }
    }
}
