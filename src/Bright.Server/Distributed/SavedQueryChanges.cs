using System.Text.Json;
using Bright.Server.Jobs;
using Bright.Store;
using Bright.Store.Query;
using Hangfire;

namespace Bright.Server.Distributed;

/// <summary>
/// How analysts' saved queries and their export schedules reach the nodes. Embedded, they are stored here at once,
/// as they always were. Distributed (<see cref="RedisEventLog"/> present), a new query takes its id from a cluster-wide
/// sequence on Redis, so <c>/api/queries/{id}</c> names the same query on every node; the change, validated on the node
/// that received it, goes on the cluster's log and every node (this one too, before it answers) stores it. The
/// recurring export job lives in Hangfire's shared storage and is registered once, by the node that took the change.
/// </summary>
internal sealed class SavedQueryChanges(SavedQueryStore saved, QueryScheduleStore schedules, IRecurringJobManager jobs, TimeProvider clock,
    RedisEventLog? log = null)
{
    /// <summary>The cluster-wide sequence saved queries are numbered from (distributed mode).</summary>
    public const string IdSequence = "saved-query";

    /// <summary>Saves <paramref name="draft"/> (validated by the caller) as a new query owned by <paramref name="owner"/>.</summary>
    /// <exception cref="Store.Events.StoreWriteException">Distributed mode: Redis is unreachable or this node did not apply the change in time.</exception>
    public async Task<SavedQuery> CreateAsync(SavedQueryDraft draft, string owner, CancellationToken cancellationToken)
    {
        if (log is null)
        {
            return await saved.CreateAsync(draft, owner, cancellationToken);
        }

        var id = await log.NextIdAsync(IdSequence, await saved.MaxIdAsync(cancellationToken), cancellationToken);
        var now = Now();
        return await AppendAsync(new SavedQuery(id, draft.Name, draft.Description, draft.Sql, draft.Parameters, owner, now, now), cancellationToken);
    }

    /// <summary>Replaces <paramref name="existing"/>'s name, description, SQL and parameters with <paramref name="draft"/>'s.</summary>
    /// <exception cref="Store.Events.StoreWriteException">Distributed mode: as <see cref="CreateAsync"/>.</exception>
    public async Task<SavedQuery?> UpdateAsync(SavedQuery existing, SavedQueryDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(draft);
        return log is null
            ? await saved.UpdateAsync(existing.Id, draft, cancellationToken)
            : await AppendAsync(existing with
            {
                Name = draft.Name,
                Description = draft.Description,
                Sql = draft.Sql,
                Parameters = draft.Parameters,
                UpdatedAt = Now(),
            }, cancellationToken);
    }

    /// <summary>Deletes query <paramref name="id"/> (the caller checked it exists and may be deleted) with its schedule and export job.</summary>
    /// <exception cref="Store.Events.StoreWriteException">Distributed mode: as <see cref="CreateAsync"/>.</exception>
    public async Task DeleteAsync(long id, CancellationToken cancellationToken)
    {
        if (log is null)
        {
            await saved.DeleteAsync(id, cancellationToken);
        }
        else
        {
            await log.AppendChangeAsync(RedisEventLog.SavedQueryChangeField,
                JsonSerializer.SerializeToUtf8Bytes(new SavedQueryChange(id, null), EventLogJson.Default.SavedQueryChange), cancellationToken);
        }

        jobs.RemoveIfExists(QueryExportJob.IdFor(id));
    }

    /// <summary>
    /// Stores <paramref name="schedule"/> (validated by the caller) and registers its recurring export job; Hangfire
    /// parses the cron expression as it registers, so a bad one throws <see cref="ArgumentException"/> before anything is stored.
    /// </summary>
    /// <exception cref="Store.Events.StoreWriteException">Distributed mode: as <see cref="CreateAsync"/>.</exception>
    public async Task SetScheduleAsync(QuerySchedule schedule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var previous = await schedules.GetAsync(schedule.SavedQueryId, cancellationToken);
        QueryExportJob.Schedule(jobs, schedule);
        try
        {
            if (log is null)
            {
                await schedules.SetAsync(schedule, cancellationToken);
                return;
            }

            await log.AppendChangeAsync(RedisEventLog.QueryScheduleChangeField, JsonSerializer.SerializeToUtf8Bytes(
                new QueryScheduleChange(schedule.SavedQueryId, schedule with { CreatedAt = StoreTime.Microseconds(schedule.CreatedAt) }),
                EventLogJson.Default.QueryScheduleChange), cancellationToken);
        }
        catch
        {
            // Not stored: the job goes back to what the stored schedule says, so nothing is exported on a schedule refused.
            if (previous is null)
            {
                jobs.RemoveIfExists(QueryExportJob.IdFor(schedule.SavedQueryId));
            }
            else
            {
                QueryExportJob.Schedule(jobs, previous);
            }

            throw;
        }
    }

    /// <summary>Removes query <paramref name="id"/>'s schedule and export job; false when it had no schedule.</summary>
    /// <exception cref="Store.Events.StoreWriteException">Distributed mode: as <see cref="CreateAsync"/>.</exception>
    public async Task<bool> RemoveScheduleAsync(long id, CancellationToken cancellationToken)
    {
        bool removed;
        if (log is null)
        {
            removed = await schedules.RemoveAsync(id, cancellationToken);
        }
        else if (await schedules.GetAsync(id, cancellationToken) is null)
        {
            removed = false;
        }
        else
        {
            await log.AppendChangeAsync(RedisEventLog.QueryScheduleChangeField,
                JsonSerializer.SerializeToUtf8Bytes(new QueryScheduleChange(id, null), EventLogJson.Default.QueryScheduleChange), cancellationToken);
            removed = true;
        }

        // Once the removal is stored (a job without a schedule is removed too): a refused removal leaves the job running.
        jobs.RemoveIfExists(QueryExportJob.IdFor(id));
        return removed;
    }

    /// <summary>
    /// Applies a saved-query or schedule change read from the cluster's log. Storing a query or schedule whole, or
    /// deleting one, again leaves it as it was, so a redelivered change needs no key of its own.
    /// </summary>
    /// <exception cref="JsonException">The entry is not a change BRIGHT wrote.</exception>
    public async Task<object?> ApplyAsync(string field, byte[] json, CancellationToken cancellationToken)
    {
        switch (field)
        {
            case RedisEventLog.SavedQueryChangeField:
                var change = JsonSerializer.Deserialize(json, EventLogJson.Default.SavedQueryChange) ?? throw Empty(field);
                return change.Query is { } query
                    ? await saved.ApplySaveAsync(query.ToSavedQuery(), cancellationToken)
                    : await saved.DeleteAsync(change.SavedQueryId, cancellationToken);
            case RedisEventLog.QueryScheduleChangeField:
                var scheduleChange = JsonSerializer.Deserialize(json, EventLogJson.Default.QueryScheduleChange) ?? throw Empty(field);
                if (scheduleChange.Schedule is { } schedule)
                {
                    await schedules.SetAsync(schedule, cancellationToken);
                    return schedule;
                }

                return await schedules.RemoveAsync(scheduleChange.SavedQueryId, cancellationToken);
            default:
                throw new JsonException($"'{field}' is not a saved-query change.");
        }
    }

    private async Task<SavedQuery> AppendAsync(SavedQuery query, CancellationToken cancellationToken)
    {
        var change = new SavedQueryChange(query.Id, SavedQueryRecord.Of(query));
        return await log!.AppendChangeAsync(RedisEventLog.SavedQueryChangeField,
            JsonSerializer.SerializeToUtf8Bytes(change, EventLogJson.Default.SavedQueryChange), cancellationToken) as SavedQuery
            ?? throw new InvalidOperationException($"Saved query {query.Id} came back from the cluster's log without being stored.");
    }

    private DateTimeOffset Now() => StoreTime.Microseconds(clock.GetUtcNow());

    private static JsonException Empty(string field) => new($"The {field} record is empty.");
}
